using System.Text.RegularExpressions;
using Wems.Gis.Cases;

namespace Wems.Gis.Reference;

/// <summary>
/// Reads the hand-curated reference files of the <c>data</c> folder (described in <c>data/README.md</c>):
/// <c>species.csv</c>, the site files under <c>sites/</c> and the code lists under <c>codes/</c>.
/// </summary>
/// <remarks>
/// All files are UTF-8, RFC 4180 CSV with a header (see <see cref="Csv"/>). Coordinates are WGS84 decimal
/// degrees, x = longitude and y = latitude (EPSG:4326 with CRS84 axis order). Every malformed value, missing
/// column or repeated key is reported as a <see cref="CsvFormatException"/> naming file, line and column, so
/// a bad edit fails at load time rather than as a wrong map.
/// </remarks>
public static partial class ReferenceDataFiles
{
    /// <summary>Name of the species list inside the data folder.</summary>
    public const string SpeciesFileName = "species.csv";

    private const string SitesFolder = "sites";
    private const string CodesFolder = "codes";

    /// <summary>
    /// Walks up from <paramref name="start"/> to the first folder that contains <c>data/species.csv</c> and returns
    /// that <c>data</c> folder.
    /// </summary>
    /// <param name="start">Folder to start from; default <see cref="AppContext.BaseDirectory"/> (so a test or a
    /// published server run from inside the repository finds the repository's <c>data</c> folder).</param>
    /// <returns>Full path of the data folder.</returns>
    /// <exception cref="InvalidOperationException">No folder on the way up has <c>data/species.csv</c>.</exception>
    public static string FindDataDirectory(string? start = null)
    {
        var from = Path.GetFullPath(start ?? AppContext.BaseDirectory);
        for (var folder = new DirectoryInfo(from); folder is not null; folder = folder.Parent)
        {
            var data = Path.Combine(folder.FullName, "data");
            if (File.Exists(Path.Combine(data, SpeciesFileName)))
            {
                return data;
            }
        }

        throw new InvalidOperationException(
            $"No folder containing data/{SpeciesFileName} was found at or above '{from}'. Pass the data folder explicitly.");
    }

    /// <summary>Reads <c>species.csv</c>: the curated CITES-listed taxa with their commodity group and appendix.</summary>
    /// <param name="dataDirectory">The data folder (see <see cref="FindDataDirectory"/>).</param>
    /// <returns>The taxa in file order.</returns>
    /// <exception cref="CsvFormatException">A required value is missing, an appendix is not of the form
    /// I, II, III or a split such as I/II, or a scientific name appears twice.</exception>
    public static IReadOnlyList<SpeciesInfo> LoadSpecies(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        var table = Csv.ReadTable(Path.Combine(dataDirectory, SpeciesFileName));
        table.RequireColumns("scientific_name", "common_name_en", "common_name_fr", "group", "cites_appendix", "source");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var species = new List<SpeciesInfo>(table.Rows.Count);
        foreach (var row in table.Rows)
        {
            var name = row.GetText("scientific_name");
            if (!seen.Add(name))
            {
                throw row.CreateError("scientific_name", $"'{name}' is listed twice");
            }

            var appendix = row.GetText("cites_appendix");
            if (!AppendixPattern().IsMatch(appendix))
            {
                throw row.CreateError("cites_appendix", $"'{appendix}' is not I, II, III or a split listing such as I/II");
            }

            species.Add(new SpeciesInfo(
                name,
                row.GetText("common_name_en"),
                row.GetText("common_name_fr"),
                row.GetText("group"),
                appendix,
                row.GetText("source")));
        }

        return species;
    }

    /// <summary>Reads the five site files (border posts, seaports, airports, protected areas, cities).</summary>
    /// <param name="dataDirectory">The data folder (see <see cref="FindDataDirectory"/>).</param>
    /// <returns>All sites, grouped by kind in the order of <see cref="SiteKind"/>, each kind in file order.</returns>
    /// <exception cref="CsvFormatException">See <see cref="LoadSites(string, SiteKind)"/>.</exception>
    public static IReadOnlyList<Site> LoadSites(string dataDirectory) =>
        [.. Enum.GetValues<SiteKind>().SelectMany(kind => LoadSites(dataDirectory, kind))];

