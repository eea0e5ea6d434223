using System.Globalization;
using System.Text.Json;
using Npgsql;
using Wems.Gis.Governance;
using Wems.Gis.Storage;
using Wems.Gis.Reports;
using Wems.Web.Reports;

namespace Wems.Web.Cli;

/// <summary>
/// <c>wems export cites --country KE --year 2023 --out FILE.xlsx|FILE.csv</c> and
/// <c>wems export ecomessage --country KE [--shared] [--from D --to D] [--nominal] [--agency CODE] --out FILE.json</c>. The command
/// line runs as the system owner of the database (no tier): whoever may run it may read every case. Every export that
/// carries nominal data (a CITES report, an Ecomessage package with <c>--nominal</c>) is recorded in the audit trail as an
/// EXPORT entry before the file is written, under <c>cli:{operating-system user}</c>, with the command and the host.
/// </summary>
public static class ExportCommand
{
    private const string Usage = """
        usage: wems export cites --country CC --year YYYY --out FILE.xlsx|FILE.csv
               wems export ecomessage --country CC [--shared] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--nominal] [--agency CODE] --out FILE.json
        """;

    private static readonly HashSet<string> Valued = ["country", "year", "out", "from", "to", "agency"];
    private static readonly HashSet<string> Flags = ["shared", "nominal"];

    /// <summary>Runs the command with the arguments after <c>export</c>; returns the exit code (0 ok, 2 usage).</summary>
    /// <exception cref="ArgumentException">An option is malformed.</exception>
    public static async Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(args);
        if (args.Count == 0 || args[0] is not ("cites" or "ecomessage") || !TryParse(args.Skip(1), out var options)
            || !options.TryGetValue("country", out var country) || !options.TryGetValue("out", out var output))
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }

        return args[0] == "cites"
            ? await CitesAsync(services, country!, options, output!)
            : await EcomessageAsync(services, country!, options, output!);
    }

    private static async Task<int> CitesAsync(IServiceProvider services, string country, Dictionary<string, string?> options, string output)
    {
        var format = Path.GetExtension(output).ToLowerInvariant() switch
        {
            ".xlsx" => "xlsx",
            ".csv" => "csv",
            _ => throw new ArgumentException("--out must end in .xlsx or .csv."),
        };
        if (!int.TryParse(options.GetValueOrDefault("year"), NumberStyles.None, CultureInfo.InvariantCulture, out var year))
        {
            throw new ArgumentException("--year must be a year, e.g. 2023.");
        }

        var report = await new CitesReportStore(services.GetRequiredService<NpgsqlDataSource>()).LoadAsync(country, year, scope: null);
        await AuditAsync(services, "cites-ait", $"export cites --country {country} --year {year}", output);
        await using (var file = File.Create(output))
        {
            await CitesReportFiles.WriteAsync(file, report, format);
        }

        Console.WriteLine($"Wrote {report.Rows.Count} row(s) of the CITES report of {report.CountryName} for {year} to {output}. {report.ConsentNote}");
        return 0;
    }

    private static async Task<int> EcomessageAsync(IServiceProvider services, string country, Dictionary<string, string?> options, string output)
    {
        var selection = new ExchangeSelection(options.ContainsKey("shared"), Date(options, "from"), Date(options, "to"), country);
        var nominal = options.ContainsKey("nominal");
        var store = new ExchangeStore(services.GetRequiredService<NpgsqlDataSource>(), services.GetRequiredService<CaseRepository>());
        var cases = await store.ReadAsync(selection, scope: null, nominal);
        if (nominal)
        {
            await AuditAsync(services, "cases", $"export ecomessage --country {country}{(selection.SharedOnly ? " --shared" : "")} --nominal", output);
        }

        // The sender is the agency named, else the one that recorded most of the package's cases.
        var agency = options.GetValueOrDefault("agency") ?? cases.GroupBy(c => c.Case.AgencyCode).MaxBy(g => g.Count())?.Key;
        var package = Ecomessage.Package(new EcomessageOrigin(country, agency, Environment.MachineName), cases, DateTimeOffset.UtcNow);
        await using (var file = File.Create(output))
        {
            await JsonSerializer.SerializeAsync(file, package, Ecomessage.JsonOptions);
        }

        Console.WriteLine($"Wrote {cases.Count} case(s) of {country}{(nominal ? " with nominal data" : "")} to {output}.");
        return 0;
    }

    // Who ran it (the operating-system user: the command line has no WEMS account), what, where the file went, from which host.
    private static Task AuditAsync(IServiceProvider services, string subject, string command, string output) =>
        new AuditLog(services.GetRequiredService<NpgsqlDataSource>()).WriteAsync($"cli:{Environment.UserName}", AuditOperations.Export, subject,
            new { command = $"wems {command}", output = Path.GetFullPath(output), host = Environment.MachineName });

    private static DateOnly? Date(Dictionary<string, string?> options, string name) => options.GetValueOrDefault(name) is { } v
        ? DateOnly.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d
            : throw new ArgumentException($"--{name} must be a date (yyyy-MM-dd), not '{v}'.")
        : null;

    private static bool TryParse(IEnumerable<string> args, out Dictionary<string, string?> options)
    {
        options = [];
        using var e = args.GetEnumerator();
        while (e.MoveNext())
        {
            var name = e.Current.StartsWith("--", StringComparison.Ordinal) ? e.Current[2..] : null;
            if (name is not null && Flags.Contains(name))
            {
                options[name] = null;
            }
            else if (name is not null && Valued.Contains(name) && e.MoveNext())
            {
                options[name] = e.Current;
            }
            else if (name is not null && !Valued.Contains(name) && name.Contains('=', StringComparison.Ordinal))
            {
                // Host configuration (e.g. --Database:Url=...), read by WemsCli.
            }
            else
            {
                return false;
            }
        }

        return true;
    }
}
