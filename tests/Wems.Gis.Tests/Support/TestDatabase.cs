using Npgsql;
using Wems.Gis.Reference;
using Wems.Gis.Storage;

namespace Wems.Gis.Tests.Support;

/// <summary>
/// A fresh PostgreSQL + PostGIS database for one test class, copied from a template that is migrated and
/// loaded with the reference data once per test run. The server is the throwaway cluster that
/// <c>./wems test</c> starts and names in <c>WEMS_TEST_DATABASE_URL</c>.
/// </summary>
public sealed class DatabaseFixture : IAsyncLifetime
{
    private string? name;

    /// <summary>The Npgsql connection string of this fixture's own database.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>A data source on this fixture's database, with NetTopologySuite mapping.</summary>
    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var template = await TemplateDatabase.Name.Value;
        name = "wems_test_" + Guid.NewGuid().ToString("N")[..16];
        await TemplateDatabase.ExecuteOnServerAsync($"create database {name} template {template}");
        ConnectionString = TemplateDatabase.ConnectionStringFor(name);
        DataSource = WemsDatabase.CreateDataSource(ConnectionString, "wems-tests");
    }

    public async Task DisposeAsync()
    {
        await DataSource.DisposeAsync();
        if (name is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await TemplateDatabase.ExecuteOnServerAsync($"drop database if exists {name} with (force)");
        }
    }

    /// <summary>A fresh, empty database with PostGIS but no migration applied.</summary>
    public static async Task<string> CreateEmptyDatabaseAsync()
    {
        var empty = "wems_empty_" + Guid.NewGuid().ToString("N")[..16];
        await TemplateDatabase.ExecuteOnServerAsync($"create database {empty}");
        return TemplateDatabase.ConnectionStringFor(empty);
    }
}

/// <summary>The migrated template with reference data; built once per test process.</summary>
public static class TemplateDatabase
{
    public const string ServerVariable = "WEMS_TEST_DATABASE_URL";

    public static readonly Lazy<Task<string>> Name = new(CreateAsync);

    private static string ServerConnectionString =>
        Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } url
            ? DatabaseUrl.ToConnectionString(url)
            : throw new InvalidOperationException(
                $"{ServerVariable} is not set: run the tests with ./wems test, which starts a throwaway PostgreSQL " +
                "cluster, or point the variable at a PostgreSQL 15 + PostGIS 3 server where the user may create databases.");

    public static string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = database, Pooling = true }.ConnectionString;

    public static async Task ExecuteOnServerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<string> CreateAsync()
    {
        var name = "wems_tpl_" + Guid.NewGuid().ToString("N")[..16];
        await ExecuteOnServerAsync($"create database {name}");
        var connectionString = ConnectionStringFor(name);
        Migrator.Migrate(connectionString);
        await using (var dataSource = WemsDatabase.CreateDataSource(connectionString, "wems-tests"))
        {
            var store = new ReferenceStore(dataSource);
            await store.LoadAsync(ReferenceDataFiles.FindDataDirectory());
            await store.UpsertDemoAgenciesAsync();
        }

        // A template may have no open connection while it is copied.
        NpgsqlConnection.ClearAllPools();
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                ExecuteOnServerAsync($"drop database if exists {name} with (force)").GetAwaiter().GetResult();
            }
            catch (NpgsqlException)
            {
                // The throwaway cluster may already be gone; it is deleted with its folder.
            }
        };
        return name;
    }
}
