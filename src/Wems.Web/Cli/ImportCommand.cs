using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Wems.Gis.Storage;
using Wems.Web.Cases;
using Wems.Web.Import;

namespace Wems.Web.Cli;

/// <summary>
/// <c>wems import FILE [--dry-run] [--mode all-or-nothing|per-case] (--as USER | --agency CODE)</c>: the bulk import of
/// <c>POST /api/imports</c>, run in this process with a progress bar on stderr and the problems on stdout, one line
/// each by row and column. Exit code 0 when every case was stored (or would be, on a dry run), 1 on any error, 2 on
/// usage. Running the same file again resumes an import that was interrupted (the process killed, Ctrl-C).
/// </summary>
public static class ImportCommand
{
    private const string Usage = """
        usage: wems import FILE.csv|FILE.xlsx|FILE.geojson [--dry-run] [--mode all-or-nothing|per-case] (--as USER | --agency CODE)
          --as USER      import as this account: a national officer, analyst or admin, into its agency and country
          --agency CODE  import for this agency (the command line runs as the database owner)
        """;

    private static readonly HashSet<string> Valued = ["mode", "as", "agency"];
    private static readonly HashSet<string> Flags = ["dry-run"];

    /// <summary>Runs the command with the arguments after <c>import</c>; returns the exit code.</summary>
    public static async Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> args, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(args);
        if (!TryParse(args, out var file, out var options) || file is null || options.ContainsKey("as") == options.ContainsKey("agency"))
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }

        var mode = options.GetValueOrDefault("mode") ?? ImportService.AllOrNothing;
        if (mode is not (ImportService.AllOrNothing or ImportService.PerCase))
        {
            await Console.Error.WriteLineAsync($"wems import: --mode is {ImportService.AllOrNothing} or {ImportService.PerCase}, not '{mode}'.");
            return 2;
        }

        var format = ImportReader.FormatOf(file, null);
        if (format is null)
        {
            await Console.Error.WriteLineAsync($"wems import: {file} is not .csv, .xlsx or .geojson.");
            return 2;
        }

        var dataSource = services.GetRequiredService<NpgsqlDataSource>();
        var validation = new CaseValidation(services.GetRequiredService<ReferenceStore>(), TimeProvider.System);
        var scope = options.TryGetValue("as", out var user)
            ? await UserScopeAsync(services.GetRequiredService<AccountRepository>(), user!)
            : await AgencyScopeAsync(validation, options["agency"]!);
        if (scope is null)
        {
            return 1;
        }

        var jobs = new ImportRepository(dataSource);
        var imports = new ImportService(jobs, services.GetRequiredService<CaseBulkLoader>(), validation,
            services.GetRequiredService<ILogger<ImportService>>());
        var upload = new ImportUpload(Path.GetFileName(file), format.Value, await File.ReadAllBytesAsync(file, cancellationToken));
        var (job, run) = await imports.SubmitAsync(upload, scope, new ImportOptions(options.ContainsKey("dry-run"), mode), cancellationToken);
        if (job.Status is "completed" or "failed")
        {
            Console.WriteLine($"This file was already imported for {job.AgencyCode} (import {job.Id}, {job.FinishedAt:u}):");
        }
        else if (!run)
        {
            await Console.Error.WriteLineAsync($"wems import: import {job.Id} of this file is running in another process.");
            return 1;
        }
        else
        {
            if (job.Status == "running")
            {
                await Console.Error.WriteLineAsync($"Resuming import {job.Id} of {job.FileName}.");
            }

            var bar = new ProgressBar();
            job = await imports.RunAsync(job.Id, bar.Show, cancellationToken);
            bar.Done();
        }

        return Report(job);
    }

    private static int Report(ImportJob job)
    {
        var problems = ImportJobDto.From(job, interrupted: false).Problems;
        foreach (var p in problems)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"row {p.Row}{(p.Reference is null ? "" : $" ({p.Reference})")}, {p.Column}: {p.Severity}: {p.Message}"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"import {job.Id} {job.Status}: {job.RowsTotal} row(s), {job.CasesTotal} case(s); {job.CasesStored} stored, {job.CasesSkipped} already stored, " +
            $"{job.CasesFailed} with errors; {job.Errors} error(s), {job.Warnings} warning(s). {job.Message}"));
        return job.Status == "completed" && job.Errors == 0 ? 0 : 1;
    }

    private static async Task<CallerScope?> UserScopeAsync(AccountRepository accounts, string username)
    {
        var record = await accounts.FindForSignInAsync(username.ToLowerInvariant());
        if (record is { Disabled: false, Account.Role: "officer" or "analyst" or "admin", Account.AgencyCode: { } agency, Country: { } country })
        {
            return CallerScope.National(record.Account.Username, country, agency);
        }

        await Console.Error.WriteLineAsync(record is null
            ? $"wems import: there is no account '{username}'."
            : $"wems import: {username} ({record.Account.Role}) cannot import: only the users of a national agency import cases.");
        return null;
    }

    private static async Task<CallerScope?> AgencyScopeAsync(CaseValidation validation, string agency)
    {
        var context = await validation.ContextAsync();
        if (context.Agencies.TryGetValue(agency, out var country) && country is not null)
        {
            return CallerScope.National($"cli:{Environment.UserName}", country, agency);
        }

        await Console.Error.WriteLineAsync(country is null && context.Agencies.ContainsKey(agency)
            ? $"wems import: {agency} is a regional organisation and records no cases."
            : $"wems import: there is no agency '{agency}'.");
        return null;
    }

    private static bool TryParse(IReadOnlyList<string> args, out string? file, out Dictionary<string, string?> options)
    {
        file = null;
        options = [];
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i].StartsWith("--", StringComparison.Ordinal) ? args[i][2..] : null;
            if (name is null && file is null)
            {
                file = args[i];
            }
            else if (name is not null && Flags.Contains(name))
            {
                options[name] = null;
            }
            else if (name is not null && Valued.Contains(name) && i + 1 < args.Count)
            {
                options[name] = args[++i];
            }
            else if (name is null || !name.Contains('=', StringComparison.Ordinal))
            {
                // Host configuration (e.g. --Database:Url=...) is read by WemsCli; anything else is a usage error.
                return false;
            }
        }

        return true;
    }

    /// <summary>A one-line progress bar on stderr, redrawn at most ten times a second.</summary>
    private sealed class ProgressBar
    {
        private const int Width = 30;
        private readonly Stopwatch clock = Stopwatch.StartNew();
        private readonly bool visible = !Console.IsErrorRedirected || Environment.GetEnvironmentVariable("WEMS_PROGRESS") == "1";
        private long lastDraw = -1000;

        public void Show(ImportProgress p)
        {
            var now = clock.ElapsedMilliseconds;
            if (!visible || now - lastDraw < 100)
            {
                return;
            }

            lastDraw = now;
            var share = p.RowsTotal == 0 ? 0 : (double)p.RowsProcessed / p.RowsTotal;
            var filled = (int)Math.Round(share * Width);
            Console.Error.Write(string.Create(CultureInfo.InvariantCulture,
                $"\r{p.Phase,-8} [{new string('#', filled)}{new string('-', Width - filled)}] {p.RowsProcessed:N0}/{p.RowsTotal:N0} rows, {p.CasesStored:N0} cases stored "));
        }

        public void Done()
        {
            if (visible && lastDraw >= 0)
            {
                Console.Error.WriteLine();
            }
        }
    }
}
