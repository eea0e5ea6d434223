using Wems.Gis.Features;
using Wems.Gis.Storage;
using Wems.Gis.Tests.Support;

namespace Wems.Gis.Tests.Features;

/// <summary>
/// Collection extents are remembered per database snapshot (<see cref="SnapshotCache{T}"/>): the same answer while nothing
/// is written, and a fresh one as soon as a write commits. Expected extents come from PostGIS's own ST_Extent.
/// </summary>
public sealed class CollectionExtentTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private async Task<BoundingBox> PostGisExtentAsync()
    {
        await using var command = db.DataSource.CreateCommand(
            "select ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) from (select ST_Extent(geom) e from site where kind = 'seaport') x");
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return new BoundingBox(reader.GetDouble(0), reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3));
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var command = db.DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task A_cached_extent_follows_a_committed_write()
    {
        var store = new FeatureStore(db.DataSource);
        var ports = ReferenceCollections.Find("ports")!;

        var before = await store.ExtentAsync(ports, CallerScope.Anonymous);
        Assert.Equal(await PostGisExtentAsync(), before);
        Assert.Equal(before, await store.ExtentAsync(ports, CallerScope.Anonymous));

        // A port far east of every real one (Fiji): the next extent must reach it.
        await ExecuteAsync("insert into site (kind, name, country, geom, source) values ('seaport', 'Test port', 'KE', ST_SetSRID(ST_MakePoint(178.4, -18.1), 4326), 'test')");
        var after = await store.ExtentAsync(ports, CallerScope.Anonymous);
        Assert.Equal(178.4, after!.Value.MaxX, 9);
        Assert.Equal(await PostGisExtentAsync(), after);

        await ExecuteAsync("delete from site where name = 'Test port'");
        Assert.Equal(before, await store.ExtentAsync(ports, CallerScope.Anonymous));
    }
}
