using Wems.Gis.Features.Cql2;

namespace Wems.Gis.Tests.Features.Cql2;

public sealed class Cql2JsonErrorTests
{
    private static Cql2Exception Refused(string json) => Assert.Throws<Cql2Exception>(() => Cql2Json.Parse(json));

    [Fact]
    public void Text_that_is_not_json_is_refused_as_such()
    {
        Assert.StartsWith("cql2-json: the filter is not valid JSON: ", Refused("""{"op": "=", "args": [""").Message);
    }

    [Fact]
    public void The_root_must_be_a_condition()
    {
        var error = Refused("""{"property": "floors"}""");

        Assert.StartsWith("cql2-json, at $: expected a condition", error.Message);
        Assert.Equal("$", error.JsonPath);
    }

    [Fact]
    public void A_problem_deep_in_the_tree_is_reported_with_its_json_path()
    {
        var error = Refused("""{"op": "and", "args": [{"op": "=", "args": [{"property": "a"}, 1]}, {"op": "like", "args": [{"property": "b"}, 5]}]}""");

        Assert.StartsWith("cql2-json, at $.args[1].args[1]: expected a pattern in single quotes", error.Message);
        Assert.Equal("$.args[1].args[1]", error.JsonPath);
    }

    [Fact]
    public void A_wrong_number_of_arguments_names_what_the_operator_takes()
    {
        Assert.Equal(
            "cql2-json, at $.args: \"between\" takes 3 arguments (a value, a low end and a high end), not 2.",
            Refused("""{"op": "between", "args": [{"property": "a"}, 1]}""").Message);
    }

    [Fact]
    public void And_needs_at_least_two_conditions()
    {
        Assert.Contains("\"and\" takes at least 2 conditions, not 1", Refused("""{"op": "and", "args": [true]}""").Message);
    }

    [Fact]
    public void An_operation_without_args_is_refused()
    {
        Assert.Equal("cql2-json, at $: the operation \"=\" needs an \"args\" array.", Refused("""{"op": "="}""").Message);
    }

    [Fact]
    public void An_operation_with_an_extra_member_is_refused()
    {
        Assert.StartsWith("cql2-json, at $.negate: unexpected member", Refused("""{"op": "=", "args": [{"property": "a"}, 1], "negate": true}""").Message);
    }

    [Fact]
    public void Null_is_refused_with_the_is_null_hint()
    {
        Assert.StartsWith("cql2-json, at $.args[1]: null is not a CQL2 value; test for a missing value with {\"op\": \"isNull\"", Refused("""{"op": "=", "args": [{"property": "a"}, null]}""").Message);
    }

    [Fact]
    public void An_object_of_unknown_shape_names_its_member()
    {
        Assert.Contains("at $.args[0]: expected an object with \"op\", \"property\"", Refused("""{"op": "=", "args": [{"prop": "a"}, 1]}""").Message);
    }

    [Fact]
    public void A_property_object_with_a_second_member_is_refused()
    {
        Assert.Contains("at $.args[0]: expected one member, but found \"property\", \"date\"", Refused("""{"op": "=", "args": [{"property": "a", "date": "2024-01-01"}, 1]}""").Message);
    }

    [Fact]
    public void An_impossible_date_is_reported_at_its_member()
    {
        Assert.Equal(
            "cql2-json, at $.args[1].date: '2024-02-30' is not a date; write YYYY-MM-DD, e.g. '2024-03-14'.",
            Refused("""{"op": "=", "args": [{"property": "d"}, {"date": "2024-02-30"}]}""").Message);
    }

    [Fact]
    public void An_interval_needs_exactly_two_ends()
    {
        Assert.Contains("at $.args[1].interval: expected an array of two ends", Refused("""{"op": "t_during", "args": [{"property": "d"}, {"interval": ["2024-01-01"]}]}""").Message);
    }

    [Fact]
    public void A_bad_interval_end_is_reported_at_its_index()
    {
        Assert.Contains("at $.args[1].interval[1]: 'soon' is not a date", Refused("""{"op": "t_during", "args": [{"property": "d"}, {"interval": ["2024-01-01", "soon"]}]}""").Message);
    }

    [Fact]
    public void A_geojson_feature_is_not_a_geometry()
    {
        Assert.Contains("at $.args[1].type: expected a GeoJSON geometry type", Refused("""{"op": "s_intersects", "args": [{"property": "g"}, {"type": "Feature", "geometry": null}]}""").Message);
    }

    [Fact]
    public void A_geojson_geometry_without_coordinates_is_refused()
    {
        Assert.Contains("at $.args[1]: a GeoJSON Point needs a \"coordinates\" array", Refused("""{"op": "s_intersects", "args": [{"property": "g"}, {"type": "Point"}]}""").Message);
    }

    [Fact]
    public void An_unclosed_geojson_ring_is_refused()
    {
        Assert.Contains("at $.args[1]: this GeoJSON Polygon is not valid", Refused("""{"op": "s_intersects", "args": [{"property": "g"}, {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0]]]}]}""").Message);
    }

    [Fact]
    public void A_geojson_coordinate_too_large_for_a_double_is_refused()
    {
        Assert.Contains("at $.args[1]: the POINT has a coordinate that is not a finite number", Refused("""{"op": "s_intersects", "args": [{"property": "g"}, {"type": "Point", "coordinates": [1e400, 2]}]}""").Message);
    }

    [Fact]
    public void The_list_of_in_must_be_a_non_empty_array()
    {
        Assert.Contains("at $.args[1]: expected a non-empty array of values", Refused("""{"op": "in", "args": [{"property": "a"}, "x"]}""").Message);
        Assert.Contains("at $.args[1]: expected a non-empty array of values", Refused("""{"op": "in", "args": [{"property": "a"}, []]}""").Message);
    }

    [Fact]
    public void A_bbox_must_hold_numbers()
    {
        Assert.Contains("at $.args[1].bbox[2]: expected a number", Refused("""{"op": "s_intersects", "args": [{"property": "g"}, {"bbox": [1, 2, "3", 4]}]}""").Message);
    }

    [Fact]
    public void An_empty_property_name_is_refused()
    {
        Assert.Contains("at $.args[0].property: the property name is empty", Refused("""{"op": "=", "args": [{"property": ""}, 1]}""").Message);
    }

    [Fact]
    public void Deep_json_nesting_is_refused_as_invalid_json()
    {
        var deep = string.Concat(Enumerable.Repeat("""{"op": "not", "args": [""", 200)) + "true" + new string(']', 200).Replace("]", "]}", StringComparison.Ordinal);

        Assert.StartsWith("cql2-json: the filter is not valid JSON", Refused(deep).Message);
    }
}
