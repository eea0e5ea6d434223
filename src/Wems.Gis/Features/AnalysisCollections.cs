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

    /// <summary>hotspots, border-coverage, border-gaps: for national and regional callers (runs are per scope).</summary>
    public static IReadOnlyList<FeatureCollectionDefinition> All { get; } = [Hotspots, BorderCoverage, BorderGaps];
}
