using System.Diagnostics;
using System.Globalization;
using System.Text;
using Npgsql;
using Wems.Gis.Demo;
using Wems.Gis.Reference;
using Wems.Gis.Cases;
using Wems.Gis.Storage;

namespace Wems.Benchmarks;

/// <summary>
/// Bulk load of generated cases through <see cref="CaseBulkLoader"/>, compared with a raw binary COPY of the
/// very same rows (dumped from the first load) into a second, identical database: the ratio says how much of
/// the database's own ingest speed the loader keeps. Both databases have the same indexes and audit triggers.
/// </summary>
internal static class LoadBenchmark
{
    private static readonly string[] Tables = ["seizure_case", "specimen", "trade_chain", "case_offender", "case_company", "case_conveyance", "case_note"];

    public static async Task<string> RunAsync(string serverUrl, int caseCount)
    {
        var dataDirectory = ReferenceDataFiles.FindDataDirectory();
        var loaded = await CreateDatabaseAsync(serverUrl, "wems_bench_load", dataDirectory);
        var exclusive = await CreateDatabaseAsync(serverUrl, "wems_bench_exclusive", dataDirectory);
        var raw = await CreateDatabaseAsync(serverUrl, "wems_bench_raw", dataDirectory);

        var world = new DemoWorld(ReferenceDataFiles.LoadSites(dataDirectory), ReferenceDataFiles.LoadSpecies(dataDirectory));
        var options = new DemoOptions { Cases = caseCount, Seed = 7 };

        // Generation alone, so that the load figure can be read net of it.
        var clock = Stopwatch.StartNew();
        var generated = DemoCaseGenerator.Generate(world, options).Count();
        var generateSeconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"generate: {generated:N0} cases in {generateSeconds:F1} s");

        long sizeBefore, sizeAfter;
        double loadSeconds;
        await using (var dataSource = WemsDatabase.CreateDataSource(loaded, "wems-bench"))
        {
            sizeBefore = await DatabaseSizeAsync(dataSource);
            var loader = new CaseBulkLoader(dataSource, new CaseRepository(dataSource, new SharingRule()));
            clock.Restart();
            await loader.LoadAsync(DemoCaseGenerator.Generate(world, options), "wems-bench");
            loadSeconds = clock.Elapsed.TotalSeconds;
            Console.WriteLine($"CaseBulkLoader: {generated:N0} cases in {loadSeconds:F1} s");
            await using (var vacuum = dataSource.CreateCommand("vacuum analyze"))
            {
                await vacuum.ExecuteNonQueryAsync();
            }

            sizeAfter = await DatabaseSizeAsync(dataSource);
        }

        double exclusiveSeconds;
        var steps = new StepLog();
        await using (var dataSource = WemsDatabase.CreateDataSource(exclusive, "wems-bench"))
        {
            var loader = new CaseBulkLoader(dataSource, new CaseRepository(dataSource, new SharingRule()));
            clock.Restart();
            await loader.LoadAsync(DemoCaseGenerator.Generate(world, options), "wems-bench", mode: BulkLoadMode.Exclusive, steps: steps);
            exclusiveSeconds = clock.Elapsed.TotalSeconds;
            Console.WriteLine($"CaseBulkLoader exclusive: {generated:N0} cases in {exclusiveSeconds:F1} s");
        }

        // Dump the loaded rows, then time a raw COPY of the same rows in one transaction.
        var dumps = new Dictionary<string, byte[]>();
        await using (var source = new NpgsqlConnection(loaded))
        {
            await source.OpenAsync();
            foreach (var table in Tables)
            {
                await using var output = new MemoryStream();
                await using (var stream = await source.BeginRawBinaryCopyAsync($"copy {table} ({Columns(table)}) to stdout (format binary)"))
                {
                    await stream.CopyToAsync(output);
                }

                dumps[table] = output.ToArray();
            }
        }

        // Baseline: the same bytes into the same schema (keys, checks, foreign keys, indexes), in one transaction,
        // with the audit triggers off: what the database itself pays to ingest these rows with full integrity checks.
        var rawSeconds = await RawCopyAsync(raw, dumps, "", disableAudit: true);
        Console.WriteLine($"raw COPY: {rawSeconds:F1} s");

        // Floor: the same bytes into bare tables of the same columns (no key, index, constraint or trigger).
        await using (var target = new NpgsqlConnection(raw))
        {
            await target.OpenAsync();
            foreach (var table in Tables)
            {
                await using var create = new NpgsqlCommand($"create table bare_{table} (like {table} including generated)", target);
                await create.ExecuteNonQueryAsync();
            }
        }

        var bareSeconds = await RawCopyAsync(raw, dumps, "bare_", disableAudit: false);
        Console.WriteLine($"bare COPY: {bareSeconds:F1} s");

