using Wems.Gis.Cases;
using Wems.Gis.Governance;
using Wems.Gis.Storage;
using Wems.Gis.Tests.Storage;
using Wems.Gis.Tests.Support;

namespace Wems.Gis.Tests.Governance;

/// <summary>
/// The audit trail's hash chain (migration 0009). Each test tampers with its own database, so every test
/// makes one rather than sharing a class fixture.
/// </summary>
public sealed class AuditChainTests
{
    [Fact]
    public async Task The_chain_is_intact_after_case_writes()
    {
        await WithDatabaseAsync(async db =>
        {
            await WriteCasesAsync(db, "CHAIN-INTACT", 3);

            var report = await AuditChain.VerifyAsync(db.DataSource);

            Assert.True(report.Intact);
            Assert.Equal(await ScalarAsync<long>(db, "select count(*) from audit_log"), report.Rows);
            Assert.True(report.Rows > 3);
        });
    }

    [Fact]
    public async Task Changing_one_rows_after_image_breaks_the_chain_at_exactly_that_row()
    {
        await WithDatabaseAsync(async db =>
        {
            await WriteCasesAsync(db, "CHAIN-EDIT", 3);
            var target = await ScalarAsync<long>(db, "select id from audit_log where operation = 'UPDATE' order by id limit 1");

            await ExecuteAsync(db, "update audit_log set after = jsonb_set(after, '{arrests}', '0') where id = $1", target);
            var report = await AuditChain.VerifyAsync(db.DataSource);

            Assert.Equal(target, report.BrokenAt);
        });
    }

    [Fact]
    public async Task Deleting_a_row_breaks_the_chain_at_the_row_after_it()
    {
        await WithDatabaseAsync(async db =>
        {
            await WriteCasesAsync(db, "CHAIN-DELETE", 3);
            var ids = await ScalarAsync<long[]>(db, "select array_agg(id order by id) from audit_log");
            var deleted = ids[ids.Length / 2];

            await ExecuteAsync(db, "delete from audit_log where id = $1", deleted);
            var report = await AuditChain.VerifyAsync(db.DataSource);

            Assert.Equal(ids[(ids.Length / 2) + 1], report.BrokenAt);
        });
    }

    [Fact]
    public async Task Concurrent_writers_keep_one_chain()
    {
        await WithDatabaseAsync(async db =>
        {
            var repository = new CaseRepository(db.DataSource, new SharingRule());
            await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
                repository.InsertAsync(CaseRepositoryTests.NewCase($"CHAIN-CONCURRENT-{i}"), $"writer-{i}")));

            var report = await AuditChain.VerifyAsync(db.DataSource);

            Assert.True(report.Intact, $"broken at {report.BrokenAt}");
            Assert.Equal(await ScalarAsync<long>(db, "select count(*) from audit_log"), report.Rows);
        });
    }

    [Fact]
    public async Task An_empty_trail_is_intact_with_no_rows()
    {
        await WithDatabaseAsync(async db =>
        {
            var report = await AuditChain.VerifyAsync(db.DataSource);

            Assert.Equal(new AuditChainReport(0, null), report);
        });
    }

    // Inserts cases (each with child rows) and closes each under a national caller: INSERT and UPDATE entries.
    private static async Task WriteCasesAsync(DatabaseFixture db, string prefix, int count)
    {
        var repository = new CaseRepository(db.DataSource, new SharingRule());
        var scope = CallerScope.National("ke-officer", "KE", "KWS");
        for (var i = 0; i < count; i++)
        {
            var id = await repository.InsertAsync(CaseRepositoryTests.NewCase($"{prefix}-{i}"), "test");
            await repository.CloseAsync(id, null, scope);
        }
    }

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

    private static async Task ExecuteAsync(DatabaseFixture db, string sql, long id)
    {
        await using var command = db.DataSource.CreateCommand(sql);
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = id });
        await command.ExecuteNonQueryAsync();
    }
}
