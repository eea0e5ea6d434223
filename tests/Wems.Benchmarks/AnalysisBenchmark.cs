using System.Diagnostics;
using System.Globalization;
using System.Text;
using Wems.Gis.Analysis.Borders;
using Wems.Gis.Analysis.Corridors;
using Wems.Gis.Analysis.Hotspots;
using Wems.Gis.Cases;
using Wems.Gis.Demo;
using Wems.Gis.Geography;
using Wems.Gis.Reference;

namespace Wems.Benchmarks;

/// <summary>
/// <c>./wems bench --only analyses [--cases N]</c>: the spatial core on N generated demo cases (default 1,000,000),
/// in process (no database): hex aggregation + Gi* + FDR, corridors, border analysis, each timed; and Gi* on
/// 100,000 hexagon cells against R spdep's localG on the same cells in the same run (the baseline), with the largest
/// difference of the z-scores to show both computed the same thing.
/// </summary>
internal static class AnalysisBenchmark
{
    private const int GiCells = 100_000;

    public static string Run(int caseCount)
    {
        var data = ReferenceDataFiles.FindDataDirectory();
        var sites = ReferenceDataFiles.LoadSites(data);
        var world = new DemoWorld(sites, ReferenceDataFiles.LoadSpecies(data));
        Console.Error.WriteLine($"analyses: generating {caseCount:N0} demo cases ...");
        var cases = DemoCaseGenerator.Generate(world, new DemoOptions { Cases = caseCount, Seed = 1 }).ToList();
        var points = cases.Select(c => c.Location).ToArray();
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"### Analyses on {caseCount:N0} generated cases (in process, no database)");
        report.AppendLine();
        report.AppendLine("| step | time | result |");
        report.AppendLine("| --- | ---: | --- |");

        // Warm-up on a small slice so that JIT compilation is not timed.
        HotSpotAnalysis.Run(HexAggregation.Aggregate(points.AsSpan(0, Math.Min(5000, points.Length)), [], new HexAggregationOptions { IncludeEmptyCells = true }));

        var clock = Stopwatch.StartNew();
        var aggregation = HexAggregation.Aggregate(points, [], new HexAggregationOptions { IncludeEmptyCells = true });
        var aggregated = clock.Elapsed;
        var spots = HotSpotAnalysis.Run(aggregation);
        var hotspots = clock.Elapsed;
        report.AppendLine(CultureInfo.InvariantCulture,
            $"| hotspot run: hex aggregation (default cell) + Gi* + FDR | {hotspots.TotalSeconds:F2} s | {aggregation.Bins.Count:N0} cells of {aggregation.Grid.CellAreaKm2:F0} km² " +
            $"(aggregation {aggregated.TotalSeconds:F2} s), {spots.Count(s => s.Bin == 3):N0} at 99% hot (FDR) |");

        clock.Restart();
        var legs = cases.Select(c => TradeLegs.Build(c, _ => "")).ToList();
        var flows = CorridorAggregation.Aggregate(legs, new CorridorOptions { KeepCaseIds = false });
        var roles = CountryRoles.Compute(cases, flows);
        var corridors = clock.Elapsed;
        report.AppendLine(CultureInfo.InvariantCulture,
            $"| corridors: trade legs + flows + country roles (betweenness) | {corridors.TotalSeconds:F2} s | {flows.Count:N0} flows, {roles.Count} countries |");

        var borders = CountryFiles.ReadBorders(Path.Combine(data, CountryFiles.BordersFileName))
            .Where(b => cases.Count > 0 && (Region.Contains(b.Iso2A) || Region.Contains(b.Iso2B))).ToList();
        var posts = sites.Where(s => s.Kind == SiteKind.BorderPost).Select(EnforcementPost.FromSite).ToList();
        clock.Restart();
        var segments = BorderSegmentation.Split(borders);
        var near = BorderCaseAssignment.Assign(segments, cases.Select((c, i) => new CasePoint(i.ToString(CultureInfo.InvariantCulture), c.Location)));
        var coverage = BorderCoverage.Compute(segments, posts, near);
        var border = clock.Elapsed;
        report.AppendLine(CultureInfo.InvariantCulture,
            $"| border analysis: {segments.Count:N0} segments, nearest border of every case, coverage + gaps | {border.TotalSeconds:F2} s | " +
            $"{near.Count:N0} near-border cases, {coverage.CoveragePercent:F1}% covered, {coverage.Gaps.Count} gaps |");

        report.AppendLine();
        report.Append(GiStarAgainstR(points));
        report.AppendLine();
        return report.ToString();
    }

    // The borders of the demo region (the countries the generator places cases in, and their neighbours).
    private static readonly HashSet<string> Region = ["KE", "TZ", "UG", "CG", "CM", "CD", "CF", "GA", "RW", "BI", "ZM", "MZ", "SS", "ET", "SO", "MW", "AO"];

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
