using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Wems.Gis.Governance;

/// <summary>The result of checking the audit trail's hash chain.</summary>
/// <param name="Rows">Rows checked (all of them when the chain is intact, those before the break otherwise).</param>
/// <param name="BrokenAt">The id of the first row whose hashes do not follow from the rows before it; null when intact.</param>
public sealed record AuditChainReport(long Rows, long? BrokenAt)
{
    /// <summary>Bulk-insert entries checked against the stored rows (only when the chain is intact).</summary>
    public long BulkEntries { get; init; }

    /// <summary>The id of the first bulk-insert entry whose rows no longer give its count and digest; null when all match.</summary>
    public long? BulkMismatchAt { get; init; }

    /// <summary>What differs for <see cref="BulkMismatchAt"/>: the table, the batch and whether rows are missing or changed.</summary>
    public string? BulkMismatch { get; init; }

    /// <summary>Rows that carry a bulk batch number no bulk-insert entry of their table records.</summary>
    public long StrayBulkRows { get; init; }

    /// <summary>True when every row's hashes follow from the rows before it and every bulk-loaded row is as loaded.</summary>
    public bool Intact => BrokenAt is null && BulkMismatchAt is null && StrayBulkRows == 0;
}

/// <summary>
/// Checks the hash chain of <c>audit_log</c> (migration 0009): each row's <c>row_hash</c> must be
/// SHA-256(previous row's hash ‖ UTF-8 canonical text of the row), and its <c>prev_hash</c> the previous row's
/// <c>row_hash</c> (none for the first row). A row changed after it was written fails the first test; a row
/// deleted makes the next row fail the second, so the report names the row after the gap. When the chain holds,
/// each bulk-insert entry (migration 0011) is then checked against the rows it covers (see
/// <see cref="BulkAuditDigest"/>): a bulk-loaded row changed, deleted or added outside the audited paths is
/// reported with its entry.
/// </summary>
public static class AuditChain
{
    // The canonical text comes from the same SQL function the trigger hashes, so both sides agree on the
    // text of jsonb and timestamps; the hashing and the chaining are checked here, independently of the trigger.
    private const string ChainSql = """
        select id, prev_hash, row_hash,
               audit_canonical(id, at, actor, table_name, operation, case_id, before, after)
        from audit_log order by id
        """;

    /// <summary>Recomputes the chain over every audit row, in id order, and reports the first broken row.</summary>
    /// <param name="dataSource">A data source whose role may read <c>audit_log</c> (the server's own, not a tier role).</param>
    /// <param name="cancellationToken">Cancels the scan.</param>
    public static async Task<AuditChainReport> VerifyAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // One snapshot for the whole scan, so rows written meanwhile cannot look like a break.
        await using var tx = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        await using var command = new NpgsqlCommand(ChainSql, connection);
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellationToken);
        byte[]? previous = null;
        long rows = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetInt64(0);
            var prevHash = reader.IsDBNull(1) ? null : reader.GetFieldValue<byte[]>(1);
            var rowHash = reader.IsDBNull(2) ? null : reader.GetFieldValue<byte[]>(2);
            var canonical = reader.GetString(3);
            if (rowHash is null || !SameBytes(prevHash, previous) || !rowHash.AsSpan().SequenceEqual(Hash(previous, canonical)))
            {
                return new AuditChainReport(rows, id);
            }

            previous = rowHash;
            rows++;
        }

        await reader.DisposeAsync();
        var bulk = await BulkAuditCheck.RunAsync(connection, cancellationToken);
        return new AuditChainReport(rows, null)
        {
            BulkEntries = bulk.Entries,
            BulkMismatchAt = bulk.MismatchAt,
            BulkMismatch = bulk.Detail,
            StrayBulkRows = bulk.StrayRows,
        };
    }

    /// <summary>SHA-256 of <paramref name="previous"/> (empty for the first row) followed by the UTF-8 bytes of <paramref name="canonical"/>.</summary>
    public static byte[] Hash(byte[]? previous, string canonical)
    {
        ArgumentNullException.ThrowIfNull(canonical);
        var text = Encoding.UTF8.GetBytes(canonical);
        var buffer = new byte[(previous?.Length ?? 0) + text.Length];
        previous?.CopyTo(buffer, 0);
        text.CopyTo(buffer, previous?.Length ?? 0);
        return SHA256.HashData(buffer);
    }

    private static bool SameBytes(byte[]? a, byte[]? b) =>
        a is null || b is null ? a is null && b is null : a.AsSpan().SequenceEqual(b);
}
