using Wems.Gis.Analysis.Borders;
using Wems.Gis.Cases;

namespace Wems.Gis.Tests.Analysis.Borders;

public sealed class BorderCaseAssignmentTests
{
    private static readonly IReadOnlyList<BorderSegment> Segments = EquatorBorder.HundredKmSegments();

    [Fact]
    public void A_case_north_of_the_border_is_assigned_to_the_segment_below_it()
    {
        var near = Assert.Single(BorderCaseAssignment.Assign(Segments, [new CasePoint("c1", new GeoPoint(55 * EquatorBorder.DegreesPerKm, 0.1))]));

        Assert.Equal("AA-BB-0-5", near.Segment.Id);
        Assert.Equal(55, near.ChainageKm, 1e-6);
        // The meridian arc from 0° to 0.1° on WGS84: a (1 − e²) · 0.1 · π / 180 (to 1e-6 relative) = 11 057.43 m.
        Assert.Equal(11_057.43, near.DistanceMeters, 0.05);
    }

    [Fact]
    public void A_case_beyond_the_end_of_the_border_is_measured_to_its_end_point()
    {
        var near = Assert.Single(BorderCaseAssignment.Assign(Segments, [new CasePoint("c1", new GeoPoint(100 * EquatorBorder.DegreesPerKm + 0.1, 0))]));

        Assert.Equal("AA-BB-0-9", near.Segment.Id);
        Assert.Equal(100, near.ChainageKm, 1e-6);
        // Along the equator: a · 0.1 · π / 180 = 11 131.949 m.
        Assert.Equal(11_131.949, near.DistanceMeters, 0.001);
    }

    [Fact]
    public void A_case_farther_than_the_maximum_distance_is_left_out()
    {
        CasePoint[] cases = [new("near", EquatorBorder.At(50, northKm: 49)), new("far", EquatorBorder.At(50, northKm: 51))];

        var near = BorderCaseAssignment.Assign(Segments, cases);

        Assert.Equal(["near"], near.Select(c => c.CaseId));
    }

    [Fact]
    public void The_maximum_distance_is_an_option()
    {
        var cases = new[] { new CasePoint("c1", EquatorBorder.At(50, northKm: 8)) };

        Assert.Empty(BorderCaseAssignment.Assign(Segments, cases, new BorderCaseAssignmentOptions { MaxDistanceMeters = 5_000 }));
        Assert.Single(BorderCaseAssignment.Assign(Segments, cases, new BorderCaseAssignmentOptions { MaxDistanceMeters = 10_000 }));
    }

    [Fact]
    public void Cases_come_back_in_input_order()
    {
        CasePoint[] cases = [new("c", EquatorBorder.At(95, 1)), new("a", EquatorBorder.At(15, 1)), new("b", EquatorBorder.At(55, 1))];

        var near = BorderCaseAssignment.Assign(Segments, cases);

        Assert.Equal(["c", "a", "b"], near.Select(c => c.CaseId));
        Assert.Equal(["AA-BB-0-9", "AA-BB-0-1", "AA-BB-0-5"], near.Select(c => c.Segment.Id));
    }

    [Fact]
    public void A_case_on_a_cut_between_two_segments_goes_to_the_first_of_them()
    {
        var near = Assert.Single(BorderCaseAssignment.Assign(Segments, [new CasePoint("c1", EquatorBorder.At(30, northKm: 2))]));

        Assert.Equal("AA-BB-0-2", near.Segment.Id);
    }

    [Fact]
    public void A_negative_maximum_distance_is_rejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            BorderCaseAssignment.Assign(Segments, [], new BorderCaseAssignmentOptions { MaxDistanceMeters = -1 }));
}
