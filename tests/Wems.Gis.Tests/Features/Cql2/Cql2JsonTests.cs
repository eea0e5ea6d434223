using System.Text.Json;
using Wems.Gis.Features.Cql2;

namespace Wems.Gis.Tests.Features.Cql2;

public sealed class Cql2JsonTests
{
    [Fact]
    public void Operator_names_are_matched_in_any_case()
    {
        Assert.Equal(
            Cql2Json.Parse("""{"op": "and", "args": [{"op": "isNull", "args": [{"property": "a"}]}, {"op": "t_finishedBy", "args": [{"property": "d"}, {"date": "2024-01-01"}]}]}"""),
            Cql2Json.Parse("""{"op": "AND", "args": [{"op": "ISNULL", "args": [{"property": "a"}]}, {"op": "T_FINISHEDBY", "args": [{"property": "d"}, {"date": "2024-01-01"}]}]}"""));
    }

    [Fact]
    public void A_json_element_parses_like_its_text()
    {
        const string json = """{"op": "=", "args": [{"property": "status"}, "open"]}""";
        using var document = JsonDocument.Parse(json);

        Assert.Equal(Cql2Json.Parse(json), Cql2Json.Parse(document.RootElement));
    }

    [Fact]
    public void An_interval_may_be_open_and_bounded_by_properties()
    {
        var parsed = Cql2Json.Parse("""{"op": "t_intersects", "args": [{"interval": [{"property": "start"}, ".."]}, {"interval": ["..", "2024-01-01"]}]}""");

        Assert.Equal(
            new TemporalPredicate(
                TemporalOperator.Intersects,
                new Interval(new PropertyRef("start"), Unbounded.Value),
                new Interval(Unbounded.Value, new DateLiteral(new DateOnly(2024, 1, 1)))),
            parsed);
    }

    [Fact]
    public void S_dwithin_takes_an_optional_unit_and_keeps_metres()
    {
        var parsed = Cql2Json.Parse("""{"op": "s_dwithin", "args": [{"property": "geometry"}, {"type": "Point", "coordinates": [36.8, -1.3]}, 2, "km"]}""");

        Assert.Equal(Cql2Text.Parse("S_DWITHIN(geometry, POINT(36.8 -1.3), 2000)"), parsed);
    }

    [Fact]
    public void An_operator_that_is_not_cql2_is_a_function_call()
    {
        Assert.Equal(
            new FunctionCall("area", new PropertyRef("geometry")),
            Cql2Json.Parse("""{"op": "area", "args": [{"property": "geometry"}]}"""));
    }

    [Fact]
    public void Strings_numbers_and_booleans_are_literals()
    {
        var parsed = Assert.IsType<InPredicate>(Cql2Json.Parse("""{"op": "in", "args": [{"property": "a"}, ["x", 1.5, true]]}"""));

        Assert.Equal([new StringLiteral("x"), new NumberLiteral(1.5), new BooleanLiteral(true)], parsed.List);
    }

    [Fact]
    public void A_bbox_with_six_numbers_carries_the_elevations()
    {
        var parsed = Assert.IsType<SpatialPredicate>(Cql2Json.Parse("""{"op": "s_intersects", "args": [{"property": "g"}, {"bbox": [30, -5, -100, 42, 5, 100]}]}"""));

        Assert.Equal(new BBoxLiteral(30, -5, 42, 5, -100, 100), parsed.Right);
    }

    [Fact]
    public void A_geojson_geometry_with_a_bbox_member_is_accepted()
    {
        var parsed = Cql2Json.Parse("""{"op": "s_intersects", "args": [{"property": "g"}, {"type": "Point", "bbox": [1, 2, 1, 2], "coordinates": [1, 2]}]}""");

        Assert.Equal(Cql2Text.Parse("S_INTERSECTS(g, POINT(1 2))"), parsed);
    }
}
