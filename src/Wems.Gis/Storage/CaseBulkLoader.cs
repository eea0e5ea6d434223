using System.Text.Json;
using System.Threading.Channels;
using Npgsql;
using Wems.Gis.Cases;
using Wems.Gis.Geography;
using Wems.Gis.Governance;

namespace Wems.Gis.Storage;

/// <summary>How a bulk load treats other users of the case tables.</summary>
public enum BulkLoadMode
{
    /// <summary>
    /// Rows are checked and indexed as they arrive; readers and writers go on working. For imports into a
    /// live database.
    /// </summary>
    Online,

    /// <summary>
    /// The case tables are locked for the load; their foreign keys, keys, unique constraints and indexes are
    /// dropped and re-created at the end, which checks every row set-based (as <c>pg_restore</c> does), their
    /// insert triggers are switched off meanwhile (the loader writes the audit entries itself), and the tables are
    /// analysed. Several times faster; for seeding and benchmarks, when nobody else uses the database.
    /// </summary>
    Exclusive,
}

/// <summary>One phase of a bulk load and how long it took (see <see cref="CaseBulkLoader.LoadAsync"/>).</summary>
/// <param name="Statement">"copy" (all batches), a re-created key, index or foreign key's SQL, "analyze" or "commit".</param>
/// <param name="Elapsed">Wall time of the phase.</param>
public sealed record BulkLoadStep(string Statement, TimeSpan Elapsed);

/// <summary>
/// Loads many cases at once with PostgreSQL binary COPY, in batches, all in one transaction: either every
/// case is stored or none is. The cases must have passed validation.
/// </summary>
/// <remarks>
/// <para>Audit: each batch is one bulk-insert entry per table in the audit hash chain (migration 0011), not
/// one entry per row: the batch number (drawn from <c>audit_batch_seq</c>) is stored in every row's
/// <c>audit_batch</c>, and the entry holds the row count and a <see cref="BulkAuditDigest"/> of the rows'
/// binary images, which <c>wems audit verify</c> recomputes from the stored rows.</para>
/// <para>Pipeline: a producer task generates the cases, applies the sharing rule and encodes each batch into
/// binary COPY buffers (written by hand: no per-value boxing, points as EWKB) while the connection sends the
/// previous batch, so the client's work overlaps the server's.</para>
/// </remarks>
public sealed partial class CaseBulkLoader(NpgsqlDataSource dataSource, CaseRepository cases)
{
    /// <summary>Cases per COPY batch: large enough to amortise round trips, small enough to bound memory.</summary>
    public const int BatchSize = 20_000;

    /// <summary>The case tables, parents first.</summary>
    public static IReadOnlyList<string> Tables { get; } =
        ["seizure_case", "specimen", "trade_chain", "case_offender", "case_company", "case_conveyance", "case_note"];

    private static readonly Dictionary<string, string[]> ColumnsByTable = new(StringComparer.Ordinal)
    {
        ["seizure_case"] = ["id", "agency_code", "reference", "event_date", "event_time", "country", "place_name", "geom",
            "location_precision", "location_type", "detecting_agency", "reason", "detection_method", "status", "transport_mode",
            "concealment", "arrests", "charges", "law", "court_outcome", "sanctions", "disposal", "shared_by_rule",
            "shared_manually", "iccwc_consent", "version", "created_at", "created_by", "updated_at", "updated_by", "deleted_at",
            "request_hash", "audit_batch", "commodities", "species_names", "quantity_kg"],
        ["specimen"] = ["case_id", "line_no", "species_id", "term", "quantity", "unit", "estimated_value", "currency", "audit_batch"],
        ["trade_chain"] = ["case_id", "seq", "country", "role", "custody", "intended", "audit_batch"],
        ["case_offender"] = ["case_id", "seq", "name", "aliases", "sex", "birth_date", "nationality", "identity_numbers", "role",
            "audit_batch"],
        ["case_company"] = ["case_id", "seq", "name", "registration_number", "country", "role", "audit_batch"],
        ["case_conveyance"] = ["case_id", "seq", "kind", "identifier", "description", "audit_batch"],
        ["case_note"] = ["case_id", "seq", "text", "informant_related", "audit_batch"],
    };

    /// <summary>
    /// The columns the loader writes into <paramref name="table"/>: every stored, non-generated column in column
    /// order (the database checks this, so that a bulk audit digest covers whole rows).
    /// </summary>
    public static IReadOnlyList<string> ColumnsOf(string table) => ColumnsByTable[table];

