using Npgsql;
using Wems.Gis.AnalysisRuns;
using Wems.Gis.Storage;

namespace Wems.Gis.Tests.AnalysisRuns;

/// <summary>Hotspot runs stored as layers: what they read, what they store and who may see it.</summary>
public sealed class HotspotRunTests(AnalysisDatabaseFixture db) : IClassFixture<AnalysisDatabaseFixture>
{
    private const string CellCountSql = "select count(*) from hotspot_cell where run_id = @run";

    [Fact]
    public async Task A_run_for_Kenya_stores_cells_whose_counts_sum_to_the_Kenyan_cases_it_read()
    {
        var run = await HotspotRun.RunAsync(db.DataSource, AnalysisDatabaseFixture.Kenya, null, "test");

        var kenyan = await db.ScalarAsync<long>("select count(*) from seizure_case where country = 'KE' and deleted_at is null");
        var stored = await db.ScalarAsync<long>("select sum(count) from hotspot_cell where run_id = @run", ("run", run.RunId));
        Assert.True(kenyan > 50, $"only {kenyan} Kenyan demo cases");
        Assert.Equal(kenyan, run.InputCases);
        Assert.Equal(kenyan, stored);
        Assert.Equal(run.ResultRows, await db.ScalarAsync<long>(CellCountSql, ("run", run.RunId)));
    }

    [Fact]
    public async Task A_run_with_k_nearest_weights_stores_them_with_its_parameters_and_no_band()
    {
        var run = await HotspotRun.RunAsync(db.DataSource, AnalysisDatabaseFixture.Kenya,
            new HotspotParameters { CellAreaKm2 = 2000, Neighbourhood = HotspotNeighbourhood.Knn, K = 6 }, "test");

        const string Sql = "select concat_ws('|', parameters->>'weights', parameters->>'k', coalesce(parameters->>'distance_band_km', 'none')) from analysis_run where id = @run";
        Assert.Equal("knn|6|none", await db.ScalarAsync<string>(Sql, ("run", run.RunId)));
    }

    [Fact]
    public async Task Inverse_distance_weights_give_other_z_scores_than_the_band_on_the_same_cells()
    {
        var band = await HotspotRun.RunAsync(db.DataSource, AnalysisDatabaseFixture.Kenya,
            new HotspotParameters { CellAreaKm2 = 2000, DistanceBandKm = 150 }, "test");
        var inverse = await HotspotRun.RunAsync(db.DataSource, AnalysisDatabaseFixture.Kenya,
            new HotspotParameters { CellAreaKm2 = 2000, DistanceBandKm = 150, Neighbourhood = HotspotNeighbourhood.Inverse, Power = 2 }, "test");

        const string Sql = """
            select count(*) from hotspot_cell a join hotspot_cell b on (a.q, a.r) = (b.q, b.r)
            where a.run_id = @a and b.run_id = @b and abs(a.z - b.z) > 1e-6
            """;
        Assert.True(await db.ScalarAsync<long>(Sql, ("a", band.RunId), ("b", inverse.RunId)) > 0);
        Assert.Equal("inverse|2", await db.ScalarAsync<string>(
            "select concat_ws('|', parameters->>'weights', parameters->>'power') from analysis_run where id = @run", ("run", inverse.RunId)));
    }

    [Fact]
    public async Task A_run_records_its_scope_parameters_and_data_version()
    {
        var run = await HotspotRun.RunAsync(db.DataSource, AnalysisDatabaseFixture.Kenya, new HotspotParameters { CellAreaKm2 = 2000 }, "test");

        Assert.Equal("national:KE", await db.ScalarAsync<string>("select tier || ':' || country from analysis_run where id = @run", ("run", run.RunId)));
        Assert.Equal(2000, await db.ScalarAsync<double>("select (parameters->>'cell_area_km2')::float8 from analysis_run where id = @run", ("run", run.RunId)));
        Assert.True(await db.ScalarAsync<double>("select (parameters->>'distance_band_km')::float8 from analysis_run where id = @run", ("run", run.RunId)) > 0);
        Assert.Equal(run.DataVersion, await db.ScalarAsync<string>("select data_version from analysis_run where id = @run", ("run", run.RunId)));
    }

