using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Wems.Gis.Tests.Support;
using Wems.Gis.Tiles;
using Wems.Tiles.Caching;
using Wems.Web.Tiles;

namespace Wems.Web.Tests.Tiles;

/// <summary>
/// The invalidator's first read after a start: it rebuilds stale cells and squares once, and the queue entries that
/// rebuild already took in are not handled again by the look-back of the next read.
/// </summary>
public sealed class CaseTileInvalidatorStartTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    // A cell no rebuild would make (far outside the world's cell range): present until the next rebuild deletes it.
    private const string MarkerWhere = "zoom = 8 and cx = -999999 and cy = -999999";

    [Fact]
    public async Task A_bulk_entry_the_start_rebuild_took_in_does_not_rebuild_again_but_a_later_one_does()
    {
        // What a bulk load leaves: a whole-layer entry in the queue, and the cells stale.
        await ExecuteAsync("insert into tile_invalidation (geom) values (null); update case_cell_state set queue_id = null");
        using var invalidator = new CaseTileInvalidator(new TileStore(db.DataSource), new TileCache(new TileCacheOptions { MemoryMaxBytes = 1 << 20 }),
            Options.Create(new TileOptions()), TimeProvider.System, NullLogger<CaseTileInvalidator>.Instance);

        await invalidator.RefreshAsync(CancellationToken.None);
        Assert.NotNull(await ScalarAsync<long?>("select queue_id from case_cell_state"));
        await ExecuteAsync($"insert into case_cell (zoom, cx, cy, country, transboundary, cases, kg, sx, sy) values (8, -999999, -999999, 'KE', false, 1, null, 0, 0)");

        await invalidator.RefreshAsync(CancellationToken.None);
        Assert.Equal(1L, await ScalarAsync<long>($"select count(*) from case_cell where {MarkerWhere}"));

        // A bulk write after the start is new: it rebuilds (which also shows that the marker goes with a rebuild).
        await ExecuteAsync("insert into tile_invalidation (geom) values (null)");
        await invalidator.RefreshAsync(CancellationToken.None);
        Assert.Equal(0L, await ScalarAsync<long>($"select count(*) from case_cell where {MarkerWhere}"));
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var command = db.DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var command = db.DataSource.CreateCommand(sql);
        var value = await command.ExecuteScalarAsync();
        return value is DBNull ? default! : (T)value!;
    }
}
