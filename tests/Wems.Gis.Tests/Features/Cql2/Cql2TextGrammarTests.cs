using NetTopologySuite.Geometries;
using Wems.Gis.Features.Cql2;

namespace Wems.Gis.Tests.Features.Cql2;

public sealed class Cql2TextGrammarTests
{
    private static PropertyRef P(string name) => new(name);

    private static NumberLiteral N(double value) => new(value);

    private static ComparisonPredicate Eq(string property, double value) => new(ComparisonOperator.Equal, P(property), N(value));

    [Fact]
    public void Or_binds_looser_than_and()
    {
        Assert.Equal(new OrExpression(Eq("a", 1), new AndExpression(Eq("b", 2), Eq("c", 3))), Cql2Text.Parse("a = 1 OR b = 2 AND c = 3"));
    }

    [Fact]
    public void And_binds_looser_than_not()
    {
        Assert.Equal(new AndExpression(new NotExpression(Eq("a", 1)), Eq("b", 2)), Cql2Text.Parse("NOT a = 1 AND b = 2"));
    }

    [Fact]
    public void Parentheses_override_precedence()
    {
        Assert.Equal(new AndExpression(new OrExpression(Eq("a", 1), Eq("b", 2)), Eq("c", 3)), Cql2Text.Parse("(a = 1 OR b = 2) AND c = 3"));
    }

    [Fact]
    public void Nested_parentheses_around_a_predicate_add_no_node()
    {
        Assert.Equal(Eq("a", 1), Cql2Text.Parse("((((a = 1))))"));
    }

    [Fact]
    public void A_chain_of_ands_is_one_node_with_every_argument()
    {
        Assert.Equal(new AndExpression(Eq("a", 1), Eq("b", 2), Eq("c", 3)), Cql2Text.Parse("a = 1 AND b = 2 AND c = 3"));
    }

    [Fact]
    public void A_parenthesised_group_inside_a_chain_stays_a_separate_node()
    {
        Assert.Equal(new AndExpression(Eq("a", 1), new AndExpression(Eq("b", 2), Eq("c", 3))), Cql2Text.Parse("a = 1 AND (b = 2 AND c = 3)"));
    }

    [Fact]
    public void Not_not_negates_twice()
    {
        Assert.Equal(new NotExpression(new NotExpression(Eq("a", 1))), Cql2Text.Parse("NOT NOT a = 1"));
    }

    [Fact]
    public void Not_before_a_parenthesised_or_negates_the_whole_group()
    {
        Assert.Equal(new NotExpression(new OrExpression(Eq("a", 1), Eq("b", 2))), Cql2Text.Parse("NOT (a = 1 OR b = 2)"));
    }

    [Fact]
    public void Keywords_are_case_insensitive()
    {
        Assert.Equal(
            Cql2Text.Parse("a = 1 AND NOT b LIKE 'x%' OR c BETWEEN 1 AND 2 OR d IS NOT NULL"),
            Cql2Text.Parse("a = 1 and not b like 'x%' Or c between 1 AnD 2 or d is not null"));
    }

    [Fact]
    public void Property_names_keep_their_case()
    {
        Assert.Equal(new ComparisonPredicate(ComparisonOperator.Equal, P("Status"), new StringLiteral("open")), Cql2Text.Parse("Status = 'open'"));
    }

    [Fact]
    public void A_quoted_identifier_may_be_a_keyword()
    {
        Assert.Equal(Eq("date", 1), Cql2Text.Parse("\"date\" = 1"));
    }

    [Fact]
    public void A_quoted_identifier_may_hold_spaces_and_doubled_double_quotes()
    {
        Assert.Equal(Eq("a \"b\" c", 1), Cql2Text.Parse("\"a \"\"b\"\" c\" = 1"));
    }

