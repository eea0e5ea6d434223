using Wems.Gis.AnalysisRuns;
using Wems.Gis.Storage;

namespace Wems.Gis.Tests.AnalysisRuns;

/// <summary>Corridor runs stored as layers: flows, country roles and who may see them.</summary>
public sealed class CorridorRunTests(AnalysisDatabaseFixture db) : IClassFixture<AnalysisDatabaseFixture>
{
    private const string FlowCountSql = "select count(*) from corridor_flow where run_id = @run";

    [Fact]
    public async Task Flow_case_counts_equal_the_legs_counted_from_the_stored_trade_chains()
    {
        var run = await CorridorRun.RunAsync(db.DataSource, AnalysisDatabaseFixture.Kenya, null, "test");

        // Counted here from trade_chain alone: the chain's countries in order, the seizure country inserted before the
        // first intended entry (or at the end) when the chain does not name it; each change of country is a leg, and a
        // case counts once per directed pair. Every pair must match the stored flow, and no flow may be left over.
        const string sql = """
            with visible as (select id, country::text country from seizure_case where country = 'KE' and deleted_at is null),
            nodes as (
                select t.case_id, t.seq::numeric pos, t.country::text country from trade_chain t join visible v on v.id = t.case_id
                union all
                select v.id, coalesce((select min(t.seq) from trade_chain t where t.case_id = v.id and t.intended) - 0.5,
                                      (select max(t.seq) from trade_chain t where t.case_id = v.id) + 0.5), v.country
                from visible v
                where exists (select 1 from trade_chain t where t.case_id = v.id)
                  and not exists (select 1 from trade_chain t where t.case_id = v.id and t.country = v.country)),
            steps as (select case_id, country, lag(country) over (partition by case_id order by pos) previous from nodes),
            expected as (select previous from_iso2, country to_iso2, count(distinct case_id) cases
                         from steps where previous is not null and previous <> country group by 1, 2),
            stored as (select from_iso2::text, to_iso2::text, cases from corridor_flow where run_id = @run)
            select count(*) filter (where e.cases is distinct from s.cases), count(*), coalesce(sum(e.cases), 0)
            from expected e full join stored s using (from_iso2, to_iso2)
            """;
        await using var command = db.DataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("run", run.Run.RunId);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(0, reader.GetInt64(0));
        Assert.Equal(run.Run.ResultRows, reader.GetInt64(1));
        Assert.True(reader.GetInt64(2) > 20, $"only {reader.GetInt64(2)} case legs");
    }

    [Fact]
    public async Task Seizures_in_Kenya_equal_the_Kenyan_cases()
    {
        var run = await CorridorRun.RunAsync(db.DataSource, AnalysisDatabaseFixture.Kenya, null, "test");

        var kenyan = await db.ScalarAsync<long>("select count(*) from seizure_case where country = 'KE' and deleted_at is null");
        Assert.Equal(kenyan, await db.ScalarAsync<int>(
            "select seizures_in from country_role where run_id = @run and iso2 = 'KE'", ("run", run.Run.RunId)));
        Assert.Equal(0, await db.ScalarAsync<long>(
            "select coalesce(sum(seizures_in), 0) from country_role where run_id = @run and iso2 <> 'KE'", ("run", run.Run.RunId)));
        Assert.Equal(run.Countries, await db.ScalarAsync<long>("select count(*) from country_role where run_id = @run", ("run", run.Run.RunId)));
    }

    [Fact]
    public async Task The_two_directions_of_a_pair_are_drawn_as_different_arcs()
    {
        var run = await CorridorRun.RunAsync(db.DataSource, AnalysisDatabaseFixture.Kenya, null, "test");

        const string sql = """
            select count(*) filter (where ST_Equals(a.geom, ST_Reverse(b.geom))), count(*)
            from corridor_flow a join corridor_flow b on b.run_id = a.run_id and (b.from_iso2, b.to_iso2) = (a.to_iso2, a.from_iso2)
            where a.run_id = @run
            """;
        await using var command = db.DataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("run", run.Run.RunId);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(0, reader.GetInt64(0));
        Assert.True(reader.GetInt64(1) > 0, "no pair has flows both ways");
    }

    [Fact]
    public async Task Flows_and_roles_of_a_Kenyan_run_are_invisible_to_a_Tanzanian_caller_and_to_an_anonymous_one()
    {
        var run = await CorridorRun.RunAsync(db.DataSource, AnalysisDatabaseFixture.Kenya, null, "test");
        const string roles = "select count(*) from country_role where run_id = @run";

        Assert.Equal(run.Run.ResultRows, await db.ScalarAsAsync<long>(AnalysisDatabaseFixture.Kenya, FlowCountSql, ("run", run.Run.RunId)));
        Assert.Equal(0, await db.ScalarAsAsync<long>(AnalysisDatabaseFixture.Tanzania, FlowCountSql, ("run", run.Run.RunId)));
        Assert.Equal(0, await db.ScalarAsAsync<long>(CallerScope.Anonymous, FlowCountSql, ("run", run.Run.RunId)));
        Assert.Equal(0, await db.ScalarAsAsync<long>(AnalysisDatabaseFixture.Tanzania, roles, ("run", run.Run.RunId)));
        Assert.Equal(0, await db.ScalarAsAsync<long>(CallerScope.Anonymous, roles, ("run", run.Run.RunId)));
    }
}
