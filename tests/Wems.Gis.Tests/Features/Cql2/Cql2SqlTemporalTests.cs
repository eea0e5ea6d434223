using Wems.Gis.Features.Cql2;
using static Wems.Gis.Tests.Features.Cql2.CaseQueryables;

namespace Wems.Gis.Tests.Features.Cql2;

public sealed class Cql2SqlTemporalTests
{
    private static readonly DateOnly January1 = new(2024, 1, 1);
    private static readonly DateOnly March31 = new(2024, 3, 31);

    [Fact]
    public void T_after_a_date_is_greater_than()
    {
        var filter = Sql("T_AFTER(date, DATE('2024-01-01'))");

        Assert.Equal("c.event_date > @cql0", filter.Sql);
        Assert.Equal([January1], filter.Parameters);
    }

    [Fact]
    public void T_before_a_date_is_less_than()
    {
        Assert.Equal("c.event_date < @cql0", Sql("T_BEFORE(date, DATE('2024-01-01'))").Sql);
    }

    [Fact]
    public void T_after_an_interval_is_after_its_end()
    {
        var filter = Sql("T_AFTER(date, INTERVAL('2024-01-01', '2024-03-31'))");

        Assert.Equal("c.event_date > @cql1", filter.Sql);
        Assert.Equal([January1, March31], filter.Parameters);
    }

    [Fact]
    public void T_intersects_an_interval_includes_both_ends()
    {
        var filter = Sql("T_INTERSECTS(date, INTERVAL('2024-01-01', '2024-03-31'))");

        Assert.Equal("(c.event_date <= @cql1 AND c.event_date >= @cql0)", filter.Sql);
        Assert.Equal([January1, March31], filter.Parameters);
    }

    [Fact]
    public void T_during_an_interval_excludes_both_ends()
    {
        Assert.Equal("(c.event_date > @cql0 AND c.event_date < @cql1)", Sql("T_DURING(date, INTERVAL('2024-01-01', '2024-03-31'))").Sql);
    }

    [Fact]
    public void An_open_end_drops_its_comparison()
    {
        Assert.Equal("c.event_date >= @cql0", Sql("T_INTERSECTS(date, INTERVAL('2024-01-01', '..'))").Sql);
        Assert.Equal("c.event_date <= @cql0", Sql("T_INTERSECTS(date, INTERVAL('..', '2024-01-01'))").Sql);
    }

    [Fact]
    public void An_interval_open_at_both_ends_intersects_everything()
    {
        Assert.Equal("TRUE", Sql("T_INTERSECTS(date, INTERVAL('..', '..'))").Sql);
    }

    [Fact]
    public void Nothing_is_before_an_interval_with_an_open_start()
    {
        Assert.Equal("FALSE", Sql("T_BEFORE(date, INTERVAL('..', '2024-01-01'))").Sql);
    }

    [Fact]
    public void Two_instants_intersect_when_equal_and_are_disjoint_when_not()
    {
        Assert.Equal("c.event_date = @cql0", Sql("T_INTERSECTS(date, DATE('2024-01-01'))").Sql);
        Assert.Equal("c.event_date = @cql0", Sql("T_EQUALS(date, DATE('2024-01-01'))").Sql);
        Assert.Equal("c.event_date <> @cql0", Sql("T_DISJOINT(date, DATE('2024-01-01'))").Sql);
    }

    [Fact]
    public void A_date_meeting_a_timestamp_is_taken_at_midnight_utc()
    {
        var filter = Sql("T_AFTER(date, TIMESTAMP('2024-01-01T12:00:00Z'))");

        Assert.Equal("(c.event_date::timestamp AT TIME ZONE 'UTC') > @cql0", filter.Sql);
        Assert.Equal([new DateTime(2024, 1, 1, 12, 0, 0, DateTimeKind.Utc)], filter.Parameters);
    }

