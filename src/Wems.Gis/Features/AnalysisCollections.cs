namespace Wems.Gis.Features;

/// <summary>
/// Analysis results as collections: the rows of the newest stored run of each kind that the caller may see
/// (migration 0008). Row-level security on <c>analysis_run</c> decides which runs exist for the caller, so the
/// subquery that picks the newest one picks it among the caller's own runs; a run of the caller's own scope is
/// preferred over a public one.
/// </summary>
public static class AnalysisCollections
{
    private static string LatestRun(string kind) =>
        $"(select x.id from analysis_run x where x.kind = '{kind}' order by x.tier = 'public', x.id desc limit 1)";

    private static FeatureProperty Text(string name, string sql, string description) => new(name, PropertyType.Text, sql, description);

    private static FeatureProperty Number(string name, string sql, string description) => new(name, PropertyType.Number, sql, description);

    private static FeatureProperty Whole(string name, string sql, string description) => new(name, PropertyType.WholeNumber, sql, description);

    /// <summary>Detection hotspots: the hexagons of the newest hotspot run, with Gi* z, p and confidence bins.</summary>
    public static FeatureCollectionDefinition Hotspots { get; } = new(
        "hotspots", "Detection hotspots",
        "Equal-area hexagons of the newest hotspot run for your scope: case counts, Getis-Ord Gi* z-scores and confidence " +
        "bins -3..3 (99/95/90% cold to hot), without and with the false discovery rate correction. Seizure counts reflect " +
        "enforcement effort as much as crime: these are detection hotspots.",
        "hotspot_cell h", $"h.run_id = {LatestRun("hotspots")}", "h.q || ':' || h.r", false, "h.geom", "Polygon",
        [
            Whole("run_id", "h.run_id", "The analysis run the cell belongs to"),
            Whole("q", "h.q", "Hexagon column in the run's grid"),
            Whole("r", "h.r", "Hexagon diagonal row in the run's grid"),
            Whole("count", "h.count", "Cases in the hexagon"),
            Number("weight", "h.weight", "Value Gi* ran on: cases, or kilograms when the run was weighted"),
            Number("z", "h.z", "Gi* z-score; null where undefined"),
            Number("p", "h.p", "Two-sided p-value of z"),
            Number("p_fdr", "h.p_fdr", "Benjamini-Hochberg adjusted p-value"),
            Whole("bin", "h.bin", "Confidence bin -3..3 on p"),
            Whole("bin_fdr", "h.bin_fdr", "Confidence bin -3..3 on the FDR-adjusted p"),
        ]);

    /// <summary>Border coverage: the segments of the newest border-coverage run, with covered share and seizures.</summary>
    public static FeatureCollectionDefinition BorderCoverage { get; } = new(
        "border-coverage", "Border coverage",
        "Border segments of the newest border-coverage run for your scope: length, length within the coverage distance of " +
        "a border post, near-border seizures and seizures per 100 km.",
        "border_segment_coverage b", $"b.run_id = {LatestRun("border-coverage")}", "b.segment_id", false, "b.geom", "LineString",
        [
            Whole("run_id", "b.run_id", "The analysis run the segment belongs to"),
            Text("iso2_a", "b.iso2_a", "First country of the pair"),
            Text("iso2_b", "b.iso2_b", "Second country of the pair"),
            Whole("part", "b.part", "Line of the border the segment lies on"),
            Number("chainage_from_km", "b.chainage_from_km", "Chainage of the segment's start along its line, km"),
            Number("chainage_to_km", "b.chainage_to_km", "Chainage of the segment's end, km"),
            Number("length_km", "b.length_km", "Geodesic length, km"),
            Number("covered_km", "b.covered_km", "Length within the coverage distance of a post, km"),
            Number("coverage_pct", "b.coverage_pct", "Covered share of the segment, percent"),
            Whole("seizures", "b.seizures", "Near-border cases whose nearest segment this is"),
            Number("seizures_per_100km", "b.seizures_per_100km", "Seizures per 100 km of border"),
            Text("covering_posts", "b.covering_posts", "Posts covering part of the segment, comma-separated"),
        ]);

