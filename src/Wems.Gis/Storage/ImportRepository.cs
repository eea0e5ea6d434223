using System.Security.Cryptography;
using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace Wems.Gis.Storage;

/// <summary>An import job as stored: what was uploaded, by whom, how far it got and what it found.</summary>
/// <remarks>
/// <see cref="Status"/> is <c>queued</c>, <c>running</c>, <c>completed</c> (ran to its end; see the counts and
/// problems) or <c>failed</c> (nothing stored: the file was unreadable, or all-or-nothing met an error).
/// <see cref="ProblemsJson"/> is a JSON array of <c>{row, reference, column, message, severity}</c>.
/// </remarks>
public sealed record ImportJob(
    Guid Id, string FileSha256, string FileName, string Format, string AgencyCode, string Country, string Mode, bool DryRun,
    string Status, string Phase, int RowsTotal, int RowsProcessed, int CasesTotal, int CasesStored, int CasesSkipped,
    int CasesFailed, int Errors, int Warnings, string ProblemsJson, string? Message, string CreatedBy, DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt, DateTimeOffset? FinishedAt);

/// <summary>How far a running import got, for <see cref="ImportRepository.ProgressAsync"/>.</summary>
public sealed record ImportProgress(string Phase, int RowsTotal, int RowsProcessed, int CasesTotal, int CasesStored, int CasesSkipped,
    int CasesFailed);

/// <summary>A stored case that an imported case may duplicate.</summary>
/// <param name="Id">The stored case.</param>
/// <param name="AgencyCode">Its agency.</param>
/// <param name="Reference">Its reference.</param>
public sealed record ExistingCase(Guid Id, string AgencyCode, string Reference);

/// <summary>
/// The import jobs (table <c>import_job</c>) and what an import checks against the stored cases. Runs as the server's
/// own role: the import service has already limited the caller to its agency and country.
/// </summary>
public sealed class ImportRepository(NpgsqlDataSource dataSource)
{
    private const string Columns = """
        id, file_sha256, file_name, format, agency_code, country, mode, dry_run, status, phase, rows_total, rows_processed,
        cases_total, cases_stored, cases_skipped, cases_failed, errors, warnings, problems::text, message, created_by, created_at,
        updated_at, finished_at
        """;

