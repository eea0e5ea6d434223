namespace Wems.Gis.Analysis.Borders;

/// <summary>How the coverage of one segment changes from today's posts to a proposal.</summary>
/// <param name="Segment">The segment.</param>
/// <param name="CoveredKmToday">Covered length with today's posts, kilometres.</param>
/// <param name="CoveredKmProposal">Covered length with the proposed posts, kilometres.</param>
public sealed record SegmentCoverageChange(BorderSegment Segment, double CoveredKmToday, double CoveredKmProposal)
{
    /// <summary>Proposal minus today, kilometres (positive: more covered).</summary>
    public double DeltaKm => CoveredKmProposal - CoveredKmToday;

    /// <summary>Covered share of the segment today, percent (0 for no length).</summary>
    public double CoveragePercentToday => Segment.LengthKm > 0 ? 100 * CoveredKmToday / Segment.LengthKm : 0;

    /// <summary>Covered share of the segment with the proposal, percent (0 for no length).</summary>
    public double CoveragePercentProposal => Segment.LengthKm > 0 ? 100 * CoveredKmProposal / Segment.LengthKm : 0;

    /// <summary>Proposal minus today, percentage points.</summary>
    public double DeltaPercentagePoints => CoveragePercentProposal - CoveragePercentToday;
}

/// <summary>How the coverage of one country pair's border changes from today's posts to a proposal.</summary>
/// <param name="Iso2A">First country of the pair.</param>
/// <param name="Iso2B">Second country of the pair.</param>
/// <param name="BorderKm">Length of the pair's border (its segments), kilometres.</param>
/// <param name="CoveredKmToday">Covered length with today's posts, kilometres.</param>
/// <param name="CoveredKmProposal">Covered length with the proposed posts, kilometres.</param>
/// <param name="GapsToday">Number of gaps with today's posts.</param>
/// <param name="GapsProposal">Number of gaps with the proposed posts.</param>
public sealed record PairCoverageChange(
    string Iso2A,
    string Iso2B,
    double BorderKm,
    double CoveredKmToday,
    double CoveredKmProposal,
    int GapsToday,
    int GapsProposal)
{
    /// <summary>Proposal minus today, kilometres.</summary>
    public double DeltaKm => CoveredKmProposal - CoveredKmToday;

    /// <summary>Covered share today, percent (0 for no length).</summary>
    public double CoveragePercentToday => BorderKm > 0 ? 100 * CoveredKmToday / BorderKm : 0;

    /// <summary>Covered share with the proposal, percent (0 for no length).</summary>
    public double CoveragePercentProposal => BorderKm > 0 ? 100 * CoveredKmProposal / BorderKm : 0;

    /// <summary>Proposal minus today, percentage points.</summary>
    public double DeltaPercentagePoints => CoveragePercentProposal - CoveragePercentToday;
}

/// <summary>Today's posts against a proposal: the result of <see cref="BorderCoverage.CompareScenarios(IReadOnlyList{BorderSegment}, IEnumerable{EnforcementPost}, IEnumerable{EnforcementPost}, BorderCoverageOptions?)"/>.</summary>
/// <param name="Today">Coverage with today's posts.</param>
/// <param name="Proposal">Coverage with the proposed posts.</param>
/// <param name="Segments">One entry per input segment, in input order.</param>
/// <param name="Pairs">One entry per country pair, in the order of <see cref="BorderCoverageResult.Pairs"/>.</param>
/// <param name="GapsClosed">Today's gaps of which the proposal leaves nothing uncovered, longest first.</param>
/// <param name="GapsOpened">The proposal's gaps that overlap none of today's (border that loses all cover),
/// longest first.</param>
/// <param name="SeizuresNewlyCovered">Cases on uncovered border today but not with the proposal, in the order given.</param>
/// <param name="SeizuresNewlyUncovered">Cases on uncovered border with the proposal but not today, in the order given.</param>
public sealed record ScenarioComparison(
    BorderCoverageResult Today,
    BorderCoverageResult Proposal,
    IReadOnlyList<SegmentCoverageChange> Segments,
    IReadOnlyList<PairCoverageChange> Pairs,
    IReadOnlyList<CoverageGap> GapsClosed,
    IReadOnlyList<CoverageGap> GapsOpened,
    IReadOnlyList<string> SeizuresNewlyCovered,
    IReadOnlyList<string> SeizuresNewlyUncovered)
{
    /// <summary>Total border length, kilometres.</summary>
    public double BorderKm => Today.BorderKm;

    /// <summary>Change in total covered length, kilometres (positive: more covered).</summary>
    public double DeltaKm => Proposal.CoveredKm - Today.CoveredKm;

    /// <summary>Change in covered share of all the border, percentage points.</summary>
    public double DeltaPercentagePoints => Proposal.CoveragePercent - Today.CoveragePercent;
}