    [Fact]
    public void Identifiers_may_hold_colons_dots_digits_and_letters_of_other_scripts()
    {
        Assert.Equal(
            new AndExpression(Eq("eo:cloud_cover", 1), Eq("properties.name2", 2), Eq("straße", 3)),
            Cql2Text.Parse("eo:cloud_cover = 1 AND properties.name2 = 2 AND straße = 3"));
    }

    [Theory]
    [InlineData("'O''Brien'", "O'Brien")]
    [InlineData("'O\\'Brien'", "O'Brien")]
    [InlineData("''''", "'")]
    [InlineData("''", "")]
    [InlineData("'100\\%'", "100\\%")]
    [InlineData("'a \"quoted\" word'", "a \"quoted\" word")]
    public void Quotes_in_a_string_are_escaped_by_doubling_or_by_a_backslash_and_other_backslashes_are_kept(string literal, string value)
    {
        var parsed = Assert.IsType<ComparisonPredicate>(Cql2Text.Parse($"name = {literal}"));

        Assert.Equal(new StringLiteral(value), parsed.Right);
    }

    [Theory]
    [InlineData("5", 5)]
    [InlineData("-5", -5)]
    [InlineData("+5", 5)]
    [InlineData("- 5", -5)]
    [InlineData("2.5", 2.5)]
    [InlineData(".5", 0.5)]
    [InlineData("5.", 5)]
    [InlineData("1.5e3", 1500)]
    [InlineData("-2E-2", -0.02)]
    [InlineData("1e+2", 100)]
    public void Numbers_may_have_a_sign_a_fraction_and_an_exponent(string literal, double value)
    {
        Assert.Equal(Eq("a", value), Cql2Text.Parse($"a = {literal}"));
    }

    [Fact]
    public void A_minus_between_a_property_and_a_number_is_a_subtraction()
    {
        Assert.Equal(
            new ComparisonPredicate(ComparisonOperator.GreaterThan, new ArithmeticExpression(ArithmeticOperator.Subtract, P("balance"), N(150)), N(0)),
            Cql2Text.Parse("balance-150.0 > 0"));
    }

    [Fact]
    public void A_unary_minus_before_a_property_is_minus_one_times_it()
    {
        Assert.Equal(
            new ComparisonPredicate(ComparisonOperator.Equal, P("a"), new ArithmeticExpression(ArithmeticOperator.Multiply, N(-1), P("b"))),
            Cql2Text.Parse("a = -b"));
    }

    [Fact]
    public void Multiplication_binds_tighter_than_addition()
    {
        var expected = new ArithmeticExpression(ArithmeticOperator.Add, N(1), new ArithmeticExpression(ArithmeticOperator.Multiply, N(2), P("b")));

        Assert.Equal(new ComparisonPredicate(ComparisonOperator.Equal, P("a"), expected), Cql2Text.Parse("a = 1 + 2 * b"));
    }

    [Fact]
    public void Subtraction_is_left_associative()
    {
        var expected = new ArithmeticExpression(ArithmeticOperator.Subtract, new ArithmeticExpression(ArithmeticOperator.Subtract, P("b"), N(1)), N(2));

        Assert.Equal(new ComparisonPredicate(ComparisonOperator.Equal, P("a"), expected), Cql2Text.Parse("a = b - 1 - 2"));
    }

    [Fact]
    public void Power_is_right_associative()
    {
        var expected = new ArithmeticExpression(ArithmeticOperator.Power, N(2), new ArithmeticExpression(ArithmeticOperator.Power, N(3), P("b")));

        Assert.Equal(new ComparisonPredicate(ComparisonOperator.Equal, P("a"), expected), Cql2Text.Parse("a = 2 ^ 3 ^ b"));
    }

    [Fact]
    public void Div_is_an_operator_in_any_case()
    {
        Assert.Equal(
            new ComparisonPredicate(ComparisonOperator.Equal, new ArithmeticExpression(ArithmeticOperator.IntegerDivide, P("a"), N(2)), N(1)),
            Cql2Text.Parse("a DIV 2 = 1"));
    }

