using Wems.Gis.Features.Cql2;
using static Wems.Gis.Tests.Features.Cql2.CaseQueryables;

namespace Wems.Gis.Tests.Features.Cql2;

public sealed class Cql2SqlTests
{
    [Fact]
    public void A_comparison_names_the_column_and_binds_the_literal()
    {
        var filter = Sql("status = 'open'");

        Assert.Equal("c.status = @cql0", filter.Sql);
        Assert.Equal(["open"], filter.Parameters);
    }

    [Theory]
    [InlineData("=", "=")]
    [InlineData("<>", "<>")]
    [InlineData("<", "<")]
    [InlineData("<=", "<=")]
    [InlineData(">", ">")]
    [InlineData(">=", ">=")]
    public void Each_comparison_operator_keeps_its_sql_spelling(string cql2, string sql)
    {
        Assert.Equal($"c.arrests {sql} @cql0", Sql($"arrests {cql2} 2").Sql);
    }

    [Fact]
    public void Numbers_are_bound_as_doubles()
    {
        Assert.Equal([2.0], Sql("arrests > 2").Parameters);
    }

    [Fact]
    public void A_literal_on_the_left_is_bound_like_one_on_the_right()
    {
        var filter = Sql("2 < arrests");

        Assert.Equal("@cql0 < c.arrests", filter.Sql);
        Assert.Equal([2.0], filter.Parameters);
    }

    [Fact]
    public void Parameters_are_numbered_in_the_order_of_the_filter()
    {
        var filter = Sql("status = 'open' OR arrests = 2 AND place = 'Mombasa'");

        Assert.Equal("(c.status = @cql0 OR (c.arrests = @cql1 AND c.place_name = @cql2))", filter.Sql);
        Assert.Equal(["open", 2.0, "Mombasa"], filter.Parameters);
    }

    [Fact]
    public void An_or_inside_an_and_is_parenthesised()
    {
        Assert.Equal("((c.status = @cql0 OR c.arrests = @cql1) AND c.place_name = @cql2)", Sql("(status = 'open' OR arrests = 2) AND place = 'x'").Sql);
    }

    [Fact]
    public void Not_parenthesises_what_it_negates()
    {
        Assert.Equal("NOT (c.status = @cql0)", Sql("NOT status = 'open'").Sql);
        Assert.Equal("NOT (c.status = @cql0 OR c.arrests = @cql1)", Sql("NOT (status = 'open' OR arrests = 1)").Sql);
    }

    [Fact]
    public void A_boolean_property_compares_with_a_bound_boolean()
    {
        var filter = Sql("transboundary = TRUE");

        Assert.Equal("c.transboundary = @cql0", filter.Sql);
        Assert.Equal([true], filter.Parameters);
    }

    [Fact]
    public void A_boolean_literal_alone_is_a_bound_condition()
    {
        var filter = Sql("FALSE");

        Assert.Equal("@cql0", filter.Sql);
        Assert.Equal([false], filter.Parameters);
    }

    [Fact]
    public void Like_escapes_with_a_backslash_as_cql2_does()
    {
        var filter = Sql("place LIKE '100\\%%'");

        Assert.Equal("c.place_name LIKE @cql0 ESCAPE '\\'", filter.Sql);
        Assert.Equal(["100\\%%"], filter.Parameters);
    }

    [Fact]
    public void Not_like_negates_like()
    {
        Assert.Equal("NOT (c.place_name LIKE @cql0 ESCAPE '\\')", Sql("place NOT LIKE 'M%'").Sql);
    }

    [Fact]
    public void Casei_lowers_both_sides()
    {
        var filter = Sql("CASEI(place) LIKE CASEI('%MOMBASA%')");

        Assert.Equal("lower(c.place_name) LIKE lower(@cql0) ESCAPE '\\'", filter.Sql);
        Assert.Equal(["%MOMBASA%"], filter.Parameters);
    }

    // In cql2-text \' escapes a quote, so only cql2-json can end a pattern with a backslash.
    [Fact]
    public void A_like_pattern_ending_in_a_lone_backslash_is_refused()
    {
        var tree = Cql2Json.Parse("""{"op": "like", "args": [{"property": "place"}, "abc\\"]}""");

        Assert.Contains("ends with the escape character", Assert.Throws<Cql2Exception>(() => Cql2Sql.Translate(tree, Set)).Message);
    }

