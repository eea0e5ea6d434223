using Npgsql;
using Wems.Gis.Cases;
using Wems.Gis.Governance;
using Wems.Gis.Storage;
using Wems.Gis.Tests.Storage;
using Wems.Gis.Tests.Support;

namespace Wems.Gis.Tests.Governance;

/// <summary>
/// Bulk-insert audit entries (migration 0011): one chained entry per table and batch, checked by
/// <see cref="AuditChain.VerifyAsync"/> against the stored rows. Tampering tests change rows the way a
/// superuser could behind the trail's back (triggers off with session_replication_role), so each test
/// makes its own database.
/// </summary>
public sealed class BulkAuditTests
{
    private static readonly CallerScope Kenya = CallerScope.National("ke-officer", "KE", "KWS");

    // Values that exercise the encodings of a numeric: whole, fractional, a digit group of zeros, several groups, zero.
    private static readonly decimal[] Quantities = [1m, 0.001m, 12345.678m, 10000m, 9999.999m, 14.5m];
    private static readonly decimal?[] Values = [null, 0m, 0.01m, 99999999.99m, 100000000m, 12.3m];

    private static IEnumerable<SeizureCase> Cases(string prefix, int count) =>
        Enumerable.Range(1, count).Select(i => CaseRepositoryTests.NewCase($"{prefix}-{i:D4}") with
        {
            Id = Guid.CreateVersion7(),
            Time = i % 3 == 0 ? null : new TimeOnly(i % 24, i % 60, 7),
            Specimens =
            [
                new SpecimenLine("Loxodonta africana", "TUS", Quantities[i % 6], "KIL",
                    Values[i % 6], i % 2 == 0 ? "USD" : null),
            ],
            TradeChain = [new TradeChainEntry("KE", TradeRole.Origin, true, false), new TradeChainEntry("CN", TradeRole.Destination, false, true)],
        });

    // Online, the insert triggers write the entries; exclusive, the loader writes them through audit_bulk_insert (0024).
    [Theory]
    [InlineData(BulkLoadMode.Online)]
    [InlineData(BulkLoadMode.Exclusive)]
    public async Task A_bulk_load_writes_one_chained_entry_per_table_and_batch_and_verifies_intact(BulkLoadMode mode)
    {
        await WithDatabaseAsync(async db =>
        {
            var count = await LoadAsync(db, Cases("BULK-AUDIT", 40), mode);

            var report = await AuditChain.VerifyAsync(db.DataSource);

            Assert.Equal(40, count);
            Assert.True(report.Intact, $"{report.BrokenAt} {report.BulkMismatch} {report.StrayBulkRows}");
            // Case, specimen, trade chain, offender, conveyance and note rows; no company in these cases.
            Assert.Equal(6, report.BulkEntries);
            Assert.Equal(0L, await ScalarAsync<long>(db, "select count(*) from audit_log where operation = 'INSERT'"));
            Assert.Equal(40L, await ScalarAsync<long>(db,
                "select (after ->> 'rows')::bigint from audit_log where operation = 'BULK-INSERT' and table_name = 'seizure_case'"));
            Assert.Equal("bulk-test", await ScalarAsync<string>(db, "select string_agg(distinct actor, ',') from audit_log"));
        });
    }

    [Theory]
    [InlineData(BulkLoadMode.Online)]
    [InlineData(BulkLoadMode.Exclusive)]
    public async Task A_load_of_several_batches_writes_an_entry_per_batch(BulkLoadMode mode)
    {
        await WithDatabaseAsync(async db =>
        {
            await LoadAsync(db, Cases("BULK-BATCHES", CaseBulkLoader.BatchSize + 3), mode);

            var report = await AuditChain.VerifyAsync(db.DataSource);

            Assert.True(report.Intact, $"{report.BrokenAt} {report.BulkMismatch} {report.StrayBulkRows}");
            Assert.Equal(2L, await ScalarAsync<long>(db,
                "select count(*) from audit_log where operation = 'BULK-INSERT' and table_name = 'specimen'"));
        });
    }

    [Fact]
    public async Task Changing_a_bulk_loaded_row_behind_the_trail_is_reported_with_its_entry()
    {
        await WithDatabaseAsync(async db =>
        {
            await LoadAsync(db, Cases("BULK-TAMPER", 20));
            var entry = await ScalarAsync<long>(db, "select id from audit_log where operation = 'BULK-INSERT' and table_name = 'specimen'");

            await BehindTheTrailAsync(db, "update specimen set quantity = quantity + 1 where line_no = 1 and case_id = (select case_id from specimen order by case_id limit 1)");
            var report = await AuditChain.VerifyAsync(db.DataSource);

            Assert.Null(report.BrokenAt);
            Assert.Equal(entry, report.BulkMismatchAt);
            Assert.Contains("a row differs", report.BulkMismatch, StringComparison.Ordinal);
            Assert.False(report.Intact);
        });
    }