    /// <summary>
    /// The id of a case imported from a file: derived from the file's hash, the agency and the reference, so that a
    /// resumed import recognises the cases it stored before it was interrupted (a UUID version 8, name-based).
    /// </summary>
    public static Guid CaseId(string fileSha256, string agencyCode, string reference)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"wems-import\n{fileSha256}\n{agencyCode}\n{reference}"));
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    private const string InsertSql = """
        insert into import_job (id, file_sha256, file_name, format, content, agency_code, country, mode, dry_run, status, created_by)
        values (@id, @hash, @name, @format, @content, @agency, @country, @mode, @dryRun, 'queued', @actor)
        on conflict (agency_code, file_sha256, mode) where not dry_run and status in ('queued', 'running') do nothing
        """;

    /// <summary>
    /// Records a new import; for a real run, unless the same file is already being imported by the agency in that mode,
    /// in which case nothing is written and null is returned (look it up with <see cref="FindUnfinishedAsync"/>).
    /// </summary>
    public async Task<Guid?> CreateAsync(string fileSha256, string fileName, string format, byte[] content, string agencyCode,
        string country, string mode, bool dryRun, string actor, CancellationToken cancellationToken = default)
    {
        var id = Guid.CreateVersion7();
        await using var command = dataSource.CreateCommand(InsertSql);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("hash", fileSha256);
        command.Parameters.AddWithValue("name", fileName);
        command.Parameters.AddWithValue("format", format);
        command.Parameters.AddWithValue("content", content);
        command.Parameters.AddWithValue("agency", agencyCode);
        command.Parameters.AddWithValue("country", country);
        command.Parameters.AddWithValue("mode", mode);
        command.Parameters.AddWithValue("dryRun", dryRun);
        command.Parameters.AddWithValue("actor", actor);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1 ? id : null;
    }

    private const string FindUnfinishedSql = $"""
        select {Columns} from import_job
        where agency_code = @agency and file_sha256 = @hash and mode = @mode and not dry_run and status in ('queued', 'running')
        """;

    /// <summary>The unfinished real import of this file by the agency in this mode (queued, running or interrupted), or null.</summary>
    public Task<ImportJob?> FindUnfinishedAsync(string agencyCode, string fileSha256, string mode, CancellationToken cancellationToken = default) =>
        ReadOneAsync(FindUnfinishedSql, cancellationToken, ("agency", agencyCode), ("hash", fileSha256), ("mode", mode));

    private const string FindCompletedSql = $"""
        select {Columns} from import_job
        where agency_code = @agency and file_sha256 = @hash and mode = @mode and not dry_run and status = 'completed'
        order by finished_at desc limit 1
        """;

    /// <summary>The last completed real import of this file by the agency in this mode, or null.</summary>
    public Task<ImportJob?> FindCompletedAsync(string agencyCode, string fileSha256, string mode, CancellationToken cancellationToken = default) =>
        ReadOneAsync(FindCompletedSql, cancellationToken, ("agency", agencyCode), ("hash", fileSha256), ("mode", mode));

    private const string GetSql = $"select {Columns} from import_job where id = @id";

    /// <summary>The import <paramref name="id"/>, or null.</summary>
    public Task<ImportJob?> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        ReadOneAsync(GetSql, cancellationToken, ("id", id));

    private const string ContentSql = "select content from import_job where id = @id";

    /// <summary>The uploaded file of an unfinished import (null once it has finished).</summary>
    public async Task<byte[]?> ContentAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(ContentSql);
        command.Parameters.AddWithValue("id", id);
        return await command.ExecuteScalarAsync(cancellationToken) as byte[];
    }

    private const string UnfinishedSql = "select id from import_job where status in ('queued', 'running') order by created_at";

    /// <summary>The imports that have not finished (queued, running, or interrupted by a crash), oldest first.</summary>
    public async Task<IReadOnlyList<Guid>> UnfinishedAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(UnfinishedSql);
        var ids = new List<Guid>();
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            ids.Add(r.GetGuid(0));
        }

        return ids;
    }

    private const string ProgressSql = """
        update import_job set status = 'running', phase = @phase, rows_total = @rowsTotal, rows_processed = @rowsProcessed,
            cases_total = @casesTotal, cases_stored = @stored, cases_skipped = @skipped, cases_failed = @failed, updated_at = now()
        where id = @id
        """;

    /// <summary>Records how far a running import got.</summary>
    public async Task ProgressAsync(Guid id, ImportProgress progress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(progress);
        await using var command = dataSource.CreateCommand(ProgressSql);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("phase", progress.Phase);
        command.Parameters.AddWithValue("rowsTotal", progress.RowsTotal);
        command.Parameters.AddWithValue("rowsProcessed", progress.RowsProcessed);
        command.Parameters.AddWithValue("casesTotal", progress.CasesTotal);
        command.Parameters.AddWithValue("stored", progress.CasesStored);
        command.Parameters.AddWithValue("skipped", progress.CasesSkipped);
        command.Parameters.AddWithValue("failed", progress.CasesFailed);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private const string FinishSql = """
        update import_job set status = @status, phase = 'done', rows_total = @rowsTotal, rows_processed = @rowsProcessed,
            cases_total = @casesTotal, cases_stored = @stored, cases_skipped = @skipped, cases_failed = @failed,
            errors = @errors, warnings = @warnings, problems = @problems::jsonb, message = @message, content = null,
            updated_at = now(), finished_at = now()
        where id = @id
        """;

    /// <summary>Records the end of an import (<c>completed</c> or <c>failed</c>) with its report, and drops the stored file.</summary>
    public async Task FinishAsync(Guid id, string status, ImportProgress counts, int errors, int warnings, string problemsJson,
        string? message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(counts);
        await using var command = dataSource.CreateCommand(FinishSql);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("status", status);
        command.Parameters.AddWithValue("rowsTotal", counts.RowsTotal);
        command.Parameters.AddWithValue("rowsProcessed", counts.RowsProcessed);
        command.Parameters.AddWithValue("casesTotal", counts.CasesTotal);
        command.Parameters.AddWithValue("stored", counts.CasesStored);
        command.Parameters.AddWithValue("skipped", counts.CasesSkipped);
        command.Parameters.AddWithValue("failed", counts.CasesFailed);
        command.Parameters.AddWithValue("errors", errors);
        command.Parameters.AddWithValue("warnings", warnings);
        command.Parameters.AddWithValue("problems", problemsJson);
        command.Parameters.Add(new NpgsqlParameter("message", NpgsqlDbType.Text) { Value = (object?)message ?? DBNull.Value });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Takes the run lock of an import on a connection of its own, or returns null when another process holds it (the
    /// import is running there). The lock ends when the returned connection is disposed, or when the process dies.
    /// </summary>
    public async Task<IAsyncDisposable?> TryLockAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var key = LockKey(id);
        await using (var command = new NpgsqlCommand("select pg_try_advisory_lock(@key)", connection))
        {
            command.Parameters.AddWithValue("key", key);
            if (await command.ExecuteScalarAsync(cancellationToken) is true)
            {
                return new RunLock(connection, key);
            }
        }

        await connection.DisposeAsync();
        return null;
    }

    /// <summary>Whether some process holds the run lock of the import (it is running, not interrupted).</summary>
    public async Task<bool> IsLockedAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "select exists (select 1 from pg_locks where locktype = 'advisory' and granted and ((classid::bigint << 32) | objid::bigint) = @key)");
        command.Parameters.AddWithValue("key", LockKey(id));
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    // 0x494D = "IM" in the high bits keeps import locks apart from the audit chain's lock.
    private static long LockKey(Guid id) => (0x494DL << 48) | (BitConverter.ToInt64(id.ToByteArray(), 8) & 0xFFFF_FFFF_FFFFL);

    private sealed class RunLock(NpgsqlConnection connection, long key) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            // A pooled connection outlives Dispose: release the session lock explicitly.
            await using (var command = new NpgsqlCommand("select pg_advisory_unlock(@key)", connection))
            {
                command.Parameters.AddWithValue("key", key);
                await command.ExecuteScalarAsync();
            }

            await connection.DisposeAsync();
        }
    }

    private const string ReferencesSql = "select reference, id from seizure_case where agency_code = @agency and reference = any(@references)";

    /// <summary>The stored cases of <paramref name="agencyCode"/> (deleted ones included: they keep their reference) under these references.</summary>
    public async Task<IReadOnlyDictionary<string, Guid>> ReferencesAsync(string agencyCode, IReadOnlyCollection<string> references,
        CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(ReferencesSql);
        command.Parameters.AddWithValue("agency", agencyCode);
        command.Parameters.AddWithValue("references", references.ToArray());
        var found = new Dictionary<string, Guid>(StringComparer.Ordinal);
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            found[r.GetString(0)] = r.GetGuid(1);
        }

        return found;
    }

    private const string FingerprintsSql = """
        select c.id, c.agency_code, c.reference, c.event_date, ST_X(c.geom), ST_Y(c.geom), sp.scientific_name, s.quantity, coalesce(s.unit, 'NO')
        from seizure_case c join specimen s on s.case_id = c.id join species sp on sp.id = s.species_id
        where c.country = @country and c.deleted_at is null and c.event_date between @from and @to
        """;

    /// <summary>
    /// The specimen lines of the stored cases of <paramref name="country"/> between two dates, keyed by
    /// <see cref="Fingerprint"/>: what "the same seizure" means for duplicate detection.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, ExistingCase>> FingerprintsAsync(string country, DateOnly from, DateOnly to,
        CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(FingerprintsSql);
        command.Parameters.AddWithValue("country", country);
        command.Parameters.AddWithValue("from", from);
        command.Parameters.AddWithValue("to", to);
        var found = new Dictionary<string, ExistingCase>(StringComparer.Ordinal);
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            var key = Fingerprint(r.GetFieldValue<DateOnly>(3), r.GetDouble(4), r.GetDouble(5), r.GetString(6), r.GetDecimal(7), r.GetString(8));
            found.TryAdd(key, new ExistingCase(r.GetGuid(0), r.GetString(1), r.GetString(2)));
        }

        return found;
    }

    /// <summary>
    /// Same date, same place (the point rounded to 4 decimals, about 11 m), same species and same quantity and unit
    /// (no unit = <c>NO</c>): two records of one seizure, most likely.
    /// </summary>
    public static string Fingerprint(DateOnly date, double x, double y, string scientificName, decimal quantity, string unit) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{date:yyyy-MM-dd}|{Math.Round(x, 4):F4}|{Math.Round(y, 4):F4}|{scientificName}|{quantity.Normalize()}|{unit}");

    private async Task<ImportJob?> ReadOneAsync(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        if (!await r.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new ImportJob(r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6),
            r.GetBoolean(7), r.GetString(8), r.GetString(9), r.GetInt32(10), r.GetInt32(11), r.GetInt32(12), r.GetInt32(13), r.GetInt32(14),
            r.GetInt32(15), r.GetInt32(16), r.GetInt32(17), r.GetString(18), r.IsDBNull(19) ? null : r.GetString(19), r.GetString(20),
            r.GetFieldValue<DateTimeOffset>(21), r.GetFieldValue<DateTimeOffset>(22),
            r.IsDBNull(23) ? null : r.GetFieldValue<DateTimeOffset>(23));
    }
}

internal static class DecimalExtensions
{
    /// <summary>The value without trailing zeros (12.50 and 12.5 are one quantity).</summary>
    public static decimal Normalize(this decimal value) => value / 1.000000000000000000000000000000000m;
}
