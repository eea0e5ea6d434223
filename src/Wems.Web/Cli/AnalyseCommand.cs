using System.Globalization;
using Npgsql;
using Wems.Gis.AnalysisRuns;
using Wems.Gis.Storage;

namespace Wems.Web.Cli;

/// <summary>
/// <c>wems analyse hotspots|border-coverage --country KE | --region LATF [options]</c>: runs an analysis for one
/// scope and stores it as a layer (served as the <c>hotspots</c>, <c>border-coverage</c> and <c>border-gaps</c>
/// collections), printing the run id, counts and timing.
/// </summary>
public static class AnalyseCommand
{
    private const string Usage = """
        usage: wems analyse hotspots|border-coverage (--country CC [--agency CODE] | --region CODE)
                 [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--commodity GROUP]
          hotspots:        [--cell-km2 N] [--band-km N] [--weight count|kilograms]
          border-coverage: [--segment-km N (10)] [--coverage-km N (20)] [--near-km N (50)]
        """;

    private static readonly HashSet<string> Names =
        ["country", "agency", "region", "from", "to", "commodity", "cell-km2", "band-km", "weight", "segment-km", "coverage-km", "near-km"];

    private const string AgencySql = "select code from agency where country = @country order by code limit 1";

    /// <summary>Runs the command with the arguments after <c>analyse</c>; returns the exit code (0 ok, 2 usage).</summary>
    /// <exception cref="ArgumentException">An option is malformed, or the analysis refused its input.</exception>
    public static async Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(args);
        if (args.Count == 0 || args[0] is not ("hotspots" or "border-coverage") || !TryParse(args.Skip(1), out var options)
            || options.ContainsKey("country") == options.ContainsKey("region"))
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }

        var dataSource = services.GetRequiredService<NpgsqlDataSource>();
        var actor = $"cli:{Environment.UserName}";
        var scope = await ScopeAsync(dataSource, options, actor);
        var filter = new CaseFilter(Date(options, "from"), Date(options, "to"), options.GetValueOrDefault("commodity"));
        var summary = args[0] == "hotspots"
            ? await HotspotRun.RunAsync(dataSource, scope, new HotspotParameters
            {
                Filter = filter,
                CellAreaKm2 = Number(options, "cell-km2"),
                DistanceBandKm = Number(options, "band-km"),
                Weight = options.GetValueOrDefault("weight") switch
                {
                    null or "count" => HotspotWeight.Count,
                    "kilograms" => HotspotWeight.Kilograms,
                    var w => throw new ArgumentException($"--weight must be count or kilograms, not '{w}'."),
                },
            }, actor)
            : await BorderCoverageRun.RunAsync(dataSource, scope, new BorderCoverageParameters
            {
                Filter = filter,
                SegmentLengthKm = Number(options, "segment-km") ?? 10,
                CoverageDistanceKm = Number(options, "coverage-km") ?? 20,
                NearBorderKm = Number(options, "near-km") ?? 50,
            }, actor);

        var rows = args[0] == "hotspots" ? "hexagons" : "border segments";
        var scopeName = scope.Tier == Tier.National ? $"country {scope.Country}" : $"region {scope.Region}";
        Console.WriteLine($"Run {summary.RunId} ({args[0]}, {scopeName}): {summary.InputCases:N0} cases in, {summary.ResultRows:N0} {rows} stored " +
                          $"in {summary.DurationMs:N0} ms; data version {summary.DataVersion[..12]}.");
        return 0;
    }

    private static async Task<CallerScope> ScopeAsync(NpgsqlDataSource dataSource, Dictionary<string, string> options, string actor)
    {
        if (options.TryGetValue("region", out var region))
        {
            return CallerScope.Regional(actor, region.ToUpperInvariant());
        }

        var country = options["country"].ToUpperInvariant();
        if (options.TryGetValue("agency", out var agency))
        {
            return CallerScope.National(actor, country, agency);
        }

        // Reading and storing a national run depend only on the country; any of its agencies will do.
        await using var command = dataSource.CreateCommand(AgencySql);
        command.Parameters.AddWithValue("country", country);
        return await command.ExecuteScalarAsync() is string code
            ? CallerScope.National(actor, country, code)
            : throw new ArgumentException($"No agency records cases in '{country}'; give --agency or another --country.");
    }

    private static bool TryParse(IEnumerable<string> args, out Dictionary<string, string> options)
    {
        options = [];
        using var e = args.GetEnumerator();
        while (e.MoveNext())
        {
            if (!e.Current.StartsWith("--", StringComparison.Ordinal))
            {
                return false;
            }

            var name = e.Current[2..];
            if (!Names.Contains(name))
            {
                // Host options (--Database:Url=..., --urls ...) belong to the host's configuration, not to us.
                if (!name.Contains('=', StringComparison.Ordinal))
                {
                    e.MoveNext();
                }

                continue;
            }

            if (!e.MoveNext())
            {
                return false;
            }

            options[name] = e.Current;
        }

        return true;
    }

    private static DateOnly? Date(Dictionary<string, string> options, string name) =>
        options.TryGetValue(name, out var v)
            ? DateOnly.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                ? d
                : throw new ArgumentException($"--{name} must be a date YYYY-MM-DD, not '{v}'.")
            : null;

    private static double? Number(Dictionary<string, string> options, string name) =>
        options.TryGetValue(name, out var v)
            ? double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n) && n >= 0
                ? n
                : throw new ArgumentException($"--{name} must be a number ≥ 0, not '{v}'.")
            : null;
}
