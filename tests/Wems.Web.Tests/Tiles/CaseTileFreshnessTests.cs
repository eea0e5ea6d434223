using System.Net;
using Wems.Tiles;

namespace Wems.Web.Tests.Tiles;

/// <summary>Cached case tiles after a case changes.</summary>
public sealed class CaseTileFreshnessTests(TileServer server) : IClassFixture<TileServer>
{
    private static readonly TileCoord Namanga = WebMercator.TileAt(36.79, -2.55, 10);

    [Fact]
    public async Task A_deleted_case_leaves_the_cached_tile_at_once()
    {
        var client = server.Client("ke-analyst");
        var url = new Uri($"/tiles/cases/{Namanga}.mvt", UriKind.Relative);
        var before = await client.GetAsync(url);
        var cachedAgain = await client.GetAsync(url);
        await using (var delete = server.Factory.Database.DataSource.CreateCommand($"""
            update seizure_case set deleted_at = now() where id = (select id from seizure_case where country = 'KE' and deleted_at is null
              and geom && ST_Transform(ST_TileEnvelope({Namanga.Z}, {Namanga.X}, {Namanga.Y}), 4326) limit 1)
            """))
        {
            Assert.Equal(1, await delete.ExecuteNonQueryAsync());
        }

        var after = await client.GetAsync(url);
        var tileBefore = await GdalTile.ReadAsync(await before.Content.ReadAsByteArrayAsync(), Namanga.Z, Namanga.X, Namanga.Y);
        var tileAfter = await GdalTile.ReadAsync(await after.Content.ReadAsByteArrayAsync(), Namanga.Z, Namanga.X, Namanga.Y);

        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(before.Headers.ETag, cachedAgain.Headers.ETag);
        Assert.Equal(tileBefore.CaseCount - 1, tileAfter.CaseCount);
    }
}