    [Fact]
    public void A_like_pattern_ending_in_an_escaped_backslash_is_accepted()
    {
        var tree = Cql2Json.Parse("""{"op": "like", "args": [{"property": "place"}, "abc\\\\"]}""");

        Assert.Equal(["abc\\\\"], Cql2Sql.Translate(tree, Set).Parameters);
    }

    [Fact]
    public void Like_on_a_number_is_refused()
    {
        Assert.Equal("LIKE needs text, but property 'arrests' is a number", Refused("arrests LIKE '1%'").Message);
    }

    [Fact]
    public void Between_binds_both_ends()
    {
        var filter = Sql("arrests BETWEEN 1 AND 3");

        Assert.Equal("c.arrests BETWEEN @cql0 AND @cql1", filter.Sql);
        Assert.Equal([1.0, 3.0], filter.Parameters);
    }

    [Fact]
    public void Between_on_text_is_refused()
    {
        Assert.Equal("BETWEEN needs numbers, but property 'status' is text", Refused("status BETWEEN 1 AND 3").Message);
    }

    [Fact]
    public void In_binds_each_value()
    {
        var filter = Sql("status NOT IN ('open', 'closed')");

        Assert.Equal("NOT (c.status IN (@cql0, @cql1))", filter.Sql);
        Assert.Equal(["open", "closed"], filter.Parameters);
    }

    [Fact]
    public void In_promotes_a_date_property_when_the_list_holds_a_timestamp()
    {
        Assert.Equal(
            "(c.event_date::timestamp AT TIME ZONE 'UTC') IN ((@cql0::timestamp AT TIME ZONE 'UTC'), @cql1)",
            Sql("date IN (DATE('2024-01-01'), TIMESTAMP('2024-01-02T00:00:00Z'))").Sql);
    }

    [Fact]
    public void In_refuses_a_value_of_another_type()
    {
        Assert.StartsWith("cannot compare property 'arrests' (a number) with the string 'two' (text)", Refused("arrests IN (1, 'two')").Message);
    }

    [Fact]
    public void Is_null_and_is_not_null_bind_nothing()
    {
        Assert.Equal("c.place_name IS NULL", Sql("place IS NULL").Sql);
        Assert.Equal("NOT (c.place_name IS NULL)", Sql("place IS NOT NULL").Sql);
        Assert.Empty(Sql("place IS NULL").Parameters);
    }

    [Fact]
    public void A_date_literal_is_bound_as_a_date_only()
    {
        var filter = Sql("date >= DATE('2024-01-01')");

        Assert.Equal("c.event_date >= @cql0", filter.Sql);
        Assert.Equal([new DateOnly(2024, 1, 1)], filter.Parameters);
    }

    [Fact]
    public void A_timestamp_literal_is_bound_as_a_utc_date_time()
    {
        var filter = Sql("updated < TIMESTAMP('2024-03-14T10:30:00+02:00')");

        Assert.Equal("c.updated_at < @cql0", filter.Sql);
        var bound = Assert.IsType<DateTime>(Assert.Single(filter.Parameters));
        Assert.Equal(new DateTime(2024, 3, 14, 8, 30, 0, DateTimeKind.Utc), bound);
        Assert.Equal(DateTimeKind.Utc, bound.Kind);
    }

    [Fact]
    public void A_date_property_compared_with_a_timestamp_is_taken_at_midnight_utc()
    {
        Assert.Equal("(c.event_date::timestamp AT TIME ZONE 'UTC') > @cql0", Sql("date > TIMESTAMP('2024-01-01T12:00:00Z')").Sql);
    }

    [Fact]
    public void A_number_property_compared_with_a_string_is_refused()
    {
        Assert.Equal(
            "cannot compare property 'arrests' (a number) with the string '2' (text); write numbers without quotes",
            Refused("arrests = '2'").Message);
    }

    [Fact]
    public void A_date_property_compared_with_a_string_is_refused_with_the_date_syntax()
    {
        Assert.EndsWith("write dates as DATE('2024-03-14') or TIMESTAMP('2024-03-14T08:30:00Z')", Refused("date = '2024-01-01'").Message);
    }