    /// <summary>Reads the site file of one kind (for example <c>sites/border_posts.csv</c>).</summary>
    /// <param name="dataDirectory">The data folder (see <see cref="FindDataDirectory"/>).</param>
    /// <param name="kind">Which file to read.</param>
    /// <returns>The sites in file order. <see cref="Site.Location"/> is WGS84 (x = longitude, y = latitude);
    /// <see cref="Site.RadiusMeters"/> is the file's <c>radius_km</c> × 1000, null where the cell is empty.</returns>
    /// <exception cref="CsvFormatException">A required value is missing; a country or neighbour is not an ISO
    /// alpha-2 code; a border post names no neighbour or its own country; a longitude is outside [−180, 180] or a
    /// latitude outside [−90, 90]; a radius is not positive; a population is negative.</exception>
    public static IReadOnlyList<Site> LoadSites(string dataDirectory, SiteKind kind)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        var table = Csv.ReadTable(Path.Combine(dataDirectory, SitesFolder, SiteFileName(kind)));
        table.RequireColumns("name", "country", "x", "y", "radius_km", "approximate", "code", "neighbour", "population", "source");
        var sites = new List<Site>(table.Rows.Count);
        foreach (var row in table.Rows)
        {
            var country = CountryCode(row, "country");
            var neighbour = row.GetOptionalText("neighbour") is null ? null : CountryCode(row, "neighbour");
            if (kind == SiteKind.BorderPost && (neighbour is null || neighbour == country))
            {
                throw row.CreateError("neighbour", "a border post needs the code of the country across the border");
            }

            var x = row.GetNumber("x");
            if (x is < -180 or > 180)
            {
                throw row.CreateError("x", $"longitude {x} is outside [-180, 180]");
            }

            var y = row.GetNumber("y");
            if (y is < -90 or > 90)
            {
                throw row.CreateError("y", $"latitude {y} is outside [-90, 90] (x is the longitude, y the latitude)");
            }

            var radiusKm = row.GetOptionalNumber("radius_km");
            if (radiusKm <= 0)
            {
                throw row.CreateError("radius_km", "a radius must be positive");
            }

            var population = row.GetOptionalWholeNumber("population");
            if (population < 0)
            {
                throw row.CreateError("population", "a population cannot be negative");
            }

            sites.Add(new Site(
                kind,
                row.GetText("name"),
                country,
                new GeoPoint(x, y),
                radiusKm * 1000,
                row.GetFlag("approximate"),
                row.GetOptionalText("code"),
                neighbour,
                population,
                row.GetText("source")));
        }