        var loadRate = generated / loadSeconds;
        var exclusiveRate = generated / exclusiveSeconds;
        var rawRate = generated / rawSeconds;
        var bareRate = generated / bareSeconds;
        var bytesPerMillion = (sizeAfter - sizeBefore) * (1_000_000.0 / generated);
        var text = new StringBuilder();
        var ci = CultureInfo.InvariantCulture;
        text.AppendLine(ci, $"### Bulk load ({generated:N0} generated cases, one transaction, bulk audit entries, constraints checked)");
        text.AppendLine();
        text.AppendLine("| measure | value |");
        text.AppendLine("| --- | --- |");
        text.AppendLine(ci, $"| generate only (in memory) | {generated / generateSeconds:N0} cases/s ({generateSeconds:F1} s) |");
        text.AppendLine(ci, $"| CaseBulkLoader, online (generate + sharing rule + encode + COPY + audit digest, constraints checked per row) | {loadRate:N0} cases/s ({loadSeconds:F1} s) |");
        text.AppendLine(ci, $"| CaseBulkLoader, exclusive (tables locked; empty tables truncated and loaded with COPY FREEZE; keys, FKs and indexes re-created at the end; ANALYZE) | {exclusiveRate:N0} cases/s ({exclusiveSeconds:F1} s) |");
        text.AppendLine(ci, $"| raw binary COPY of the same rows into the same schema, audit triggers off (baseline, same run) | {rawRate:N0} cases/s ({rawSeconds:F1} s) |");
        text.AppendLine(ci, $"| raw binary COPY of the same rows into bare tables: no key, index, constraint or trigger (floor, same run) | {bareRate:N0} cases/s ({bareSeconds:F1} s) |");
        text.AppendLine(ci, $"| ratio online loader / raw COPY | {loadRate / rawRate:F2} |");
        text.AppendLine(ci, $"| ratio exclusive loader / raw COPY | {exclusiveRate / rawRate:F2} |");
        text.AppendLine(ci, $"| ratio exclusive loader / bare-table COPY | {exclusiveRate / bareRate:F2} |");
        text.AppendLine(ci, $"| database size per million cases (tables, indexes, audit) | {bytesPerMillion / 1024 / 1024 / 1024:F2} GiB |");
        text.AppendLine();
        text.AppendLine("Exclusive load by phase (wall time; the slowest statement of each phase):");
        text.AppendLine();
        text.AppendLine("| phase | seconds | statements | slowest |");
        text.AppendLine("| --- | --- | --- | --- |");
        foreach (var phase in steps.Steps.GroupBy(s => PhaseOf(s.Statement)))
        {
            var slowest = phase.MaxBy(s => s.Elapsed)!;
            text.AppendLine(ci,
                $"| {phase.Key} | {phase.Sum(s => s.Elapsed.TotalSeconds):F1} | {phase.Count()} | {slowest.Elapsed.TotalSeconds:F1} s: `{slowest.Statement}` |");
        }

        text.AppendLine();

        await DropAsync(serverUrl, "wems_bench_load");
        await DropAsync(serverUrl, "wems_bench_raw");
        await DropAsync(serverUrl, "wems_bench_exclusive");
        return text.ToString();
    }

    private static async Task<double> RawCopyAsync(string connectionString, Dictionary<string, byte[]> dumps, string prefix, bool disableAudit)
    {
        await using var target = new NpgsqlConnection(connectionString);
        await target.OpenAsync();
        var clock = Stopwatch.StartNew();
        await using var tx = await target.BeginTransactionAsync();
        foreach (var table in Tables)
        {
            if (disableAudit)
            {
                await using var off = new NpgsqlCommand($"alter table {table} disable trigger {table}_audit_insert", target);
                await off.ExecuteNonQueryAsync();
            }

            await using var stream = await target.BeginRawBinaryCopyAsync($"copy {prefix}{table} ({Columns(table)}) from stdin (format binary)");
            await stream.WriteAsync(dumps[table]);
        }

        await tx.CommitAsync();
        return clock.Elapsed.TotalSeconds;
    }

    private static string PhaseOf(string statement) =>
        statement.Contains("FOREIGN KEY", StringComparison.Ordinal) ? "foreign keys"
        : statement.Contains("PRIMARY KEY", StringComparison.Ordinal) || statement.Contains("UNIQUE", StringComparison.Ordinal) ? "keys"
        : statement.StartsWith("CREATE", StringComparison.Ordinal) ? "indexes"
        : statement;

    /// <summary>Keeps the loader's steps in the order they happen (<see cref="Progress{T}"/> would post them).</summary>
    private sealed class StepLog : IProgress<BulkLoadStep>
    {
        public List<BulkLoadStep> Steps { get; } = [];

        public void Report(BulkLoadStep value) => Steps.Add(value);
    }

    // The loader writes every stored column (its bulk audit digest covers whole rows); the raw COPY takes the same.
    internal static string Columns(string table) => string.Join(", ", CaseBulkLoader.ColumnsOf(table));

    internal static async Task<string> CreateDatabaseAsync(string serverUrl, string name, string dataDirectory)
    {
        await DropAsync(serverUrl, name);
        await ExecuteAsync(serverUrl, $"create database {name}");
        // No command timeout: a COPY of a million cases is one long command.
        var connectionString = new NpgsqlConnectionStringBuilder(DatabaseUrl.ToConnectionString(serverUrl))
        {
            Database = name,
            CommandTimeout = 0,
        }.ConnectionString;
        Migrator.Migrate(connectionString);
        await using var dataSource = WemsDatabase.CreateDataSource(connectionString, "wems-bench");
        var store = new ReferenceStore(dataSource);
        await store.LoadAsync(dataDirectory);
        await store.UpsertDemoAgenciesAsync();
        return connectionString;
    }

    private static async Task<long> DatabaseSizeAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("select pg_database_size(current_database())");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    internal static async Task DropAsync(string serverUrl, string name)
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(serverUrl, $"drop database if exists {name} with (force)");
    }

    private static async Task ExecuteAsync(string serverUrl, string sql)
    {
        await using var connection = new NpgsqlConnection(DatabaseUrl.ToConnectionString(serverUrl));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
