using Wems.Gis.Analysis.Borders;

namespace Wems.Gis.Tests.Analysis.Borders;

/// <summary>Today against a proposal on the 100 km equator border, with today's single post at 50 km (gaps 0–30, 70–100).</summary>
public sealed class BorderScenarioTests
{
    private static readonly IReadOnlyList<BorderSegment> Segments = EquatorBorder.HundredKmSegments();

    private static readonly EnforcementPost Middle = EquatorBorder.Post("mid", 50);

    [Fact]
    public void Adding_a_post_at_10_km_covers_30_km_more_and_closes_the_western_gap()
    {
        var comparison = BorderCoverage.CompareScenarios(Segments, [Middle], [Middle, EquatorBorder.Post("new", 10)]);

        Assert.Equal(30, comparison.DeltaKm, 0.01);
        Assert.Equal(30, comparison.DeltaPercentagePoints, 0.01);
        var closed = Assert.Single(comparison.GapsClosed);
        Assert.Equal((0, 30), (Math.Round(closed.FromKm, 3), Math.Round(closed.ToKm, 3)));
        Assert.Empty(comparison.GapsOpened);
    }

    [Fact]
    public void The_pair_change_gives_coverage_today_and_with_the_proposal()
    {
        var pair = Assert.Single(BorderCoverage.CompareScenarios(Segments, [Middle], [Middle, EquatorBorder.Post("new", 10)]).Pairs);

        Assert.Equal(40, pair.CoveragePercentToday, 0.01);
        Assert.Equal(70, pair.CoveragePercentProposal, 0.01);
        Assert.Equal(30, pair.DeltaKm, 0.01);
        Assert.Equal((2, 1), (pair.GapsToday, pair.GapsProposal));
    }

    [Fact]
    public void Segment_changes_show_where_the_new_post_adds_cover()
    {
        var comparison = BorderCoverage.CompareScenarios(Segments, [Middle], [Middle, EquatorBorder.Post("new", 10)]);

        Assert.Equal([10, 10, 10, 0, 0, 0, 0, 0, 0, 0], comparison.Segments.Select(s => Math.Round(s.DeltaKm, 3)));
    }

    [Fact]
    public void Removing_the_middle_post_of_a_fully_covered_border_opens_a_gap()
    {
        EnforcementPost[] today = [EquatorBorder.Post("w", 10), Middle, EquatorBorder.Post("e", 90)];

        var comparison = BorderCoverage.CompareScenarios(Segments, today, [today[0], today[2]]);

        Assert.Equal(-40, comparison.DeltaKm, 0.01);
        Assert.Empty(comparison.GapsClosed);
        var opened = Assert.Single(comparison.GapsOpened);
        Assert.Equal((30, 70), (Math.Round(opened.FromKm, 3), Math.Round(opened.ToKm, 3)));
    }

    [Fact]
    public void A_gap_that_only_grows_is_neither_closed_nor_opened()
    {
        // Today 0–30 and 70–100 are uncovered; without the post the whole border is one gap that overlaps both.
        var comparison = BorderCoverage.CompareScenarios(Segments, [Middle], []);

        Assert.Equal(-40, comparison.DeltaKm, 0.01);
        Assert.Empty(comparison.GapsClosed);
        Assert.Empty(comparison.GapsOpened);
        Assert.Equal((2, 1), (comparison.Pairs[0].GapsToday, comparison.Pairs[0].GapsProposal));
    }

    [Fact]
    public void Seizures_in_a_gap_that_the_proposal_closes_are_newly_covered()
    {
        var cases = BorderCaseAssignment.Assign(Segments, [new("west", EquatorBorder.At(12, 2)), new("east", EquatorBorder.At(88, 2))]);

        var comparison = BorderCoverage.CompareScenarios(Segments, [Middle], [Middle, EquatorBorder.Post("new", 10)], cases);

        Assert.Equal(["west"], comparison.SeizuresNewlyCovered);
        Assert.Empty(comparison.SeizuresNewlyUncovered);
        Assert.Equal(["east"], comparison.Proposal.UncoveredSeizureCaseIds);
    }
}
