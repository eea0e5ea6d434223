using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Wems.Gis.Demo;
using Wems.Gis.Reference;

namespace Wems.Benchmarks;

/// <summary>In-process code measured with BenchmarkDotNet (short runs: the machine is shared and noisy).</summary>
internal static class CodeBenchmarks
{
    public static string Run()
    {
        var config = ManualConfig.CreateMinimumViable().AddJob(Job.ShortRun).WithOptions(ConfigOptions.DisableLogFile);
        var summary = BenchmarkRunner.Run<GeneratorBenchmark>(config);
        var text = new StringBuilder();
        text.AppendLine("### In-process code (BenchmarkDotNet, ShortRun)");
        text.AppendLine();
        text.AppendLine("| benchmark | mean | allocated |");
        text.AppendLine("| --- | --- | --- |");
        foreach (var report in summary.Reports)
        {
            var mean = report.ResultStatistics?.Mean ?? double.NaN;
            var allocated = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0;
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {report.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo} | {mean / 1e6:F1} ms | {allocated / 1024.0 / 1024.0:F1} MiB |");
        }

        text.AppendLine();
        return text.ToString();
    }
}

[MemoryDiagnoser]
public class GeneratorBenchmark
{
    private DemoWorld world = null!;

    [GlobalSetup]
    public void Setup()
    {
        var data = ReferenceDataFiles.FindDataDirectory();
        world = new DemoWorld(ReferenceDataFiles.LoadSites(data), ReferenceDataFiles.LoadSpecies(data));
    }

    /// <summary>Generating 100,000 demo cases (consumed, not kept).</summary>
    [Benchmark]
    public int Generate100kCases() => DemoCaseGenerator.Generate(world, new DemoOptions { Cases = 100_000 }).Count();
}
