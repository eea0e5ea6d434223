using System.Diagnostics;
using Wems.Gis.Demo;
using Wems.Gis.Geography;
using Wems.Gis.Reference;
using Wems.Gis.Storage;
using Wems.Web.Infrastructure;

namespace Wems.Web.Cli;

/// <summary>
/// The command line of the Wems.Web host (<c>dotnet Wems.Web.dll COMMAND</c>), which <c>./wems</c> calls:
/// <c>migrate</c>, <c>seed</c>, <c>data countries</c>; anything else (or <c>serve</c>) starts the server.
/// </summary>
public static class WemsCli
{
    private static readonly string[] Commands = ["migrate", "seed", "data", "analyse", "analyze", "audit", "export", "report", "import"];

    /// <summary>True when <paramref name="args"/> names a command other than serving.</summary>
    public static bool IsCommand(string[] args) => args.Length > 0 && Commands.Contains(args[0]);

    /// <summary>Runs the command and returns the process exit code (0 ok, 1 failure, 2 usage).</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        // The analyses on the analyst's own file need no database (and no host).
        if (args[0] is "analyse" or "analyze" && args.Length > 1 && AnalyseFileCommand.Kinds.Contains(args[1]))
        {
            return AnalyseFileCommand.Run(args[1..]);
        }

        var options = CliArguments.Parse(args.Skip(1));
        var builder = WebApplication.CreateBuilder(options.Rest.ToArray());
        builder.Services.AddWemsDatabase();
        await using var app = builder.Build();
        try
        {
            return args[0] switch
            {
                "migrate" => Migrate(app.Services),
                "seed" => await SeedAsync(app.Services, options),
                "data" => BuildData(options),
                "analyse" or "analyze" => await AnalyseCommand.RunAsync(app.Services, args[1..]),
                "export" => await ExportCommand.RunAsync(app.Services, args[1..]),
                "report" => await ReportCommand.RunAsync(app.Services, args[1..]),
                "import" => await ImportCommand.RunAsync(app.Services, args[1..]),
                "audit" => await AuditCommand.RunAsync(app.Services, options.Positional),
                _ => 2,
            };
        }
        catch (Exception e) when (e is Microsoft.Extensions.Options.OptionsValidationException or DatabaseNewerThanCodeException
                                      or InvalidOperationException or ArgumentException or Npgsql.NpgsqlException or IOException)
        {
            await Console.Error.WriteLineAsync($"wems {args[0]}: {e.Message}");
            return 1;
        }
    }

    private static int Migrate(IServiceProvider services)
    {
        var applied = Migrator.Migrate(services.GetRequiredService<DatabaseConnection>().ConnectionString);
        Console.WriteLine(applied.Count == 0 ? "Database schema is current." : $"Applied {applied.Count} migration(s): {string.Join(", ", applied)}");
        return 0;
    }

    private static async Task<int> SeedAsync(IServiceProvider services, CliArguments options)
    {
        var dataDirectory = options.Value("data") ?? ReferenceDataFiles.FindDataDirectory();
        var reference = services.GetRequiredService<ReferenceStore>();
        var counts = await reference.LoadAsync(dataDirectory);
        Console.WriteLine($"Reference data: {string.Join(", ", counts.Select(c => $"{c.Value} {c.Key}"))}.");
        await reference.UpsertDemoAgenciesAsync();
        if (options.Flag("demo-accounts"))
        {
            var password = Environment.GetEnvironmentVariable(DemoAccounts.PasswordVariable);
            if (string.IsNullOrEmpty(password))
            {
                throw new ArgumentException($"--demo-accounts needs the password in {DemoAccounts.PasswordVariable}.");
            }

            var created = await DemoAccounts.CreateAsync(services.GetRequiredService<AccountRepository>(), password);
            Console.WriteLine($"Demo accounts (password from {DemoAccounts.PasswordVariable}):");
            foreach (var account in created)
            {
                Console.WriteLine($"  {account.Username,-13} {account.DisplayName}");
            }
        }

        if (options.Flag("reference-only"))
        {
            return 0;
        }

        var repository = services.GetRequiredService<CaseRepository>();
        var existing = await repository.CountAsync();
        if (options.Flag("if-empty") && existing > 0)
        {
            Console.WriteLine($"The database already holds {existing} cases; demo cases not loaded again (use --replace to reload them).");
            return 0;
        }

        if (options.Flag("replace"))
        {
            var removed = await repository.DeleteCreatedByAsync(SeedActor);
            Console.WriteLine($"Removed {removed} demo cases.");
        }

        var demo = new DemoOptions { Cases = options.Int("cases") ?? 5000, Seed = options.Int("seed") ?? 1 };
        var world = new DemoWorld(ReferenceDataFiles.LoadSites(dataDirectory), ReferenceDataFiles.LoadSpecies(dataDirectory));
        var clock = Stopwatch.StartNew();
        var steps = new List<BulkLoadStep>();
        var loaded = await services.GetRequiredService<CaseBulkLoader>().LoadAsync(DemoCaseGenerator.Generate(world, demo), SeedActor,
            new Progress<long>(n => Console.Error.Write($"\r  {n:N0} / {demo.Cases:N0} cases")), BulkLoadMode.Exclusive,
            new Collector<BulkLoadStep>(steps));
        Console.Error.WriteLine();
        if (options.Flag("timings"))
        {
            foreach (var step in steps)
            {
                Console.WriteLine($"  {step.Elapsed.TotalSeconds,6:F2} s  {step.Statement}");
            }
        }

        Console.WriteLine($"Loaded {loaded:N0} demo cases (seed {demo.Seed}) in {clock.Elapsed.TotalSeconds:F1} s.");
        return 0;
    }

    // Collects reports on the reporting thread, in order (Progress<T> posts them to the thread pool).
    private sealed class Collector<T>(List<T> items) : IProgress<T>
    {
        public void Report(T value) => items.Add(value);
    }

    /// <summary>The actor recorded in the audit trail for generated demo cases.</summary>
    public const string SeedActor = "wems-seed";

    private static int BuildData(CliArguments options)
    {
        if (options.Positional.Count == 0 || options.Positional[0] != "countries")
        {
            Console.Error.WriteLine("usage: wems data countries [--data DIR]");
            return 2;
        }

        var dataDirectory = options.Value("data") ?? ReferenceDataFiles.FindDataDirectory();
        var modules = Path.Combine(dataDirectory, "node_modules");
        if (!Directory.Exists(Path.Combine(modules, "world-atlas")))
        {
            Console.Error.WriteLine($"{modules}/world-atlas is missing: run `npm ci` in {dataDirectory} first.");
            return 1;
        }

        CountryDataBuilder.Build(Path.Combine(modules, "world-atlas"), Path.Combine(modules, "i18n-iso-countries"), dataDirectory);
        Console.WriteLine($"Wrote {CountryFiles.WorldFileName}, {CountryFiles.RegionFileName} and {CountryFiles.BordersFileName} in {dataDirectory}.");
        return 0;
    }
}