    [Fact]
    public void Parentheses_may_group_arithmetic_on_the_left_of_a_comparison()
    {
        Assert.Equal(
            new ComparisonPredicate(ComparisonOperator.LessThan, new ArithmeticExpression(ArithmeticOperator.Add, P("a"), N(1)), N(5)),
            Cql2Text.Parse("(a + 1) < 5"));
    }

    [Fact]
    public void Not_like_not_between_not_in_and_is_not_null_parse_as_not_around_the_predicate()
    {
        Assert.Equal(new NotExpression(new LikePredicate(P("a"), new StringLiteral("x%"))), Cql2Text.Parse("a NOT LIKE 'x%'"));
        Assert.Equal(new NotExpression(new BetweenPredicate(P("a"), N(1), N(2))), Cql2Text.Parse("a NOT BETWEEN 1 AND 2"));
        Assert.Equal(new NotExpression(new InPredicate(P("a"), N(1), N(2))), Cql2Text.Parse("a NOT IN (1, 2)"));
        Assert.Equal(new NotExpression(new IsNullPredicate(P("a"))), Cql2Text.Parse("a IS NOT NULL"));
    }

    [Fact]
    public void The_and_of_between_is_not_taken_for_a_conjunction()
    {
        Assert.Equal(new AndExpression(new BetweenPredicate(P("a"), N(1), N(2)), Eq("b", 3)), Cql2Text.Parse("a BETWEEN 1 AND 2 AND b = 3"));
    }

    [Fact]
    public void A_boolean_literal_alone_is_a_filter()
    {
        Assert.Equal(new BooleanLiteral(true), Cql2Text.Parse("TRUE"));
    }

    [Fact]
    public void Casei_may_wrap_both_sides_of_like()
    {
        Assert.Equal(
            new LikePredicate(new CaseInsensitive(P("place")), new CaseInsensitive(new StringLiteral("%mombasa%"))),
            Cql2Text.Parse("CASEI(place) LIKE casei('%mombasa%')"));
    }

    [Fact]
    public void Date_and_timestamp_literals_are_read_as_calendar_date_and_utc_instant()
    {
        Assert.Equal(
            new ComparisonPredicate(ComparisonOperator.GreaterThanOrEqual, P("d"), new DateLiteral(new DateOnly(2024, 2, 29))),
            Cql2Text.Parse("d >= DATE('2024-02-29')"));
        Assert.Equal(
            new ComparisonPredicate(ComparisonOperator.LessThan, P("t"), new TimestampLiteral(new DateTimeOffset(2024, 3, 14, 8, 30, 0, TimeSpan.Zero))),
            Cql2Text.Parse("t < timestamp('2024-03-14T08:30:00Z')"));
    }

    [Fact]
    public void A_timestamp_with_an_offset_is_converted_to_utc()
    {
        Assert.Equal(Cql2Text.Parse("t < TIMESTAMP('2024-03-14T08:30:00Z')"), Cql2Text.Parse("t < TIMESTAMP('2024-03-14T10:30:00+02:00')"));
    }

    [Fact]
    public void An_interval_may_be_open_at_either_end_and_mix_dates_and_timestamps()
    {
        var parsed = Assert.IsType<TemporalPredicate>(Cql2Text.Parse("T_INTERSECTS(date, INTERVAL('..', '2024-01-01T12:00:00Z'))"));

        Assert.Equal(new Interval(Unbounded.Value, new TimestampLiteral(new DateTimeOffset(2024, 1, 1, 12, 0, 0, TimeSpan.Zero))), parsed.Right);
        Assert.Equal(
            new Interval(new DateLiteral(new DateOnly(2024, 1, 1)), Unbounded.Value),
            Assert.IsType<TemporalPredicate>(Cql2Text.Parse("T_DURING(date, INTERVAL('2024-01-01', '..'))")).Right);
    }

