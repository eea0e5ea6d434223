using Npgsql;
using Wems.Gis.Storage;
using Wems.Gis.Tests.Support;

namespace Wems.Gis.Tests.Storage;

public sealed class MigratorTests
{
    [Fact]
    public async Task Migrating_an_empty_database_applies_every_script_and_creates_the_case_tables()
    {
        var connectionString = await DatabaseFixture.CreateEmptyDatabaseAsync();

        var applied = Migrator.Migrate(connectionString);

        Assert.Equal(Migrator.KnownScripts, applied);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select count(*) from information_schema.tables where table_name in ('seizure_case', 'specimen', 'trade_chain', 'case_offender', 'audit_log')",
            connection);
        Assert.Equal(5L, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Migrating_again_applies_nothing_and_the_schema_is_current()
    {
        var connectionString = await DatabaseFixture.CreateEmptyDatabaseAsync();
        Migrator.Migrate(connectionString);

        var second = Migrator.Migrate(connectionString);

        Assert.Empty(second);
        Assert.True(Migrator.Inspect(connectionString).IsCurrent);
    }

    [Fact]
    public async Task Two_processes_migrating_at_once_both_succeed()
    {
        var connectionString = await DatabaseFixture.CreateEmptyDatabaseAsync();

        var results = await Task.WhenAll(Task.Run(() => Migrator.Migrate(connectionString)), Task.Run(() => Migrator.Migrate(connectionString)));

        Assert.Equal(Migrator.KnownScripts.Count, results.Sum(r => r.Count));
        Assert.True(Migrator.Inspect(connectionString).IsCurrent);
    }

    [Fact]
    public async Task A_database_migrated_by_a_newer_version_is_refused_with_the_unknown_script_named()
    {
        var connectionString = await DatabaseFixture.CreateEmptyDatabaseAsync();
        Migrator.Migrate(connectionString);
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var insert = new NpgsqlCommand(
                "insert into schemaversions (scriptname, applied) values ('Wems.Gis.Storage.Migrations.9999_future.sql', now())", connection);
            await insert.ExecuteNonQueryAsync();
        }

        var error = Assert.Throws<DatabaseNewerThanCodeException>(() => Migrator.Migrate(connectionString));

        Assert.Contains("9999_future.sql", error.Message, StringComparison.Ordinal);
        Assert.Contains("newer WEMS", error.Message, StringComparison.Ordinal);
    }
}
