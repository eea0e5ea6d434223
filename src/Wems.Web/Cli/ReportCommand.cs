using System.Globalization;
using Npgsql;
using Wems.Gis.Reports;
using Wems.Gis.Storage;
using Wems.Web.Reports;

namespace Wems.Web.Cli;

/// <summary>
/// <c>wems report briefing (--country KE | --region LATF) [--from YYYY-MM-DD] [--to YYYY-MM-DD] --out FILE.html</c>: the
/// briefing the server serves at <c>/api/reports/briefing</c>, as one standalone HTML file (stylesheet embedded),
/// made under the country's national tier or the region's regional tier (shared cases only).
/// </summary>
public static class ReportCommand
{
    private const string Usage = """
        usage: wems report briefing (--country CC | --region CODE) [--from YYYY-MM-DD] [--to YYYY-MM-DD] --out FILE.html
          default period: the year up to the latest seizure visible
        """;

    private static readonly HashSet<string> Names = ["country", "region", "from", "to", "out"];

    private const string AgencySql = "select code from agency where country = @country order by code limit 1";

    /// <summary>Runs the command with the arguments after <c>report</c>; returns the exit code (0 ok, 2 usage).</summary>
    /// <exception cref="ArgumentException">An option is malformed, or the country has no agency.</exception>
    public static async Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(args);
        if (args.Count == 0 || args[0] != "briefing" || !TryParse(args.Skip(1), out var options) || !options.TryGetValue("out", out var output)
            || options.ContainsKey("country") == options.ContainsKey("region"))
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }

        var dataSource = services.GetRequiredService<NpgsqlDataSource>();
        var scope = await ScopeAsync(dataSource, options);
        var to = Date(options, "to") ?? await new TrendRepository(dataSource).LatestDateAsync(scope, null)
            ?? throw new ArgumentException("No case is visible to take the period from; give --from and --to.");
        var from = Date(options, "from") ?? to.AddYears(-1).AddDays(1);
        var briefing = await new BriefingStore(dataSource).LoadAsync(scope, from, to, DateTimeOffset.UtcNow);
        await File.WriteAllTextAsync(output, BriefingHtml.Render(briefing, stylesheetHref: null));
        Console.WriteLine($"Wrote the briefing of {briefing.Area} for {from:yyyy-MM-dd} to {to:yyyy-MM-dd} " +
                          $"({briefing.Figures.Current.Cases} cases) to {output}.");
        return 0;
    }

    private static async Task<CallerScope> ScopeAsync(NpgsqlDataSource dataSource, Dictionary<string, string> options)
    {
        const string actor = "wems-cli";
        if (options.TryGetValue("region", out var region))
        {
            return CallerScope.Regional(actor, region.ToUpperInvariant());
        }

        // A national briefing depends only on the country; any of its agencies will do for the tier settings.
        var country = options["country"].ToUpperInvariant();
        await using var command = dataSource.CreateCommand(AgencySql);
        command.Parameters.AddWithValue("country", country);
        return await command.ExecuteScalarAsync() is string code
            ? CallerScope.National(actor, country, code)
            : throw new ArgumentException($"No agency records cases in '{country}'; give another --country.");
    }

    private static DateOnly? Date(Dictionary<string, string> options, string name) => options.GetValueOrDefault(name) is { } v
        ? DateOnly.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d
            : throw new ArgumentException($"--{name} must be a date (yyyy-MM-dd), not '{v}'.")
        : null;

    private static bool TryParse(IEnumerable<string> args, out Dictionary<string, string> options)
    {
        options = [];
        using var e = args.GetEnumerator();
        while (e.MoveNext())
        {
            var name = e.Current.StartsWith("--", StringComparison.Ordinal) ? e.Current[2..] : null;
            if (name is not null && Names.Contains(name) && e.MoveNext())
            {
                options[name] = e.Current;
            }
            else if (name is null || !name.Contains('=', StringComparison.Ordinal))
            {
                // Host configuration (e.g. --Database:Url=...) is read by WemsCli; anything else is a usage error.
                return false;
            }
        }

        return true;
    }
}