    [Fact]
    public void A_boolean_property_compared_with_a_number_is_refused()
    {
        Assert.StartsWith("cannot compare property 'transboundary' (a boolean) with the number 1 (a number)", Refused("transboundary = 1").Message);
    }

    [Fact]
    public void A_geometry_property_cannot_be_compared_with_equals()
    {
        Assert.Contains("compare geometries with S_EQUALS or S_INTERSECTS", Refused("geometry = status").Message);
    }

    [Fact]
    public void Arithmetic_is_parenthesised_and_binds_its_numbers()
    {
        var filter = Sql("arrests * 2 + 1 > 4");

        Assert.Equal("((c.arrests * @cql0) + @cql1) > @cql2", filter.Sql);
        Assert.Equal([2.0, 1.0, 4.0], filter.Parameters);
    }

    [Theory]
    [InlineData("arrests / 2 = 1", "(c.arrests::double precision / @cql0) = @cql1")]
    [InlineData("arrests % 2 = 1", "mod(c.arrests::numeric, @cql0::numeric) = @cql1")]
    [InlineData("arrests div 2 = 1", "div(c.arrests::numeric, @cql0::numeric) = @cql1")]
    [InlineData("arrests ^ 2 = 1", "power(c.arrests, @cql0) = @cql1")]
    [InlineData("-arrests = 1", "(@cql0 * c.arrests) = @cql1")]
    public void Division_remainder_integer_division_and_power_use_postgresql_functions(string cql2, string sql)
    {
        Assert.Equal(sql, Sql(cql2).Sql);
    }

    [Fact]
    public void Division_by_a_literal_zero_is_refused()
    {
        Assert.Equal("division by zero", Refused("arrests / 0 > 1").Message);
    }

    [Fact]
    public void Arithmetic_on_text_is_refused()
    {
        Assert.Equal("arithmetic needs numbers, but property 'status' is text", Refused("status + 1 > 2").Message);
    }

    [Fact]
    public void Accenti_is_refused_because_the_database_has_no_unaccent()
    {
        Assert.StartsWith("ACCENTI is not supported by this server", Refused("ACCENTI(place) = ACCENTI('Mombasa')").Message);
    }

    [Fact]
    public void A_custom_function_is_refused_by_name()
    {
        Assert.StartsWith("the function avg() is not supported", Refused("avg(arrests) > 1").Message);
    }

    [Fact]
    public void An_array_function_is_refused()
    {
        Assert.Equal("A_CONTAINS(…) is not supported: no property of this collection is an array", Refused("A_CONTAINS(status, ('a', 'b'))").Message);
    }

    [Fact]
    public void A_column_expression_that_is_not_a_plain_name_is_parenthesised()
    {
        var queryables = new QueryableSet(new QueryableProperty("reference", "upper(c.reference) || ''", QueryableType.Text));

        Assert.Equal("(upper(c.reference) || '') = @cql0", Cql2Sql.Translate(Cql2Text.Parse("reference = 'X'"), queryables).Sql);
    }

    [Fact]
    public void Json_and_text_filters_translate_to_the_same_sql()
    {
        var json = Cql2Sql.Translate(
            Cql2Json.Parse("""{"op": "and", "args": [{"op": "=", "args": [{"property": "status"}, "open"]}, {"op": ">", "args": [{"property": "arrests"}, 0]}]}"""),
            Set);

        var text = Sql("status = 'open' AND arrests > 0");
        Assert.Equal(text.Sql, json.Sql);
        Assert.Equal(text.Parameters, json.Parameters);
    }

    [Fact]
    public void Parameter_names_are_the_prefix_and_the_index()
    {
        Assert.Equal("cql0", SqlFilter.ParameterName(0));
        Assert.Equal("cql12", SqlFilter.ParameterName(12));
    }

    [Fact]
    public void Add_to_puts_every_parameter_on_a_command_by_name()
    {
        using var command = new Npgsql.NpgsqlCommand();

        Sql("status = 'open' AND arrests > 2").AddTo(command.Parameters);

        Assert.Equal(["cql0", "cql1"], command.Parameters.Select(p => p.ParameterName));
        Assert.Equal(["open", 2.0], command.Parameters.Select(p => p.Value));
    }
}
