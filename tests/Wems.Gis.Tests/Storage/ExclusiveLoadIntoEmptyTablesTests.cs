using Wems.Gis.Cases;
using Wems.Gis.Demo;
using Wems.Gis.Governance;
using Wems.Gis.Reference;
using Wems.Gis.Storage;
using Wems.Gis.Tests.Support;

namespace Wems.Gis.Tests.Storage;

/// <summary>
/// The exclusive load into a database without cases, where the loader truncates the empty tables and copies
/// with FREEZE: the rows, keys, foreign keys, indexes and audit entries must come out as the online path makes them.
/// Each test uses databases of its own, so that the case tables really are empty.
/// </summary>
public sealed class ExclusiveLoadIntoEmptyTablesTests
{
    // Every key, unique, check and foreign-key constraint and every index of the case tables (and any foreign key
    // pointing at them), with its definition and whether PostgreSQL holds it validated and usable.
    private const string SchemaSql = """
        select coalesce(array_agg(d order by d), '{}') from (
            select format('%s %s %s valid=%s', c.conrelid::regclass, c.conname, pg_get_constraintdef(c.oid), c.convalidated) d
            from pg_constraint c
            where c.conrelid = any(@tables::regclass[]) or c.confrelid = any(@tables::regclass[])
            union all
            select format('%s valid=%s ready=%s', pg_get_indexdef(i.indexrelid), i.indisvalid, i.indisready)
            from pg_index i
            where i.indrelid = any(@tables::regclass[])
        ) s
        """;

    private static List<SeizureCase> Generated(int count)
    {
        var data = ReferenceDataFiles.FindDataDirectory();
        var world = new DemoWorld(ReferenceDataFiles.LoadSites(data), ReferenceDataFiles.LoadSpecies(data));
        // Ids from the position, so that two loads of the same seed store the same rows.
        return [.. DemoCaseGenerator.Generate(world, new DemoOptions { Cases = count, Seed = 5 })
            .Select((c, i) => c with { Id = new Guid(i + 1, 0, 0, new byte[8]) })];
    }

    private static async Task<long> LoadAsync(Fresh db, IEnumerable<SeizureCase> cases, BulkLoadMode mode) =>
        await new CaseBulkLoader(db.DataSource, new CaseRepository(db.DataSource, new SharingRule())).LoadAsync(cases, "bulk-test", mode: mode);

    [Fact]
    public async Task An_exclusive_load_into_empty_tables_keeps_every_constraint_and_index_validated()
    {
        await using var db = await FreshAsync();
        var before = await SchemaAsync(db);

        await LoadAsync(db, Generated(300), BulkLoadMode.Exclusive);

        Assert.Equal(before, await SchemaAsync(db));
        Assert.DoesNotContain(before, d => d.Contains("valid=false", StringComparison.Ordinal) || d.Contains("ready=false", StringComparison.Ordinal));
        Assert.Contains(before, d => d.StartsWith("specimen specimen_case_id_fkey FOREIGN KEY (case_id) REFERENCES seizure_case(id)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_exclusive_load_into_empty_tables_stores_the_rows_all_visible()
    {
        await using var db = await FreshAsync();

        await LoadAsync(db, Generated(300), BulkLoadMode.Exclusive);

        // COPY FREEZE marks the pages all-visible; the loader's ANALYZE copies the visibility map's count to pg_class.
        Assert.Equal(0L, await db.ScalarAsync<long>("select count(*) from pg_class where relname = any(@tables) and relallvisible < relpages"));
        Assert.True(await db.ScalarAsync<long>("select sum(relpages) from pg_class where relname = any(@tables)") > 0);
    }

    [Fact]
    public async Task An_exclusive_load_into_empty_tables_leaves_an_audit_trail_that_verifies()
    {
        await using var db = await FreshAsync();

        await LoadAsync(db, Generated(300), BulkLoadMode.Exclusive);
        var report = await AuditChain.VerifyAsync(db.DataSource);

        Assert.True(report.Intact);
        Assert.Null(report.BulkMismatchAt);
        Assert.Equal(CaseBulkLoader.Tables.Count, report.BulkEntries);
    }

    [Fact]
    public async Task An_exclusive_load_into_empty_tables_stores_the_same_rows_as_an_online_load()
    {
        await using var exclusive = await FreshAsync();
        await using var online = await FreshAsync();
        var cases = Generated(300);

        await LoadAsync(exclusive, cases, BulkLoadMode.Exclusive);
        await LoadAsync(online, cases, BulkLoadMode.Online);

        foreach (var table in CaseBulkLoader.Tables)
        {
            // Every stored column but the load's own timestamps and batch number, which differ between two loads.
            var columns = string.Join(", ", CaseBulkLoader.ColumnsOf(table).Except(["created_at", "updated_at", "audit_batch"]));
            var sql = $"select count(*) || ':' || md5(coalesce(string_agg(r::text, E'\\n' order by r::text), '')) from (select {columns} from {table}) r";
            var expected = await online.ScalarAsync<string>(sql);
            Assert.Equal(expected, await exclusive.ScalarAsync<string>(sql));
            Assert.False(expected.StartsWith("0:", StringComparison.Ordinal) && table is "seizure_case" or "specimen" or "trade_chain", table);
        }
    }

    [Fact]
    public async Task An_exclusive_load_that_breaks_a_key_in_empty_tables_stores_nothing_and_keeps_the_constraints()
    {
        await using var db = await FreshAsync();
        var before = await SchemaAsync(db);
        var cases = Generated(50);

        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => LoadAsync(db, [.. cases, cases[7] with { Id = Guid.NewGuid() }], BulkLoadMode.Exclusive));

        Assert.Equal(0L, await db.ScalarAsync<long>("select count(*) from seizure_case"));
        Assert.Equal(before, await SchemaAsync(db));
    }

    private static async Task<Fresh> FreshAsync()
    {
        var db = new DatabaseFixture();
        await db.InitializeAsync();
        var fresh = new Fresh(db);
        Assert.Equal(0L, await fresh.ScalarAsync<long>("select count(*) from seizure_case"));
        return fresh;
    }

    private static async Task<string[]> SchemaAsync(Fresh db) => await db.ScalarAsync<string[]>(SchemaSql);

    /// <summary>A database of one test, dropped at the end of it.</summary>
    private sealed class Fresh(DatabaseFixture db) : IAsyncDisposable
    {
        public Npgsql.NpgsqlDataSource DataSource => db.DataSource;

        public async Task<T> ScalarAsync<T>(string sql)
        {
            await using var command = db.DataSource.CreateCommand(sql);
            command.Parameters.AddWithValue("tables", CaseBulkLoader.Tables.ToArray());
            return (T)(await command.ExecuteScalarAsync())!;
        }

        public async ValueTask DisposeAsync() => await db.DisposeAsync();
    }
}
