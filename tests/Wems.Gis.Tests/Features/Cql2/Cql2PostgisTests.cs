using Npgsql;
using Wems.Gis.Features.Cql2;
using Wems.Gis.Tests.Support;

namespace Wems.Gis.Tests.Features.Cql2;

/// <summary>
/// Translated filters run on PostgreSQL + PostGIS against four cases given inline, so that the SQL is checked for
/// validity and meaning, not only for its text.
/// </summary>
public sealed class Cql2PostgisTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    // Nairobi and a point 9 km east of it (cases 1 and 4), Mombasa (2), and Fiji next to the antimeridian (3).
    private const string CasesSql = """
        with c (id, status, place_name, arrests, transboundary, event_date, closed_on, updated_at, geom) as (values
            (1, 'open', 'Nairobi 100% ivory', 0, true, date '2024-01-15', date '2024-02-01',
                timestamptz '2024-01-15T10:00:00Z', ST_SetSRID(ST_MakePoint(36.82, -1.29), 4326)),
            (2, 'closed', 'Mombasa port', 3, false, date '2024-03-01', null::date,
                timestamptz '2024-03-02T00:00:00Z', ST_SetSRID(ST_MakePoint(39.67, -4.05), 4326)),
            (3, 'open', 'O''Brien''s farm', 1, false, date '2023-12-31', date '2024-01-10',
                null::timestamptz, ST_SetSRID(ST_MakePoint(179.5, -17.0), 4326)),
            (4, 'closed', null, 2, true, date '2024-06-30', date '2024-07-05',
                timestamptz '2024-07-01T12:00:00Z', ST_SetSRID(ST_MakePoint(36.90, -1.30), 4326)))
        select c.id from c where {filter} order by c.id
        """;

    private async Task<int[]> MatchingAsync(SqlFilter filter)
    {
        await using var command = db.DataSource.CreateCommand(CasesSql.Replace("{filter}", filter.Sql, StringComparison.Ordinal));
        filter.AddTo(command.Parameters);
        var ids = new List<int>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetInt32(0));
        }

        return [.. ids];
    }

    private Task<int[]> MatchingAsync(string cql2Text, int srid = 4326) => MatchingAsync(CaseQueryables.Sql(cql2Text, srid));

    [Theory]
    [InlineData("status = 'open'", new[] { 1, 3 })]
    [InlineData("NOT (status = 'open') AND arrests > 2", new[] { 2 })]
    [InlineData("place IS NULL", new[] { 4 })]
    [InlineData("arrests BETWEEN 1 AND 2", new[] { 3, 4 })]
    [InlineData("arrests NOT IN (0, 3)", new[] { 3, 4 })]
    [InlineData("transboundary = TRUE", new[] { 1, 4 })]
    public async Task Basic_comparisons_select_the_expected_cases(string filter, int[] expected)
    {
        Assert.Equal(expected, await MatchingAsync(filter));
    }

    [Theory]
    [InlineData("place LIKE '%\\%%'", new[] { 1 })]
    [InlineData("place LIKE '%_%'", new[] { 1, 2, 3 })]
    [InlineData("place = 'O''Brien''s farm'", new[] { 3 })]
    [InlineData("CASEI(place) LIKE CASEI('%MOMBASA%')", new[] { 2 })]
    public async Task Like_escapes_and_quotes_work_on_postgresql(string filter, int[] expected)
    {
        Assert.Equal(expected, await MatchingAsync(filter));
    }

    [Fact]
    public async Task An_injection_attempt_in_a_string_matches_nothing()
    {
        Assert.Empty(await MatchingAsync("status = 'x'' OR 1=1 --'"));
    }

    [Theory]
    [InlineData("arrests / 2 = 1.5", new[] { 2 })]
    [InlineData("arrests % 2 = 1", new[] { 2, 3 })]
    [InlineData("arrests div 2 = 1", new[] { 2, 4 })]
    [InlineData("arrests ^ 2 > 3", new[] { 2, 4 })]
    public async Task Arithmetic_divides_as_real_numbers_and_div_as_integers(string filter, int[] expected)
    {
        Assert.Equal(expected, await MatchingAsync(filter));
    }

    [Theory]
    [InlineData("T_INTERSECTS(date, INTERVAL('2024-01-01', '2024-03-01'))", new[] { 1, 2 })]
    [InlineData("T_DURING(date, INTERVAL('2024-01-01', '2024-03-01'))", new[] { 1 })]
    [InlineData("T_INTERSECTS(date, INTERVAL('2024-03-01', '..'))", new[] { 2, 4 })]
    [InlineData("T_AFTER(date, TIMESTAMP('2024-02-29T23:00:00Z'))", new[] { 2, 4 })]
    [InlineData("T_BEFORE(updated, DATE('2024-03-02'))", new[] { 1 })]
    [InlineData("T_INTERSECTS(INTERVAL(date, closed), DATE('2024-01-05'))", new[] { 3 })]
    public async Task Temporal_functions_select_the_expected_case_dates(string filter, int[] expected)
    {
        Assert.Equal(expected, await MatchingAsync(filter));
    }

    [Theory]
    [InlineData("S_INTERSECTS(geometry, BBOX(36, -2, 37, -1))", new[] { 1, 4 })]
    [InlineData("S_INTERSECTS(geometry, BBOX(179, -18, -179, -16))", new[] { 3 })]
    [InlineData("S_WITHIN(geometry, POLYGON((36 -2, 40 -2, 40 -5, 36 -5, 36 -2)))", new[] { 2 })]
    [InlineData("S_DWITHIN(geometry, POINT(36.82 -1.29), 10, 'km')", new[] { 1, 4 })]
    [InlineData("S_DWITHIN(geometry, POINT(36.82 -1.29), 5, 'km')", new[] { 1 })]
    public async Task Spatial_functions_select_the_expected_case_locations(string filter, int[] expected)
    {
        Assert.Equal(expected, await MatchingAsync(filter));
    }

    [Fact]
    public async Task A_bbox_in_web_mercator_is_transformed_to_the_column_crs()
    {
        // Nairobi is near x = 4 099 000 m, y = -143 600 m in EPSG:3857.
        var matching = await MatchingAsync("S_INTERSECTS(geometry, BBOX(4000000, -250000, 4200000, -100000))", srid: 3857);

        Assert.Equal([1, 4], matching);
    }

    [Fact]
    public async Task A_cql2_json_filter_runs_like_its_text()
    {
        var filter = Cql2Sql.Translate(
            Cql2Json.Parse("""{"op": "and", "args": [{"op": "s_intersects", "args": [{"property": "geometry"}, {"bbox": [36, -2, 37, -1]}]}, {"op": "t_after", "args": [{"property": "date"}, {"date": "2024-02-01"}]}]}"""),
            CaseQueryables.Set);

        var matching = await MatchingAsync(filter);

        Assert.Equal([4], matching);
    }

    [Theory]
    [InlineData("T_AFTER")]
    [InlineData("T_BEFORE")]
    [InlineData("T_CONTAINS")]
    [InlineData("T_DISJOINT")]
    [InlineData("T_DURING")]
    [InlineData("T_EQUALS")]
    [InlineData("T_FINISHEDBY")]
    [InlineData("T_FINISHES")]
    [InlineData("T_INTERSECTS")]
    [InlineData("T_MEETS")]
    [InlineData("T_METBY")]
    [InlineData("T_OVERLAPPEDBY")]
    [InlineData("T_OVERLAPS")]
    [InlineData("T_STARTEDBY")]
    [InlineData("T_STARTS")]
    public async Task Every_temporal_function_is_valid_sql_with_dates_and_timestamps_mixed(string function)
    {
        var exception = await Record.ExceptionAsync(() =>
            MatchingAsync($"{function}(INTERVAL(date, updated), INTERVAL('2024-01-01', '2024-06-30T12:00:00Z'))"));

        Assert.Null(exception);
    }

    [Theory]
    [InlineData("S_INTERSECTS")]
    [InlineData("S_EQUALS")]
    [InlineData("S_DISJOINT")]
    [InlineData("S_TOUCHES")]
    [InlineData("S_WITHIN")]
    [InlineData("S_OVERLAPS")]
    [InlineData("S_CROSSES")]
    [InlineData("S_CONTAINS")]
    public async Task Every_spatial_function_is_valid_sql(string function)
    {
        var exception = await Record.ExceptionAsync(() => MatchingAsync($"{function}(geometry, POLYGON((36 -2, 40 -2, 40 -5, 36 -2)))"));

        Assert.Null(exception);
    }

    [Fact]
    public async Task A_parameter_name_of_the_filter_does_not_clash_with_the_callers_own()
    {
        var filter = CaseQueryables.Sql("status = 'open'");
        await using var command = db.DataSource.CreateCommand(
            CasesSql.Replace("{filter}", $"{filter.Sql} AND c.arrests >= @minArrests", StringComparison.Ordinal));
        filter.AddTo(command.Parameters);
        command.Parameters.Add(new NpgsqlParameter("minArrests", 1));

        Assert.Equal(3, await command.ExecuteScalarAsync());
    }
}
