using Wems.Gis.AnalysisRuns;
using Wems.Gis.Storage;

namespace Wems.Gis.Tests.AnalysisRuns;

/// <summary>Border-coverage runs stored as layers.</summary>
public sealed class BorderCoverageRunTests(AnalysisDatabaseFixture db) : IClassFixture<AnalysisDatabaseFixture>
{
    [Fact]
    public async Task Covered_and_uncovered_kilometres_of_each_pair_add_up_to_the_border_length()
    {
        var run = await BorderCoverageRun.RunAsync(db.DataSource, AnalysisDatabaseFixture.Kenya, null, "test");

        // Per pair: covered km (segments) + gap km (uncovered runs) against the segments' total, which must agree
        // to rounding; and the segments' total against the border length stored with the reference data
        // (borders.geojson, rounded to the metre), to 0.01 %.
        const string sql = """
            select max(abs(s.covered + coalesce(g.gaps, 0) - s.length)), max(abs(s.length - b.length_km) / b.length_km), count(*)
            from border b
            join (select iso2_a, iso2_b, sum(covered_km) covered, sum(length_km) length
                  from border_segment_coverage where run_id = @run group by 1, 2) s on (s.iso2_a, s.iso2_b) = (b.iso2_a, b.iso2_b)
            left join (select iso2_a, iso2_b, sum(length_km) gaps from border_coverage_gap where run_id = @run group by 1, 2) g
                   on (g.iso2_a, g.iso2_b) = (b.iso2_a, b.iso2_b)
            """;
        await using var command = db.DataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("run", run.RunId);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.InRange(reader.GetDouble(0), 0, 1e-6);
        Assert.InRange(reader.GetDouble(1), 0, 1e-4);
        Assert.Equal(await db.ScalarAsync<long>("select count(*) from border where 'KE' in (iso2_a, iso2_b)"), reader.GetInt64(2));
        Assert.True(run.ResultRows > 100, $"only {run.ResultRows} segments");
    }

    [Fact]
    public async Task A_Kenyan_run_covers_only_borders_of_Kenya_and_counts_only_Kenyan_seizures()
    {
        var run = await BorderCoverageRun.RunAsync(db.DataSource, AnalysisDatabaseFixture.Kenya, null, "test");

        Assert.Equal(0, await db.ScalarAsync<long>(
            "select count(*) from border_segment_coverage where run_id = @run and 'KE' not in (iso2_a, iso2_b)", ("run", run.RunId)));
        var seizures = await db.ScalarAsync<long>("select sum(seizures) from border_segment_coverage where run_id = @run", ("run", run.RunId));
        Assert.InRange(seizures, 1, run.InputCases);
        Assert.True(await db.ScalarAsync<long>(
            "select count(*) from border_segment_coverage where run_id = @run and covered_km > 0", ("run", run.RunId)) > 0);
    }

    [Fact]
    public async Task Segments_of_a_Kenyan_run_are_invisible_to_a_Tanzanian_national_caller()
    {
        var run = await BorderCoverageRun.RunAsync(db.DataSource, AnalysisDatabaseFixture.Kenya, null, "test");

        const string sql = "select count(*) from border_segment_coverage where run_id = @run";
        Assert.Equal(run.ResultRows, await db.ScalarAsAsync<long>(AnalysisDatabaseFixture.Kenya, sql, ("run", run.RunId)));
        Assert.Equal(0, await db.ScalarAsAsync<long>(AnalysisDatabaseFixture.Tanzania, sql, ("run", run.RunId)));
        Assert.Equal(0, await db.ScalarAsAsync<long>(CallerScope.Anonymous,
            "select count(*) from border_coverage_gap where run_id = @run", ("run", run.RunId)));
    }
}
