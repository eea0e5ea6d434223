using NetTopologySuite.Geometries;
using Wems.Gis.Analysis.Borders;
using Wems.Gis.Analysis.Corridors;
using Wems.Gis.Analysis.Trends;
using Wems.Gis.Cases;

namespace Wems.Gis.Reports;

/// <summary>The key figures of a briefing, for its period and the period of the same length just before.</summary>
/// <param name="Current">Cases, kilograms and value in the briefing period.</param>
/// <param name="Previous">The same in the previous period.</param>
/// <param name="Species">Distinct species seized in the period.</param>
/// <param name="SeizureCountries">Distinct countries of seizure in the period.</param>
public sealed record BriefingFigures(BriefingTotals Current, BriefingTotals Previous, int Species, int SeizureCountries);

/// <summary>Totals of one period.</summary>
/// <param name="Cases">Distinct cases.</param>
/// <param name="Kilograms">Kilograms seized (lines in KIL or GRM).</param>
/// <param name="ValueUsd">Estimated value, USD (lines in USD).</param>
public sealed record BriefingTotals(int Cases, double Kilograms, double ValueUsd);

/// <summary>A hexagon of the briefing's hotspot map.</summary>
/// <param name="Polygon">The hexagon, WGS84.</param>
/// <param name="Cases">Cases in it.</param>
/// <param name="Bin">Gi* confidence bin with FDR correction, −3..3.</param>
public sealed record BriefingCell(Polygon Polygon, int Cases, int Bin);

/// <summary>A country drawn on the map.</summary>
/// <param name="Iso2">ISO alpha-2 code.</param>
/// <param name="Name">English name.</param>
/// <param name="Outline">Simplified outline, WGS84, clipped to the map extent.</param>
/// <param name="InScope">True for the briefing's own countries (drawn stronger).</param>
public sealed record BriefingCountry(string Iso2, string Name, Geometry Outline, bool InScope);

/// <summary>What the static hotspot map shows.</summary>
/// <param name="Extent">Longitude/latitude extent of the map (the scope's countries, with a margin).</param>
/// <param name="Countries">Country outlines in the extent.</param>
/// <param name="Cells">Hexagons with cases or a significant Gi* bin (empty, insignificant ones are not drawn).</param>
/// <param name="Posts">Border posts in the extent.</param>
/// <param name="CellAreaKm2">Hexagon area used, km²; null when there were too few cases for a hotspot analysis.</param>
public sealed record BriefingMap(Envelope Extent, IReadOnlyList<BriefingCountry> Countries, IReadOnlyList<BriefingCell> Cells,
    IReadOnlyList<GeoPoint> Posts, double? CellAreaKm2);

/// <summary>
/// A briefing (MISSION.md "Reports and exchange") for a country or region and period: key figures, the detection
/// hotspot map, top corridors, trends and border coverage, all computed on the cases the caller's tier may see.
/// </summary>
/// <param name="Area">The country's or region's name.</param>
/// <param name="AreaCode">ISO alpha-2 code or region code.</param>
/// <param name="Regional">True for a regional briefing (shared cases only, no nominal data anywhere).</param>
/// <param name="Countries">The area's countries.</param>
/// <param name="From">First day of the period.</param>
/// <param name="To">Last day of the period.</param>
/// <param name="PreviousFrom">First day of the previous period of the same length.</param>
/// <param name="PreviousTo">Last day of the previous period.</param>
/// <param name="Figures">Key figures.</param>
/// <param name="ByMonth">Cases per month of the period.</param>
/// <param name="ByCommodity">Cases per commodity group, most first.</param>
/// <param name="KilogramsByCommodity">Kilograms per commodity group, most first.</param>
/// <param name="CommodityChange">Cases per commodity group against the previous period.</param>
/// <param name="Map">The hotspot map.</param>
/// <param name="Corridors">The heaviest corridors by cases (at most 10).</param>
/// <param name="Borders">Border coverage of the area's land borders by border posts.</param>
/// <param name="GeneratedAt">When the briefing was made.</param>
public sealed record Briefing(
    string Area,
    string AreaCode,
    bool Regional,
    IReadOnlyList<string> Countries,
    DateOnly From,
    DateOnly To,
    DateOnly PreviousFrom,
    DateOnly PreviousTo,
    BriefingFigures Figures,
    IReadOnlyList<TrendPoint> ByMonth,
    IReadOnlyList<TrendPoint> ByCommodity,
    IReadOnlyList<TrendPoint> KilogramsByCommodity,
    IReadOnlyList<TrendDelta> CommodityChange,
    BriefingMap Map,
    IReadOnlyList<CorridorFlow> Corridors,
    BorderCoverageResult Borders,
    DateTimeOffset GeneratedAt);
