using System.Globalization;
using Wems.Gis.AnalysisFiles;
using Wems.Gis.AnalysisRuns;
using Wems.Gis.Geography;
using Wems.Gis.Reference;

namespace Wems.Web.Cli;

/// <summary>
/// <c>wems analyse gistar|density|emerging|border --in FILE --out FILE [options]</c>: the analyses on the analyst's own
/// CSV or GeoJSON file, no database needed. The output keeps the input's columns and adds the analysis's.
/// </summary>
public static class AnalyseFileCommand
{
    /// <summary>The file analyses.</summary>
    public static IReadOnlySet<string> Kinds { get; } = new HashSet<string> { "gistar", "density", "emerging", "border" };

    private const string Usage = """
        usage: wems analyse gistar|density|emerging|border --in points.csv|.geojson --out result.csv|.geojson [--crs EPSG:4326|planar|EPSG:n]
          CSV: columns x/y, lon/lat (lng, longitude, latitude) or a WKT column (wkt, geometry); GeoJSON: a FeatureCollection.
          lon/lat: distances in km (equal-area projection); planar or a projected CRS: distances in the data's own units.
          gistar:   [--value FIELD] [--band N] [--weights fixed|inverse|inverse-squared|knn] [--k 8] [--idw-unit N]
                    adds gi_z, gi_p, gi_bin, gi_bin_fdr, gi_neighbours
          density:  [--population FIELD] [--radius N] [--cell N]                adds kde, kde_radius
          emerging: --time FIELD [--step year|quarter] [--cell-area N] [--band N]   adds ehs_pattern, ehs_trend_z, ehs_trend_p
                    (sizes in the data's units: km² and km for lon/lat (also --cell-km2, --band-km), units² and units for planar)
          border:   [--segment-km 10] [--max-km 50] [--data DIR]   adds border_km, border_pair, border_segment, border_chainage_km
                    (lon/lat, or x/y in EPSG:3857, EPSG:32636, EPSG:32637 or ESRI:102022, unprojected to lon/lat)
        """;

    private static readonly HashSet<string> Names =
    [
        "in", "out", "crs", "value", "band", "weights", "k", "idw-unit", "population", "radius", "cell", "time", "step", "cell-km2", "cell-area",
        "band-km", "segment-km", "max-km", "data",
    ];

    /// <summary>Runs the analysis <paramref name="args"/>[0] on a file; 0 ok, 1 failure (message on stderr), 2 usage.</summary>
    public static int Run(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Count == 0 || !Kinds.Contains(args[0]) || !TryParse(args.Skip(1), out var o)
            || !o.TryGetValue("in", out var input) || !o.TryGetValue("out", out var output))
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        try
        {
            var table = PointTable.Read(input, o.GetValueOrDefault("crs"));
            var added = args[0] switch
            {
                "gistar" => FileAnalyses.GiStar(table, new GiStarFileOptions
                {
                    ValueColumn = o.GetValueOrDefault("value"),
                    Band = Number(o, "band"),
                    Weights = o.GetValueOrDefault("weights") switch
                    {
                        null or "fixed" => FileWeights.Fixed,
                        "inverse" => FileWeights.Inverse,
                        "inverse-squared" => FileWeights.InverseSquared,
                        "knn" => FileWeights.Knn,
                        var w => throw new ArgumentException($"--weights must be fixed, inverse, inverse-squared or knn, not '{w}'."),
                    },
                    K = (int)(Number(o, "k") ?? 8),
                    InverseDistanceUnit = Number(o, "idw-unit"),
                }),
                "density" => FileAnalyses.Density(table, o.GetValueOrDefault("population"), Number(o, "radius"), Number(o, "cell")),
                "emerging" => FileAnalyses.Emerging(table,
                    o.GetValueOrDefault("time") ?? throw new ArgumentException("--time FIELD (the date column) is required."),
                    o.GetValueOrDefault("step") switch
                    {
                        null or "year" => EmergingHotSpotStep.Year,
                        "quarter" => EmergingHotSpotStep.Quarter,
                        var v => throw new ArgumentException($"--step must be year or quarter, not '{v}'."),
                    },
                    EmergingSize(table, o, "cell-area", "cell-km2"), EmergingSize(table, o, "band", "band-km")),
                _ => FileAnalyses.Border(table,
                    CountryFiles.ReadBorders(Path.Combine(o.GetValueOrDefault("data") ?? ReferenceDataFiles.FindDataDirectory(), CountryFiles.BordersFileName)),
                    Number(o, "segment-km") ?? 10, Number(o, "max-km") ?? 50),
            };
            table.Write(output, added);
            Console.WriteLine($"{args[0]}: {table.Count:N0} rows from {input} ({(table.Kind == CoordinateKind.Geographic ? "lon/lat, distances in km" : "planar, distances in its units")}); " +
                              $"wrote {output} with {string.Join(", ", added.Select(a => a.Name))}.");
            return 0;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"wems analyse {args[0]}: {e.Message}");
            return 1;
        }
    }

    private static bool TryParse(IEnumerable<string> args, out Dictionary<string, string> options)
    {
        options = [];
        using var e = args.GetEnumerator();
        while (e.MoveNext())
        {
            var name = e.Current.StartsWith("--", StringComparison.Ordinal) ? e.Current[2..] : null;
            if (name is null || !Names.Contains(name) || !e.MoveNext())
            {
                return false;
            }

            options[name] = e.Current;
        }

        return true;
    }

    // Emerging hot spot sizes are in the data's units; the km names are for lon/lat input only.
    private static double? EmergingSize(PointTable table, Dictionary<string, string> options, string name, string kmName)
    {
        if (options.ContainsKey(kmName) && table.Kind != CoordinateKind.Geographic)
        {
            throw new ArgumentException($"--{kmName} is for lon/lat input; give --{name} in the data's own units for planar input.");
        }

        return Number(options, name) ?? Number(options, kmName);
    }

    private static double? Number(Dictionary<string, string> options, string name) =>
        options.TryGetValue(name, out var v)
            ? double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n) && n > 0
                ? n
                : throw new ArgumentException($"--{name} must be a positive number, not '{v}'.")
            : null;
}
