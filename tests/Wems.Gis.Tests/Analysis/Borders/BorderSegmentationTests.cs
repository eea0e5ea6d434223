using Wems.Gis.Analysis.Borders;
using Wems.Gis.Geography;

namespace Wems.Gis.Tests.Analysis.Borders;

public sealed class BorderSegmentationTests
{
    [Fact]
    public void A_100_km_border_splits_into_ten_segments_of_10_km()
    {
        var segments = EquatorBorder.HundredKmSegments();

        Assert.Equal(10, segments.Count);
        Assert.All(segments, s => Assert.Equal(10, s.LengthKm, 1e-6));
    }

    [Fact]
    public void Chainage_runs_from_zero_at_the_start_of_the_part_in_steps_of_the_segment_length()
    {
        var segments = EquatorBorder.HundredKmSegments();

        Assert.Equal([0, 10, 20, 30, 40, 50, 60, 70, 80, 90], segments.Select(s => Math.Round(s.ChainageStartKm, 6)));
        Assert.Equal(100, segments[^1].ChainageEndKm, 1e-6);
    }

    [Fact]
    public void Segment_ids_name_the_pair_the_part_and_the_index()
    {
        var segments = EquatorBorder.HundredKmSegments();

        Assert.Equal("AA-BB-0-0", segments[0].Id);
        Assert.Equal("AA-BB-0-9", segments[9].Id);
        Assert.Equal("AA-BB", segments[9].PairId);
    }

    [Fact]
    public void The_last_segment_of_a_part_is_the_shorter_remainder()
    {
        var segments = BorderSegmentation.Split(EquatorBorder.Line(100), new BorderSegmentationOptions { SegmentLengthKm = 30 });

        Assert.Equal([30, 30, 30, 10], segments.Select(s => Math.Round(s.LengthKm, 6)));
    }

    [Fact]
    public void A_border_shorter_than_the_segment_length_is_one_segment()
    {
        var segment = Assert.Single(BorderSegmentation.Split(EquatorBorder.Line(4)));

        Assert.Equal(4, segment.LengthKm, 1e-9);
    }

    [Fact]
    public void Segments_are_cut_at_their_chainage_along_the_line()
    {
        var segments = EquatorBorder.HundredKmSegments();

        // On the equator the point at chainage c km has longitude c · 180 / (π a).
        var third = segments[3].Geometry;
        Assert.Equal(30 * EquatorBorder.DegreesPerKm, third.StartPoint.X, 1e-9);
        Assert.Equal(40 * EquatorBorder.DegreesPerKm, third.EndPoint.X, 1e-9);
        Assert.Equal(10, BorderDerivation.GeodesicLengthKm(third), 1e-6);
        Assert.Equal(4326, third.SRID);
    }

    [Fact]
    public void Segments_keep_the_vertices_of_the_border_between_their_ends()
    {
        var segments = EquatorBorder.HundredKmSegments();

        // The border has vertices at 7, 33, 50 and 81 km: the segment from 30 to 40 km holds the one at 33 km.
        Assert.Equal(3, segments[3].Geometry.NumPoints);
        Assert.Equal(33 * EquatorBorder.DegreesPerKm, segments[3].Geometry.GetCoordinateN(1).X, 1e-9);
    }

    [Fact]
    public void Each_part_of_a_multi_part_border_has_its_own_chainage_from_zero()
    {
        var segments = BorderSegmentation.Split(EquatorBorder.Line(25, 12));

        Assert.Equal(["AA-BB-0-0", "AA-BB-0-1", "AA-BB-0-2", "AA-BB-1-0", "AA-BB-1-1"], segments.Select(s => s.Id));
        Assert.Equal(0, segments[3].ChainageStartKm);
        Assert.Equal(12, segments[4].ChainageEndKm, 1e-6);
        Assert.Equal(1, segments[4].Part);
    }

    [Fact]
    public void A_part_of_zero_length_gives_no_segment_but_keeps_its_index()
    {
        var segments = BorderSegmentation.Split(EquatorBorder.Line(0, 15));

        Assert.Equal(["AA-BB-1-0", "AA-BB-1-1"], segments.Select(s => s.Id));
    }

    [Fact]
    public void A_remainder_under_a_millimetre_is_added_to_the_last_segment()
    {
        var segments = BorderSegmentation.Split(EquatorBorder.Line(20.0000005));

        Assert.Equal(2, segments.Count);
        Assert.Equal(10.0000005, segments[1].LengthKm, 1e-8);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(double.NaN)]
    public void A_segment_length_that_is_not_positive_is_rejected(double lengthKm) =>
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            BorderSegmentation.Split(EquatorBorder.Line(100), new BorderSegmentationOptions { SegmentLengthKm = lengthKm }));
}
