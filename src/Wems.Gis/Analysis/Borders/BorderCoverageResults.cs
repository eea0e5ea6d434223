using NetTopologySuite.Geometries;

namespace Wems.Gis.Analysis.Borders;

/// <summary>How much of one segment the posts cover, and the seizures assigned to it.</summary>
/// <param name="Segment">The segment.</param>
/// <param name="CoveredKm">Length of the parts of the segment within the coverage distance of a post, kilometres.</param>
/// <param name="CoveredRanges">Those parts as chainage ranges along the segment's part, in order, disjoint.</param>
/// <param name="CoveringPostIds">Ids of the posts that cover some of the segment, in the order the posts were given.</param>
/// <param name="SeizureCaseIds">Ids of the near-border cases assigned to the segment, in the order given.</param>
public sealed record SegmentCoverage(
    BorderSegment Segment,
    double CoveredKm,
    IReadOnlyList<ChainageRange> CoveredRanges,
    IReadOnlyList<string> CoveringPostIds,
    IReadOnlyList<string> SeizureCaseIds)
{
    /// <summary>Covered share of the segment, 0 to 1 (0 for a segment of no length).</summary>
    public double CoveredFraction => Segment.LengthKm > 0 ? CoveredKm / Segment.LengthKm : 0;

    /// <summary>Number of near-border cases assigned to the segment.</summary>
    public int Seizures => SeizureCaseIds.Count;

    /// <summary>Seizures per 100 km of border: <see cref="Seizures"/> / length × 100 (0 for no length).</summary>
    public double SeizuresPer100Km => BorderCoverage.Per100Km(Seizures, Segment.LengthKm);
}

/// <summary>A maximal uncovered stretch of one border part: no post within the coverage distance of any point of it.</summary>
/// <param name="Iso2A">First country of the pair.</param>
/// <param name="Iso2B">Second country of the pair.</param>
/// <param name="Part">Index of the border part (see <see cref="BorderSegment.Part"/>).</param>
/// <param name="FromKm">Chainage where the gap starts, kilometres along the part.</param>
/// <param name="ToKm">Chainage where the gap ends, kilometres along the part.</param>
/// <param name="Geometry">The gap as a LineString in WGS84 (x = longitude, y = latitude), in chainage order.</param>
/// <param name="SeizureCaseIds">Near-border cases whose nearest border point lies in the gap, in the order given.</param>
public sealed record CoverageGap(
    string Iso2A,
    string Iso2B,
    int Part,
    double FromKm,
    double ToKm,
    LineString Geometry,
    IReadOnlyList<string> SeizureCaseIds)
{
    /// <summary>Length of the gap, kilometres.</summary>
    public double LengthKm => ToKm - FromKm;
}

/// <summary>Coverage and seizures of the border between one pair of countries.</summary>
/// <param name="Iso2A">First country of the pair.</param>
/// <param name="Iso2B">Second country of the pair.</param>
/// <param name="BorderKm">Total length of the pair's segments, kilometres.</param>
/// <param name="CoveredKm">Total covered length, kilometres.</param>
/// <param name="Seizures">Near-border cases assigned to the pair's segments.</param>
/// <param name="Gaps">The pair's gaps, longest first (lengths to the millimetre; then by part and chainage).</param>
/// <param name="UncoveredSeizureCaseIds">The pair's near-border cases whose nearest border point is in a gap.</param>
public sealed record PairCoverage(
    string Iso2A,
    string Iso2B,
    double BorderKm,
    double CoveredKm,
    int Seizures,
    IReadOnlyList<CoverageGap> Gaps,
    IReadOnlyList<string> UncoveredSeizureCaseIds)
{
    /// <summary>Covered share of the border, percent (0 for no length).</summary>
    public double CoveragePercent => BorderKm > 0 ? 100 * CoveredKm / BorderKm : 0;

    /// <summary>Seizures per 100 km of the pair's border.</summary>
    public double SeizuresPer100Km => BorderCoverage.Per100Km(Seizures, BorderKm);
}

/// <summary>The result of <see cref="BorderCoverage.Compute"/>.</summary>
/// <param name="Segments">One entry per input segment, in input order.</param>
/// <param name="Pairs">One entry per country pair, ordered by (Iso2A, Iso2B) in ordinal order.</param>
/// <param name="Gaps">All gaps, longest first (lengths to the millimetre; then by pair, part and chainage).</param>
/// <param name="UncoveredSeizureCaseIds">Near-border cases whose nearest border point lies in a gap, in the order
/// given: the seizures on uncovered border.</param>
public sealed record BorderCoverageResult(
    IReadOnlyList<SegmentCoverage> Segments,
    IReadOnlyList<PairCoverage> Pairs,
    IReadOnlyList<CoverageGap> Gaps,
    IReadOnlyList<string> UncoveredSeizureCaseIds)
{
    /// <summary>Total border length, kilometres.</summary>
    public double BorderKm => Pairs.Sum(p => p.BorderKm);

    /// <summary>Total covered length, kilometres.</summary>
    public double CoveredKm => Pairs.Sum(p => p.CoveredKm);

    /// <summary>Covered share of all the border, percent (0 for no length).</summary>
    public double CoveragePercent => BorderKm > 0 ? 100 * CoveredKm / BorderKm : 0;

    /// <summary>All near-border cases counted.</summary>
    public int Seizures => Pairs.Sum(p => p.Seizures);
}
