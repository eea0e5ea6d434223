using Wems.Gis.AnalysisRuns;
using Wems.Gis.Storage;

namespace Wems.Gis.Tests.AnalysisRuns;

/// <summary>Kernel density runs stored as contour layers.</summary>
public sealed class DensityRunTests(AnalysisDatabaseFixture db) : IClassFixture<AnalysisDatabaseFixture>
{
    private const string ContourCountSql = "select count(*) from density_contour where run_id = @run";

    [Fact]
    public async Task Contours_are_valid_polygons_and_higher_levels_lie_inside_lower_ones()
    {
        var run = await DensityRun.RunAsync(db.DataSource, AnalysisDatabaseFixture.Kenya, null, "test");

        // Nesting up to rounding: the part of a higher contour outside the next lower one is at most a millionth of
        // its area (both come from the same grid; unprojection and validity repair move vertices by nanodegrees).
        const string sql = """
            select count(*) filter (where not ST_IsValid(geom) or ST_IsEmpty(geom) or GeometryType(geom) <> 'MULTIPOLYGON'),
                   (select count(*) from density_contour h join density_contour l on l.run_id = h.run_id and l.level_no = h.level_no - 1
                    where h.run_id = @run and (h.level <= l.level
                        or ST_Area(ST_Difference(h.geom, l.geom)) > 1e-6 * ST_Area(h.geom))),
                   count(*)
            from density_contour where run_id = @run
            """;
        await using var command = db.DataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("run", run.RunId);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(0, reader.GetInt64(0));
        Assert.Equal(0, reader.GetInt64(1));
        Assert.Equal(run.ResultRows, reader.GetInt64(2));
        Assert.True(run.ResultRows >= 2, $"only {run.ResultRows} levels");
    }

    [Fact]
    public async Task Contours_lie_within_reach_of_the_cases_of_the_scope()
    {
        var run = await DensityRun.RunAsync(db.DataSource, AnalysisDatabaseFixture.Kenya, null, "test");

        // Every lowest-level contour part holds density, so lies within the search radius of some Kenyan case.
        var radiusKm = await db.ScalarAsync<double>("select (parameters->>'search_radius_km')::float8 from analysis_run where id = @run", ("run", run.RunId));
        var far = await db.ScalarAsync<long>("""
            select count(*) from density_contour d, ST_Dump(d.geom) part
            where d.run_id = @run and d.level_no = 1 and not exists (
                select 1 from seizure_case c where c.country = 'KE' and c.deleted_at is null
                  and ST_DWithin(c.geom::geography, part.geom::geography, @radius * 1000))
            """, ("run", run.RunId), ("radius", radiusKm));
        Assert.True(radiusKm > 0);
        Assert.Equal(0, far);
    }

    [Fact]
    public async Task Contours_of_a_Kenyan_run_are_invisible_to_a_Tanzanian_caller_and_to_an_anonymous_one()
    {
        var run = await DensityRun.RunAsync(db.DataSource, AnalysisDatabaseFixture.Kenya, null, "test");

        Assert.Equal(run.ResultRows, await db.ScalarAsAsync<long>(AnalysisDatabaseFixture.Kenya, ContourCountSql, ("run", run.RunId)));
        Assert.Equal(0, await db.ScalarAsAsync<long>(AnalysisDatabaseFixture.Tanzania, ContourCountSql, ("run", run.RunId)));
        Assert.Equal(0, await db.ScalarAsAsync<long>(CallerScope.Anonymous, ContourCountSql, ("run", run.RunId)));
    }
}
