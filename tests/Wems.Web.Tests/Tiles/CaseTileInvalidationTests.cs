using System.Net;
using Wems.Tiles;
using Wems.Web.Tests.Cases;

namespace Wems.Web.Tests.Tiles;

/// <summary>
/// A case written through the case API evicts exactly the cached case tiles that contain it (migration 0016's queue,
/// read by the CaseTileInvalidator), at the aggregated and the point zooms; tiles elsewhere stay cached.
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
        int[] zooms = [4, 8, 12];
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
}
