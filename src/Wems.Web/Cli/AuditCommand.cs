using Npgsql;
using Wems.Gis.Governance;

namespace Wems.Web.Cli;

/// <summary>
/// <c>wems audit verify</c>: recomputes the audit trail's hash chain and prints
/// <c>audit chain intact: N rows, M bulk entries match their rows</c> (exit 0), <c>audit chain broken at row N</c> or
/// <c>audit bulk entry N does not match the stored rows: ...</c> (exit 1).
/// </summary>
public static class AuditCommand
{
    private const string Usage = "usage: wems audit verify";

    /// <summary>Runs the command with the arguments after <c>audit</c>; returns the exit code (0 intact, 1 broken, 2 usage).</summary>
    public static async Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(args);
        if (args.Count != 1 || args[0] != "verify")
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }

        var report = await AuditChain.VerifyAsync(services.GetRequiredService<NpgsqlDataSource>());
        if (report.BrokenAt is { } row)
        {
            Console.WriteLine($"audit chain broken at row {row}");
            return 1;
        }

        if (report.BulkMismatchAt is { } entry)
        {
            Console.WriteLine($"audit bulk entry {entry} does not match the stored rows: {report.BulkMismatch}");
            return 1;
        }

        if (report.StrayBulkRows > 0)
        {
            Console.WriteLine($"audit trail: {report.StrayBulkRows} rows carry a bulk batch number that no bulk entry records");
            return 1;
        }

        Console.WriteLine($"audit chain intact: {report.Rows} rows, {report.BulkEntries} bulk entries match their rows");
        return 0;
    }
}
