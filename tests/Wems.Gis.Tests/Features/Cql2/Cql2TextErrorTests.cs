using Wems.Gis.Features.Cql2;

namespace Wems.Gis.Tests.Features.Cql2;

public sealed class Cql2TextErrorTests
{
    private static Cql2Exception Refused(string text) => Assert.Throws<Cql2Exception>(() => Cql2Text.Parse(text));

    [Fact]
    public void An_empty_filter_is_refused()
    {
        Assert.Contains("the filter is empty", Refused("   ").Message);
    }

    [Fact]
    public void An_unclosed_string_is_reported_at_its_opening_quote()
    {
        var error = Refused("name = 'Smith");

        Assert.Equal("cql2-text, column 8: the string that starts here is not closed; end it with ' (write '' for a quote inside it).", error.Message);
        Assert.Equal(7, error.Position);
    }

    [Fact]
    public void An_unclosed_quoted_property_name_is_reported_at_its_opening_quote()
    {
        Assert.StartsWith("cql2-text, column 8: the quoted property name that starts here is not closed", Refused("name = \"Smith").Message);
    }

    [Fact]
    public void A_character_outside_the_grammar_is_reported_where_it_is()
    {
        Assert.Equal("cql2-text, column 12: unexpected character ';'.", Refused("name = 'x' ; drop table seizure_case").Message);
    }

    [Fact]
    public void Bang_equals_is_refused_with_the_cql2_spelling()
    {
        Assert.Contains("column 3: unexpected '!='; CQL2 writes 'not equal' as <>", Refused("a != 1").Message);
    }

    [Fact]
    public void A_missing_closing_parenthesis_names_the_opening_one()
    {
        Assert.Equal(
            "cql2-text, column 7: expected ')' to close the '(' at column 1, but found the end of the filter.",
            Refused("(a = 1").Message);
    }

    [Fact]
    public void Text_after_a_complete_condition_is_reported_where_it_starts()
    {
        Assert.Equal(
            "cql2-text, column 7: expected AND, OR or the end of the filter, but found 'b'.",
            Refused("a = 1 b = 2").Message);
    }

    [Fact]
    public void A_property_alone_is_not_a_condition()
    {
        Assert.StartsWith("cql2-text, column 1: expected a condition", Refused("floors").Message);
        Assert.EndsWith("but found property 'floors'.", Refused("floors").Message);
    }

    [Fact]
    public void A_number_joined_by_and_is_not_a_condition()
    {
        Assert.StartsWith("cql2-text, column 11: expected a condition", Refused("a = 1 AND 5").Message);
    }

    [Fact]
    public void A_keyword_where_a_value_belongs_is_refused_with_the_quoting_hint()
    {
        Assert.Equal(
            "cql2-text, column 5: expected a value, a property name or '(', but found the keyword AND (write \"and\" for a property of that name).",
            Refused("a = and").Message);
    }

    [Fact]
    public void A_like_pattern_must_be_a_string()
    {
        Assert.StartsWith("cql2-text, column 11: expected a pattern in single quotes", Refused("name LIKE 5").Message);
    }

    [Fact]
    public void Between_needs_numbers()
    {
        Assert.Equal(
            "cql2-text, column 11: expected a number, a numeric property, a function or an arithmetic expression, but found the string 'x'.",
            Refused("a BETWEEN 'x' AND 5").Message);
    }

    [Fact]
    public void Between_needs_its_and()
    {
        Assert.Contains("column 13: expected AND between the two ends of BETWEEN, but found 'OR'", Refused("a BETWEEN 1 OR 5").Message);
    }

    [Fact]
    public void An_empty_in_list_is_refused()
    {
        Assert.Contains("column 7: the list after IN is empty", Refused("a IN ()").Message);
    }

    [Fact]
    public void A_geometry_cannot_be_compared_with_equals()
    {
        Assert.StartsWith("cql2-text, column 5: expected a value", Refused("g = POINT(1 2)").Message);
    }

    [Fact]
    public void An_impossible_date_is_reported_at_its_string()
    {
        Assert.Equal(
            "cql2-text, column 10: '2024-13-01' is not a date; write YYYY-MM-DD, e.g. '2024-03-14'.",
            Refused("d = DATE('2024-13-01')").Message);
    }

    [Fact]
    public void A_timestamp_without_a_time_zone_is_refused()
    {
        Assert.Contains("column 15: '2024-03-14T08:30:00' is not a timestamp", Refused("t < TIMESTAMP('2024-03-14T08:30:00')").Message);
    }

    [Fact]
    public void An_interval_end_that_is_not_a_date_is_refused()
    {
        Assert.Contains("column 27: 'yesterday' is not a date", Refused("T_AFTER(d, INTERVAL('..', 'yesterday'))").Message);
    }

