using System.Globalization;
using Wems.Gis.Features;

namespace Wems.Gis.Tiles;

/// <summary>
/// The filters a cases tile request may carry: <c>datetime</c> (OGC API syntax, see <see cref="DateTimeFilter"/>),
/// <c>country</c> (ISO 3166-1 alpha-2) and <c>commodity</c> (one of <see cref="CommodityGroups"/>). Parsed at the edge,
/// normalised, and written into the tile cache variant by <see cref="Variant"/>.
/// </summary>
/// <param name="Start">First day included (UTC date), or null.</param>
/// <param name="End">Last day included (UTC date), or null.</param>
/// <param name="Country">Upper-case ISO alpha-2 code, or null.</param>
/// <param name="Commodity">Commodity group, or null.</param>
public sealed record CaseTileFilter(DateOnly? Start, DateOnly? End, string? Country, string? Commodity)
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

    /// <summary>Parses the three request values; each may be null (absent).</summary>
    /// <param name="datetime">OGC API <c>datetime</c>: an instant or an interval; cases are compared by their UTC date.</param>
    /// <param name="country">ISO 3166-1 alpha-2 code, either case.</param>
    /// <param name="commodity">A commodity group.</param>
    /// <exception cref="InvalidParameterException">A value is malformed or unknown.</exception>
    public static CaseTileFilter Parse(string? datetime, string? country, string? commodity)
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

        return new CaseTileFilter(start, end, country?.ToUpperInvariant(), commodity);
    }

    /// <summary>
    /// The normalised filter as text in a fixed order, e.g. <c>from=2023-01-01;to=;country=KE;commodity=ivory</c>: equal
    /// filters give equal text, so it can key a cache.
    /// </summary>
    public string Variant() => string.Create(CultureInfo.InvariantCulture,
        $"from={Start:yyyy-MM-dd};to={End:yyyy-MM-dd};country={Country};commodity={Commodity}");
}
