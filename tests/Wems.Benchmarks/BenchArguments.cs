namespace Wems.Benchmarks;

/// <summary>Options of ./wems bench; <paramref name="Cases"/> is null when not given (each benchmark has its own default).</summary>
internal sealed record BenchArguments(string DatabaseUrl, string OutputPath, int? Cases, string? Only)
{
    public static BenchArguments Parse(string[] args)
    {
        string? database = null, output = null, only = null;
        int? cases = null;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--database": database = value; i++; break;
                case "--out": output = value; i++; break;
                case "--cases": cases = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); i++; break;
                case "--only": only = value; i++; break;
                default: throw new ArgumentException($"Unknown option {args[i]}.");
            }
        }

        return new BenchArguments(
            database ?? throw new ArgumentException("--database is required (./wems bench passes it)."),
            output ?? "docs/benchmarks.md", cases, only);
    }
}
