using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Wems.Gis.AnalysisRuns;
using Wems.Gis.Storage;
using Wems.Tiles;

namespace Wems.Web.Tests.Tiles;

/// <summary>Stored analysis runs as tile layers: the newest run by default, <c>?run=</c> for another, tier rules.</summary>
public sealed class AnalysisTileTests(TileServer server) : IClassFixture<TileServer>
{
    private static readonly CallerScope Kenya = CallerScope.National("ke-analyst", "KE", "KWS");

    private static readonly Dictionary<string, string> Tables = new(StringComparer.Ordinal)
    {
        ["hotspots"] = "hotspot_cell",
        ["border-coverage"] = "border_segment_coverage",
        ["border-gaps"] = "border_coverage_gap",
        ["corridors"] = "corridor_flow",
        ["country-roles"] = "country_role",
        ["density-contours"] = "density_contour",
        ["emerging-hotspots"] = "emerging_hotspot_cell",
    };

    private static Uri Url(string path) => new(path, UriKind.Relative);

    private async Task<long> RunAsync(string layer)
    {
        var source = server.Factory.Database.DataSource;
        return layer switch
        {
            "hotspots" => (await HotspotRun.RunAsync(source, Kenya, null, "test")).RunId,
            "border-coverage" or "border-gaps" => (await BorderCoverageRun.RunAsync(source, Kenya, null, "test")).RunId,
            "corridors" or "country-roles" => (await CorridorRun.RunAsync(source, Kenya, null, "test")).Run.RunId,
            "density-contours" => (await DensityRun.RunAsync(source, Kenya, null, "test")).RunId,
            "emerging-hotspots" => (await EmergingHotSpotRun.RunAsync(source, Kenya, null, "test")).RunId,
            _ => throw new ArgumentOutOfRangeException(nameof(layer)),
        };
    }

    /// <summary>A point on one of the run's features and how many features of the run reach into the buffered tile.</summary>
    private async Task<(double Lon, double Lat)> PointOfAsync(string layer, long run)
    {
        await using var command = server.Factory.Database.DataSource.CreateCommand(
            $"select ST_X(p), ST_Y(p) from (select ST_PointOnSurface(geom) p from {Tables[layer]} where run_id = $1 order by ST_Length(geom::geography) desc, ST_Area(geom::geography) desc limit 1) x");
        command.Parameters.AddWithValue(run);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"run {run} of {layer} has no rows");
        return (reader.GetDouble(0), reader.GetDouble(1));
    }

    private async Task<long> RowsNearAsync(string layer, long run, TileCoord tile)
    {
        await using var command = server.Factory.Database.DataSource.CreateCommand(
            $"select count(*) from {Tables[layer]} where run_id = $1 and ST_Intersects(geom, ST_Transform(ST_TileEnvelope({tile.Z}, {tile.X}, {tile.Y}, margin => 64.0 / 4096), 4326))");
        command.Parameters.AddWithValue(run);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<GdalTile> TileAsync(string user, string layer, TileCoord tile, string query = "")
    {
        var response = await server.Client(user).GetAsync(Url($"/tiles/{layer}/{tile}.mvt{query}"));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NoContent, response.StatusCode.ToString());
        return bytes.Length == 0 ? new GdalTile("") : await GdalTile.ReadAsync(bytes, tile.Z, tile.X, tile.Y);
    }

    [Theory]
    [InlineData("hotspots", "bin")]
    [InlineData("border-coverage", "coverage_pct")]
    [InlineData("border-gaps", "length_km")]
    [InlineData("corridors", "cases")]
    [InlineData("country-roles", "iso2")]
    [InlineData("density-contours", "level")]
    [InlineData("emerging-hotspots", "pattern_name")]
    public async Task Every_analysis_layer_is_a_tile_layer_of_its_newest_run(string layer, string field)
    {
        var run = await RunAsync(layer);
        var (lon, lat) = await PointOfAsync(layer, run);
        var coord = WebMercator.TileAt(lon, lat, 6);

        var tile = await TileAsync("ke-analyst", layer, coord);
        var json = JsonDocument.Parse(await server.Client("ke-analyst").GetStringAsync(Url($"/tiles/{layer}.json"))).RootElement;

        Assert.True(tile.FeatureCount > 0, tile.Output);
        Assert.InRange(tile.FeatureCount, 1, await RowsNearAsync(layer, run, coord));
        Assert.All(tile.Values("run_id"), r => Assert.Equal(run, long.Parse(r, CultureInfo.InvariantCulture)));
        Assert.Contains(field, tile.FieldNames());
        Assert.Equal(layer, json.GetProperty("vector_layers")[0].GetProperty("id").GetString());
        Assert.True(json.GetProperty("vector_layers")[0].GetProperty("fields").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task A_country_role_point_is_where_PostGIS_puts_it_within_one_tile_unit()
    {
        var run = await RunAsync("country-roles");
        await using var command = server.Factory.Database.DataSource.CreateCommand(
            "select ST_X(g), ST_Y(g), ST_X(p), ST_Y(p) from (select geom g, ST_Transform(geom, 3857) p from country_role where run_id = $1 and iso2 = 'KE') x");
        command.Parameters.AddWithValue(run);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        var (lon, lat, x, y) = (reader.GetDouble(0), reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3));
        var coord = WebMercator.TileAt(lon, lat, 8);

        var tile = await TileAsync("ke-analyst", "country-roles", coord);

        // GDAL prints the decoded point in EPSG:3857 metres; one unit of a 4096-extent tile at zoom 8 is 2πR / 2^8 / 4096.
        var unit = 2 * Math.PI * 6378137 / 256 / 4096;
        var kenya = Regex.Match(tile.Output, @"iso2 \(String\) = KE[\s\S]*?POINT \(([-\d.e+]+) ([-\d.e+]+)\)");
        Assert.True(kenya.Success, tile.Output);
        Assert.Equal(x, double.Parse(kenya.Groups[1].Value, CultureInfo.InvariantCulture), unit);
        Assert.Equal(y, double.Parse(kenya.Groups[2].Value, CultureInfo.InvariantCulture), unit);
    }

    [Fact]
    public async Task Run_selects_an_older_run_and_an_unknown_or_foreign_run_is_404()
    {
        var older = await RunAsync("corridors");
        var newer = await RunAsync("corridors");
        var (lon, lat) = await PointOfAsync("corridors", older);
        var coord = WebMercator.TileAt(lon, lat, 5);

        var latest = await TileAsync("ke-analyst", "corridors", coord);
        var asked = await TileAsync("ke-analyst", "corridors", coord, $"?run={older}");
        var foreign = await server.Client("tz-analyst").GetAsync(Url($"/tiles/corridors/{coord}.mvt?run={older}"));
        var bad = await server.Client("ke-analyst").GetAsync(Url($"/tiles/corridors/{coord}.mvt?run=latest"));
        var anonymous = await server.Client().GetAsync(Url($"/tiles/corridors/{coord}.mvt"));
        var json = JsonDocument.Parse(await server.Client("ke-analyst").GetStringAsync(Url($"/tiles/corridors.json?run={older}"))).RootElement;

        Assert.All(latest.Values("run_id"), r => Assert.Equal(newer, long.Parse(r, CultureInfo.InvariantCulture)));
        Assert.All(asked.Values("run_id"), r => Assert.Equal(older, long.Parse(r, CultureInfo.InvariantCulture)));
        Assert.True(asked.FeatureCount > 0);
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, anonymous.StatusCode);
        Assert.EndsWith($"?run={older}", json.GetProperty("tiles")[0].GetString(), StringComparison.Ordinal);
    }
}
