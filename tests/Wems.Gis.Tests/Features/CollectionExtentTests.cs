using Wems.Gis.Cases;
using Wems.Gis.Features;
using Wems.Gis.Storage;
using Wems.Gis.Tests.Storage;
using Wems.Gis.Tests.Support;

namespace Wems.Gis.Tests.Features;

/// <summary>
/// Collection extents are remembered per database snapshot (<see cref="SnapshotCache{T}"/>): the same answer while nothing
/// is written, and a fresh one as soon as a write commits. The case collections' are remembered per version of the case
/// data (<see cref="CaseDataVersion"/>): kept across writes that change no case, fresh after one that does. Expected
/// extents come from PostGIS's own ST_Extent.
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

    private static readonly CallerScope KenyaWildlife = CallerScope.National("ke-officer", "KE", "KWS");

    private async Task<BoundingBox> KenyaCasesExtentAsync()
    {
        await using var command = db.DataSource.CreateCommand(
            "select ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) from (select ST_Extent(geom) e from seizure_case where country = 'KE' and deleted_at is null) x");
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return new BoundingBox(reader.GetDouble(0), reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3));
    }

    /// <summary>
    /// The extent of Kenya's cases, asked until one answer came from the cache: a snapshot taken while a transaction is in
    /// progress whose database cannot be told (one that ended meanwhile, e.g. of a test running in parallel) has no version,
    /// so its extent is computed and not stored. Returns the extent and whether an answer came from the cache within the attempts.
    /// </summary>
    private static async Task<(BoundingBox? Extent, bool Cached)> CachedCasesExtentAsync(FeatureStore store)
    {
        BoundingBox? extent = null;
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var queries = store.ExtentQueries;
            extent = await store.ExtentAsync(FeatureCatalog.NationalCases, KenyaWildlife);
            if (store.ExtentQueries == queries)
            {
                return (extent, true);
            }

            await Task.Delay(50);
        }

        return (extent, false);
    }

    /// <summary>The case data version, read until a snapshot had one (see <see cref="CachedCasesExtentAsync"/>).</summary>
    private async Task<string> CaseDataVersionAsync()
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            await using var connection = await db.DataSource.OpenConnectionAsync();
            var position = await CaseDataVersion.QueuePositionAsync(connection);
            await using var tx = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead);
            if (await CaseDataVersion.ReadAsync(connection, position) is { } version)
            {
                return version;
            }

            await Task.Delay(50);
        }

        throw new InvalidOperationException("Every snapshot had a transaction in progress.");
    }

    [Fact]
    public async Task The_case_data_version_stays_across_a_write_that_changes_no_case_and_moves_with_one_that_does()
    {
        var repository = new CaseRepository(db.DataSource, new SharingRule());
        var before = await CaseDataVersionAsync();

        // A write that is no case (a port): the snapshot changes, the case data do not.
        await ExecuteAsync("insert into site (kind, name, country, geom, source) values ('seaport', 'Unrelated port', 'KE', ST_SetSRID(ST_MakePoint(39.6, -4.1), 4326), 'test')");
        Assert.Equal(before, await CaseDataVersionAsync());
        await ExecuteAsync("delete from site where name = 'Unrelated port'");

        await repository.InsertAsync(CaseRepositoryTests.NewCase($"EXT-V-{Guid.NewGuid():N}"[..20]), "test-officer");
        Assert.NotEqual(before, await CaseDataVersionAsync());
    }

    [Fact]
    public async Task A_case_collection_s_extent_is_computed_once_while_the_cases_stay_the_same()
    {
        var store = new FeatureStore(db.DataSource);
        var repository = new CaseRepository(db.DataSource, new SharingRule());
        await repository.InsertAsync(CaseRepositoryTests.NewCase($"EXT-K-{Guid.NewGuid():N}"[..20]), "test-officer");

        var (extent, cached) = await CachedCasesExtentAsync(store);

        Assert.True(cached, "the extent was never served from the cache");
        Assert.Equal(await KenyaCasesExtentAsync(), extent);
    }

    [Fact]
    public async Task A_new_case_outside_a_case_collection_s_extent_widens_it_and_its_deletion_narrows_it_again()
    {
        var store = new FeatureStore(db.DataSource);
        var repository = new CaseRepository(db.DataSource, new SharingRule());
        await repository.InsertAsync(CaseRepositoryTests.NewCase($"EXT-W-{Guid.NewGuid():N}"[..20]), "test-officer");
        var (before, _) = await CachedCasesExtentAsync(store);
        Assert.Equal(await KenyaCasesExtentAsync(), before);

        // Far east of every Kenyan case (the demo case sits in Nairobi): the next extent must reach it.
        var reference = $"EXT-E-{Guid.NewGuid():N}"[..20];
        var far = CaseRepositoryTests.NewCase(reference) with { Location = new GeoPoint(41.9, 3.9) };
        var id = await repository.InsertAsync(far, "test-officer");
        var wider = await store.ExtentAsync(FeatureCatalog.NationalCases, KenyaWildlife);
        Assert.Equal(41.9, wider!.Value.MaxX, 9);
        Assert.Equal(3.9, wider.Value.MaxY, 9);
        Assert.Equal(await KenyaCasesExtentAsync(), wider);

        // Soft deletion (deleted_at) is an update of the case: the extent narrows back.
        await using (var delete = db.DataSource.CreateCommand("update seizure_case set deleted_at = now() where id = @id"))
        {
            delete.Parameters.AddWithValue("id", id);
            await delete.ExecuteNonQueryAsync();
        }

        Assert.Equal(before, await store.ExtentAsync(FeatureCatalog.NationalCases, KenyaWildlife));
    }
}
