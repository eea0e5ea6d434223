using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Wems.Gis.Cases;
using Wems.Gis.Demo;
using Wems.Gis.Reference;
using Wems.Gis.Reports;
using Wems.Gis.Storage;
using Wems.Web.Cases;
using Wems.Web.Import;

namespace Wems.Benchmarks;

/// <summary>
/// Bulk import of a CSV file of N rows (specimen lines) through <see cref="ImportService"/> — read, check every case with
/// the case API's rules and against the stored cases, store with binary COPY in one transaction — compared with a raw
/// binary COPY of the very same stored rows into an identical database (the baseline, same run).
/// </summary>
internal static class ImportBenchmark
{
    private static readonly string[] Tables = ["seizure_case", "specimen", "trade_chain"];

    public static async Task<string> RunAsync(string serverUrl, int rowCount)
    {
        var dataDirectory = ReferenceDataFiles.FindDataDirectory();
        var imported = await LoadBenchmark.CreateDatabaseAsync(serverUrl, "wems_bench_import", dataDirectory);
        var raw = await LoadBenchmark.CreateDatabaseAsync(serverUrl, "wems_bench_import_raw", dataDirectory);

        var file = Encoding.UTF8.GetBytes(Csv(KenyanCases(dataDirectory, rowCount), out var caseCount));
        Console.WriteLine($"import file: {rowCount:N0} rows, {caseCount:N0} cases, {file.Length / 1024.0 / 1024.0:F1} MiB");

        double dryRunSeconds, importSeconds;
        ImportJob job;
        await using (var dataSource = WemsDatabase.CreateDataSource(imported, "wems-bench"))
        {
            var service = new ImportService(new ImportRepository(dataSource),
                new CaseBulkLoader(dataSource, new CaseRepository(dataSource, new SharingRule())),
                new CaseValidation(new ReferenceStore(dataSource), TimeProvider.System), NullLogger<ImportService>.Instance);
            var scope = CallerScope.National("wems-bench", "KE", "KWS");

            var clock = Stopwatch.StartNew();
            var (dry, _) = await service.SubmitAsync(new ImportUpload("bench.csv", ImportFormat.Csv, file), scope, new ImportOptions(DryRun: true));
            dry = await service.RunAsync(dry.Id);
            dryRunSeconds = clock.Elapsed.TotalSeconds;
            Console.WriteLine($"dry run: {dry.Status}, {dry.Errors} errors, {dry.Warnings} warnings in {dryRunSeconds:F1} s");

            clock.Restart();
            var (submitted, _) = await service.SubmitAsync(new ImportUpload("bench.csv", ImportFormat.Csv, file), scope, new ImportOptions());
            job = await service.RunAsync(submitted.Id);
            importSeconds = clock.Elapsed.TotalSeconds;
            Console.WriteLine($"import: {job.Status}, {job.CasesStored:N0} cases stored in {importSeconds:F1} s ({job.Message})");
            if (job.Status != "completed" || job.CasesStored != caseCount)
            {
                throw new InvalidOperationException($"The benchmark import did not store every case: {job.Message}");
            }
        }

        var dumps = new Dictionary<string, byte[]>();
        await using (var source = new NpgsqlConnection(imported))
        {
            await source.OpenAsync();
            foreach (var table in Tables)
            {
                await using var output = new MemoryStream();
                await using (var stream = await source.BeginRawBinaryCopyAsync($"copy {table} ({PlainColumns(table)}) to stdout (format binary)"))
                {
                    await stream.CopyToAsync(output);
                }

                dumps[table] = output.ToArray();
            }
        }

        double rawSeconds;
        await using (var target = new NpgsqlConnection(raw))
        {
            await target.OpenAsync();
            var clock = Stopwatch.StartNew();
            await using var tx = await target.BeginTransactionAsync();
            foreach (var table in Tables)
            {
                // The strict baseline: no audit at all (the import pays one chained audit entry per table and batch).
                await using (var off = new NpgsqlCommand($"alter table {table} disable trigger {table}_audit_insert", target))
                {
                    await off.ExecuteNonQueryAsync();
                }

                await using var stream = await target.BeginRawBinaryCopyAsync($"copy {table} ({PlainColumns(table)}) from stdin (format binary)");
                await stream.WriteAsync(dumps[table]);
            }

            await tx.CommitAsync();
            rawSeconds = clock.Elapsed.TotalSeconds;
            Console.WriteLine($"raw COPY: {rawSeconds:F1} s");
        }

        var ci = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(ci, $"### Bulk import ({rowCount:N0} CSV rows = specimen lines, {caseCount:N0} cases of KWS, all-or-nothing, {file.Length / 1024.0 / 1024.0:F1} MiB)");
        text.AppendLine();
        text.AppendLine("| measure | value |");
        text.AppendLine("| --- | --- |");
        text.AppendLine(ci, $"| dry run (read CSV, check every case, duplicate look-ups; nothing stored) | {rowCount / dryRunSeconds:N0} rows/s ({dryRunSeconds:F1} s) |");
        text.AppendLine(ci, $"| import (read, check, binary COPY via CaseBulkLoader, one transaction, indexes on, one chained audit entry per table and batch) | {rowCount / importSeconds:N0} rows/s ({importSeconds:F1} s) |");
        text.AppendLine(ci, $"| raw binary COPY of the same stored rows into the same schema, audit triggers off (baseline, same run) | {rowCount / rawSeconds:N0} rows/s ({rawSeconds:F1} s) |");
        text.AppendLine(ci, $"| ratio import / raw COPY (target ≥ 0.3) | {rawSeconds / importSeconds:F2} |");
        text.AppendLine();

        await LoadBenchmark.DropAsync(serverUrl, "wems_bench_import");
        await LoadBenchmark.DropAsync(serverUrl, "wems_bench_import_raw");
        return text.ToString();
    }

