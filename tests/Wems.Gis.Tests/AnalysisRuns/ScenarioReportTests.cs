using Wems.Gis.Analysis.Borders;
using Wems.Gis.AnalysisRuns;
using Wems.Gis.Cases;
using Wems.Gis.Tests.Analysis.Borders;

namespace Wems.Gis.Tests.AnalysisRuns;

/// <summary>
/// The side-by-side report of a scenario, worked by hand on the 100 km equator border (segments 0–10, …, 90–100 km;
/// on the equator geodesic distance along the border is a·Δλ, so a post on the border covers exactly the chainage
/// within 20 km of it).
/// </summary>
public sealed class ScenarioReportTests
{
    private static readonly BorderScenario Scenario = new(Guid.NewGuid(), "test", 10, 20, 50, "test", DateTime.UtcNow, []);

    private static readonly Wems.Gis.Geography.BorderLine Border = EquatorBorder.Line(100);

    [Fact]
    public void A_post_added_in_the_gap_covers_exactly_the_segments_within_20_km_of_it()
    {
        // Today: one post at 10 km (covers 0–30 km). The scenario adds one at 75 km: 55–95 km.
        var today = new[] { EquatorBorder.Post("a", 10) };
        var proposal = new[] { EquatorBorder.Post("a", 10), EquatorBorder.Post("b", 75) };

        var report = ScenarioReport.Build(Scenario, [Border], today, proposal, [], "v");

        // By hand: segment [s, s+10] gains the overlap of [s, s+10] with [55, 95] km.
        double[] expectedGain = [0, 0, 0, 0, 0, 5, 10, 10, 10, 5];
        Assert.Equal(expectedGain, report.Segments.Select(s => Math.Round(s.DeltaKm, 3)));
        Assert.Equal([true, true, true, false, false, false, false, false, false, false], report.Segments.Select(s => s.CoveredBefore));
        Assert.Equal([true, true, true, false, false, false, true, true, true, false], report.Segments.Select(s => s.CoveredAfter));
        Assert.Equal(30, report.CoveragePctBefore, 1e-4);
        Assert.Equal(70, report.CoveragePctAfter, 1e-4);
        var pair = Assert.Single(report.Pairs);
        Assert.Equal((30.0, 70.0), (Math.Round(pair.CoveragePctBefore, 3), Math.Round(pair.CoveragePctAfter, 3)));
        Assert.Equal(40, pair.DeltaPct, 1e-4);
        // Gaps longest first: before one of 70 km (30–100); after 30–55 (25 km) then 95–100 (5 km).
        Assert.Equal([70.0], report.GapsBefore.Select(g => Math.Round(g.LengthKm, 3)));
        Assert.Equal([25.0, 5.0], report.GapsAfter.Select(g => Math.Round(g.LengthKm, 3)));
        Assert.Equal((1, 2), (report.PostsBefore, report.PostsAfter));
    }

    [Fact]
    public void Near_border_seizures_on_uncovered_border_are_counted_before_and_after()
    {
        // Cases 5 km north of the border at 40 km and 80 km (both in today's gap; the new post at 75 km covers 80 km).
        var cases = new[] { new CasePoint("c40", EquatorBorder.At(40, 5)), new CasePoint("c80", EquatorBorder.At(80, 5)) };
        var report = ScenarioReport.Build(Scenario, [Border], [EquatorBorder.Post("a", 10)],
            [EquatorBorder.Post("a", 10), EquatorBorder.Post("b", 75)], cases, "v");

        Assert.Equal(2, report.NearBorderSeizures);
        Assert.Equal((2, 1), (report.UncoveredSeizuresBefore, report.UncoveredSeizuresAfter));
        var pair = Assert.Single(report.Pairs);
        Assert.Equal((2, 1), (pair.UncoveredSeizuresBefore, pair.UncoveredSeizuresAfter));
    }
}
