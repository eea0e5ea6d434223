using System.Buffers.Binary;
using System.Text.Json;
using Npgsql;
using Wems.Gis.Storage;

namespace Wems.Gis.Governance;

/// <summary>
/// Checks the bulk-insert entries of the audit trail (migration 0011) against the stored rows: for each entry,
/// the rows of its table that carry its batch number are re-encoded by the database (binary COPY of the
/// entry's columns) and must give the entry's row count and <see cref="BulkAuditDigest"/>. A row changed later
/// through an audited UPDATE or DELETE counts as it was loaded: its image comes from the before-image of its
/// first such entry (a jsonb copy of the whole row, rebuilt with <c>jsonb_populate_record</c>).
/// </summary>
internal static class BulkAuditCheck
{
    private const string EntriesSql = """
        select id, table_name, after from audit_log where operation = 'BULK-INSERT' order by id
        """;

    private sealed record Entry(long Id, string Table, long Batch, long Rows, string[] Columns, string Digest);

    /// <summary>The first entry whose rows do not match, with a sentence saying how; and rows with a batch but no entry.</summary>
    public static async Task<(long Entries, long? MismatchAt, string? Detail, long StrayRows)> RunAsync(
        NpgsqlConnection connection, CancellationToken ct)
    {
        var entries = new List<Entry>();
        await using (var command = new NpgsqlCommand(EntriesSql, connection))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                using var after = JsonDocument.Parse(reader.GetString(2));
                var root = after.RootElement;
                entries.Add(new Entry(reader.GetInt64(0), reader.GetString(1), root.GetProperty("batch").GetInt64(),
                    root.GetProperty("rows").GetInt64(), [.. root.GetProperty("columns").EnumerateArray().Select(c => c.GetString()!)],
                    root.GetProperty("digest").GetString()!));
            }
        }

        long? mismatchAt = null;
        string? detail = null;
        long stray = 0;
        foreach (var table in CaseBulkLoader.Tables)
        {
            var ofTable = entries.Where(e => e.Table == table).ToList();
            // Rows may carry a batch number only from a bulk entry; check every table, even one with no entry.
            var columnLists = ofTable.Select(e => e.Columns).DistinctBy(c => string.Join(',', c)).ToList();
            if (columnLists.Count == 0)
            {
                columnLists.Add([.. CaseBulkLoader.ColumnsOf(table)]);
            }

            foreach (var columns in columnLists)
            {
                var digests = await DigestsAsync(connection, table, columns, ct);
                foreach (var entry in ofTable.Where(e => e.Columns.SequenceEqual(columns)))
                {
                    var found = digests.GetValueOrDefault(entry.Batch);
                    var rows = found?.Rows ?? 0;
                    if ((rows != entry.Rows || (found?.ToHex() ?? "") != entry.Digest) && (mismatchAt is null || entry.Id < mismatchAt))
                    {
                        mismatchAt = entry.Id;
                        detail = rows != entry.Rows
                            ? $"{table} batch {entry.Batch}: {entry.Rows} rows were loaded, {rows} are found"
                            : $"{table} batch {entry.Batch}: a row differs from the one loaded";
                    }
                }

                stray += digests.Where(d => !ofTable.Any(e => e.Batch == d.Key)).Sum(d => (long)d.Value.Rows);
            }
        }

        return (entries.Count, mismatchAt, detail, stray);
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>
    /// Reads the rows of <paramref name="table"/> that carry a batch number (as loaded, see the type remarks) and
    /// digests them per batch.
    /// </summary>
    private static async Task<Dictionary<long, BulkAuditDigest>> DigestsAsync(NpgsqlConnection connection, string table,
        string[] columns, CancellationToken ct)
    {
        var batchField = Array.IndexOf(columns, "audit_batch");
        if (batchField < 0)
        {
            throw new InvalidOperationException($"A bulk entry of {table} does not cover audit_batch.");
        }

        // The table comes from the loader's fixed list; the columns from a chained entry, quoted.
        string[] key = table switch
        {
            "seizure_case" => ["id"],
            "specimen" => ["case_id", "line_no"],
            _ => ["case_id", "seq"],
        };
        var beforeKey = string.Join(" || '/' || ", key.Select(k => $"(a.before ->> '{k}')")) + " || '#' || (a.before ->> 'audit_batch')";
        var rowKey = string.Join(" || '/' || ", key.Select(k => $"t.{k}::text")) + " || '#' || t.audit_batch::text";
        var list = string.Join(", ", columns.Select(c => "t." + Quote(c)));
        var sql = $"""
            copy (
                with changed as (
                    select distinct on (x.k) x.k, x.before
                    from (select a.id, {beforeKey} as k, a.before from audit_log a
                          where a.table_name = '{table}' and a.operation in ('UPDATE', 'DELETE')
                            and a.before ->> 'audit_batch' is not null) x
                    order by x.k, x.id)
                select {list} from {table} t
                where t.audit_batch is not null and not exists (select 1 from changed c where c.k = {rowKey})
                union all
                select {list} from changed c cross join lateral jsonb_populate_record(null::{table}, c.before) t
            ) to stdout (format binary)
            """;
        var digests = new Dictionary<long, BulkAuditDigest>();
        await using var stream = await connection.BeginRawBinaryCopyAsync(sql, ct);
        var reader = new CopyReader(stream);
        await reader.SkipHeaderAsync(ct);
        while (await reader.NextRowAsync(batchField, ct) is { } row)
        {
            if (!digests.TryGetValue(row.Batch, out var digest))
            {
                digests[row.Batch] = digest = new BulkAuditDigest();
            }

            digest.Add(reader.Current(row));
        }

        return digests;
    }

    /// <summary>Reads whole rows of a binary COPY stream into a buffer, without a copy per row.</summary>
    private sealed class CopyReader(Stream stream)
    {
        private byte[] buffer = new byte[1 << 16];
        private int start;
        private int end;

        public readonly record struct Row(int Offset, int Length, long Batch);

        public ReadOnlySpan<byte> Current(Row row) => buffer.AsSpan(row.Offset, row.Length);

        public async Task SkipHeaderAsync(CancellationToken ct)
        {
            await EnsureAsync(19, ct);
            var extension = BinaryPrimitives.ReadInt32BigEndian(buffer.AsSpan(start + 15));
            await EnsureAsync(19 + extension, ct);
            start += 19 + extension;
        }

        /// <summary>The next row (its bytes stay valid until the next call), or null at the end of the data.</summary>
        public async Task<Row?> NextRowAsync(int batchField, CancellationToken ct)
        {
            await EnsureAsync(2, ct);
            var fields = BinaryPrimitives.ReadInt16BigEndian(buffer.AsSpan(start));
            if (fields < 0)
            {
                return null;
            }

            var length = 2;
            long batch = 0;
            for (var f = 0; f < fields; f++)
            {
                await EnsureAsync(length + 4, ct);
                var size = BinaryPrimitives.ReadInt32BigEndian(buffer.AsSpan(start + length));
                length += 4;
                if (size > 0)
                {
                    await EnsureAsync(length + size, ct);
                    if (f == batchField)
                    {
                        batch = BinaryPrimitives.ReadInt64BigEndian(buffer.AsSpan(start + length));
                    }

                    length += size;
                }
            }

            var row = new Row(start, length, batch);
            start += length;
            return row;
        }

        // Makes count bytes from start available; may move them to the front of the buffer (offsets are taken
        // relative to start, and a row is consumed before the next one is read).
        private async Task EnsureAsync(int count, CancellationToken ct)
        {
            if (end - start >= count)
            {
                return;
            }

            if (start > 0)
            {
                Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
            }

            if (count > buffer.Length)
            {
                Array.Resize(ref buffer, Math.Max(count, buffer.Length * 2));
            }

            while (end - start < count)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(end), ct);
                if (read == 0)
                {
                    throw new EndOfStreamException("The COPY data ended inside a row.");
                }

                end += read;
            }
        }
    }
}