    /// <summary>Coverage gaps: the uncovered stretches of the newest border-coverage run, longest first.</summary>
    public static FeatureCollectionDefinition BorderGaps { get; } = new(
        "border-gaps", "Border coverage gaps",
        "Stretches of border farther than the coverage distance from every border post, of the newest border-coverage run " +
        "for your scope; ids rank them longest first.",
        "border_coverage_gap g", $"g.run_id = {LatestRun("border-coverage")}", "g.seq", true, "g.geom", "LineString",
        [
            Whole("run_id", "g.run_id", "The analysis run the gap belongs to"),
            Text("iso2_a", "g.iso2_a", "First country of the pair"),
            Text("iso2_b", "g.iso2_b", "Second country of the pair"),
            Whole("part", "g.part", "Line of the border the gap lies on"),
            Number("from_km", "g.from_km", "Chainage where the gap starts, km"),
            Number("to_km", "g.to_km", "Chainage where the gap ends, km"),
            Number("length_km", "g.length_km", "Length of the gap, km"),
            Whole("seizures", "g.seizures", "Near-border cases whose nearest border point lies in the gap"),
        ]);

    /// <summary>Trade-route corridors: the flows of the newest corridors run, as bent great-circle arcs.</summary>
    public static FeatureCollectionDefinition Corridors { get; } = new(
        "corridors", "Trade-route corridors",
        "Directed flows between countries from the trade chains of the cases in the newest corridors run for your scope, " +
        "drawn as great-circle arcs between the countries' representative points, bent to the right of travel so that " +
        "the two directions of a pair do not overlap. Ids rank nothing: sort by cases or kg.",
        "corridor_flow f", $"f.run_id = {LatestRun("corridors")}", "f.seq", true, "f.geom", "MultiLineString",
        [
            Whole("run_id", "f.run_id", "The analysis run the flow belongs to"),
            Text("from", "f.from_iso2", "Country the flow leaves (ISO alpha-2)"),
            Text("to", "f.to_iso2", "Country the flow enters (ISO alpha-2)"),
            Text("period_start", "f.period_start::text", "First day of the flow's month, quarter or year; null when the run was not split by period"),
            Text("commodity_group", "f.commodity_group", "Commodity group; null when the run was not split by commodity"),
            Whole("cases", "f.cases", "Cases with a leg on the pair (each case counts once)"),
            Whole("travelled", "f.travelled_cases", "Of those, cases with a travelled leg on the pair"),
            Whole("intended", "f.intended_cases", "Of those, cases whose only legs on the pair lie after the seizure (intended)"),
            Number("kg", "f.kg", "Kilograms seized in those cases"),
            Number("specimens", "f.specimens", "Specimens (lines counted in number) in those cases"),
            Number("value_usd", "f.value_usd", "Estimated value recorded in USD"),
            Number("distance_km", "f.distance_km", "Great-circle distance between the representative points, km"),
        ]);

    /// <summary>Country roles: role counts and network measures of the newest corridors run, at each country's representative point.</summary>
    public static FeatureCollectionDefinition CountryRoles { get; } = new(
        "country-roles", "Country roles in the trade",
        "Per country, from the newest corridors run for your scope: cases naming it as origin, export, transit or " +
        "destination country, seizures in and out (as ETIS counts them), degree, weighted degree (cases) and betweenness " +
        "on the flow graph.",
        "country_role c", $"c.run_id = {LatestRun("corridors")}", "c.iso2", false, "c.geom", "Point",
        [
            Whole("run_id", "c.run_id", "The analysis run the row belongs to"),
            Text("iso2", "c.iso2", "Country (ISO alpha-2)"),
            Whole("origin", "c.origin", "Cases naming the country as origin"),
            Whole("export", "c.export", "Cases naming the country as export country"),
            Whole("transit", "c.transit", "Cases naming the country as transit country"),
            Whole("destination", "c.destination", "Cases naming the country as destination"),
            Whole("seizures_in", "c.seizures_in", "Cases seized in the country"),
            Whole("seizures_out", "c.seizures_out", "Cases seized elsewhere whose trade chain names the country"),
            Whole("in_degree", "c.in_degree", "Countries with a flow into this one"),
            Whole("out_degree", "c.out_degree", "Countries this one has a flow to"),
            Number("weighted_in_degree", "c.weighted_in_degree", "Cases on flows into the country"),
            Number("weighted_out_degree", "c.weighted_out_degree", "Cases on flows out of the country"),
            Number("betweenness", "c.betweenness", "Betweenness centrality (edge length 1 / cases, unnormalised)"),
        ]);

