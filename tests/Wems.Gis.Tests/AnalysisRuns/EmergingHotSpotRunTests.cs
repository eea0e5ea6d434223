using Wems.Gis.Analysis.Hotspots;
using Wems.Gis.Analysis.Trends;
using Wems.Gis.AnalysisRuns;
using Wems.Gis.Storage;

namespace Wems.Gis.Tests.AnalysisRuns;

/// <summary>Emerging hot spot runs stored as layers, and the space-time Gi* they rest on.</summary>
public sealed class EmergingHotSpotRunTests(AnalysisDatabaseFixture db) : IClassFixture<AnalysisDatabaseFixture>
{
    private const string CellCountSql = "select count(*) from emerging_hotspot_cell where run_id = @run";

    [Fact]
    public async Task Every_stored_cell_has_one_of_the_17_patterns_under_its_name()
    {
        var run = await EmergingHotSpotRun.RunAsync(db.DataSource, AnalysisDatabaseFixture.Kenya, null, "test");

        var rows = new List<(short Pattern, string Name, int Hot, int Steps)>();
        await using var command = db.DataSource.CreateCommand("select pattern, pattern_name, hot_steps, steps from emerging_hotspot_cell where run_id = @run");
        command.Parameters.AddWithValue("run", run.RunId);
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                rows.Add((reader.GetInt16(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt32(3)));
            }
        }

        Assert.Equal(17, Enum.GetValues<EmergingHotSpotPattern>().Length);
        Assert.Equal(run.ResultRows, rows.Count);
        Assert.All(rows, row =>
        {
            Assert.True(Enum.IsDefined((EmergingHotSpotPattern)row.Pattern), $"pattern {row.Pattern}");
            Assert.Equal(EmergingHotSpotRun.PatternName((EmergingHotSpotPattern)row.Pattern), row.Name);
            Assert.True(row.Hot < row.Steps || row.Pattern is 3 or 4 or 5, $"a cell hot in every step has pattern {row.Pattern}");
        });
        Assert.True(rows[0].Steps >= 2);
    }

    [Fact]
    public void A_cell_significantly_hot_in_every_step_lands_in_a_hot_pattern()
    {
        // A 7 × 7 lattice, 1 km apart, over 10 steps: the centre cell and its four neighbours hold 10 cases in every
        // step, every other cell 0 or 1. Band 1 km: the four nearest cells are neighbours.
        const int side = 7, steps = 10;
        var x = new double[side * side];
        var y = new double[side * side];
        for (var i = 0; i < x.Length; i++)
        {
            (x[i], y[i]) = (i % side * 1000.0, i / side * 1000.0);
        }

        var centre = side * side / 2;
        int[] hot = [centre, centre - 1, centre + 1, centre - side, centre + side];
        var values = new double[steps * x.Length];
        for (var t = 0; t < steps; t++)
        {
            for (var i = 0; i < x.Length; i++)
            {
                values[t * x.Length + i] = hot.Contains(i) ? 10 : (i + t) % 3 == 0 ? 1 : 0;
            }
        }

        var results = EmergingHotSpotRun.Classify(values, x.Length, SpatialWeights.FixedDistanceBand(x, y, 1000));

        Assert.Equal(steps, results[centre].HotSteps);
        Assert.Contains(results[centre].Pattern, new[]
        {
            EmergingHotSpotPattern.IntensifyingHotSpot, EmergingHotSpotPattern.PersistentHotSpot, EmergingHotSpotPattern.DiminishingHotSpot,
        });
        Assert.True(results[0].Pattern <= EmergingHotSpotPattern.NoPattern, $"a quiet corner is {results[0].Pattern}");
    }

    [Fact]
    public void The_space_time_neighbours_are_the_cell_its_spatial_neighbours_and_itself_one_step_back()
    {
        double[] x = [0, 1000, 5000];
        double[] y = [0, 0, 0];

        var weights = SpaceTimeWeights.Build(SpatialWeights.FixedDistanceBand(x, y, 1000), steps: 2);

        Assert.Equal(6, weights.Count);
        Assert.Equal("0,1", Neighbours(weights, 0));
        Assert.Equal("3,4,0", Neighbours(weights, 3));
        Assert.Equal("5,2", Neighbours(weights, 5));
    }

    private static string Neighbours(SpatialWeights weights, int i) => string.Join(',', weights.NeighboursOf(i).ToArray());

    [Fact]
    public async Task Cells_of_a_Kenyan_run_are_invisible_to_a_Tanzanian_caller_and_to_an_anonymous_one()
    {
        var run = await EmergingHotSpotRun.RunAsync(db.DataSource, AnalysisDatabaseFixture.Kenya, null, "test");

        Assert.Equal(run.ResultRows, await db.ScalarAsAsync<long>(AnalysisDatabaseFixture.Kenya, CellCountSql, ("run", run.RunId)));
        Assert.Equal(0, await db.ScalarAsAsync<long>(AnalysisDatabaseFixture.Tanzania, CellCountSql, ("run", run.RunId)));
        Assert.Equal(0, await db.ScalarAsAsync<long>(CallerScope.Anonymous, CellCountSql, ("run", run.RunId)));
    }
}
