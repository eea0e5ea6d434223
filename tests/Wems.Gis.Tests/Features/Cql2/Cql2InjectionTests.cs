using Wems.Gis.Features.Cql2;
using static Wems.Gis.Tests.Features.Cql2.CaseQueryables;

namespace Wems.Gis.Tests.Features.Cql2;

/// <summary>Nothing a client writes reaches the SQL text: literals are parameters, names come from the queryables.</summary>
public sealed class Cql2InjectionTests
{
    [Fact]
    public void A_string_that_closes_its_quote_stays_one_parameter_value()
    {
        var filter = Sql("status = 'x'' OR 1=1 --'");

        Assert.Equal("c.status = @cql0", filter.Sql);
        Assert.Equal(["x' OR 1=1 --"], filter.Parameters);
        Assert.DoesNotContain("OR 1=1", filter.Sql, StringComparison.Ordinal);
        Assert.DoesNotContain("--", filter.Sql, StringComparison.Ordinal);
        Assert.DoesNotContain("x'", filter.Sql, StringComparison.Ordinal);
    }

    [Fact]
    public void A_string_that_closes_its_quote_in_json_stays_one_parameter_value()
    {
        var filter = Cql2Sql.Translate(Cql2Json.Parse("""{"op": "=", "args": [{"property": "status"}, "x' OR 1=1 --"]}"""), Set);

        Assert.Equal("c.status = @cql0", filter.Sql);
        Assert.Equal(["x' OR 1=1 --"], filter.Parameters);
    }

    [Fact]
    public void A_like_pattern_with_quotes_stays_one_parameter_value()
    {
        var filter = Sql("place LIKE '%''; delete from seizure_case; --%'");

        Assert.Equal("c.place_name LIKE @cql0 ESCAPE '\\'", filter.Sql);
        Assert.Equal(["%'; delete from seizure_case; --%"], filter.Parameters);
    }

    [Fact]
    public void An_unknown_property_is_refused_with_the_list_of_queryables()
    {
        Assert.Equal(
            "unknown property 'species'; queryables are: status, place, arrests, transboundary, date, closed, updated, geometry " +
            "(if 'species' is meant as text, write it in single quotes)",
            Refused("species = 'Loxodonta africana'").Message);
    }

    [Fact]
    public void A_property_differing_only_in_case_is_unknown_and_the_message_names_the_right_one()
    {
        Assert.EndsWith("(names are case-sensitive: did you mean 'status'?)", Refused("Status = 'open'").Message);
    }

    [Fact]
    public void A_quoted_property_name_holding_sql_is_refused_as_unknown()
    {
        Assert.StartsWith("unknown property 'a; drop table x'; queryables are:", Refused("\"a; drop table x\" = 1").Message);
    }

    [Fact]
    public void A_json_property_name_holding_sql_is_refused_as_unknown()
    {
        var error = Assert.Throws<Cql2Exception>(() => Cql2Sql.Translate(
            Cql2Json.Parse("""{"op": "=", "args": [{"property": "status = status OR 1=1 --"}, "x"]}"""), Set));

        Assert.StartsWith("unknown property 'status = status OR 1=1 --'", error.Message);
    }

    [Fact]
    public void A_json_function_name_holding_sql_is_refused()
    {
        var error = Assert.Throws<Cql2Exception>(() => Cql2Sql.Translate(
            Cql2Json.Parse("""{"op": "pg_sleep(10); --", "args": []}"""), Set));

        Assert.StartsWith("the function pg_sleep(10); --() is not supported", error.Message);
    }

    [Fact]
    public void A_property_named_after_a_queryable_column_rather_than_its_name_is_unknown()
    {
        Assert.StartsWith("unknown property 'c.event_date'", Refused("\"c.event_date\" = DATE('2024-01-01')").Message);
    }

    [Fact]
    public void Geometry_coordinates_reach_postgis_only_as_a_parameter()
    {
        var filter = Sql("S_INTERSECTS(geometry, POINT(36.82 -1.29))");

        Assert.DoesNotContain("36.82", filter.Sql, StringComparison.Ordinal);
    }

    [Fact]
    public void Numbers_dates_and_distances_reach_the_sql_only_as_parameters()
    {
        var filter = Sql("arrests > 7 AND T_AFTER(date, DATE('2019-05-17')) AND S_DWITHIN(geometry, POINT(1 2), 1234)");

        Assert.DoesNotContain("7", filter.Sql, StringComparison.Ordinal);
        Assert.DoesNotContain("2019", filter.Sql, StringComparison.Ordinal);
        Assert.DoesNotContain("1234", filter.Sql, StringComparison.Ordinal);
        Assert.Equal(4, filter.Parameters.Count);
    }
}