    [Fact]
    public void A_date_literal_meeting_a_timestamp_property_is_taken_at_midnight_utc()
    {
        Assert.Equal("c.updated_at < (@cql0::timestamp AT TIME ZONE 'UTC')", Sql("T_BEFORE(updated, DATE('2024-01-01'))").Sql);
    }

    [Fact]
    public void An_interval_may_be_bounded_by_two_properties()
    {
        Assert.Equal(
            "(c.event_date <= @cql1 AND c.closed_on >= @cql0)",
            Sql("T_INTERSECTS(INTERVAL(date, closed), INTERVAL('2024-01-01', '2024-03-31'))").Sql);
    }

    // Allen's relations as CQL2 defines them, for a = [date, closed] and b = [@cql0, @cql1].
    [Theory]
    [InlineData("T_AFTER", "c.event_date > @cql1")]
    [InlineData("T_BEFORE", "c.closed_on < @cql0")]
    [InlineData("T_CONTAINS", "(c.event_date < @cql0 AND c.closed_on > @cql1)")]
    [InlineData("T_DISJOINT", "(c.closed_on < @cql0 OR c.event_date > @cql1)")]
    [InlineData("T_DURING", "(c.event_date > @cql0 AND c.closed_on < @cql1)")]
    [InlineData("T_EQUALS", "(c.event_date = @cql0 AND c.closed_on = @cql1)")]
    [InlineData("T_FINISHEDBY", "(c.event_date < @cql0 AND c.closed_on = @cql1)")]
    [InlineData("T_FINISHES", "(c.event_date > @cql0 AND c.closed_on = @cql1)")]
    [InlineData("T_INTERSECTS", "(c.event_date <= @cql1 AND c.closed_on >= @cql0)")]
    [InlineData("T_MEETS", "c.closed_on = @cql0")]
    [InlineData("T_METBY", "c.event_date = @cql1")]
    [InlineData("T_OVERLAPPEDBY", "(c.event_date > @cql0 AND c.event_date < @cql1 AND c.closed_on > @cql1)")]
    [InlineData("T_OVERLAPS", "(c.event_date < @cql0 AND c.closed_on > @cql0 AND c.closed_on < @cql1)")]
    [InlineData("T_STARTEDBY", "(c.event_date = @cql0 AND c.closed_on > @cql1)")]
    [InlineData("T_STARTS", "(c.event_date = @cql0 AND c.closed_on < @cql1)")]
    public void Each_temporal_function_compares_the_ends_as_allen_defines(string function, string sql)
    {
        Assert.Equal(sql, Sql($"{function}(INTERVAL(date, closed), INTERVAL('2024-01-01', '2024-03-31'))").Sql);
    }

    [Fact]
    public void A_disjoint_condition_is_parenthesised_inside_an_and()
    {
        Assert.Equal(
            "(c.status = @cql0 AND (c.event_date < @cql1 OR c.event_date > @cql2))",
            Sql("status = 'open' AND T_DISJOINT(date, INTERVAL('2024-01-01', '2024-03-31'))").Sql);
    }

    [Fact]
    public void An_interval_that_ends_before_it_starts_is_refused()
    {
        Assert.Equal(
            "the INTERVAL from DATE('2024-03-31') to DATE('2024-01-01') ends before it starts",
            Refused("T_DURING(date, INTERVAL('2024-03-31', '2024-01-01'))").Message);
    }

    [Fact]
    public void A_temporal_function_on_a_text_property_is_refused()
    {
        Assert.Equal("T_AFTER needs dates or timestamps, but property 'status' is text", Refused("T_AFTER(status, DATE('2024-01-01'))").Message);
    }

    [Fact]
    public void A_json_interval_translates_like_the_same_text()
    {
        var json = Cql2Sql.Translate(
            Cql2Json.Parse("""{"op": "t_intersects", "args": [{"property": "date"}, {"interval": ["2024-01-01", ".."]}]}"""),
            Set);

        Assert.Equal("c.event_date >= @cql0", json.Sql);
        Assert.Equal([January1], json.Parameters);
    }
}
