using Wems.Gis.Analysis.Borders;
using Wems.Gis.Geography;

namespace Wems.Gis.AnalysisRuns;

/// <summary>
/// One segment before (current posts) and after (the scenario's), with its line for the map: <c>Line</c> holds its
/// vertices as [longitude, latitude] (WGS84, to 1e-5°, about a metre) in chainage order.
/// </summary>
public sealed record SegmentComparison(
    string SegmentId, string Iso2A, string Iso2B, int Part, double ChainageFromKm, double ChainageToKm, double LengthKm,
    double CoveredKmBefore, double CoveredKmAfter, double CoveragePctBefore, double CoveragePctAfter, int Seizures,
    bool CoveredBefore, bool CoveredAfter, IReadOnlyList<double[]> Line)
{
    /// <summary>After minus before, km.</summary>
    public double DeltaKm => CoveredKmAfter - CoveredKmBefore;
}

/// <summary>One country pair's totals before and after.</summary>
public sealed record PairComparison(
    string Iso2A, string Iso2B, double BorderKm, double CoveredKmBefore, double CoveredKmAfter, double CoveragePctBefore,
    double CoveragePctAfter, int Seizures, int UncoveredSeizuresBefore, int UncoveredSeizuresAfter, int GapsBefore, int GapsAfter)
{
    /// <summary>After minus before, percentage points.</summary>
    public double DeltaPct => CoveragePctAfter - CoveragePctBefore;
}

/// <summary>
/// An uncovered stretch, for the longest-first gap lists, with its line (<c>Line</c>: [longitude, latitude] vertices,
/// WGS84 to 1e-5°, in chainage order) so that a map can draw it and zoom to it.
/// </summary>
public sealed record GapSummary(string Iso2A, string Iso2B, int Part, double FromKm, double ToKm, double LengthKm, int Seizures,
    IReadOnlyList<double[]> Line);

/// <summary>
/// A scenario side by side with the current posts: per segment covered before/after and the difference, totals per
/// country pair (coverage %, near-border seizures on uncovered border) and the gaps of each, longest first.
/// </summary>
public sealed record ScenarioReport(
    Guid ScenarioId, string Name, double SegmentKm, double CoverageKm, double NearKm, int PostsBefore, int PostsAfter,
    double BorderKm, double CoveredKmBefore, double CoveredKmAfter, double CoveragePctBefore, double CoveragePctAfter,
    int NearBorderSeizures, int UncoveredSeizuresBefore, int UncoveredSeizuresAfter, string DataVersion,
    IReadOnlyList<PairComparison> Pairs, IReadOnlyList<SegmentComparison> Segments, IReadOnlyList<GapSummary> GapsBefore,
    IReadOnlyList<GapSummary> GapsAfter, int GapsClosed, int GapsOpened)
{
    /// <summary>
    /// Segments the borders, assigns the cases within the near distance, and computes coverage with both post sets
    /// (<see cref="BorderCoverage.CompareScenarios(IReadOnlyList{BorderSegment}, IEnumerable{EnforcementPost}, IEnumerable{EnforcementPost}, IEnumerable{NearBorderCase}, BorderCoverageOptions?)"/>).
    /// A segment counts as covered when posts cover all of it (to 1 m).
    /// </summary>
    public static ScenarioReport Build(BorderScenario scenario, IEnumerable<BorderLine> borders, IReadOnlyList<EnforcementPost> current,
        IReadOnlyList<EnforcementPost> proposal, IEnumerable<CasePoint> cases, string dataVersion)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(proposal);
        var segments = BorderSegmentation.Split(borders, new BorderSegmentationOptions { SegmentLengthKm = scenario.SegmentKm });
        var near = BorderCaseAssignment.Assign(segments, cases, new BorderCaseAssignmentOptions { MaxDistanceMeters = scenario.NearKm * 1000 });
        var comparison = BorderCoverage.CompareScenarios(segments, current, proposal, near,
            new BorderCoverageOptions { CoverageDistanceMeters = scenario.CoverageKm * 1000 });
        var (before, after) = (comparison.Today, comparison.Proposal);
        const double FullKm = 0.001;
        var segmentRows = before.Segments.Zip(after.Segments, (b, a) => new SegmentComparison(
            b.Segment.Id, b.Segment.Iso2A, b.Segment.Iso2B, b.Segment.Part, b.Segment.ChainageStartKm, b.Segment.ChainageEndKm, b.Segment.LengthKm,
            b.CoveredKm, a.CoveredKm, 100 * b.CoveredFraction, 100 * a.CoveredFraction, b.Seizures,
            b.Segment.LengthKm - b.CoveredKm <= FullKm, a.Segment.LengthKm - a.CoveredKm <= FullKm, Vertices(b.Segment.Geometry))).ToList();
        var pairs = before.Pairs.Zip(after.Pairs, (b, a) => new PairComparison(b.Iso2A, b.Iso2B, b.BorderKm, b.CoveredKm, a.CoveredKm,
            b.CoveragePercent, a.CoveragePercent, b.Seizures, b.UncoveredSeizureCaseIds.Count, a.UncoveredSeizureCaseIds.Count,
            b.Gaps.Count, a.Gaps.Count)).ToList();
        return new ScenarioReport(scenario.Id, scenario.Name, scenario.SegmentKm, scenario.CoverageKm, scenario.NearKm, current.Count, proposal.Count,
            before.BorderKm, before.CoveredKm, after.CoveredKm, before.CoveragePercent, after.CoveragePercent, before.Seizures,
            before.UncoveredSeizureCaseIds.Count, after.UncoveredSeizureCaseIds.Count, dataVersion, pairs, segmentRows,
            Gaps(before.Gaps), Gaps(after.Gaps), comparison.GapsClosed.Count, comparison.GapsOpened.Count);
    }

    private static List<GapSummary> Gaps(IReadOnlyList<CoverageGap> gaps) =>
        gaps.Select(g => new GapSummary(g.Iso2A, g.Iso2B, g.Part, g.FromKm, g.ToKm, g.LengthKm, g.SeizureCaseIds.Count, Vertices(g.Geometry))).ToList();

    private static double[][] Vertices(NetTopologySuite.Geometries.LineString line) =>
        [.. line.Coordinates.Select(c => new[] { Math.Round(c.X, 5), Math.Round(c.Y, 5) })];
}