    /// <summary>Density contours: the regions at or above quantile levels of the newest density run.</summary>
    public static FeatureCollectionDefinition DensityContours { get; } = new(
        "density-contours", "Case density contours",
        "Regions where the kernel density of the cases (quartic kernel in an equal-area projection, cases per km²) of the " +
        "newest density run for your scope is at or above each level; levels are quantiles of the positive densities, and " +
        "higher levels lie inside lower ones.",
        "density_contour d", $"d.run_id = {LatestRun("density")}", "d.level_no", true, "d.geom", "MultiPolygon",
        [
            Whole("run_id", "d.run_id", "The analysis run the contour belongs to"),
            Whole("level_no", "d.level_no", "Rank of the level, 1 the lowest"),
            Number("probability", "d.probability", "Quantile of the positive cell densities the level is"),
            Number("level", "d.level", "Density level, cases per km²"),
            Number("area_km2", "d.area_km2", "Area at or above the level, km²"),
        ]);

    /// <summary>Emerging hot spots: the hexagons of the newest emerging hot spot run with their pattern and trend.</summary>
    public static FeatureCollectionDefinition EmergingHotspots { get; } = new(
        "emerging-hotspots", "Emerging detection hotspots",
        "Equal-area hexagons of the newest emerging hot spot run for your scope: the ArcGIS emerging hot spot pattern " +
        "(new, consecutive, intensifying, persistent, diminishing, sporadic, oscillating, historical hot or cold spot) from " +
        "space-time Gi* per time step and the Mann-Kendall trend of its z-scores. These are detection hotspots.",
        "emerging_hotspot_cell e", $"e.run_id = {LatestRun("emerging-hotspots")}", "e.q || ':' || e.r", false, "e.geom", "Polygon",
        [
            Whole("run_id", "e.run_id", "The analysis run the cell belongs to"),
            Whole("q", "e.q", "Hexagon column in the run's grid"),
            Whole("r", "e.r", "Hexagon diagonal row in the run's grid"),
            Whole("cases", "e.cases", "Cases in the hexagon over all time steps"),
            Whole("steps", "e.steps", "Time steps of the cube"),
            Whole("hot_steps", "e.hot_steps", "Steps with a significant positive Gi*"),
            Whole("cold_steps", "e.cold_steps", "Steps with a significant negative Gi*"),
            Whole("pattern", "e.pattern", "Pattern code: 1..8 hot (new, consecutive, intensifying, persistent, diminishing, sporadic, oscillating, historical), -1..-8 the same cold, 0 none"),
            Text("pattern_name", "e.pattern_name", "Pattern name"),
            Number("trend_z", "e.trend_z", "Mann-Kendall z of the Gi* z-scores over time"),
            Number("trend_p", "e.trend_p", "Two-sided p-value of the trend"),
            Number("sen_slope", "e.sen_slope", "Sen's slope of the Gi* z-scores, per time step"),
        ]);

    /// <summary>
    /// Public detection hotspots: the hexagons of the newest public hotspot run (<see cref="AnalysisRuns.PublicHotspotRun"/>),
    /// the only analysis layer of the public tier; hexagons with a few cases have no count (suppressed).
    /// </summary>
    public static FeatureCollectionDefinition PublicHotspots { get; } = new(
        "hotspots", "Detection hotspots (public)",
        "Equal-area hexagons of the newest public hotspot run over all cases: case counts (hexagons with fewer cases than " +
        "the public threshold are suppressed), Getis-Ord Gi* z-scores and confidence bins. Seizure counts reflect " +
        "enforcement effort as much as crime: these are detection hotspots.",
        "hotspot_cell h",
        "h.run_id = (select x.id from analysis_run x where x.kind = 'hotspots' and x.tier = 'public' order by x.id desc limit 1)",
        "h.q || ':' || h.r", false, "h.geom", "Polygon",
        [
            Whole("run_id", "h.run_id", "The analysis run the cell belongs to"),
            Whole("q", "h.q", "Hexagon column in the run's grid"),
            Whole("r", "h.r", "Hexagon diagonal row in the run's grid"),
            Whole("count", "case when h.suppressed then null else h.count end", "Cases in the hexagon; null when suppressed (a few cases)"),
            new("suppressed", PropertyType.Boolean, "h.suppressed", "True when the hexagon holds too few cases to show its count"),
            Number("z", "h.z", "Gi* z-score; null where undefined"),
            Whole("bin", "h.bin", "Confidence bin -3..3 on p"),
            Whole("bin_fdr", "h.bin_fdr", "Confidence bin -3..3 on the FDR-adjusted p"),
        ]);

    /// <summary>All analysis collections: for national and regional callers (runs are per scope).</summary>
    public static IReadOnlyList<FeatureCollectionDefinition> All { get; } =
        [Hotspots, BorderCoverage, BorderGaps, Corridors, CountryRoles, DensityContours, EmergingHotspots];
}