        return sites;
    }

    /// <summary>File name of the sites of one kind, inside the <c>sites</c> folder.</summary>
    /// <param name="kind">The kind of site.</param>
    /// <returns>For example <c>border_posts.csv</c>.</returns>
    public static string SiteFileName(SiteKind kind) => kind switch
    {
        SiteKind.BorderPost => "border_posts.csv",
        SiteKind.Seaport => "seaports.csv",
        SiteKind.Airport => "airports.csv",
        SiteKind.ProtectedArea => "protected_areas.csv",
        SiteKind.City => "cities.csv",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown site kind."),
    };

    /// <summary>Reads one controlled vocabulary from <c>codes/{listName}.csv</c>.</summary>
    /// <param name="dataDirectory">The data folder (see <see cref="FindDataDirectory"/>).</param>
    /// <param name="listName">The list, one of <see cref="CodeListNames.All"/> (for example
    /// <see cref="CodeListNames.TransportModes"/>); lower-case letters, digits and underscores only.</param>
    /// <returns>The entries in file order.</returns>
    /// <exception cref="ArgumentException"><paramref name="listName"/> is not a plain list name.</exception>
    /// <exception cref="FileNotFoundException">There is no such list.</exception>
    /// <exception cref="CsvFormatException">A required value is missing or a code appears twice.</exception>
    public static IReadOnlyList<CodeEntry> LoadCodeList(string dataDirectory, string listName)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        ArgumentException.ThrowIfNullOrEmpty(listName);
        if (!ListNamePattern().IsMatch(listName))
        {
            throw new ArgumentException($"'{listName}' is not a code list name (lower-case letters, digits, underscores).", nameof(listName));
        }

        var table = Csv.ReadTable(Path.Combine(dataDirectory, CodesFolder, listName + ".csv"));
        table.RequireColumns("code", "label_en", "label_fr", "source");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var entries = new List<CodeEntry>(table.Rows.Count);
        foreach (var row in table.Rows)
        {
            var code = row.GetText("code");
            if (!seen.Add(code))
            {
                throw row.CreateError("code", $"'{code}' is listed twice");
            }

            entries.Add(new CodeEntry(code, row.GetText("label_en"), row.GetText("label_fr"), row.GetText("source")));
        }

        return entries;
    }

    /// <summary>
    /// Reads <c>codes/cites_term_units.csv</c>: the units valid for each CITES term code. A plain number of
    /// specimens is the unit <c>NO</c> (blank in CITES reports).
    /// </summary>
    /// <param name="dataDirectory">The data folder (see <see cref="FindDataDirectory"/>).</param>
    /// <returns>The (term, unit) pairs, compared ordinally.</returns>
    /// <exception cref="CsvFormatException">A value is missing or a pair appears twice.</exception>
    public static IReadOnlySet<(string Term, string Unit)> LoadTermUnits(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        var table = Csv.ReadTable(Path.Combine(dataDirectory, CodesFolder, CodeListNames.CitesTermUnits + ".csv"));
        table.RequireColumns("term", "unit", "source");
        var pairs = new HashSet<(string Term, string Unit)>();
        foreach (var row in table.Rows)
        {
            var pair = (row.GetText("term"), row.GetText("unit"));
            if (!pairs.Add(pair))
            {
                throw row.CreateError("unit", $"the pair {pair.Item1}/{pair.Item2} is listed twice");
            }
        }

        return pairs;
    }

    private static string CountryCode(CsvRow row, string column)
    {
        var code = row.GetText(column);
        if (!CountryPattern().IsMatch(code))
        {
            throw row.CreateError(column, $"'{code}' is not an ISO 3166-1 alpha-2 code");
        }

        return code;
    }

    [GeneratedRegex("^(I|II|III)(/(I|II|III))*$")]
    private static partial Regex AppendixPattern();

    [GeneratedRegex("^[A-Z]{2}$")]
    private static partial Regex CountryPattern();

    [GeneratedRegex("^[a-z0-9_]+$")]
    private static partial Regex ListNamePattern();
}

/// <summary>Names of the code lists under <c>data/codes</c>, for <see cref="ReferenceDataFiles.LoadCodeList"/>.</summary>
public static class CodeListNames
{
    /// <summary>CITES term codes (description of the specimens: TUS, IVC, SCA, LIV, ...).</summary>
    public const string CitesTerms = "cites_terms";

    /// <summary>CITES unit codes (KIL, GRM, CUM, ...), plus NO for a number of specimens.</summary>
    public const string CitesUnits = "cites_units";

    /// <summary>CITES source codes (W, C, I, ...).</summary>
    public const string CitesSources = "cites_sources";

    /// <summary>CITES purpose codes (T, P, L, ...).</summary>
    public const string CitesPurposes = "cites_purposes";

    /// <summary>Valid term–unit pairs; read with <see cref="ReferenceDataFiles.LoadTermUnits"/>, not as a code list.</summary>
    public const string CitesTermUnits = "cites_term_units";

    /// <summary>WEMS vocabulary: type of place of a seizure (airport, land-border-post, ...).</summary>
    public const string LocationTypes = "location_types";

    /// <summary>WEMS vocabulary: how the seizure was detected.</summary>
    public const string DetectionMethods = "detection_methods";

    /// <summary>WEMS vocabulary: mode of transport of the consignment.</summary>
    public const string TransportModes = "transport_modes";

    /// <summary>WEMS vocabulary: legal reason for the seizure.</summary>
    public const string SeizureReasons = "seizure_reasons";

    /// <summary>WEMS vocabulary: what became of the seized specimens.</summary>
    public const string Disposals = "disposals";

    /// <summary>WEMS vocabulary: how the specimens were concealed.</summary>
    public const string ConcealmentMethods = "concealment_methods";

    /// <summary>Every list readable with <see cref="ReferenceDataFiles.LoadCodeList"/> (all but the term–unit pairs).</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        CitesTerms, CitesUnits, CitesSources, CitesPurposes,
        LocationTypes, DetectionMethods, TransportModes, SeizureReasons, Disposals, ConcealmentMethods,
    ];
}
