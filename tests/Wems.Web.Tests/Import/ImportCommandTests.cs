using System.Diagnostics;
using Wems.Gis.Storage;
using Wems.Gis.Tests.Support;
using Wems.Web.Cli;
using Wems.Web.Import;

namespace Wems.Web.Tests.Import;

/// <summary><c>wems import</c>: in this process, and as a child process that is killed mid-file and then resumed.</summary>
public sealed class ImportCommandTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>, IAsyncLifetime, IDisposable
{
    private const int LargeCases = 10_000;
    private readonly string folder = Directory.CreateTempSubdirectory("wems-import-").FullName;

    public async Task InitializeAsync() =>
        await DemoAccounts.CreateAsync(new AccountRepository(db.DataSource), "cli-test-password");

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string Write(string name, byte[] content)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    private string LargeFile(string prefix) =>
        Write($"{prefix}.csv", ImportFiles.Csv(Enumerable.Range(0, LargeCases).Select(i => ImportFiles.Case($"{prefix}-{i:D6}", i))));

    [Fact]
    public async Task An_import_as_a_national_officer_stores_the_cases_and_exits_0()
    {
        var file = Write("ok.csv", ImportFiles.Csv([ImportFiles.Case("CLI-OK-1", 1), ImportFiles.Case("CLI-OK-2", 2)]));

        var code = await WemsCli.RunAsync(["import", file, "--as", "ke-officer", $"--Database:Url={db.ConnectionString}"]);

        Assert.Equal(0, code);
        Assert.Equal(2L, await CountAsync("select count(*) from seizure_case where reference like 'CLI-OK-%' and created_by = 'ke-officer'"));
    }

    [Fact]
    public async Task A_dry_run_prints_each_problem_by_row_and_column_and_exits_non_zero()
    {
        var rows = ImportFiles.Rows([ImportFiles.Case("CLI-DRY-1", 3)]);
        rows[2][ImportFiles.Column("specimens.quantity")] = "lots";
        var file = Write("dry.csv", ImportFiles.Csv(rows));

        var (code, output) = await RunChildAsync(["import", file, "--dry-run", "--as", "ke-officer"]);

        Assert.Equal(1, code);
        Assert.Contains("row 3 (CLI-DRY-1), specimens.quantity: error: 'lots' is not a number", output, StringComparison.Ordinal);
        Assert.Equal(0L, await CountAsync("select count(*) from seizure_case where reference like 'CLI-DRY-%'"));
    }

    [Fact]
    public async Task A_regional_user_is_refused()
    {
        var file = Write("regional.csv", ImportFiles.Csv([ImportFiles.Case("CLI-REG-1", 4)]));

        var code = await WemsCli.RunAsync(["import", file, "--as", "latf-analyst", $"--Database:Url={db.ConnectionString}"]);

        Assert.Equal(1, code);
        Assert.Equal(0L, await CountAsync("select count(*) from import_job where created_by = 'latf-analyst'"));
    }

    [Fact]
    public async Task A_per_case_import_killed_mid_file_leaves_whole_cases_and_resumes_without_duplicates()
    {
        var file = LargeFile("KILLPC");

        var stored = await KillWhenAsync(["import", file, "--mode", "per-case", "--agency", "KWS"],
            "select count(*) from seizure_case where reference like 'KILLPC-%'", n => n > 0);

        Assert.InRange(stored, 1, LargeCases - 1);
        await AssertWholeCasesAsync("KILLPC-%");
        Assert.Equal("running", await ScalarAsync<string>("select status from import_job where file_name = 'KILLPC.csv'"));

        var code = await WemsCli.RunAsync(["import", file, "--mode", "per-case", "--agency", "KWS", $"--Database:Url={db.ConnectionString}"]);

        Assert.Equal(0, code);
        Assert.Equal(LargeCases, await CountAsync("select count(distinct reference) from seizure_case where reference like 'KILLPC-%'"));
        Assert.Equal(LargeCases, await CountAsync("select count(*) from seizure_case where reference like 'KILLPC-%'"));
        await AssertWholeCasesAsync("KILLPC-%");
        Assert.Equal(("completed", stored), (await ScalarAsync<string>("select status from import_job where file_name = 'KILLPC.csv'"),
            await CountAsync("select cases_skipped::bigint from import_job where file_name = 'KILLPC.csv'")));
    }

    [Fact]
    public async Task An_all_or_nothing_import_killed_while_storing_leaves_nothing_and_resumes()
    {
        var file = LargeFile("KILLAON");

        var stored = await KillWhenAsync(["import", file, "--agency", "KWS"],
            "select coalesce(max(rows_processed), 0)::bigint from import_job where file_name = 'KILLAON.csv' and phase = 'storing'", n => n > 0);

        Assert.True(stored > 0);
        Assert.Equal(0L, await CountAsync("select count(*) from seizure_case where reference like 'KILLAON-%'"));
        Assert.Equal(0L, await CountAsync("select count(*) from specimen s join seizure_case c on c.id = s.case_id where c.reference like 'KILLAON-%'"));

        var code = await WemsCli.RunAsync(["import", file, "--agency", "KWS", $"--Database:Url={db.ConnectionString}"]);

        Assert.Equal(0, code);
        Assert.Equal(LargeCases, await CountAsync("select count(*) from seizure_case where reference like 'KILLAON-%'"));
        await AssertWholeCasesAsync("KILLAON-%");
    }

    /// <summary>
    /// Runs the CLI as a child process and kills it (the whole process tree, as an operator's kill -9 would) as soon as
    /// <paramref name="probeSql"/> satisfies <paramref name="when"/>; returns the probe's value at that moment.
    /// </summary>
    private async Task<long> KillWhenAsync(string[] args, string probeSql, Func<long, bool> when)
    {
        using var process = StartChild(args);
        var deadline = DateTime.UtcNow.AddMinutes(3);
        long value;
        while (!when(value = await CountAsync(probeSql)))
        {
            Assert.False(process.HasExited, $"the import finished (exit {(process.HasExited ? process.ExitCode : 0)}) before it could be killed");
            Assert.True(DateTime.UtcNow < deadline, "the import did not start storing within 3 minutes");
            await Task.Delay(10);
        }

        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        return value;
    }

    private async Task<(int Code, string Output)> RunChildAsync(string[] args)
    {
        using var process = StartChild(args);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }

    private Process StartChild(string[] args)
    {
        // The host's own assembly, next to the tests (a project reference), run as `dotnet Wems.Web.dll import ...`.
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Wems.Web.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.ArgumentList.Add($"--Database:Url={db.ConnectionString}");
        var process = Process.Start(start)!;
        // Drain the pipes so that the child never blocks on a full buffer.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        return process;
    }

    private async Task AssertWholeCasesAsync(string like)
    {
        // Every stored case has both its specimen lines and its two trade-chain countries: none is half stored.
        Assert.Equal(0L, await CountAsync("""
            select count(*) from seizure_case c
            where c.reference like $1
              and ((select count(*) from specimen s where s.case_id = c.id) <> 2 or (select count(*) from trade_chain t where t.case_id = c.id) <> 2)
            """, like));
    }

    private async Task<long> CountAsync(string sql, params object[] parameters) => await ScalarAsync<long>(sql, parameters);

    private async Task<T> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var command = db.DataSource.CreateCommand(sql);
        foreach (var p in parameters)
        {
            command.Parameters.AddWithValue(p);
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }
}
