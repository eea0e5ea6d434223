using System.Reflection;
using DbUp;
using DbUp.Engine;
using Npgsql;

namespace Wems.Gis.Storage;

/// <summary>The state of a database's schema compared with the migrations this build carries.</summary>
/// <param name="Applied">Migrations of this build already applied.</param>
/// <param name="Pending">Migrations of this build not yet applied.</param>
/// <param name="Unknown">Applied migrations this build does not know: the database is newer than the code.</param>
public sealed record SchemaState(IReadOnlyList<string> Applied, IReadOnlyList<string> Pending, IReadOnlyList<string> Unknown)
{
    /// <summary>True when every migration of this build is applied and none is unknown.</summary>
    public bool IsCurrent => Pending.Count == 0 && Unknown.Count == 0;
}

/// <summary>Thrown when the database carries migrations that this build does not know.</summary>
public sealed class DatabaseNewerThanCodeException(IReadOnlyList<string> unknown)
    : Exception($"The database has migrations this version of WEMS does not know ({string.Join(", ", unknown)}): " +
                "it was migrated by a newer WEMS. Upgrade WEMS, or point it at another database; nothing was changed.")
{
    /// <summary>The unknown migration names.</summary>
    public IReadOnlyList<string> Unknown { get; } = unknown;
}

/// <summary>
/// Applies the SQL migrations embedded in this assembly (<c>Storage/Migrations/NNNN_name.sql</c>, in name order)
/// with DbUp, one transaction per script, journalled in <c>public.schemaversions</c>.
/// </summary>
/// <remarks>
/// Several WEMS processes may start at once: the upgrade runs under a PostgreSQL advisory lock, so one
/// applies the scripts and the others find them applied. A database with a migration this build does not
/// know is refused before anything runs.
/// </remarks>
public static class Migrator
{
    private const long AdvisoryLockKey = 0x57454D53; // "WEMS"
    private const string ScriptPrefix = "Wems.Gis.Storage.Migrations.";

    /// <summary>The migration names this build carries, in the order they apply.</summary>
    public static IReadOnlyList<string> KnownScripts { get; } = typeof(Migrator).Assembly
        .GetManifestResourceNames()
        .Where(n => n.StartsWith(ScriptPrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal)
        .ToArray();

    /// <summary>Compares the database's journal with <see cref="KnownScripts"/>.</summary>
    public static SchemaState Inspect(string connectionString)
    {
        var applied = Upgrader(connectionString).GetExecutedScripts();
        return new SchemaState(
            KnownScripts.Where(applied.Contains).ToArray(),
            KnownScripts.Where(s => !applied.Contains(s)).ToArray(),
            applied.Where(s => !KnownScripts.Contains(s)).ToArray());
    }

    /// <summary>Applies pending migrations and returns the names applied (none when current).</summary>
    /// <exception cref="DatabaseNewerThanCodeException">The database was migrated by a newer build.</exception>
    /// <exception cref="InvalidOperationException">A script failed; its transaction was rolled back.</exception>
    public static IReadOnlyList<string> Migrate(string connectionString)
    {
        using var lockConnection = new NpgsqlConnection(connectionString);
        lockConnection.Open();
        using (var take = new NpgsqlCommand("select pg_advisory_lock(@key)", lockConnection))
        {
            take.Parameters.AddWithValue("key", AdvisoryLockKey);
            take.ExecuteNonQuery();
        }

        try
        {
            var state = Inspect(connectionString);
            if (state.Unknown.Count > 0)
            {
                throw new DatabaseNewerThanCodeException(state.Unknown);
            }

            var result = Upgrader(connectionString).PerformUpgrade();
            if (!result.Successful)
            {
                throw new InvalidOperationException(
                    $"Migration {result.ErrorScript?.Name} failed and was rolled back: {result.Error.Message}", result.Error);
            }

            return result.Scripts.Select(s => s.Name).ToArray();
        }
        finally
        {
            using var release = new NpgsqlCommand("select pg_advisory_unlock(@key)", lockConnection);
            release.Parameters.AddWithValue("key", AdvisoryLockKey);
            release.ExecuteNonQuery();
        }
    }

    private static UpgradeEngine Upgrader(string connectionString) => DeployChanges.To
        .PostgresqlDatabase(connectionString)
        .WithScriptsEmbeddedInAssembly(Assembly.GetExecutingAssembly(), n => n.StartsWith(ScriptPrefix, StringComparison.Ordinal))
        .WithTransactionPerScript()
        // An index built on an existing database (e.g. 0021 at a million cases) can take minutes on a busy machine,
        // beyond the driver's 30-second default for one command.
        .WithExecutionTimeout(TimeSpan.FromMinutes(30))
        .LogToNowhere()
        .Build();
}
