using Wems.Gis.Features.Cql2;
using static Wems.Gis.Tests.Features.Cql2.CaseQueryables;

namespace Wems.Gis.Tests.Features.Cql2;

public sealed class Cql2SqlSpatialTests
{
    [Fact]
    public void A_wkt_literal_is_bound_as_text_and_read_by_postgis_in_the_filter_srid()
    {
        var filter = Sql("S_INTERSECTS(geometry, POINT(36.82 -1.29))");

        Assert.Equal("ST_Intersects(c.geom, ST_GeomFromText(@cql0, 4326))", filter.Sql);
        Assert.Equal(["POINT (36.82 -1.29)"], filter.Parameters);
    }

    [Theory]
    [InlineData("S_INTERSECTS", "ST_Intersects")]
    [InlineData("S_EQUALS", "ST_Equals")]
    [InlineData("S_DISJOINT", "ST_Disjoint")]
    [InlineData("S_TOUCHES", "ST_Touches")]
    [InlineData("S_WITHIN", "ST_Within")]
    [InlineData("S_OVERLAPS", "ST_Overlaps")]
    [InlineData("S_CROSSES", "ST_Crosses")]
    [InlineData("S_CONTAINS", "ST_Contains")]
    public void Each_spatial_function_maps_to_its_postgis_predicate(string cql2, string postgis)
    {
        Assert.Equal($"{postgis}(c.geom, ST_GeomFromText(@cql0, 4326))", Sql($"{cql2}(geometry, POINT(1 2))").Sql);
    }

    [Fact]
    public void Argument_order_is_kept()
    {
        Assert.Equal("ST_Within(ST_GeomFromText(@cql0, 4326), c.geom)", Sql("S_WITHIN(POINT(1 2), geometry)").Sql);
    }

    [Fact]
    public void A_geojson_literal_translates_like_the_same_wkt()
    {
        var json = Cql2Sql.Translate(
            Cql2Json.Parse("""{"op": "s_intersects", "args": [{"property": "geometry"}, {"type": "Polygon", "coordinates": [[[30, -5], [42, -5], [42, 5], [30, -5]]]}]}"""),
            Set);
        var text = Sql("S_INTERSECTS(geometry, POLYGON((30 -5, 42 -5, 42 5, 30 -5)))");

        Assert.Equal(text.Sql, json.Sql);
        Assert.Equal(["POLYGON ((30 -5, 42 -5, 42 5, 30 -5))"], json.Parameters);
        Assert.Equal(text.Parameters, json.Parameters);
    }

    [Fact]
    public void A_bbox_is_bound_as_its_polygon()
    {
        Assert.Equal(["POLYGON ((33.9 -4.7, 33.9 5, 41.9 5, 41.9 -4.7, 33.9 -4.7))"], Sql("S_INTERSECTS(geometry, BBOX(33.9, -4.7, 41.9, 5))").Parameters);
    }

    [Fact]
    public void A_bbox_crossing_the_antimeridian_is_split_in_two()
    {
        Assert.Equal(
            ["MULTIPOLYGON (((179 -18, 179 -16, 180 -16, 180 -18, 179 -18)), ((-180 -18, -180 -16, -179 -16, -179 -18, -180 -18)))"],
            Sql("S_INTERSECTS(geometry, BBOX(179, -18, -179, -16))").Parameters);
    }

    [Fact]
    public void A_bbox_crossing_the_antimeridian_is_refused_in_a_projected_crs()
    {
        Assert.Contains("only a longitude/latitude box may cross the antimeridian", RefusedIn3857("S_INTERSECTS(geometry, BBOX(10, 0, 5, 1))").Message);
    }

    [Fact]
    public void The_elevations_of_a_3d_bbox_are_ignored()
    {
        Assert.Equal(Sql("S_INTERSECTS(geometry, BBOX(1, 2, 3, 4))").Parameters, Sql("S_INTERSECTS(geometry, BBOX(1, 2, -10, 3, 4, 10))").Parameters);
    }

    [Fact]
    public void Z_coordinates_are_dropped_from_the_bound_wkt()
    {
        Assert.Equal(["POINT (1 2)"], Sql("S_INTERSECTS(geometry, POINT Z(1 2 3))").Parameters);
    }

    [Fact]
    public void A_literal_in_another_crs_is_transformed_to_the_column_srid()
    {
        Assert.Equal(
            "ST_Intersects(c.geom, ST_Transform(ST_GeomFromText(@cql0, 3857), 4326))",
            Sql("S_INTERSECTS(geometry, POINT(4098000 -143000))", srid: 3857).Sql);
    }

    [Fact]
    public void S_dwithin_measures_metres_on_the_spheroid()
    {
        var filter = Sql("S_DWITHIN(geometry, POINT(36.82 -1.29), 5, 'km')");

        Assert.Equal("ST_DWithin(c.geom::geography, ST_GeomFromText(@cql0, 4326)::geography, @cql1)", filter.Sql);
        Assert.Equal(["POINT (36.82 -1.29)", 5000.0], filter.Parameters);
    }

    [Fact]
    public void S_dwithin_transforms_a_projected_literal_to_longitude_latitude()
    {
        Assert.Equal(
            "ST_DWithin(c.geom::geography, ST_Transform(ST_GeomFromText(@cql0, 3857), 4326)::geography, @cql1)",
            Sql("S_DWITHIN(geometry, POINT(4098000 -143000), 100)", srid: 3857).Sql);
    }

    [Fact]
    public void A_spatial_function_on_a_text_property_is_refused()
    {
        Assert.Equal("S_INTERSECTS needs geometries, but property 'status' is text", Refused("S_INTERSECTS(status, POINT(1 2))").Message);
    }

    [Fact]
    public void A_spatial_function_on_a_function_result_is_refused()
    {
        Assert.StartsWith("the function Buffer() is not supported", Refused("S_WITHIN(geometry, Buffer(geometry, 10, 'm'))").Message);
    }

    private static Cql2Exception RefusedIn3857(string text) => Assert.Throws<Cql2Exception>(() => Sql(text, 3857));
}
