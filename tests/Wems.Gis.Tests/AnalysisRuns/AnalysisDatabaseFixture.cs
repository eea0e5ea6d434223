using Npgsql;
using Wems.Gis.Cases;
using Wems.Gis.Demo;
using Wems.Gis.Reference;
using Wems.Gis.Storage;
using Wems.Gis.Tests.Support;

namespace Wems.Gis.Tests.AnalysisRuns;

/// <summary>A test database with 800 generated demo cases (seed 7) across the demo region, for analysis runs.</summary>
public sealed class AnalysisDatabaseFixture : IAsyncLifetime
{
    private readonly DatabaseFixture database = new();

    public NpgsqlDataSource DataSource => database.DataSource;

    public static CallerScope Kenya { get; } = CallerScope.National("ke-analyst", "KE", "KWS");

    public static CallerScope Tanzania { get; } = CallerScope.National("tz-analyst", "TZ", "TAWA");

    public static CallerScope Latf { get; } = CallerScope.Regional("latf-analyst", "LATF");

    public async Task InitializeAsync()
    {
        await database.InitializeAsync();
        var data = ReferenceDataFiles.FindDataDirectory();
        var world = new DemoWorld(ReferenceDataFiles.LoadSites(data), ReferenceDataFiles.LoadSpecies(data));
        var loader = new CaseBulkLoader(DataSource, new CaseRepository(DataSource, new SharingRule()));
        await loader.LoadAsync(DemoCaseGenerator.Generate(world, new DemoOptions { Cases = 800, Seed = 7 }), "test-seed");
    }

    public Task DisposeAsync() => database.DisposeAsync();

    /// <summary>A scalar read as the database owner (no tier), for expectations.</summary>
    public async Task<T> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>A scalar read under <paramref name="scope"/>'s tier, as the server would run it.</summary>
    public async Task<T> ScalarAsAsync<T>(CallerScope scope, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await TierSession.ApplyAsync(connection, scope);
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }
}
