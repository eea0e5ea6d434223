using System.Globalization;
using Npgsql;
using Wems.Gis.Analysis.Corridors;
using Wems.Gis.AnalysisRuns;
using Wems.Gis.Features;
using Wems.Gis.Storage;

namespace Wems.Web.Cli;

/// <summary>
/// <c>wems analyse hotspots|border-coverage|corridors|density|emerging-hotspots --country KE | --region LATF [options]</c>:
/// runs an analysis for one scope and stores it as a layer (served as the <c>hotspots</c>, <c>border-coverage</c>,
/// <c>border-gaps</c>, <c>corridors</c>, <c>country-roles</c>, <c>density-contours</c> and <c>emerging-hotspots</c>
/// collections), printing the run id, counts and timing.
/// </summary>
public static class AnalyseCommand
{
    private const string Usage = """
        usage: wems analyse hotspots|border-coverage|corridors|density|emerging-hotspots   (or analyze; border, emerging)
                 (--country CC [--agency CODE] | --region CODE) [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--commodity GROUP]
          hotspots:          [--cell-km2 N] [--band-km N] [--weight count|kilograms] [--weights band|inverse|knn] [--k 8] [--power 1]
          border-coverage:   [--segment-km N (10)] [--coverage-km N (20)] [--near-km N (50)]
          corridors:         [--period none|month|quarter|year] [--split-commodity yes|no] [--travelled-only yes|no] [--bend N (0.15)]
          density:           [--radius-km N] [--cell-km N]
          emerging-hotspots: [--cell-km2 N] [--band-km N] [--step year|quarter]
        on your own file (no database): wems analyse gistar|density|emerging|border --in FILE --out FILE (see wems analyse gistar)
        """;

    private static readonly HashSet<string> Names =
        [
            "country", "agency", "region", "from", "to", "commodity", "cell-km2", "band-km", "weight", "segment-km", "coverage-km", "near-km",
            "period", "split-commodity", "travelled-only", "bend", "radius-km", "cell-km", "step", "weights", "k", "power",
        ];

    private static readonly HashSet<string> Analyses = ["hotspots", "border-coverage", "corridors", "density", "emerging-hotspots"];

    private const string AgencySql = "select code from agency where country = @country order by code limit 1";

    /// <summary>Runs the command with the arguments after <c>analyse</c>; returns the exit code (0 ok, 2 usage).</summary>
    /// <exception cref="ArgumentException">An option is malformed, or the analysis refused its input.</exception>
    public static async Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(args);
        if (args.Count > 0 && args[0] is "border" or "emerging")
        {
            // The HTTP API's names of the same analyses.
            args = [args[0] == "border" ? "border-coverage" : "emerging-hotspots", .. args.Skip(1)];
        }

        if (args.Count == 0 || !Analyses.Contains(args[0]) || !TryParse(args.Skip(1), out var options)
            || options.ContainsKey("country") == options.ContainsKey("region"))
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }

        var dataSource = services.GetRequiredService<NpgsqlDataSource>();
        var actor = $"cli:{Environment.UserName}";
        var scope = await ScopeAsync(dataSource, options, actor);
        var filter = new CaseFilter(Date(options, "from"), Date(options, "to"), options.GetValueOrDefault("commodity"));
        var scopeName = scope.Tier == Tier.National ? $"country {scope.Country}" : $"region {scope.Region}";
        var (summary, rows) = args[0] switch
        {
            // The API's parser, so that the CLI takes the same names, defaults and checks.
            "hotspots" => (await Request("hotspots", options).RunAsync(dataSource, scope, actor), "hexagons"),
            "border-coverage" => (await BorderCoverageRun.RunAsync(dataSource, scope, new BorderCoverageParameters
            {
                Filter = filter,
                SegmentLengthKm = Number(options, "segment-km") ?? 10,
                CoverageDistanceKm = Number(options, "coverage-km") ?? 20,
                NearBorderKm = Number(options, "near-km") ?? 50,
            }, actor), "border segments"),
            "corridors" => await CorridorsAsync(dataSource, scope, filter, options, actor),
            "density" => (await DensityRun.RunAsync(dataSource, scope, new DensityParameters
            {
                Filter = filter,
                SearchRadiusKm = Positive(options, "radius-km"),
                CellSizeKm = Positive(options, "cell-km"),
            }, actor), "density contours"),
            _ => (await EmergingHotSpotRun.RunAsync(dataSource, scope, new EmergingHotSpotParameters
            {
                Filter = filter,
                CellAreaKm2 = Positive(options, "cell-km2"),
                DistanceBandKm = Positive(options, "band-km"),
                Step = options.GetValueOrDefault("step") switch
                {
                    null or "year" => EmergingHotSpotStep.Year,
                    "quarter" => EmergingHotSpotStep.Quarter,
                    var v => throw new ArgumentException($"--step must be year or quarter, not '{v}'."),
                },
            }, actor), "hexagons"),
        };

        Console.WriteLine($"Run {summary.RunId} ({args[0]}, {scopeName}): {summary.InputCases:N0} cases in, {summary.ResultRows:N0} {rows} stored " +
                          $"in {summary.DurationMs:N0} ms; data version {summary.DataVersion[..12]}.");
        return 0;
    }

    private static async Task<(AnalysisRunSummary Summary, string Rows)> CorridorsAsync(NpgsqlDataSource dataSource,
        CallerScope scope, CaseFilter filter, Dictionary<string, string> options, string actor)
    {
        var run = await CorridorRun.RunAsync(dataSource, scope, new CorridorParameters
        {
            Filter = filter,
            Period = options.GetValueOrDefault("period") switch
            {
                null or "none" => CorridorPeriod.None,
                "month" => CorridorPeriod.Month,
                "quarter" => CorridorPeriod.Quarter,
                "year" => CorridorPeriod.Year,
                var v => throw new ArgumentException($"--period must be none, month, quarter or year, not '{v}'."),
            },
            ByCommodityGroup = YesNo(options, "split-commodity"),
            TravelledOnly = YesNo(options, "travelled-only"),
            Bend = Number(options, "bend") ?? 0.15,
        }, actor);
        return (run.Run, $"flows and {run.Countries:N0} country roles");
    }

    private static AnalysisRequest Request(string kind, Dictionary<string, string> options)
    {
        var names = AnalysisRequest.NamesOf(kind);
        try
        {
            return AnalysisRequest.Parse(kind, options.Where(o => names.Contains(o.Key)).ToDictionary());
        }
        catch (InvalidParameterException e)
        {
            throw new ArgumentException($"--{e.Parameter}: {e.Reason}", e);
        }
    }

    private static bool YesNo(Dictionary<string, string> options, string name) => options.GetValueOrDefault(name) switch
    {
        null or "no" => false,
        "yes" => true,
        var v => throw new ArgumentException($"--{name} must be yes or no, not '{v}'."),
    };

    private static double? Positive(Dictionary<string, string> options, string name) =>
        Number(options, name) switch
        {
            0 => throw new ArgumentException($"--{name} must be a positive number, not 0."),
            var n => n,
        };

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