    [Fact]
    public async Task Deleting_a_bulk_loaded_row_behind_the_trail_is_reported_as_a_missing_row()
    {
        await WithDatabaseAsync(async db =>
        {
            await LoadAsync(db, Cases("BULK-GONE", 20));
            var entry = await ScalarAsync<long>(db, "select id from audit_log where operation = 'BULK-INSERT' and table_name = 'trade_chain'");

            await BehindTheTrailAsync(db, "delete from trade_chain where seq = 2 and case_id = (select case_id from trade_chain order by case_id desc limit 1)");
            var report = await AuditChain.VerifyAsync(db.DataSource);

            Assert.Equal(entry, report.BulkMismatchAt);
            Assert.Contains("40 rows were loaded, 39 are found", report.BulkMismatch, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_row_given_a_batch_number_behind_the_trail_is_reported_as_stray()
    {
        await WithDatabaseAsync(async db =>
        {
            var id = await new CaseRepository(db.DataSource, new SharingRule()).InsertAsync(CaseRepositoryTests.NewCase("BULK-STRAY"), "officer");
            await LoadAsync(db, Cases("BULK-STRAY-LOAD", 5));

            await BehindTheTrailAsync(db, $"update seizure_case set audit_batch = 999 where id = '{id}'");
            var report = await AuditChain.VerifyAsync(db.DataSource);

            Assert.Equal(1, report.StrayBulkRows);
            Assert.False(report.Intact);
        });
    }

    [Fact]
    public async Task Audited_edits_and_deletes_of_bulk_loaded_cases_keep_the_trail_intact()
    {
        await WithDatabaseAsync(async db =>
        {
            var repository = new CaseRepository(db.DataSource, new SharingRule());
            var loaded = Cases("BULK-EDIT", 6).ToList();
            await LoadAsync(db, loaded);

            // An UPDATE entry (close), a full replacement (children deleted and re-inserted per row), a soft delete,
            // a hard delete with its cascade, and an ordinary insert, each with its per-row entries.
            Assert.Equal(CaseWriteOutcome.Updated, (await repository.CloseAsync(loaded[0].Id, null, Kenya)).Outcome);
            Assert.Equal(CaseWriteOutcome.Updated,
                (await repository.UpdateAsync(loaded[1].Id, loaded[1] with { PlaceName = "corrected" }, 1, Kenya)).Outcome);
            Assert.Equal(CaseWriteOutcome.Updated, (await repository.DeleteAsync(loaded[2].Id, null, Kenya)).Outcome);
            await ExecuteAsync(db, $"select set_config('wems.actor', 'cleaner', false); delete from seizure_case where id = '{loaded[3].Id}'");
            await repository.InsertAsync(CaseRepositoryTests.NewCase("BULK-EDIT-SINGLE"), "officer");
            var report = await AuditChain.VerifyAsync(db.DataSource);

            Assert.True(report.Intact, $"{report.BrokenAt} {report.BulkMismatch} {report.StrayBulkRows}");
            Assert.True(await ScalarAsync<long>(db, "select count(*) from audit_log where operation = 'INSERT'") >= 5);
        });
    }

    [Fact]
    public async Task An_ordinary_insert_cannot_claim_a_bulk_batch_number()
    {
        await WithDatabaseAsync(async db =>
        {
            await LoadAsync(db, Cases("BULK-CLAIM", 1));
            var batch = await ScalarAsync<long>(db, "select max(audit_batch) from seizure_case");

            var error = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(db,
                $"insert into case_note (case_id, seq, text, audit_batch) select id, 9, 'x', {batch} from seizure_case"));

            Assert.Equal("23514", error.SqlState);
        });
    }

    [Fact]
    public async Task A_bulk_statement_must_use_the_sessions_own_batch_number()
    {
        await WithDatabaseAsync(async db =>
        {
            await LoadAsync(db, Cases("BULK-OWN", 1));
            await using var connection = await db.DataSource.OpenConnectionAsync();
            await using var command = new NpgsqlCommand(
                "select nextval('audit_batch_seq'); select set_config('wems.audit_batch', '12345', false); " +
                "insert into case_note (case_id, seq, text, audit_batch) select id, 9, 'x', 12345 from seizure_case", connection);

            var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());

            Assert.Equal("23514", error.SqlState);
        });
    }

    [Fact]
    public async Task An_exclusive_load_switches_the_insert_triggers_back_on_as_they_were()
    {
        await WithDatabaseAsync(async db =>
        {
            const string TriggersSql = """
                select string_agg(tgrelid::regclass || '.' || tgname || '=' || tgenabled::text, ',' order by tgrelid::regclass::text, tgname)
                from pg_trigger where not tgisinternal and tgrelid = any('{seizure_case,specimen,trade_chain,case_note}'::regclass[])
                """;
            // One trigger switched off on purpose beforehand: the load must not switch it on.
            await ExecuteAsync(db, "alter table case_note disable trigger case_note_audit_insert");
            var before = await ScalarAsync<string>(db, TriggersSql);

            await LoadAsync(db, Cases("BULK-TRIG", 30), BulkLoadMode.Exclusive);

            Assert.Equal(before, await ScalarAsync<string>(db, TriggersSql));
            Assert.Contains("case_note_audit_insert=D", before, StringComparison.Ordinal);
            Assert.Contains("seizure_case_audit_insert=O", before, StringComparison.Ordinal);
            // The load queued one whole-layer tile entry (what the tile trigger queues for a large statement) ...
            Assert.Equal(1L, await ScalarAsync<long>(db, "select count(*) from tile_invalidation where geom is null"));
            Assert.Equal(0L, await ScalarAsync<long>(db, "select count(*) from tile_invalidation where geom is not null"));
            // ... and the triggers work again for the next ordinary insert: its audit entry and its tile position.
            await new CaseRepository(db.DataSource, new SharingRule()).InsertAsync(CaseRepositoryTests.NewCase("BULK-TRIG-AFTER"), "after-test");
            Assert.Equal(1L, await ScalarAsync<long>(db,
                "select count(*) from audit_log where operation = 'INSERT' and table_name = 'seizure_case' and actor = 'after-test'"));
            Assert.True(await ScalarAsync<long>(db, "select count(*) from tile_invalidation where geom is not null") > 0);
        });
    }

    [Fact]
    public async Task A_failed_exclusive_load_leaves_the_insert_triggers_on()
    {
        await WithDatabaseAsync(async db =>
        {
            var bad = CaseRepositoryTests.NewCase("BULK-TRIG-BAD") with { TransportMode = "hovercraft" };

            await Assert.ThrowsAsync<PostgresException>(() => LoadAsync(db, [.. Cases("BULK-TRIG", 5), bad], BulkLoadMode.Exclusive));

            Assert.Equal(0L, await ScalarAsync<long>(db,
                "select count(*) from pg_trigger where not tgisinternal and tgenabled = 'D' and tgrelid = any('{seizure_case,specimen,trade_chain}'::regclass[])"));
            Assert.Equal(0L, await ScalarAsync<long>(db, "select count(*) from audit_log where operation = 'BULK-INSERT'"));
        });
    }

    [Fact]
    public async Task A_bulk_entry_needs_the_sessions_own_batch_number_and_is_not_for_tier_roles()
    {
        await WithDatabaseAsync(async db =>
        {
            const string Entry = "select audit_bulk_insert('case_note', @batch, 1, audit_bulk_columns('case_note'), repeat('ab', 32))";
            await using var connection = await db.DataSource.OpenConnectionAsync();
            await using (var draw = new NpgsqlCommand("select nextval('audit_batch_seq')", connection))
            {
                var drawn = (long)(await draw.ExecuteScalarAsync())!;
                await using var other = new NpgsqlCommand(Entry, connection) { Parameters = { new("batch", drawn + 1000) } };
                Assert.Equal("23514", (await Assert.ThrowsAsync<PostgresException>(() => other.ExecuteNonQueryAsync())).SqlState);
            }

            await using var tier = new NpgsqlCommand($"set role wems_national; {Entry.Replace("@batch", "1", StringComparison.Ordinal)}", connection);
            // insufficient_privilege: EXECUTE is revoked from public.
            Assert.Equal("42501", (await Assert.ThrowsAsync<PostgresException>(() => tier.ExecuteNonQueryAsync())).SqlState);
            Assert.Equal(0L, await ScalarAsync<long>(db, "select count(*) from audit_log where operation = 'BULK-INSERT'"));
        });
    }

    private static async Task<long> LoadAsync(DatabaseFixture db, IEnumerable<SeizureCase> cases, BulkLoadMode mode = BulkLoadMode.Online) =>
        await new CaseBulkLoader(db.DataSource, new CaseRepository(db.DataSource, new SharingRule())).LoadAsync(cases, "bulk-test", mode: mode);

    // As a superuser bypassing every trigger: no audit entry is written for the change.
    private static Task BehindTheTrailAsync(DatabaseFixture db, string sql) =>
        ExecuteAsync(db, $"set session_replication_role = replica; {sql}; set session_replication_role = origin");

    private static async Task WithDatabaseAsync(Func<DatabaseFixture, Task> test)
    {
        var db = new DatabaseFixture();
        await db.InitializeAsync();
        try
        {
            await test(db);
        }
        finally
        {
            await db.DisposeAsync();
        }
    }

    private static async Task<T> ScalarAsync<T>(DatabaseFixture db, string sql)
    {
        await using var command = db.DataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(DatabaseFixture db, string sql)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
