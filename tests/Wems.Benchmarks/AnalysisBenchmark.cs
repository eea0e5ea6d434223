using System.Diagnostics;
using System.Globalization;
using System.Text;
using Npgsql;
using Wems.Gis.Analysis.Hotspots;
using Wems.Gis.AnalysisRuns;
using Wems.Gis.Cases;
using Wems.Gis.Demo;
using Wems.Gis.Reference;
using Wems.Gis.Storage;

namespace Wems.Benchmarks;

/// <summary>
/// <c>./wems bench --only analyses [--cases N]</c>: the spatial core on N generated demo cases (default 1,000,000) in
/// PostgreSQL, run exactly as the API and the server CLI run them (<see cref="HotspotRun"/>, <see cref="CorridorRun"/>,
/// <see cref="BorderCoverageRun"/>: read under the caller's tier, compute, store the layer), each timed with its
/// steps; and Gi* on 100,000 hexagon cells against R spdep's localG on the same cells in the same run (the baseline),
/// with the largest difference of the z-scores to show both computed the same thing.
/// </summary>
/// <remarks>
/// The caller is a regional analyst of a bench region holding every country, and every generated case is marked
/// shared by hand, so the runs read all N cases through row-level security (the demo data alone shares only the
/// transboundary part).
/// </remarks>
internal static class AnalysisBenchmark
{
    private const int GiCells = 100_000;
    private const string Region = "BENCH";

    public static async Task<string> RunAsync(string serverUrl, int caseCount)
    {
        var data = ReferenceDataFiles.FindDataDirectory();
        var connectionString = await LoadBenchmark.CreateDatabaseAsync(serverUrl, "wems_bench_analyses", data);
        var world = new DemoWorld(ReferenceDataFiles.LoadSites(data), ReferenceDataFiles.LoadSpecies(data));
        var points = new List<GeoPoint>(caseCount);
        var ci = CultureInfo.InvariantCulture;
        var report = new StringBuilder();
        await using (var dataSource = WemsDatabase.CreateDataSource(connectionString, "wems-bench"))
        {
            Console.Error.WriteLine($"analyses: loading {caseCount:N0} demo cases ...");
            var loader = new CaseBulkLoader(dataSource, new CaseRepository(dataSource, new SharingRule()));
            await loader.LoadAsync(DemoCaseGenerator.Generate(world, new DemoOptions { Cases = caseCount, Seed = 1 }).Select(c =>
            {
                points.Add(c.Location);
                return c with { SharedManually = true };
            }), "wems-bench", mode: BulkLoadMode.Exclusive);
            await using (var setup = dataSource.CreateCommand($"""
                insert into region (code, name) values ('{Region}', 'Benchmark region: every country');
                insert into region_member (region_code, country) select '{Region}', iso2 from country;
                """))
            {
                await setup.ExecuteNonQueryAsync();
            }

            await using (var vacuum = dataSource.CreateCommand("vacuum analyze"))
            {
                await vacuum.ExecuteNonQueryAsync();
            }

            var scope = CallerScope.Regional("wems-bench", Region);
            // Warm-up on one month so that JIT compilation is not timed.
            var month = new CaseFilter(new DateOnly(2020, 1, 1), new DateOnly(2020, 1, 31));
            await HotspotRun.RunAsync(dataSource, scope, new HotspotParameters { Filter = month }, "wems-bench");
            await CorridorRun.RunAsync(dataSource, scope, new CorridorParameters { Filter = month }, "wems-bench");
            await BorderCoverageRun.RunAsync(dataSource, scope, new BorderCoverageParameters { Filter = month }, "wems-bench");

            report.AppendLine(ci, $"### Analyses on {caseCount:N0} generated cases, from PostgreSQL (as the API and `wems analyse` run them)");
            report.AppendLine();
            report.AppendLine(ci, $"Load average at start: {Machine.LoadAverage()}.");
            report.AppendLine();
            report.AppendLine("| run | time | steps | result |");
            report.AppendLine("| --- | ---: | --- | --- |");
            for (var i = 1; i <= 2; i++)
            {
                var hot = await HotspotRun.RunAsync(dataSource, scope, null, "wems-bench");
                var cells = await CellsAsync(dataSource, hot.RunId);
                report.AppendLine(ci,
                    $"| hotspots #{i}: load + hex aggregation (default cell) + Gi* + FDR + store | {hot.DurationMs / 1000.0:F2} s | {Steps(hot)} | " +
                    $"{hot.InputCases:N0} cases, {hot.ResultRows:N0} cells, {cells} |");
            }

            var corridors = await CorridorRun.RunAsync(dataSource, scope, null, "wems-bench");
            report.AppendLine(ci,
                $"| corridors: load + trade legs + flows + country roles (betweenness) + store | {corridors.Run.DurationMs / 1000.0:F2} s | | " +
                $"{corridors.Run.InputCases:N0} cases, {corridors.Run.ResultRows:N0} flows, {corridors.Countries} countries |");
            var border = await BorderCoverageRun.RunAsync(dataSource, scope, null, "wems-bench");
            report.AppendLine(ci,
                $"| border analysis: load + segments + nearest border of every case + coverage + gaps + store | {border.DurationMs / 1000.0:F2} s | | " +
                $"{border.InputCases:N0} cases, {border.ResultRows:N0} segments |");
        }

        NpgsqlConnection.ClearAllPools();
        await LoadBenchmark.DropAsync(serverUrl, "wems_bench_analyses");
        report.AppendLine();
        report.Append(GiStarAgainstR([.. points]));
        report.AppendLine();
        return report.ToString();
    }

