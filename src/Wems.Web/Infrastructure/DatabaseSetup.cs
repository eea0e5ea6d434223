using System.ComponentModel.DataAnnotations;
using Wems.Gis.Cases;
using Wems.Gis.Storage;

namespace Wems.Web.Infrastructure;

/// <summary>The <c>Database</c> configuration section.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>A <c>postgresql://</c> URL or an Npgsql connection string (env <c>Database__Url</c>).</summary>
    [Required(ErrorMessage = "Database:Url is required: set Database__Url (./wems sets it from WEMS_DATABASE_URL).")]
    public string Url { get; set; } = "";

    /// <summary>Apply pending migrations when the server starts (default true).</summary>
    public bool MigrateOnStart { get; set; } = true;
}

/// <summary>The <c>Sharing</c> configuration section: the transboundary rule.</summary>
public sealed class SharingOptions
{
    public const string Section = "Sharing";

    /// <summary>A case within this many metres of an international land border is transboundary.</summary>
    [Range(0, 200_000)]
    public double BorderDistanceMeters { get; set; } = 10_000;
}

public static class DatabaseSetup
{
    /// <summary>Registers the one data source, the repositories and their options, validated at start.</summary>
    public static IServiceCollection AddWemsDatabase(this IServiceCollection services)
    {
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SharingOptions>().BindConfiguration(SharingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new DatabaseConnection(DatabaseUrl.ToConnectionString(
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<DatabaseOptions>>().Value.Url)));
        services.AddSingleton(sp => WemsDatabase.CreateDataSource(sp.GetRequiredService<DatabaseConnection>().ConnectionString, "wems-web"));
        services.AddSingleton(sp => new SharingRule
        {
            BorderDistanceMeters = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<SharingOptions>>().Value.BorderDistanceMeters,
        });
        services.AddSingleton<CaseRepository>();
        services.AddSingleton<CaseBulkLoader>();
        services.AddSingleton<ReferenceStore>();
        services.AddSingleton<AccountRepository>();
        services.AddHostedService<SchemaGate>();
        return services;
    }

}

/// <summary>
/// The configured database's Npgsql connection string, password included (the data source's own
/// <c>ConnectionString</c> drops it), for the migrator which opens its own connections.
/// </summary>
public sealed record DatabaseConnection(string ConnectionString);

/// <summary>
/// Checks the schema before the server takes requests: refuses to start on a database migrated by a newer
/// WEMS, and applies pending migrations when <see cref="DatabaseOptions.MigrateOnStart"/> is set.
/// </summary>
internal sealed partial class SchemaGate(DatabaseConnection database, Microsoft.Extensions.Options.IOptions<DatabaseOptions> options,
    ILogger<SchemaGate> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var connectionString = database.ConnectionString;
        var state = Migrator.Inspect(connectionString);
        if (state.Unknown.Count > 0)
        {
            throw new DatabaseNewerThanCodeException(state.Unknown);
        }

        if (state.Pending.Count > 0 && options.Value.MigrateOnStart)
        {
            var applied = Migrator.Migrate(connectionString);
            LogMigrated(logger, applied.Count);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied {Count} database migrations")]
    private static partial void LogMigrated(ILogger logger, int count);
}