/// <summary>
/// <c>--name value</c> options and flags of a CLI command; the rest (e.g. <c>--urls</c>, <c>--Database:Url=</c>)
/// passes to the host's configuration.
/// </summary>
internal sealed record CliArguments(IReadOnlyDictionary<string, string?> Options, IReadOnlyList<string> Positional, IReadOnlyList<string> Rest)
{
    private static readonly HashSet<string> Flags = ["if-empty", "replace", "reference-only", "demo-accounts", "timings"];
    private static readonly HashSet<string> Valued = ["cases", "seed", "data"];

    public static CliArguments Parse(IEnumerable<string> args)
    {
        var options = new Dictionary<string, string?>();
        var positional = new List<string>();
        var rest = new List<string>();
        using var e = args.GetEnumerator();
        while (e.MoveNext())
        {
            var arg = e.Current;
            var name = arg.StartsWith("--", StringComparison.Ordinal) ? arg[2..] : null;
            if (name is not null && Flags.Contains(name))
            {
                options[name] = null;
            }
            else if (name is not null && Valued.Contains(name))
            {
                options[name] = e.MoveNext() ? e.Current : throw new ArgumentException($"--{name} needs a value.");
            }
            else if (name is not null)
            {
                rest.Add(arg);
                if (!arg.Contains('=', StringComparison.Ordinal) && e.MoveNext())
                {
                    rest.Add(e.Current);
                }
            }
            else
            {
                positional.Add(arg);
            }
        }

        return new CliArguments(options, positional, rest);
    }

    public bool Flag(string name) => Options.ContainsKey(name);

    public string? Value(string name) => Options.TryGetValue(name, out var v) ? v : null;

    public int? Int(string name) => Value(name) is { } v
        ? int.TryParse(v, out var n) && n >= 0 ? n : throw new ArgumentException($"--{name} must be a whole number ≥ 0, not '{v}'.")
        : null;
}