    [Fact]
    public async Task Cells_of_a_Kenyan_run_are_invisible_to_a_Tanzanian_national_caller_and_to_an_anonymous_one()
    {
        var run = await HotspotRun.RunAsync(db.DataSource, AnalysisDatabaseFixture.Kenya, null, "test");

        Assert.Equal(run.ResultRows, await db.ScalarAsAsync<long>(AnalysisDatabaseFixture.Kenya, CellCountSql, ("run", run.RunId)));
        Assert.Equal(0, await db.ScalarAsAsync<long>(AnalysisDatabaseFixture.Tanzania, CellCountSql, ("run", run.RunId)));
        Assert.Equal(0, await db.ScalarAsAsync<long>(CallerScope.Anonymous, CellCountSql, ("run", run.RunId)));
        Assert.Equal(0, await db.ScalarAsAsync<long>(AnalysisDatabaseFixture.Latf, CellCountSql, ("run", run.RunId)));
        Assert.Equal(0, await db.ScalarAsAsync<long>(CallerScope.Anonymous, "select count(*) from analysis_run where id = @run", ("run", run.RunId)));
    }

    [Fact]
    public async Task Rerunning_with_the_same_data_gives_the_same_cells_z_scores_and_data_version()
    {
        var first = await HotspotRun.RunAsync(db.DataSource, AnalysisDatabaseFixture.Kenya, null, "test");
        var second = await HotspotRun.RunAsync(db.DataSource, AnalysisDatabaseFixture.Kenya, null, "test");

        const string differing = """
            select count(*) from hotspot_cell a full join hotspot_cell b on b.run_id = @b and (b.q, b.r) = (a.q, a.r)
            where (a.run_id = @a or a.run_id is null) and (b.run_id = @b or b.run_id is null)
              and (a.q is null or b.q is null or a.count <> b.count or a.z is distinct from b.z or a.bin_fdr <> b.bin_fdr)
            """;
        Assert.Equal(first.DataVersion, second.DataVersion);
        Assert.Equal(first.ResultRows, second.ResultRows);
        Assert.Equal(0, await db.ScalarAsync<long>(differing, ("a", first.RunId), ("b", second.RunId)));
    }

    [Fact]
    public async Task A_regional_run_reads_exactly_the_shared_cases_of_the_member_countries()
    {
        var run = await HotspotRun.RunAsync(db.DataSource, AnalysisDatabaseFixture.Latf, null, "test");

        var shared = await db.ScalarAsync<long>("""
            select count(*) from seizure_case
            where transboundary and deleted_at is null and country in (select country from region_member where region_code = 'LATF')
            """);
        Assert.Equal(shared, run.InputCases);
        Assert.Equal(run.ResultRows, await db.ScalarAsAsync<long>(AnalysisDatabaseFixture.Latf, CellCountSql, ("run", run.RunId)));
        Assert.Equal(0, await db.ScalarAsAsync<long>(AnalysisDatabaseFixture.Kenya, CellCountSql, ("run", run.RunId)));
    }

    [Fact]
    public async Task A_date_range_and_commodity_filter_limit_the_cases_read()
    {
        var parameters = new HotspotParameters { Filter = new CaseFilter(new DateOnly(2018, 1, 1), new DateOnly(2020, 12, 31), "ivory"), CellAreaKm2 = 5000 };

        var run = await HotspotRun.RunAsync(db.DataSource, AnalysisDatabaseFixture.Kenya, parameters, "test");

        var expected = await db.ScalarAsync<long>("""
            select count(*) from seizure_case c
            where c.country = 'KE' and c.deleted_at is null and c.event_date between '2018-01-01' and '2020-12-31'
              and exists (select 1 from specimen p join species s on s.id = p.species_id where p.case_id = c.id and s.commodity_group = 'ivory')
            """);
        Assert.Equal(expected, run.InputCases);
        Assert.Equal(expected, await db.ScalarAsync<long>("select coalesce(sum(count), 0) from hotspot_cell where run_id = @run", ("run", run.RunId)));
    }

    [Fact]
    public async Task A_national_caller_cannot_store_a_run_for_another_country()
    {
        var e = await Assert.ThrowsAsync<PostgresException>(() => db.ScalarAsAsync<long>(AnalysisDatabaseFixture.Kenya, """
            insert into analysis_run (kind, parameters, tier, country, input_cases, data_version, created_by, duration_ms)
            values ('hotspots', '{}', 'national', 'TZ', 0, '', 'test', 0) returning id
            """));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, e.SqlState);
    }

    [Fact]
    public async Task A_public_scope_is_refused_because_it_sees_no_case_locations() =>
        await Assert.ThrowsAsync<ArgumentException>(() => HotspotRun.RunAsync(db.DataSource, CallerScope.Anonymous, null, "test"));
}
