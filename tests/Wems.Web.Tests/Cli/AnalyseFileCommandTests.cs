using System.Globalization;
using Wems.Gis.Reference;
using Wems.Web.Cli;

namespace Wems.Web.Tests.Cli;

/// <summary>
/// <c>wems analyse|analyze gistar --in FILE --out FILE</c> on an analyst's file, without a database: the spdep fixture
/// (R 4.2.2, spdep 1.2.7 localG, include.self, style "B", default band) in, the same rows with gi_* columns out.
/// </summary>
public sealed class AnalyseFileCommandTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("wems-analyse-").FullName;

    private static string Fixture => Path.Combine(AppContext.BaseDirectory, "Fixtures", "spdep", "clusters_band.csv");

    public void Dispose() => Directory.Delete(folder, true);

    [Theory]
    [InlineData("analyse")]
    [InlineData("analyze")]
    public async Task Both_spellings_run_gi_star_on_a_CSV_and_keep_the_input_columns(string spelling)
    {
        var output = Path.Combine(folder, $"{spelling}.csv");

        var exit = await WemsCli.RunAsync([spelling, "gistar", "--in", Fixture, "--value", "value", "--crs", "planar", "--out", output]);

        Assert.Equal(0, exit);
        var table = Csv.ReadTable(output);
        Assert.Equal(["x", "y", "value", "z", "p", "p_bh", "gi_z", "gi_p", "gi_bin", "gi_bin_fdr", "gi_neighbours"], table.Columns);
        Assert.Equal(150, table.Rows.Count);
        Assert.All(table.Rows, r => Assert.Equal(r.GetNumber("z"), r.GetNumber("gi_z"), 1e-9));
    }

    [Fact]
    public async Task GeoJSON_out_and_bad_input_give_exit_codes()
    {
        var geojson = Path.Combine(folder, "out.geojson");

        Assert.Equal(0, await WemsCli.RunAsync(["analyse", "gistar", "--in", Fixture, "--value", "value", "--band", "20000", "--out", geojson]));
        Assert.Contains("\"gi_bin_fdr\"", await File.ReadAllTextAsync(geojson), StringComparison.Ordinal);

        Assert.Equal(1, await WemsCli.RunAsync(["analyse", "gistar", "--in", Fixture, "--value", "nope", "--out", geojson]));
        Assert.Equal(1, await WemsCli.RunAsync(["analyse", "gistar", "--in", Path.Combine(folder, "missing.csv"), "--out", geojson]));
        Assert.Equal(2, await WemsCli.RunAsync(["analyse", "gistar", "--in", Fixture]));
        Assert.Equal(2, await WemsCli.RunAsync(["analyse", "gistar", "--in", Fixture, "--out", geojson, "--colour", "red"]));
    }

    [Fact]
    public async Task Density_and_border_run_on_a_lon_lat_file()
    {
        var input = Path.Combine(folder, "points.csv");
        await File.WriteAllTextAsync(input, "id,lon,lat\n" + string.Join('\n', Enumerable.Range(0, 40).Select(i =>
            string.Create(CultureInfo.InvariantCulture, $"p{i},{37.5 + i % 8 * 0.05},{-3.0 - i / 8 * 0.05}"))));

        Assert.Equal(0, await WemsCli.RunAsync(["analyse", "density", "--in", input, "--radius", "20", "--out", Path.Combine(folder, "d.csv")]));
        Assert.Equal(["id", "lon", "lat", "kde", "kde_radius"], Csv.ReadTable(Path.Combine(folder, "d.csv")).Columns);
        Assert.Equal(0, await WemsCli.RunAsync(["analyze", "border", "--in", input, "--out", Path.Combine(folder, "b.csv")]));
        var border = Csv.ReadTable(Path.Combine(folder, "b.csv"));
        // The points lie on the Kenya–Tanzania border near Taveta (37.5–37.85°E, 3.0–3.25°S): all within 50 km of it.
        Assert.All(border.Rows, r => Assert.InRange(r.GetNumber("border_km"), 0, 50));
    }

    [Fact]
    public async Task Density_and_emerging_run_on_a_planar_x_y_file_with_sizes_in_its_own_units()
    {
        var input = Path.Combine(folder, "planar.csv");
        var random = new Random(5);
        var rows = Enumerable.Range(0, 200).Select(i => string.Create(CultureInfo.InvariantCulture,
            $"p{i},{random.NextDouble() * 100},{random.NextDouble() * 100},{2015 + i % 6}-06-01"));
        await File.WriteAllTextAsync(input, "id,x,y,date\n" + string.Join('\n', rows));

        Assert.Equal(0, await WemsCli.RunAsync(["analyse", "density", "--in", input, "--crs", "planar", "--radius", "20", "--out", Path.Combine(folder, "d.csv")]));
        Assert.All(Csv.ReadTable(Path.Combine(folder, "d.csv")).Rows, r => Assert.Equal(20, r.GetNumber("kde_radius"), 1e-9));
        Assert.Equal(0, await WemsCli.RunAsync(["analyse", "emerging", "--in", input, "--time", "date", "--cell-area", "100", "--band", "25",
            "--out", Path.Combine(folder, "e.csv")]));
        Assert.Contains("ehs_pattern", Csv.ReadTable(Path.Combine(folder, "e.csv")).Columns);
        // km sizes are for lon/lat input; on a plane they are refused rather than silently read as units.
        Assert.Equal(1, await WemsCli.RunAsync(["analyse", "emerging", "--in", input, "--time", "date", "--cell-km2", "100",
            "--out", Path.Combine(folder, "e2.csv")]));
        Assert.Equal(1, await WemsCli.RunAsync(["analyse", "border", "--in", input, "--out", Path.Combine(folder, "b.csv")]));
    }
}