public static partial class BorderCoverage
{
    /// <summary>
    /// Compares the coverage of <paramref name="segments"/> by today's posts and by a proposal, for planners:
    /// covered km and coverage % per segment, per pair and in total, and which gaps close or open.
    /// </summary>
    /// <param name="segments">Segments from <see cref="BorderSegmentation"/>; ids must be unique.</param>
    /// <param name="postsToday">Today's posts.</param>
    /// <param name="postsProposal">The proposed posts (a full set, not only the additions).</param>
    /// <param name="options">Coverage distance, the same for both; <see cref="BorderCoverageOptions.Default"/> when null.</param>
    /// <remarks>
    /// Both scenarios are computed with <see cref="Compute"/> and no cases. A gap of today is closed when no
    /// stretch of it (longer than 1 µm) is in a gap of the proposal; a gap of the proposal is opened when no stretch
    /// of it is in a gap of today. Gaps that only shrink, grow or split are neither: compare
    /// <see cref="PairCoverageChange.GapsToday"/> and <see cref="PairCoverageChange.GapsProposal"/>, or the two
    /// results' gap lists.
    /// </remarks>
    public static ScenarioComparison CompareScenarios(
        IReadOnlyList<BorderSegment> segments,
        IEnumerable<EnforcementPost> postsToday,
        IEnumerable<EnforcementPost> postsProposal,
        BorderCoverageOptions? options = null) =>
        CompareScenarios(segments, postsToday, postsProposal, [], options);

    /// <summary>
    /// As <see cref="CompareScenarios(IReadOnlyList{BorderSegment}, IEnumerable{EnforcementPost}, IEnumerable{EnforcementPost}, BorderCoverageOptions?)"/>,
    /// also counting the near-border cases that the proposal brings under cover or leaves uncovered.
    /// </summary>
    /// <param name="segments">Segments from <see cref="BorderSegmentation"/>; ids must be unique.</param>
    /// <param name="postsToday">Today's posts.</param>
    /// <param name="postsProposal">The proposed posts (a full set, not only the additions).</param>
    /// <param name="nearBorderCases">Near-border cases from <see cref="BorderCaseAssignment"/>.</param>
    /// <param name="options">Coverage distance, the same for both; <see cref="BorderCoverageOptions.Default"/> when null.</param>
    public static ScenarioComparison CompareScenarios(
        IReadOnlyList<BorderSegment> segments,
        IEnumerable<EnforcementPost> postsToday,
        IEnumerable<EnforcementPost> postsProposal,
        IEnumerable<NearBorderCase> nearBorderCases,
        BorderCoverageOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(nearBorderCases);
        var cases = nearBorderCases as IReadOnlyCollection<NearBorderCase> ?? [.. nearBorderCases];
        var today = Compute(segments, postsToday, cases, options);
        var proposal = Compute(segments, postsProposal, cases, options);

        var segmentChanges = today.Segments
            .Zip(proposal.Segments, (t, p) => new SegmentCoverageChange(t.Segment, t.CoveredKm, p.CoveredKm))
            .ToArray();
        var pairChanges = today.Pairs
            .Zip(proposal.Pairs, (t, p) => new PairCoverageChange(t.Iso2A, t.Iso2B, t.BorderKm, t.CoveredKm, p.CoveredKm, t.Gaps.Count, p.Gaps.Count))
            .ToArray();
        var uncoveredToday = today.UncoveredSeizureCaseIds.ToHashSet(StringComparer.Ordinal);
        var uncoveredProposal = proposal.UncoveredSeizureCaseIds.ToHashSet(StringComparer.Ordinal);
        return new ScenarioComparison(
            today,
            proposal,
            segmentChanges,
            pairChanges,
            [.. today.Gaps.Where(gap => !OverlapsAny(gap, proposal.Gaps))],
            [.. proposal.Gaps.Where(gap => !OverlapsAny(gap, today.Gaps))],
            [.. today.UncoveredSeizureCaseIds.Where(id => !uncoveredProposal.Contains(id))],
            [.. proposal.UncoveredSeizureCaseIds.Where(id => !uncoveredToday.Contains(id))]);
    }

    private static bool OverlapsAny(CoverageGap gap, IReadOnlyList<CoverageGap> others) =>
        others.Any(other => other.Iso2A == gap.Iso2A && other.Iso2B == gap.Iso2B && other.Part == gap.Part
            && Math.Min(other.ToKm, gap.ToKm) - Math.Max(other.FromKm, gap.FromKm) > MeasuredLine.SameKm);
}