    private static string Steps(AnalysisRunSummary run) =>
        string.Join(", ", run.Steps.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Step} {s.Ms / 1000:F2} s")));

    private static async Task<string> CellsAsync(NpgsqlDataSource dataSource, long runId)
    {
        await using var command = dataSource.CreateCommand(
            "select format('%s km² cells, %s at 99%% hot (FDR)', round((parameters->>'cell_area_km2')::numeric), " +
            "(select count(*) from hotspot_cell where run_id = $1 and bin_fdr = 3)) from analysis_run where id = $1");
        command.Parameters.AddWithValue(runId);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Gi* on about 100,000 hexagon cells of the cases: WEMS (timed) and R spdep (timed by system.time in R).</summary>
    private static string GiStarAgainstR(GeoPoint[] points)
    {
        // A cell size that gives about GiCells cells over the cases' hull.
        var probe = HexAggregation.Aggregate(points, [], new HexAggregationOptions { IncludeEmptyCells = true });
        var area = probe.Grid.CellAreaKm2 * probe.Bins.Count / GiCells;
        var aggregation = HexAggregation.Aggregate(points, [], new HexAggregationOptions { IncludeEmptyCells = true, CellAreaKm2 = area, SegmentsPerEdge = 1 });
        var x = aggregation.Bins.Select(b => b.CenterXMeters).ToArray();
        var y = aggregation.Bins.Select(b => b.CenterYMeters).ToArray();
        var values = aggregation.Bins.Select(b => (double)b.Count).ToArray();
        var band = SpatialWeights.DefaultDistanceBandMeters(x, y);

        GetisOrd.LocalGStar(x.AsSpan(0, 1000), y.AsSpan(0, 1000), values.AsSpan(0, 1000)); // JIT warm-up
        var clock = Stopwatch.StartNew();
        var gi = GetisOrd.LocalGStar(values, SpatialWeights.FixedDistanceBand(x, y, band));
        var bins = FalseDiscoveryRate.Bins(gi.Select(g => g.Z).ToArray(), gi.Select(g => g.P).ToArray(), true);
        var wems = clock.Elapsed.TotalSeconds;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Gi* on {values.Length:N0} cells ({area:F1} km², fixed band {band / 1000:F2} km, binary weights, self included) + FDR bins: " +
            $"**WEMS {wems:F3} s** (neighbour search with a 2-d tree, Gi* in parallel on {Environment.ProcessorCount} cores); {bins.Count(b => b == 3):N0} cells 99% hot.");

        var rscript = FindOnPath("Rscript");
        if (rscript is null)
        {
            text.AppendLine("R baseline skipped: Rscript is not installed (apt-get install r-base-core r-cran-spdep).");
            return text.ToString();
        }

        var folder = Directory.CreateTempSubdirectory("wems-bench-r-").FullName;
        try
        {
            var csv = Path.Combine(folder, "cells.csv");
            using (var writer = new StreamWriter(csv))
            {
                writer.WriteLine("x,y,value");
                for (var i = 0; i < values.Length; i++)
                {
                    writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{x[i]:R},{y[i]:R},{values[i]:R}"));
                }
            }

            var script = Path.Combine(folder, "gistar.R");
            File.WriteAllText(script, $$"""
                suppressPackageStartupMessages(library(spdep))
                d <- read.csv("{{csv}}")
                coords <- cbind(d$x, d$y)
                t <- system.time({
                  nb <- include.self(dnearneigh(coords, 0, {{(band * (1 + 1e-9)).ToString("R", CultureInfo.InvariantCulture)}}))
                  g <- as.numeric(localG(d$value, nb2listw(nb, style = "B")))
                })
                cat(sprintf("elapsed %.3f\n", t[["elapsed"]]))
                cat(sprintf("version %s spdep %s\n", R.version.string, packageVersion("spdep")))
                writeLines(sprintf("%.17g", g), "{{Path.Combine(folder, "z.txt")}}")
                """);
            var start = new ProcessStartInfo(rscript, [script]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            var elapsed = output.Split('\n').FirstOrDefault(l => l.StartsWith("elapsed ", StringComparison.Ordinal));
            if (process.ExitCode != 0 || elapsed is null)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"R baseline failed (exit {process.ExitCode}): {error.Trim()}");
                return text.ToString();
            }

            var r = double.Parse(elapsed["elapsed ".Length..], CultureInfo.InvariantCulture);
            var version = output.Split('\n').First(l => l.StartsWith("version ", StringComparison.Ordinal))["version ".Length..];
            var rz = File.ReadAllLines(Path.Combine(folder, "z.txt")).Select(l => double.Parse(l, CultureInfo.InvariantCulture)).ToArray();
            var maxDiff = gi.Zip(rz, (a, b) => double.IsNaN(a.Z) && double.IsNaN(b) ? 0 : Math.Abs(a.Z - b)).Max();
            text.AppendLine(CultureInfo.InvariantCulture,
                $"Baseline, same cells and band: **R spdep dnearneigh + localG {r:F3} s** ({version}; system.time inside R, reading the CSV not timed). " +
                $"**WEMS is {r / wems:F1}× faster.** Largest |z(WEMS) − z(R)|: {maxDiff:G3}.");
            return text.ToString();
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);
}
