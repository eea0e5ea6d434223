using Wems.Gis.Analysis.Borders;
using Wems.Gis.Geography;

namespace Wems.Gis.Tests.Analysis.Borders;

/// <summary>Coverage of the 100 km equator border, where every answer can be worked out by hand.</summary>
public sealed class BorderCoverageTests
{
    private static readonly IReadOnlyList<BorderSegment> Segments = EquatorBorder.HundredKmSegments();

    private static BorderCoverageResult Cover(params EnforcementPost[] posts) => BorderCoverage.Compute(Segments, posts, []);

    private static (double From, double To)[] Rounded(IEnumerable<CoverageGap> gaps) =>
        [.. gaps.Select(g => (Math.Round(g.FromKm, 3), Math.Round(g.ToKm, 3)))];

    [Fact]
    public void One_post_in_the_middle_covers_40_km_with_a_20_km_distance()
    {
        var result = Cover(EquatorBorder.Post("mid", 50));

        Assert.Equal(40, result.CoveredKm, 0.01);
        Assert.Equal(40, result.CoveragePercent, 0.01);
    }

    [Fact]
    public void One_post_in_the_middle_leaves_a_30_km_gap_either_side()
    {
        var pair = Assert.Single(Cover(EquatorBorder.Post("mid", 50)).Pairs);

        Assert.Equal([(0, 30), (70, 100)], Rounded(pair.Gaps));
        Assert.All(pair.Gaps, g => Assert.Equal(30, g.LengthKm, 0.01));
    }

    [Fact]
    public void A_post_12_km_off_the_border_covers_a_chord_of_32_km()
    {
        // Half the chord of a 20 km circle 12 km from its centre: √(20² − 12²) = 16 km.
        var result = Cover(EquatorBorder.Post("north", 50, northKm: 12));

        Assert.Equal(32, result.CoveredKm, 0.05);
    }

    [Fact]
    public void A_segment_partly_within_the_distance_is_covered_for_that_part_only()
    {
        // The post at 45 km covers 25–65 km: half of the 20–30 km segment, all of 30–60, half of 60–70.
        var result = Cover(EquatorBorder.Post("p", 45));

        Assert.Equal([0, 0, 0.5, 1, 1, 1, 0.5, 0, 0, 0], result.Segments.Select(s => Math.Round(s.CoveredFraction, 3)));
        Assert.Equal(25, result.Segments[2].CoveredRanges.Single().FromKm, 0.01);
        Assert.Equal(["p"], result.Segments[2].CoveringPostIds);
        Assert.Empty(result.Segments[0].CoveringPostIds);
    }

    [Fact]
    public void Two_posts_50_km_apart_cover_80_km_and_the_gaps_come_longest_first()
    {
        var result = Cover(EquatorBorder.Post("west", 25), EquatorBorder.Post("east", 75));

        Assert.Equal(80, result.CoveredKm, 0.01);
        Assert.Equal([(45, 55), (0, 5), (95, 100)], Rounded(result.Gaps));
    }

    [Fact]
    public void Overlapping_posts_are_not_counted_twice()
    {
        var result = Cover(EquatorBorder.Post("a", 45), EquatorBorder.Post("b", 55));

        Assert.Equal(50, result.CoveredKm, 0.01);
        Assert.Equal(["a", "b"], result.Segments[5].CoveringPostIds);
    }

    [Fact]
    public void A_gap_runs_across_segment_boundaries_and_has_the_gap_s_geometry()
    {
        var gap = Cover(EquatorBorder.Post("mid", 50)).Gaps.Single(g => g.FromKm < 1);

        Assert.Equal(0, gap.Geometry.StartPoint.X, 1e-9);
        Assert.Equal(30 * EquatorBorder.DegreesPerKm, gap.Geometry.EndPoint.X, 1e-6);
        Assert.Equal(30, BorderDerivation.GeodesicLengthKm(gap.Geometry), 0.01);
    }

    [Fact]
    public void Without_posts_the_whole_border_is_one_gap()
    {
        var result = Cover();

        Assert.Equal(0, result.CoveredKm);
        Assert.Equal([(0, 100)], Rounded(result.Gaps));
    }

    [Fact]
    public void A_post_farther_than_the_distance_covers_nothing()
    {
        Assert.Equal(0, Cover(EquatorBorder.Post("far", 50, northKm: 21)).CoveredKm);
    }

    [Fact]
    public void The_coverage_distance_is_an_option()
    {
        var result = BorderCoverage.Compute(Segments, [EquatorBorder.Post("mid", 50)], [], new BorderCoverageOptions { CoverageDistanceMeters = 5_000 });

        Assert.Equal(10, result.CoveredKm, 0.01);
    }

    [Fact]
    public void With_own_country_only_a_post_of_a_third_country_covers_nothing()
    {
        var options = new BorderCoverageOptions { OwnCountryOnly = true };
        EnforcementPost[] posts = [EquatorBorder.Post("third", 50, country: "CC")];

        Assert.Equal(40, BorderCoverage.Compute(Segments, posts, []).CoveredKm, 0.01);
        Assert.Equal(0, BorderCoverage.Compute(Segments, posts, [], options).CoveredKm);
    }

    [Fact]
    public void Seizures_per_100_km_count_the_cases_assigned_to_a_segment()
    {
        var cases = BorderCaseAssignment.Assign(Segments, [
            new("a", EquatorBorder.At(12, 3)), new("b", EquatorBorder.At(15, -4)), new("c", EquatorBorder.At(18, 1)), new("d", EquatorBorder.At(85, 2))]);

        var result = BorderCoverage.Compute(Segments, [], cases);

        Assert.Equal(3, result.Segments[1].Seizures);
        Assert.Equal(30, result.Segments[1].SeizuresPer100Km, 1e-6);
        var pair = Assert.Single(result.Pairs);
        Assert.Equal(4, pair.Seizures);
        Assert.Equal(4, pair.SeizuresPer100Km, 1e-6);
    }

    [Fact]
    public void A_seizure_facing_a_gap_is_on_uncovered_border_and_one_facing_a_post_is_not()
    {
        var cases = BorderCaseAssignment.Assign(Segments, [new("in-gap", EquatorBorder.At(10, 5)), new("covered", EquatorBorder.At(45, 30))]);

        var result = BorderCoverage.Compute(Segments, [EquatorBorder.Post("mid", 50)], cases);

        Assert.Equal(["in-gap"], result.UncoveredSeizureCaseIds);
        Assert.Equal(["in-gap"], result.Pairs[0].UncoveredSeizureCaseIds);
        Assert.Equal(["in-gap"], result.Gaps.Single(g => g.FromKm < 1).SeizureCaseIds);
        Assert.Empty(result.Gaps.Single(g => g.FromKm > 1).SeizureCaseIds);
    }

    [Fact]
    public void A_case_assigned_to_an_unknown_segment_is_rejected()
    {
        var cases = BorderCaseAssignment.Assign(Segments, [new("c", EquatorBorder.At(10, 1))]);

        Assert.Throws<ArgumentException>(() => BorderCoverage.Compute(Segments.Skip(2).ToArray(), [], cases));
    }

    [Fact]
    public void A_subset_of_segments_gives_gaps_that_stop_where_segments_are_missing()
    {
        BorderSegment[] subset = [Segments[0], Segments[1], Segments[5]];

        var result = BorderCoverage.Compute(subset, [], []);

        Assert.Equal([(0, 20), (50, 60)], Rounded(result.Gaps));
        Assert.Equal(30, result.BorderKm, 1e-6);
    }
}