    private const string SpeciesSql = "select scientific_name, id, commodity_group from species";
    private const string StartSql = "select now(), (select array_agg(audit_bulk_columns(t::regclass)::text) from unnest(@tables) t)";
    private const string NextBatchSql = "select nextval('audit_batch_seq')";
    private const string AuditSettingsSql = """
        select set_config('wems.audit_batch', @batch, true), set_config('wems.audit_columns', @columns, true),
               set_config('wems.audit_digest', @digest, true)
        """;
    private const string AuditOffSql = "select set_config('wems.audit_batch', '', true)";
    private const string BulkAuditEntrySql = "select audit_bulk_insert(@table::regclass, @batch, @rows, @columns, @digest)";
    private const string QueueWholeLayerSql = "insert into tile_invalidation (geom) values (null)";

    /// <summary>Loads <paramref name="source"/> and returns the number of cases stored.</summary>
    /// <param name="source">The cases; streamed, so a generator of a million cases needs little memory.</param>
    /// <param name="actor">Who loads them, for the audit trail.</param>
    /// <param name="progress">Receives the running count after each batch.</param>
    /// <param name="mode">Online (default) or exclusive; see <see cref="BulkLoadMode"/>.</param>
    /// <param name="steps">Receives how long each phase took: the COPY of all batches, then (exclusive mode) each
    /// re-created key, index and foreign key, the ANALYZE and the commit. For benchmarks.</param>
    /// <param name="cancellationToken">Cancels the load; nothing is stored.</param>
    /// <exception cref="ArgumentException">A specimen names a species that is not in the species table.</exception>
    /// <exception cref="PostgresException">A row breaks a constraint; nothing is stored.</exception>
    public async Task<long> LoadAsync(IEnumerable<SeizureCase> source, string actor, IProgress<long>? progress = null,
        BulkLoadMode mode = BulkLoadMode.Online, IProgress<BulkLoadStep>? steps = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(actor);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var species = await SpeciesAsync(connection, cancellationToken);
        var borders = await cases.BordersAsync();
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await CaseRepository.SetActorAsync(connection, actor, cancellationToken);
        var now = await StartAsync(connection, cancellationToken);
        await using (var memory = new NpgsqlCommand(LoadMemorySql, connection))
        {
            await memory.ExecuteNonQueryAsync(cancellationToken);
        }

        var exclusive = mode == BulkLoadMode.Exclusive;
        var deferred = exclusive ? await DropConstraintsAsync(connection, cancellationToken) : [];
        var freeze = exclusive ? await TruncateEmptyTablesAsync(connection, cancellationToken) : new bool[Tables.Count];
        var suspended = exclusive ? await SuspendInsertTriggersAsync(connection, cancellationToken) : [];

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var encoder = new BatchEncoder(species, borders, cases, actor, now);
        var full = Channel.CreateBounded<EncodedBatch>(1);
        var empty = Channel.CreateUnbounded<EncodedBatch>();
        for (var i = 0; i < 3; i++)
        {
            empty.Writer.TryWrite(new EncodedBatch());
        }

        var producer = Task.Run(() => ProduceAsync(source, encoder, empty.Reader, full.Writer, stop.Token), stop.Token);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        long total = 0;
        try
        {
            await foreach (var batch in full.Reader.ReadAllAsync(stop.Token))
            {
                await WriteBatchAsync(connection, batch, freeze, exclusive, stop.Token);
                total += batch.Cases;
                progress?.Report(total);
                empty.Writer.TryWrite(batch);
            }
        }
        catch
        {
            await stop.CancelAsync();
            try
            {
                await producer;
            }
            catch (OperationCanceledException)
            {
                // The producer stopped because the writer failed: the writer's exception is the one to report.
            }

            throw;
        }

        // Rethrows the producer's own failure (an unknown species), after which nothing is committed.
        await producer;
        steps?.Report(new BulkLoadStep("copy", clock.Elapsed));
        await using (var off = new NpgsqlCommand(AuditOffSql, connection))
        {
            await off.ExecuteNonQueryAsync(cancellationToken);
        }

        if (exclusive)
        {
            await using var memory = new NpgsqlCommand(RebuildMemorySql, connection);
            await memory.ExecuteNonQueryAsync(cancellationToken);
            if (total > 0)
            {
                // What the suspended tile trigger queues for a statement of more than a thousand cases.
                await using var queue = new NpgsqlCommand(QueueWholeLayerSql, connection);
                await queue.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        // No command timeout: at a million cases one index build takes many seconds, more on a busy server.
        foreach (var statement in deferred)
        {
            clock.Restart();
            await using var restore = new NpgsqlCommand(statement, connection) { CommandTimeout = 0 };
            await restore.ExecuteNonQueryAsync(cancellationToken);
            steps?.Report(new BulkLoadStep(statement, clock.Elapsed));
        }

        foreach (var statement in suspended)
        {
            await using var resume = new NpgsqlCommand(statement, connection);
            await resume.ExecuteNonQueryAsync(cancellationToken);
        }

        if (exclusive)
        {
            // Fresh statistics for the planner: the tables may have grown many times over.
            clock.Restart();
            await using var analyze = new NpgsqlCommand("analyze " + string.Join(", ", Tables), connection) { CommandTimeout = 0 };
            await analyze.ExecuteNonQueryAsync(cancellationToken);
            steps?.Report(new BulkLoadStep("analyze", clock.Elapsed));
        }

        clock.Restart();
        await tx.CommitAsync(cancellationToken);
        steps?.Report(new BulkLoadStep("commit", clock.Elapsed));
        return total;
    }

    private static async Task<Dictionary<string, SpeciesRef>> SpeciesAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var species = new Dictionary<string, SpeciesRef>(StringComparer.Ordinal);
        await using var read = new NpgsqlCommand(SpeciesSql, connection);
        await using var reader = await read.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            species[reader.GetString(0)] = new SpeciesRef(reader.GetInt32(1), reader.GetString(2));
        }

        return species;
    }

