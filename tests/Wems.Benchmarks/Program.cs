using System.Globalization;
using System.Text;
using Wems.Benchmarks;

// ./wems bench [--cases N] [--only load|ogc|tiles|analyses|import|ui|code]: database benchmarks measured directly (a bulk load is one
// long operation, not a micro-benchmark), in-process code through BenchmarkDotNet. Results are appended
// to docs/benchmarks.md with the date and the machine.
var options = BenchArguments.Parse(args);
var report = new StringBuilder();
report.AppendLine(CultureInfo.InvariantCulture, $"## {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC — {Machine.Describe()}");
report.AppendLine();

if (options.Only is null or "load")
{
    report.Append(await LoadBenchmark.RunAsync(options.DatabaseUrl, options.Cases ?? 1_000_000));
}

if (options.Only is null or "ogc")
{
    report.Append(await OgcBenchmark.RunAsync(options.DatabaseUrl, options.Cases ?? 200_000));
}

if (options.Only is null or "analyses")
{
    report.Append(await AnalysisBenchmark.RunAsync(options.DatabaseUrl, options.Cases ?? 1_000_000));
}

if (options.Only is null or "tiles")
{
    report.Append(await TileBenchmark.RunAsync(options.DatabaseUrl, options.Cases ?? 1_000_000));
}

if (options.Only is null or "import")
{
    report.Append(await ImportBenchmark.RunAsync(options.DatabaseUrl, options.Cases ?? 100_000));
}

if (options.Only is null or "ui")
{
    report.Append(await UiBenchmark.RunAsync(options.DatabaseUrl, options.Cases ?? 1_000_000));
}

if (options.Only is null or "code")
{
    report.Append(CodeBenchmarks.Run());
}

Console.WriteLine(report);
await File.AppendAllTextAsync(options.OutputPath, report.ToString() + Environment.NewLine);
Console.WriteLine($"Appended to {options.OutputPath}");