    // Every stored column but the bulk-audit batch number, which only a bulk load may set (migration 0011).
    private static string PlainColumns(string table) =>
        string.Join(", ", LoadBenchmark.Columns(table).Split(", ").Where(c => c != "audit_batch"));

    /// <summary>
    /// Generated demo cases seized in Kenya, recorded by the Kenya Wildlife Service under fresh references, until their
    /// specimen lines make <paramref name="rows"/> rows (the last case is cut to fit). Nominal data are left out: the
    /// import file has no columns for them.
    /// </summary>
    private static IEnumerable<SeizureCase> KenyanCases(string dataDirectory, int rows)
    {
        var world = new DemoWorld(ReferenceDataFiles.LoadSites(dataDirectory), ReferenceDataFiles.LoadSpecies(dataDirectory));
        var left = rows;
        var n = 0;
        foreach (var c in DemoCaseGenerator.Generate(world, new DemoOptions { Cases = rows * 10, Seed = 11, NominalShare = 0 }))
        {
            if (c.Country != "KE" || c.Specimens.Count == 0)
            {
                continue;
            }

            var lines = c.Specimens.Take(left).ToList();
            yield return c with { AgencyCode = "KWS", Reference = $"BENCH-{n++:D7}", Specimens = lines, Nominal = null };
            left -= lines.Count;
            if (left == 0)
            {
                yield break;
            }
        }

        throw new InvalidOperationException($"The generator gave fewer than {rows} Kenyan specimen lines.");
    }

    private static string Csv(IEnumerable<SeizureCase> cases, out int count)
    {
        var text = new StringBuilder();
        text.Append(CsvText.Record(ImportColumns.All)).Append("\r\n");
        count = 0;
        foreach (var c in cases)
        {
            count++;
            foreach (var row in ImportColumns.Rows(Request(c)))
            {
                text.Append(CsvText.Record(row)).Append("\r\n");
            }
        }

        return text.ToString();
    }

    private static CaseRequest Request(SeizureCase c) => new()
    {
        Reference = c.Reference, AgencyCode = c.AgencyCode, Country = c.Country, Date = c.Date, Time = c.Time, PlaceName = c.PlaceName,
        Location = new LocationDto(c.Location.X, c.Location.Y),
        LocationPrecision = c.LocationPrecision switch
        {
            LocationPrecision.Exact => "exact",
            LocationPrecision.Approximate => "approximate",
            _ => "admin-area-centroid",
        },
        LocationType = c.LocationType, DetectingAgency = c.DetectingAgency, Reason = c.Reason, DetectionMethod = c.DetectionMethod,
        TransportMode = c.TransportMode, Concealment = c.Concealment,
        Specimens = c.Specimens.Select(s => new SpecimenDto(s.ScientificName, s.Term, s.Quantity, s.Unit, s.EstimatedValue, s.Currency)).ToList(),
        TradeChain = c.TradeChain.Select(t => new TradeChainEntryDto(t.Country, t.Role.ToString().ToLowerInvariant(), t.Custody, t.Intended)).ToList(),
        Outcome = new OutcomeDto(c.Outcome.Arrests, c.Outcome.Charges, c.Outcome.Law, c.Outcome.CourtOutcome, c.Outcome.Sanctions, c.Outcome.Disposal),
        SharedManually = c.SharedManually, IccwcConsent = c.IccwcConsent,
    };
}
