using System.Globalization;
using System.Text.RegularExpressions;
using Wems.Gis.Features;

namespace Wems.Gis.Tiles;

/// <summary>
/// The filters a cases tile request may carry: <c>datetime</c> (OGC API syntax, see <see cref="DateTimeFilter"/>),
/// <c>country</c> (ISO 3166-1 alpha-2), <c>commodity</c> (one of <see cref="CommodityGroups"/>), <c>species</c> (a
/// scientific name of the species list), <c>agency</c> (an agency code) and <c>transport_mode</c> (a code of the transport
/// mode list). Parsed at the edge, normalised, and written into the tile cache variant by <see cref="Variant"/>.
/// </summary>
/// <remarks>
/// Species, agency and transport mode are checked for their form, not looked up: a well-formed value that names nothing
/// matches no case (an empty tile), as the same value in an OGC CQL2 filter would.
/// </remarks>
/// <param name="Start">First day included (UTC date), or null.</param>
/// <param name="End">Last day included (UTC date), or null.</param>
/// <param name="Country">Upper-case ISO alpha-2 code, or null.</param>
/// <param name="Commodity">Commodity group, or null.</param>
/// <param name="Species">Scientific name (e.g. <c>Smutsia temminckii</c>, <c>Dalbergia spp.</c>), or null.</param>
/// <param name="Agency">Upper-case agency code (e.g. <c>KWS</c>), or null.</param>
/// <param name="TransportMode">Transport mode code (e.g. <c>air-cargo</c>), or null.</param>
public sealed partial record CaseTileFilter(DateOnly? Start, DateOnly? End, string? Country, string? Commodity,
    string? Species = null, string? Agency = null, string? TransportMode = null)
{
    /// <summary>No filter.</summary>
    public static CaseTileFilter None { get; } = new(null, null, null, null);

    /// <summary>
    /// The broad commodity groups of the curated species list (<c>data/species.csv</c>, column <c>group</c>), in
    /// alphabetical order.
    /// </summary>
    public static IReadOnlyList<string> CommodityGroups { get; } =
        ["big-cat", "bird", "ivory", "mammal-other", "marine", "pangolin", "plant-other", "primate", "reptile", "rhino-horn", "timber"];

    /// <summary>True when nothing is filtered.</summary>
    public bool IsEmpty => this == None;

    /// <summary>
    /// True when the pre-aggregated case cells (kept per country and sharing flag) can answer the filter: nothing but the
    /// country is filtered.
    /// </summary>
    public bool PreAggregatable => this == None with { Country = Country };

    /// <summary>Parses the request values; each may be null (absent).</summary>
    /// <param name="datetime">OGC API <c>datetime</c>: an instant or an interval; cases are compared by their UTC date.</param>
    /// <param name="country">ISO 3166-1 alpha-2 code, either case.</param>
    /// <param name="commodity">A commodity group.</param>
    /// <param name="species">A scientific name: a capitalised genus, then words of lower-case letters, hyphens or dots.</param>
    /// <param name="agency">An agency code: letters, digits and hyphens, either case.</param>
    /// <param name="transportMode">A transport mode code: lower-case letters, digits and hyphens.</param>
    /// <exception cref="InvalidParameterException">A value is malformed or unknown.</exception>
    public static CaseTileFilter Parse(string? datetime, string? country, string? commodity,
        string? species = null, string? agency = null, string? transportMode = null)
    {
        DateOnly? start = null, end = null;
        if (datetime is not null)
        {
            var time = DateTimeFilter.Parse(datetime);
            start = time.Start is { } s ? DateOnly.FromDateTime(s.UtcDateTime) : null;
            end = time.End is { } e ? DateOnly.FromDateTime(e.UtcDateTime) : null;
        }

        if (country is not null && (country.Length != 2 || !country.All(char.IsAsciiLetter)))
        {
            throw new InvalidParameterException("country", $"'{country}' is not an ISO 3166-1 alpha-2 code.");
        }

        if (commodity is not null && !CommodityGroups.Contains(commodity, StringComparer.Ordinal))
        {
            throw new InvalidParameterException("commodity", $"'{commodity}' is not a commodity group; use one of {string.Join(", ", CommodityGroups)}.");
        }

        if (species is not null && !SpeciesName().IsMatch(species))
        {
            throw new InvalidParameterException("species", $"'{species}' is not a scientific name (e.g. 'Smutsia temminckii' or 'Dalbergia spp.').");
        }

        if (agency is not null && !AgencyCode().IsMatch(agency))
        {
            throw new InvalidParameterException("agency", $"'{agency}' is not an agency code (letters, digits and hyphens, e.g. 'KWS').");
        }

        if (transportMode is not null && !ModeCode().IsMatch(transportMode))
        {
            throw new InvalidParameterException("transport_mode",
                $"'{transportMode}' is not a transport mode code (lower-case letters, digits and hyphens, e.g. 'air-cargo').");
        }

        return new CaseTileFilter(start, end, country?.ToUpperInvariant(), commodity, species, agency?.ToUpperInvariant(), transportMode);
    }

    /// <summary>
    /// The normalised filter as text in a fixed order, e.g.
    /// <c>from=2023-01-01;to=;country=KE;commodity=ivory;species=;agency=;mode=</c>: equal filters give equal text, so it
    /// can key a cache.
    /// </summary>
    public string Variant() => string.Create(CultureInfo.InvariantCulture,
        $"from={Start:yyyy-MM-dd};to={End:yyyy-MM-dd};country={Country};commodity={Commodity};species={Species};agency={Agency};mode={TransportMode}");

    [GeneratedRegex(@"^[A-Z][a-z]+( [a-z][a-z.\-]*){1,3}$", RegexOptions.CultureInvariant)]
    private static partial Regex SpeciesName();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9-]{0,31}$", RegexOptions.CultureInvariant)]
    private static partial Regex AgencyCode();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex ModeCode();
}