    /// <summary>
    /// The transaction's timestamp (every loaded row's created_at and updated_at, as the column default would
    /// give), after checking that the loader's column lists still match the tables.
    /// </summary>
    private static async Task<DateTime> StartAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(StartSql, connection) { Parameters = { new("tables", Tables.ToArray()) } };
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var now = reader.GetFieldValue<DateTime>(0);
        var actual = reader.GetFieldValue<string[]>(1);
        for (var i = 0; i < Tables.Count; i++)
        {
            var expected = "{" + string.Join(',', ColumnsOf(Tables[i])) + "}";
            if (actual[i] != expected)
            {
                throw new InvalidOperationException(
                    $"The columns of {Tables[i]} are {actual[i]}; this loader writes {expected}. Update CaseBulkLoader with the schema.");
            }
        }

        return now;
    }

    private static async Task ProduceAsync(IEnumerable<SeizureCase> source, BatchEncoder encoder, ChannelReader<EncodedBatch> empty,
        ChannelWriter<EncodedBatch> full, CancellationToken ct)
    {
        try
        {
            var batch = await empty.ReadAsync(ct);
            batch.Clear();
            foreach (var seizure in source)
            {
                encoder.Add(batch, seizure.Id == Guid.Empty ? seizure with { Id = Guid.CreateVersion7() } : seizure);
                if (batch.Cases == BatchSize)
                {
                    await full.WriteAsync(batch, ct);
                    batch = await empty.ReadAsync(ct);
                    batch.Clear();
                }
            }

            if (batch.Cases > 0)
            {
                await full.WriteAsync(batch, ct);
            }
        }
        finally
        {
            full.TryComplete();
        }
    }

    /// <summary>
    /// Draws the batch number, stamps it into every row, and sends each table's rows with one COPY, after
    /// stating the columns and the digest its audit entry records (online: the insert trigger writes the entry),
    /// or followed by the entry itself (exclusive: the insert triggers are suspended, see
    /// <see cref="SuspendInsertTriggersAsync"/>). The digests are computed on the thread pool as soon as the rows
    /// are stamped, so that hashing a table's rows overlaps the COPY of the tables before it instead of delaying
    /// every COPY. <paramref name="freeze"/> says which tables take <c>COPY ... FREEZE</c>.
    /// </summary>
    private static async Task WriteBatchAsync(NpgsqlConnection connection, EncodedBatch batch, bool[] freeze, bool exclusive,
        CancellationToken ct)
    {
        long number;
        await using (var next = new NpgsqlCommand(NextBatchSql, connection))
        {
            number = (long)(await next.ExecuteScalarAsync(ct))!;
        }

        var digests = new Task<string>?[Tables.Count];
        for (var t = 0; t < Tables.Count; t++)
        {
            var rows = batch.Tables[t];
            if (rows.Rows > 0)
            {
                rows.SetAuditBatch(number);
                var digest = batch.Digests[t];
                digests[t] = Task.Run(() => DigestOf(rows, digest), ct);
            }
        }

        for (var t = 0; t < Tables.Count; t++)
        {
            var rows = batch.Tables[t];
            if (digests[t] is not { } digest)
            {
                continue;
            }

            if (!exclusive)
            {
                await using var settings = new NpgsqlCommand(AuditSettingsSql, connection);
                settings.Parameters.Add(new("batch", number.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                settings.Parameters.Add(new("columns", JsonSerializer.Serialize(ColumnsOf(Tables[t]))));
                settings.Parameters.Add(new("digest", await digest));
                await settings.ExecuteNonQueryAsync(ct);
            }

            var options = freeze[t] ? "format binary, freeze" : "format binary";
            var copy = $"copy {Tables[t]} ({string.Join(", ", ColumnsOf(Tables[t]))}) from stdin ({options})";
            await using (var stream = await connection.BeginRawBinaryCopyAsync(copy, ct))
            {
                await stream.WriteAsync(CopyRowWriter.Header.ToArray(), ct);
                await stream.WriteAsync(rows.Data, ct);
                await stream.WriteAsync(CopyRowWriter.Trailer.ToArray(), ct);
            }

            if (exclusive)
            {
                await using var entry = new NpgsqlCommand(BulkAuditEntrySql, connection);
                entry.Parameters.Add(new("table", Tables[t]));
                entry.Parameters.Add(new("batch", number));
                entry.Parameters.Add(new("rows", (long)rows.Rows));
                entry.Parameters.Add(new("columns", ColumnsOf(Tables[t]).ToArray()));
                entry.Parameters.Add(new("digest", await digest));
                await entry.ExecuteNonQueryAsync(ct);
            }
        }
    }

    private static string DigestOf(CopyRowWriter rows, BulkAuditDigest digest)
    {
        digest.Clear();
        for (var i = 0; i < rows.Rows; i++)
        {
            digest.Add(rows.Row(i));
        }

        return digest.ToHex();
    }

    private static readonly string[] CaseTables =
        ["seizure_case", "specimen", "trade_chain", "case_offender", "case_company", "case_conveyance", "case_note"];

    private const string LockSql = """
        lock table seizure_case, specimen, trade_chain, case_offender, case_company, case_conveyance, case_note
        in access exclusive mode
        """;

    // Names and definitions come from the catalogue, never from input; they are quoted with format(). Drop order:
    // foreign keys (also any from another table to a case table), then keys and unique constraints, then the
    // other indexes; the restore order (last column) is the reverse: keys, indexes, then foreign keys, which need
    // the keys they reference.
    private const string DeferrableSql = """
        select format('alter table %s drop constraint %I', c.conrelid::regclass::text, c.conname),
               format('alter table %s add constraint %I %s', c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid)),
               case c.contype when 'f' then 0 else 1 end,
               case c.contype when 'f' then 2 else 0 end
        from pg_constraint c
        where c.contype in ('f', 'p', 'u')
          and (c.conrelid = any(@tables::regclass[]) or (c.contype = 'f' and c.confrelid = any(@tables::regclass[])))
        union all
        select format('drop index %s', i.indexrelid::regclass::text), pg_get_indexdef(i.indexrelid), 2, 1
        from pg_index i
        where i.indrelid = any(@tables::regclass[])
          and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid and c.contype in ('p', 'u'))
        order by 3
        """;

    // Memory for this transaction only, the larger of the server's setting and these. work_mem: the audit trigger's
    // transition table holds a whole batch (~8MB of seizure_case rows), which spills to a temporary file at the
    // default 4MB; the exclusive mode's foreign-key checks hash up to a million case ids.
    private const string LoadMemorySql = """
        select set_config('work_mem', greatest(pg_size_bytes(current_setting('work_mem')), pg_size_bytes('256MB')) / 1024 || 'kB', true)
        """;

    // maintenance_work_mem for the exclusive mode's rebuild: each key and index of a million cases is sorted in
    // memory instead of in temporary files (the default 64MB spills), and PostgreSQL gives a B-tree build parallel
    // workers only with at least 32MB per participant.
    private const string RebuildMemorySql = """
        select set_config('maintenance_work_mem', greatest(pg_size_bytes(current_setting('maintenance_work_mem')), pg_size_bytes('1GB')) / 1024 || 'kB', true)
        """;

    /// <summary>
    /// Truncates each case table that holds no row at all (so nothing is lost; checked only where row-level
    /// security does not hide rows from this session) and says which ones it truncated:
    /// into a table truncated in the same transaction PostgreSQL accepts <c>COPY ... FREEZE</c> (rows stored
    /// frozen and all-visible: no hint-bit rewrite of every page at its first read, no freezing vacuum later),
    /// and with <c>wal_level = minimal</c> it writes the table without WAL, syncing the files at commit instead.
    /// Runs after <see cref="DropConstraintsAsync"/>, which took the locks and dropped the foreign keys that would
    /// make <c>TRUNCATE</c> refuse.
    /// </summary>
    private static async Task<bool[]> TruncateEmptyTablesAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var empty = new bool[Tables.Count];
        for (var t = 0; t < Tables.Count; t++)
        {
            // Only when row-level security does not apply to this session: otherwise a table could look empty.
            await using var probe = new NpgsqlCommand(
                $"select not row_security_active('{Tables[t]}') and not exists (select from {Tables[t]})", connection);
            empty[t] = (bool)(await probe.ExecuteScalarAsync(ct))!;
            if (empty[t])
            {
                await using var truncate = new NpgsqlCommand($"truncate {Tables[t]}", connection);
                await truncate.ExecuteNonQueryAsync(ct);
            }
        }

        return empty;
    }

    // The enabled user triggers that fire on an insert into a case table, and how to switch each back on as it was
    // (tgenabled: O = origin, A = always, R = replica).
    private const string InsertTriggersSql = """
        select format('alter table %s disable trigger %I', t.tgrelid::regclass::text, t.tgname),
               format('alter table %s enable %s trigger %I', t.tgrelid::regclass::text,
                      case t.tgenabled when 'A' then 'always' when 'R' then 'replica' else '' end, t.tgname)
        from pg_trigger t
        where t.tgrelid = any(@tables::regclass[]) and not t.tgisinternal and t.tgenabled <> 'D' and (t.tgtype & 4) <> 0
        order by t.tgrelid, t.tgname
        """;

    /// <summary>
    /// Disables the insert triggers of the case tables (exclusive mode, under the load's locks) and returns the
    /// statements that enable them again, to run before commit; a failed load rolls both back. Each trigger keeps a
    /// transition table, a copy of every row of its COPY statement. What they did, the load does itself: the audit
    /// entry of each batch (<c>audit_bulk_insert</c>, migration 0024), one whole-layer entry in the tile
    /// invalidation queue; the specimen summary trigger skips bulk rows anyway (the loader writes the summary).
    /// </summary>
    private static async Task<List<string>> SuspendInsertTriggersAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var disables = new List<string>();
        var enables = new List<string>();
        await using (var query = new NpgsqlCommand(InsertTriggersSql, connection) { Parameters = { new("tables", CaseTables) } })
        await using (var reader = await query.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                disables.Add(reader.GetString(0));
                enables.Add(reader.GetString(1));
            }
        }

        foreach (var disable in disables)
        {
            await using var command = new NpgsqlCommand(disable, connection);
            await command.ExecuteNonQueryAsync(ct);
        }

        return enables;
    }

    /// <summary>
    /// Locks the case tables, drops their foreign keys, keys, unique constraints and indexes, and returns the
    /// statements that re-create them (keys, indexes, then foreign keys), to run before commit.
    /// </summary>
    private static async Task<List<string>> DropConstraintsAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using (var lockTables = new NpgsqlCommand(LockSql, connection))
        {
            await lockTables.ExecuteNonQueryAsync(ct);
        }

        var drops = new List<string>();
        var restores = new List<(string Sql, int Order)>();
        await using (var query = new NpgsqlCommand(DeferrableSql, connection) { Parameters = { new("tables", CaseTables) } })
        await using (var reader = await query.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                drops.Add(reader.GetString(0));
                restores.Add((reader.GetString(1), reader.GetInt32(3)));
            }
        }

        foreach (var drop in drops)
        {
            await using var command = new NpgsqlCommand(drop, connection);
            await command.ExecuteNonQueryAsync(ct);
        }

        return [.. restores.OrderBy(r => r.Order).Select(r => r.Sql)];
    }
}