    [Fact]
    public void Wkt_keywords_are_case_insensitive_and_keep_the_coordinates_in_x_y_order()
    {
        var parsed = Assert.IsType<SpatialPredicate>(Cql2Text.Parse("s_intersects(geometry, point(36.82 -1.29))"));

        var point = Assert.IsType<Point>(Assert.IsType<GeometryLiteral>(parsed.Right).Geometry);
        Assert.Equal(36.82, point.X);
        Assert.Equal(-1.29, point.Y);
    }

    [Fact]
    public void An_empty_geometry_is_a_geometry_literal()
    {
        var parsed = Assert.IsType<SpatialPredicate>(Cql2Text.Parse("S_INTERSECTS(geometry, POINT EMPTY)"));

        Assert.True(Assert.IsType<GeometryLiteral>(parsed.Right).Geometry.IsEmpty);
    }

    [Fact]
    public void A_bbox_keeps_its_four_numbers_in_cql2_order()
    {
        var parsed = Assert.IsType<SpatialPredicate>(Cql2Text.Parse("S_WITHIN(geometry, BBOX(33.9, -4.7, 41.9, 5.0))"));

        Assert.Equal(new BBoxLiteral(33.9, -4.7, 41.9, 5.0), parsed.Right);
    }

    [Theory]
    [InlineData("S_DWITHIN(geometry, POINT(36.8 -1.3), 500)", 500)]
    [InlineData("S_DWITHIN(geometry, POINT(36.8 -1.3), 5, 'km')", 5000)]
    [InlineData("S_DWITHIN(geometry, POINT(36.8 -1.3), 1, nmi)", 1852)]
    public void S_dwithin_keeps_its_distance_in_metres(string text, double metres)
    {
        Assert.Equal(metres, Assert.IsType<DistancePredicate>(Cql2Text.Parse(text)).DistanceMeters);
    }

    [Fact]
    public void An_unknown_function_is_kept_as_a_call_with_its_arguments()
    {
        Assert.Equal(
            new ComparisonPredicate(ComparisonOperator.GreaterThan, new FunctionCall("area", P("geometry")), N(10)),
            Cql2Text.Parse("area(geometry) > 10"));
        Assert.Equal(new FunctionCall("now"), Assert.IsType<TemporalPredicate>(Cql2Text.Parse("T_BEFORE(date, now())")).Right);
    }

    [Fact]
    public void Function_like_keywords_not_followed_by_a_parenthesis_are_property_names()
    {
        Assert.Equal(
            new TemporalPredicate(TemporalOperator.After, P("date"), new DateLiteral(new DateOnly(2024, 1, 1))),
            Cql2Text.Parse("T_AFTER(date, DATE('2024-01-01'))"));
        Assert.Equal(
            new AndExpression(Eq("bbox", 1), Eq("timestamp", 2), Eq("point", 3), Eq("s_intersects", 4)),
            Cql2Text.Parse("bbox = 1 AND timestamp = 2 AND point = 3 AND s_intersects = 4"));
    }

    [Fact]
    public void Line_breaks_and_tabs_are_white_space()
    {
        Assert.Equal(Cql2Text.Parse("a = 1 AND b = 2"), Cql2Text.Parse("a\t=\n1\r\nAND\n\tb = 2\n"));
    }

    [Fact]
    public void Different_filters_give_different_trees()
    {
        Assert.NotEqual(Cql2Text.Parse("a = 1"), Cql2Text.Parse("a = 2"));
        Assert.NotEqual(Cql2Text.Parse("a IN (1, 2)"), Cql2Text.Parse("a IN (2, 1)"));
        Assert.NotEqual(Cql2Text.Parse("S_INTERSECTS(g, POINT(1 2))"), Cql2Text.Parse("S_INTERSECTS(g, POINT(2 1))"));
    }
}