    [Fact]
    public void Invalid_wkt_is_reported_at_the_geometry_with_the_reader_problem()
    {
        var error = Refused("S_INTERSECTS(g, POLYGON((0 0, 1 1, 1 0)))");

        Assert.StartsWith("cql2-text, column 17: this POLYGON is not valid WKT: ", error.Message);
        Assert.Contains("closed", error.Message);
    }

    [Fact]
    public void A_wkt_coordinate_too_large_for_a_double_is_refused()
    {
        Assert.Contains("column 17: the POINT has a coordinate that is not a finite number", Refused("S_INTERSECTS(g, POINT(1e400 2))").Message);
    }

    [Fact]
    public void A_geometry_keyword_with_a_dimension_but_no_coordinates_is_refused()
    {
        Assert.Contains("column 24: expected '(' and coordinates after POINT Z", Refused("S_INTERSECTS(g, POINT Z)").Message);
    }

    [Fact]
    public void An_unbalanced_geometry_is_refused()
    {
        Assert.Contains("column 17: this POLYGON is missing a closing ')'", Refused("S_INTERSECTS(g, POLYGON((0 0, 1 0, 1 1, 0 0)").Message);
    }

    [Fact]
    public void A_bbox_needs_four_or_six_numbers()
    {
        Assert.Contains("column 17: a BBOX has 4 numbers", Refused("S_INTERSECTS(g, BBOX(1, 2, 3, 4, 5))").Message);
    }

    [Fact]
    public void A_bbox_with_south_above_north_is_refused()
    {
        Assert.Contains("the BBOX south (5) is greater than its north (-5)", Refused("S_INTERSECTS(g, BBOX(30, 5, 40, -5))").Message);
    }

    [Fact]
    public void A_spatial_function_refuses_wkt_in_a_string()
    {
        Assert.StartsWith("cql2-text, column 17: expected a geometry", Refused("S_INTERSECTS(g, 'POINT(1 2)')").Message);
    }

    [Fact]
    public void A_spatial_function_needs_two_arguments()
    {
        Assert.Contains("column 15: expected ',' and a second argument in S_INTERSECTS", Refused("S_INTERSECTS(g)").Message);
    }

    [Fact]
    public void A_temporal_function_refuses_a_plain_string()
    {
        Assert.StartsWith("cql2-text, column 12: expected a DATE, TIMESTAMP, INTERVAL", Refused("T_AFTER(d, '2024-01-01')").Message);
    }

    [Fact]
    public void S_dwithin_refuses_an_unknown_unit()
    {
        Assert.Contains("'furlongs' is not a distance unit", Refused("S_DWITHIN(g, POINT(1 2), 3, 'furlongs')").Message);
    }

    [Fact]
    public void S_dwithin_refuses_a_negative_distance()
    {
        Assert.Contains("column 26: the distance of S_DWITHIN must not be negative", Refused("S_DWITHIN(g, POINT(1 2), -3)").Message);
    }

    [Fact]
    public void A_number_too_large_for_a_double_is_refused()
    {
        Assert.Contains("column 5: the number 1e999 is too large", Refused("a = 1e999").Message);
    }

    [Fact]
    public void An_error_in_a_filter_of_several_lines_names_the_line_and_the_column()
    {
        Assert.StartsWith("cql2-text, line 3, column 5: expected a value", Refused("a = 1\nAND b = 2\nAND = 3").Message);
    }

    [Fact]
    public void Deep_nesting_is_refused_before_it_exhausts_the_stack()
    {
        var deep = new string('(', 5000) + "a = 1" + new string(')', 5000);

        Assert.Contains($"the filter is nested more than {Cql2Text.MaxDepth} levels deep", Refused(deep).Message);
    }

    [Fact]
    public void A_long_chain_of_nots_is_refused_before_it_exhausts_the_stack()
    {
        Assert.Contains("nested more than", Refused(string.Concat(Enumerable.Repeat("NOT ", 5000)) + "a = 1").Message);
    }

    [Fact]
    public void A_long_chain_of_arithmetic_is_refused_before_it_exhausts_the_stack()
    {
        Assert.Contains("nested more than", Refused("a = 1" + string.Concat(Enumerable.Repeat(" + 1", 50_000))).Message);
    }

    [Fact]
    public void A_long_chain_of_ands_is_flat_and_accepted()
    {
        var parsed = Cql2Text.Parse(string.Join(" AND ", Enumerable.Repeat("a = 1", 5000)));

        Assert.Equal(5000, Assert.IsType<AndExpression>(parsed).Args.Count);
    }

    [Fact]
    public void Moderate_nesting_is_accepted()
    {
        var nested = new string('(', 50) + "a = 1" + new string(')', 50);

        Assert.Equal(Cql2Text.Parse("a = 1"), Cql2Text.Parse(nested));
    }
}
