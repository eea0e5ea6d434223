using NetTopologySuite.Geometries;
using Wems.Gis.Geography;

namespace Wems.Gis.Tests.Geography;

public sealed class TopoJsonTests
{
    private const double Tolerance = 1e-9;

    private static readonly Topology Topology = TopoJson.Parse(TwoSquaresTopology.Json);

    [Fact]
    public void Quantized_delta_encoded_arcs_are_decoded_to_longitude_and_latitude()
    {
        AssertCoordinates(Topology.Arcs[0], (36.0, 0.0), (36.1, 0.0));
        AssertCoordinates(Topology.Arcs[1], (36.1, 0.0), (36.1, 0.1), (36.0, 0.1), (36.0, 0.0));
        Assert.Equal(4326, Topology.Arcs[0].SRID);
    }

    [Fact]
    public void A_polygon_ring_joins_its_arcs_without_repeating_the_shared_vertex()
    {
        var north = Assert.IsType<Polygon>(Topology.Features("countries")[0].Geometry);

        AssertCoordinates(north.Shell, (36.0, 0.0), (36.1, 0.0), (36.1, 0.1), (36.0, 0.1), (36.0, 0.0));
    }

    [Fact]
    public void A_negative_arc_reference_walks_the_arc_backwards()
    {
        var south = Assert.IsType<Polygon>(Topology.Features("countries")[1].Geometry);

        AssertCoordinates(south.Shell, (36.0, 0.0), (36.0, -0.1), (36.1, -0.1), (36.1, 0.0), (36.0, 0.0));
        Assert.True(south.IsValid);
        Assert.Equal(0.01, south.Area, 9);
    }

    [Fact]
    public void Each_object_geometry_lists_the_arcs_it_uses_with_reversed_references_made_positive()
    {
        var features = Topology.Features("countries");

        Assert.Equal([0, 1], features[0].ArcIndices);
        Assert.Equal([0, 2], features[1].ArcIndices);
    }

    [Fact]
    public void Ids_and_properties_are_kept()
    {
        var south = Topology.Features("countries")[1];

        Assert.Equal("834", south.Id);
        Assert.Equal("South", south.Name);
        Assert.Equal(4326, south.Geometry!.SRID);
    }

    [Fact]
    public void A_topology_without_a_transform_reads_positions_as_absolute()
    {
        const string json = """
            {"type":"Topology","arcs":[[[10.5,1.5],[11.5,1.5],[11.5,2.5],[10.5,1.5]]],
             "objects":{"a":{"type":"Polygon","arcs":[[0]]}}}
            """;

        var feature = Assert.Single(TopoJson.Parse(json).Features("a"));

        AssertCoordinates((Polygon)feature.Geometry!, (10.5, 1.5), (11.5, 1.5), (11.5, 2.5), (10.5, 1.5));
        Assert.Null(feature.Id);
    }

    [Fact]
    public void A_document_that_is_not_a_topology_is_rejected()
    {
        Assert.Throws<FormatException>(() => TopoJson.Parse("""{"type":"FeatureCollection","features":[]}"""));
    }

    [Fact]
    public void An_arc_reference_outside_the_arcs_array_is_rejected()
    {
        const string json = """
            {"type":"Topology","arcs":[[[0,0],[1,0]]],"objects":{"a":{"type":"LineString","arcs":[-3]}}}
            """;

        Assert.Throws<FormatException>(() => TopoJson.Parse(json));
    }

    private static void AssertCoordinates(Geometry geometry, params (double X, double Y)[] expected)
    {
        var actual = geometry.Coordinates;
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].X, actual[i].X, Tolerance);
            Assert.Equal(expected[i].Y, actual[i].Y, Tolerance);
        }
    }
}
