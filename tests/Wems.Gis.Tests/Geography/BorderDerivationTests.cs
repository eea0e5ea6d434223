using NetTopologySuite.Geometries;
using Wems.Gis.Geography;

namespace Wems.Gis.Tests.Geography;

public sealed class BorderDerivationTests
{
    private static readonly Topology Topology = TopoJson.Parse(TwoSquaresTopology.Json);

    private static string? FixtureCountry(TopoFeature feature) =>
        BorderDerivation.CountryCode(feature, TwoSquaresTopology.Alpha2ByNumeric);

    [Fact]
    public void Two_countries_sharing_one_arc_have_one_border_along_that_arc()
    {
        var borders = BorderDerivation.Derive(Topology, Topology.Features("countries"), FixtureCountry);

        var border = Assert.Single(borders);
        Assert.Equal(("KE", "TZ"), (border.Iso2A, border.Iso2B));
        var line = Assert.IsType<LineString>(Assert.Single(border.Geometry.Geometries));
        Assert.True(line.EqualsTopologically(Topology.Arcs[0]));
    }

    [Fact]
    public void The_border_length_is_the_geodesic_length_on_the_WGS84_ellipsoid()
    {
        var border = Assert.Single(BorderDerivation.Derive(Topology, Topology.Features("countries"), FixtureCountry));

        // The shared edge runs 0.1° along the equator: a · Δλ = 6 378 137 m · 0.1 · π / 180 = 11 131.949 m.
        Assert.Equal(11.131949, border.LengthKm, 1e-6);
    }

    [Fact]
    public void Two_features_of_the_same_country_have_no_border()
    {
        var borders = BorderDerivation.Derive(Topology, Topology.Features("countries"), _ => "SO");

        Assert.Empty(borders);
    }

    [Fact]
    public void An_arc_shared_with_a_feature_of_no_country_is_not_a_border()
    {
        var borders = BorderDerivation.Derive(
            Topology, Topology.Features("countries"), f => f.Id == "404" ? "KE" : null);

        Assert.Empty(borders);
    }

    [Fact]
    public void Somaliland_and_Kosovo_without_an_iso_id_are_mapped_to_SO_and_XK()
    {
        var somaliland = new TopoFeature(null, Names("Somaliland"), null, []);
        var kosovo = new TopoFeature(null, Names("Kosovo"), null, []);
        var siachen = new TopoFeature(null, Names("Siachen Glacier"), null, []);
        var empty = new Dictionary<string, string>();

        Assert.Equal("SO", BorderDerivation.CountryCode(somaliland, empty));
        Assert.Equal("XK", BorderDerivation.CountryCode(kosovo, empty));
        Assert.Null(BorderDerivation.CountryCode(siachen, empty));
    }

    [Fact]
    public void One_degree_of_latitude_at_the_equator_is_the_meridian_arc_length()
    {
        // Meridian arc 0°–1° N: ∫ a(1 − e²) / (1 − e² sin²φ)^(3/2) dφ over WGS84, integrated numerically
        // (midpoint rule, 1e5 steps) = 110 574.389 m.
        var meters = BorderDerivation.GeodesicDistanceMeters(new Coordinate(36, 0), new Coordinate(36, 1));

        Assert.Equal(110574.389, meters, 0.01);
    }

    private static Dictionary<string, System.Text.Json.JsonElement> Names(string name) =>
        new() { ["name"] = System.Text.Json.JsonDocument.Parse($"\"{name}\"").RootElement.Clone() };
}
