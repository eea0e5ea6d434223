using System.Net;
using Wems.Tiles;
using Wems.Web.Tests.Cases;

namespace Wems.Web.Tests.Tiles;

/// <summary>
/// A case written through the case API evicts exactly the cached case tiles that contain it (migration 0016's queue,
/// read by the CaseTileInvalidator), at the aggregated and the point zooms; tiles elsewhere stay cached. The
/// pre-aggregated cells and merge squares (migrations 0016, 0022) that the re-read tiles come from are recomputed first.
/// </summary>
public sealed class CaseTileInvalidationTests(TileServer server) : IClassFixture<TileServer>
{
    // CaseApi.Valid puts the new case at 36.8402°E 1.3731°S (Nairobi National Park).
    private const double Lon = 36.8402, Lat = -1.3731;

    private static Uri Url(TileCoord tile) => new($"/tiles/cases/{tile}.mvt", UriKind.Relative);

    private static async Task<(HttpResponseMessage Response, GdalTile Tile)> GetAsync(HttpClient client, TileCoord tile)
    {
        var response = await client.GetAsync(Url(tile));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return (response, bytes.Length == 0 ? new GdalTile("") : await GdalTile.ReadAsync(bytes, tile.Z, tile.X, tile.Y));
    }

    private static string CacheHeader(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-Tile-Cache", out var values) ? string.Join(",", values) : "";

    [Fact]
    public async Task A_new_Kenyan_case_refreshes_the_Kenyan_tiles_at_every_zoom_and_leaves_Congo_and_Mombasa_cached()
    {
        var kenya = server.Client("ke-analyst");
        var congo = server.Client("cg-analyst");
        int[] zooms = [4, 8, 9, 12, 13, 14];
        var nairobi = zooms.Select(z => WebMercator.TileAt(Lon, Lat, z)).ToList();
        // Brazzaville (15.28°E 4.27°S) for the Congo analyst; Mombasa (39.67°E 4.05°S), 400 km from Nairobi, for Kenya.
        var brazzaville = zooms.Select(z => WebMercator.TileAt(15.28, -4.27, z)).ToList();
        var mombasa = WebMercator.TileAt(39.67, -4.05, 12);

        var before = new List<GdalTile>();
        foreach (var tile in nairobi)
        {
            before.Add((await GetAsync(kenya, tile)).Tile);
        }

        foreach (var tile in brazzaville)
        {
            await GetAsync(congo, tile);
        }

        await GetAsync(kenya, mombasa);
        foreach (var tile in nairobi)
        {
            Assert.Equal("hit", CacheHeader((await GetAsync(kenya, tile)).Response));
        }

        var reference = $"KWS/TILES/{Guid.NewGuid():N}"[..24];
        await CaseApi.CreateAsync(kenya, CaseApi.Valid(reference));

        for (var i = 0; i < zooms.Length; i++)
        {
            var (response, after) = await GetAsync(kenya, nairobi[i]);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("miss", CacheHeader(response));
            if (zooms[i] < 9)
            {
                // Aggregated cells: one more case counted.
                Assert.Equal(before[i].Values("count").Sum(long.Parse) + 1, after.Values("count").Sum(long.Parse));
            }
            else
            {
                // Points: one more case drawn (alone, or merged with cases within a few pixels of it).
                Assert.Equal(before[i].CaseCount + 1, after.CaseCount);
            }
        }

        foreach (var tile in brazzaville)
        {
            Assert.Equal("hit", CacheHeader((await GetAsync(congo, tile)).Response));
        }

        Assert.Equal("hit", CacheHeader((await GetAsync(kenya, mombasa)).Response));
    }

    [Fact]
    public async Task A_case_moved_away_leaves_its_old_tile_and_enters_its_new_one()
    {
        var kenya = server.Client("ke-analyst");
        var reference = $"KWS/MOVE/{Guid.NewGuid():N}"[..24];
        var (id, _) = await CaseApi.CreateAsync(kenya, CaseApi.Valid(reference));
        var oldTile = WebMercator.TileAt(Lon, Lat, 12);
        // Kisumu, 34.76°E 0.09°S: another zoom-12 tile, also in Kenya.
        var newTile = WebMercator.TileAt(34.76, -0.09, 12);
        Assert.Contains(reference, (await GetAsync(kenya, oldTile)).Tile.Values("reference"));
        Assert.DoesNotContain(reference, (await GetAsync(kenya, newTile)).Tile.Values("reference"));

        await using (var move = server.Factory.Database.DataSource.CreateCommand(
            "update seizure_case set geom = ST_SetSRID(ST_MakePoint(34.76, -0.09), 4326) where id = $1"))
        {
            move.Parameters.AddWithValue(id);
            Assert.Equal(1, await move.ExecuteNonQueryAsync());
        }

        Assert.DoesNotContain(reference, (await GetAsync(kenya, oldTile)).Tile.Values("reference"));
        Assert.Contains(reference, (await GetAsync(kenya, newTile)).Tile.Values("reference"));
    }

    // Merge squares: two Kenyan cases 0.5 m apart in the Indian Ocean (no demo case within hundreds of kilometres), one
    // feature at every point zoom. Each test uses its own longitude (two degrees apart: a zoom-9 tile is 0.7° wide), chosen so that both cases lie at least 5% of a square
    // from the square's edges at zooms 9-14.
    private const double SeaLat = -25.0;
    private static readonly int[] PointZooms = [9, 10, 11, 12, 13, 14];

    private async Task<(Guid First, Guid Second)> MergedPairAsync(double lon)
    {
        var database = server.Factory.Database.DataSource;
        var first = await TileTestCases.InsertAsync(database, "KE", lon, SeaLat, shared: true, "ivory", 2m);
        var second = await TileTestCases.InsertAsync(database, "KE", lon + 0.000005, SeaLat, shared: false, "ivory", 3m);
        foreach (var zoom in PointZooms)
        {
            var merged = Assert.Single((await CaseTileFeatures.ReadAsync(server.Client("ke-analyst"), WebMercator.TileAt(lon, SeaLat, zoom))).Values);
            Assert.Equal("2", merged["count"]);
        }

        return (first.Id, second.Id);
    }

    // The re-read tile (from the squares) at every point zoom, after checking that it equals the cases grouped.
    private async Task<List<CaseTileFeature>> PointTilesAsync(double lon, double lat)
    {
        var kenya = server.Client("ke-analyst");
        var features = new List<CaseTileFeature>();
        foreach (var zoom in PointZooms)
        {
            var tile = WebMercator.TileAt(lon, lat, zoom);
            var squares = await CaseTileFeatures.ReadAsync(kenya, tile);
            CaseTileFeatures.AssertSame(await CaseTileFeatures.ReadAsync(kenya, tile, "?datetime=1900-01-01/.."), squares);
            features.AddRange(squares.Values);
        }

        return features;
    }

    [Fact]
    public async Task A_new_case_next_to_another_merges_with_it_at_every_point_zoom()
    {
        const double lon = 50.5022;
        var (_, reference) = await TileTestCases.InsertAsync(server.Factory.Database.DataSource, "KE", lon, SeaLat, shared: true, "ivory", 2m);
        Assert.All(await PointTilesAsync(lon, SeaLat), f => Assert.Equal(reference, f["reference"]));

        await TileTestCases.InsertAsync(server.Factory.Database.DataSource, "KE", lon + 0.000005, SeaLat, shared: true, "pangolin", 1m);

        var after = await PointTilesAsync(lon, SeaLat);
        Assert.Equal(PointZooms.Length, after.Count);
        Assert.All(after, f => Assert.Equal(("2", "ivory:1,pangolin:1", (string?)null), (f["count"], f["commodities"], f["reference"])));
    }

    [Fact]
    public async Task A_case_moved_out_of_a_merged_square_leaves_the_other_alone_there_and_appears_where_it_went()
    {
        const double lon = 52.5031;
        var (first, _) = await MergedPairAsync(lon);

        await TileTestCases.ChangeAsync(server.Factory.Database.DataSource,
            "update seizure_case set geom = ST_SetSRID(ST_MakePoint(58.1, -27.3), 4326) where id = $1", first);

        var stayed = await PointTilesAsync(lon, SeaLat);
        Assert.Equal(PointZooms.Length, stayed.Count);
        Assert.All(stayed, f => Assert.Equal(((string?)null, "3"), (f["count"], f["quantity_kg"])));
        var moved = await PointTilesAsync(58.1, -27.3);
        Assert.Equal(PointZooms.Length, moved.Count);
        Assert.All(moved, f => Assert.Equal(((string?)null, "2"), (f["count"], f["quantity_kg"])));
    }

    [Fact]
    public async Task A_soft_deleted_case_leaves_its_merged_square()
    {
        const double lon = 54.5041;
        var (_, second) = await MergedPairAsync(lon);

        await TileTestCases.ChangeAsync(server.Factory.Database.DataSource,
            "update seizure_case set deleted_at = now() where id = $1", second);

        var after = await PointTilesAsync(lon, SeaLat);
        Assert.Equal(PointZooms.Length, after.Count);
        // GDAL prints a boolean attribute as 1 or 0.
        Assert.All(after, f => Assert.Equal(((string?)null, "2", "1"), (f["count"], f["quantity_kg"], f["transboundary"])));
    }

    [Fact]
    public async Task Changed_specimens_change_the_commodity_mix_and_kilograms_of_the_merged_square()
    {
        const double lon = 56.5052;
        var (first, _) = await MergedPairAsync(lon);

        await TileTestCases.ChangeAsync(server.Factory.Database.DataSource, """
            update specimen set species_id = (select min(s.id) from species s where s.commodity_group = 'rhino-horn'), quantity = 7
            where case_id = $1
            """, first);

        var after = await PointTilesAsync(lon, SeaLat);
        Assert.Equal(PointZooms.Length, after.Count);
        Assert.All(after, f => Assert.Equal(("2", "ivory:1,rhino-horn:1", "ivory", "10"),
            (f["count"], f["commodities"], f["commodity"], f["quantity_kg"])));
    }

    // The point tiles' buffer is one merge square (8 pixels): a case 6 pixels inside a tile's east edge lies in the
    // tile's last column of squares, which the tile to the east draws in its buffer, so that tile's cached copy has to
    // go too (evicting with a 4-pixel margin would keep it).
    [Fact]
    public async Task A_case_in_the_last_square_before_a_tile_edge_refreshes_the_tile_whose_buffer_draws_it()
    {
        const int Zoom = 12;
        var kenya = server.Client("ke-analyst");
        var west = WebMercator.TileAt(62.5, SeaLat, Zoom);
        var east = new TileCoord(Zoom, west.X + 1, west.Y);
        var lon = WebMercator.TileBounds4326(west).MaxX - (6 * 360.0 / (256 << Zoom));
        Assert.Equal(west, WebMercator.TileAt(lon, SeaLat, Zoom));
        var before = await kenya.GetAsync(Url(east));
        var emptySea = await before.Content.ReadAsByteArrayAsync();
        Assert.Equal("hit", CacheHeader(await kenya.GetAsync(Url(east))));

        await TileTestCases.InsertAsync(server.Factory.Database.DataSource, "KE", lon, SeaLat, shared: true, "ivory", 2m);

        var after = await kenya.GetAsync(Url(east));
        Assert.Equal("miss", CacheHeader(after));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.NotEqual(emptySea, await after.Content.ReadAsByteArrayAsync());
    }
}
