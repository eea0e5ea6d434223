using Wems.Gis.Analysis.Borders;
using Wems.Gis.Cases;
using Wems.Gis.Geography;
using Wems.Gis.Reference;

namespace Wems.Gis.Tests.Analysis.Borders;

/// <summary>Border segmentation, assignment and coverage on the committed data/borders.geojson and border posts.</summary>
public sealed class CommittedBorderDataTests
{
    private static readonly string DataDirectory = ReferenceDataFiles.FindDataDirectory();

    private static readonly IReadOnlyList<BorderLine> Borders =
        CountryFiles.ReadBorders(Path.Combine(DataDirectory, CountryFiles.BordersFileName));

    private static readonly IReadOnlyList<BorderSegment> Segments = BorderSegmentation.Split(Borders);

    private static readonly BorderSegmentIndex Index = new(Segments);

    private static readonly IReadOnlyList<EnforcementPost> Posts =
        [.. ReferenceDataFiles.LoadSites(DataDirectory, SiteKind.BorderPost).Select(EnforcementPost.FromSite)];

    private static BorderLine Border(string a, string b) => Borders.Single(x => (x.Iso2A, x.Iso2B) == (a, b));

    [Fact]
    public void The_Kenya_Tanzania_border_splits_into_77_segments_of_10_km_that_add_up_to_its_length()
    {
        var border = Border("KE", "TZ");
        var segments = BorderSegmentation.Split(border);

        // borders.geojson: length_km 762.603, so 76 segments of 10 km and a remainder of 2.6 km.
        Assert.Equal(77, segments.Count);
        Assert.All(segments.SkipLast(1), s => Assert.Equal(10, s.LengthKm, 1e-9));
        Assert.Equal(border.LengthKm, segments.Sum(s => s.LengthKm), border.LengthKm * 0.001);
    }

    [Fact]
    public void Every_border_s_segments_add_up_to_its_length_within_0_1_percent()
    {
        foreach (var border in Borders)
        {
            var totalKm = Segments.Where(s => (s.Iso2A, s.Iso2B) == (border.Iso2A, border.Iso2B)).Sum(s => s.LengthKm);
            Assert.InRange(totalKm, border.LengthKm * 0.999, border.LengthKm * 1.001);
        }
    }

    [Fact]
    public void The_geodesic_length_of_each_segment_geometry_matches_its_chainage()
    {
        // A cut point lies on the edge drawn in longitude/latitude, metres off the geodesic on the longest edges, so
        // the two pieces' geodesics add up to a few centimetres more than the edge's: allow 0.001 %.
        Assert.All(Segments, s => Assert.Equal(s.LengthKm, BorderDerivation.GeodesicLengthKm(s.Geometry), s.LengthKm * 1e-5));
    }

    // Expected distances: PostGIS 3.3 ST_Distance(border.geom::geography, point::geography), minimum over the
    // committed data/borders.geojson (spheroid distance, metres), as in BorderProximityTests.
    [Theory]
    [InlineData("Namanga", 36.7905, -2.5460, 2239.7, "KE-TZ")]
    [InlineData("Busia", 34.0900, 0.4650, 1575.2, "KE-UG")]
    public void Distances_match_PostGIS_geography_within_0_1_percent(string town, double x, double y, double expected, string pair)
    {
        var near = Assert.Single(BorderCaseAssignment.Assign(Index, [new CasePoint(town, new GeoPoint(x, y))]));

        Assert.InRange(near.DistanceMeters, expected * 0.999, expected * 1.001);
        Assert.Equal(pair, near.Segment.PairId);
    }

    [Theory]
    [InlineData(36.7905, -2.5460)] // Namanga
    [InlineData(34.0900, 0.4650)] // Busia
    [InlineData(37.3000, -3.2000)] // Kilimanjaro, north-east slope
    [InlineData(33.5000, -0.5000)] // Lake Victoria, near the KE/TZ/UG tripoint
    [InlineData(39.9000, 3.9000)] // Kenya–Ethiopia, 40 km from Moyale
    public void The_assigned_segment_and_distance_match_a_brute_force_geodesic_search(double x, double y)
    {
        var point = new GeoPoint(x, y);
        var near = Assert.Single(BorderCaseAssignment.Assign(Index, [new CasePoint("c", point)]));

        // Every segment with a vertex within 1° (about 110 km, well beyond the 50 km radius), measured slowly.
        var (reference, nearest) = Segments
            .Where(s => s.Geometry.Coordinates.Any(c => Math.Abs(c.X - x) < 1 && Math.Abs(c.Y - y) < 1))
            .Select(s => (Meters: GeodesicReference.DistanceMeters(point, s.Geometry), s.Id))
            .MinBy(r => r.Meters);
        Assert.Equal(nearest, near.Segment.Id);
        Assert.Equal(reference, near.DistanceMeters, Math.Max(0.01, reference * 1e-5));
    }

    [Fact]
    public void The_Namanga_post_covers_the_segment_nearest_to_it()
    {
        var namanga = Posts.Single(p => p.Id == "KE-Namanga");
        var nearest = Index.Nearest(namanga.Location, 50_000)!;

        var result = BorderCoverage.Compute(Segments, Posts, []);

        var segment = result.Segments.Single(s => s.Segment.Id == nearest.Segment.Id);
        Assert.Equal("KE-TZ", segment.Segment.PairId);
        Assert.Contains("KE-Namanga", segment.CoveringPostIds);
        Assert.True(segment.CoveredKm > 0);
    }

    [Fact]
    public void Kenya_Tanzania_coverage_by_the_curated_posts_is_a_percentage_and_gaps_plus_covered_km_make_the_border()
    {
        var result = BorderCoverage.Compute(Segments, Posts, []);

        var pair = result.Pairs.Single(p => (p.Iso2A, p.Iso2B) == ("KE", "TZ"));
        Assert.InRange(pair.CoveragePercent, 0.001, 99.999);
        Assert.Equal(pair.BorderKm, pair.CoveredKm + pair.Gaps.Sum(g => g.LengthKm), 1e-6);
        Assert.Equal(Border("KE", "TZ").LengthKm, pair.BorderKm, Border("KE", "TZ").LengthKm * 0.001);
        Assert.Equal(pair.Gaps.OrderByDescending(g => g.LengthKm).Select(g => g.LengthKm), pair.Gaps.Select(g => g.LengthKm));
    }

    [Fact]
    public void Gaps_plus_covered_km_make_every_border()
    {
        var result = BorderCoverage.Compute(Segments, Posts, []);

        Assert.All(result.Pairs, p => Assert.Equal(p.BorderKm, p.CoveredKm + p.Gaps.Sum(g => g.LengthKm), 1e-6));
    }
}
