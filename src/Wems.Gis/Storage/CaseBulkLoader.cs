using NetTopologySuite.Geometries;
using Npgsql;
using NpgsqlTypes;
using Wems.Gis.Cases;
using Wems.Gis.Geography;

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
    /// The case tables are locked for the load; their foreign keys and secondary indexes are dropped and
    /// re-created at the end, which checks every row set-based (as <c>pg_restore</c> does). Several times
    /// faster; for seeding and benchmarks, when nobody else uses the database.
    /// </summary>
    Exclusive,
}

/// <summary>
/// Loads many cases at once with PostgreSQL binary COPY, in batches, all in one transaction: either every
/// case is stored or none is. Audit rows are written by the statement-level triggers, the sharing rule is
/// applied per batch. The cases must have passed validation.
/// </summary>
public sealed class CaseBulkLoader(NpgsqlDataSource dataSource, CaseRepository cases)
{
    /// <summary>Cases per COPY batch: large enough to amortise round trips, small enough to bound memory.</summary>
    public const int BatchSize = 20_000;

    private const string CopyCaseSql = """
        copy seizure_case (id, agency_code, reference, event_date, event_time, country, place_name, geom,
            location_precision, location_type, detecting_agency, reason, detection_method, status, transport_mode,
            concealment, arrests, charges, law, court_outcome, sanctions, disposal, shared_by_rule, shared_manually,
            iccwc_consent, created_by, updated_by) from stdin (format binary)
        """;
    private const string CopySpecimenSql =
        "copy specimen (case_id, line_no, species_id, term, quantity, unit, estimated_value, currency) from stdin (format binary)";
    private const string CopyChainSql =
        "copy trade_chain (case_id, seq, country, role, custody, intended) from stdin (format binary)";
    private const string CopyOffenderSql = """
        copy case_offender (case_id, seq, name, aliases, sex, birth_date, nationality, identity_numbers, role)
        from stdin (format binary)
        """;
    private const string CopyConveyanceSql =
        "copy case_conveyance (case_id, seq, kind, identifier, description) from stdin (format binary)";
    private const string CopyCompanySql =
        "copy case_company (case_id, seq, name, registration_number, country, role) from stdin (format binary)";
    private const string CopyNoteSql = "copy case_note (case_id, seq, text, informant_related) from stdin (format binary)";
    private const string SpeciesSql = "select scientific_name, id from species";

    /// <summary>Loads <paramref name="source"/> and returns the number of cases stored.</summary>
    /// <param name="source">The cases; streamed, so a generator of a million cases needs little memory.</param>
    /// <param name="actor">Who loads them, for the audit trail.</param>
    /// <param name="progress">Receives the running count after each batch.</param>
    /// <param name="mode">Online (default) or exclusive; see <see cref="BulkLoadMode"/>.</param>
    /// <param name="cancellationToken">Cancels the load; nothing is stored.</param>
    /// <exception cref="ArgumentException">A specimen names a species that is not in the species table.</exception>
    /// <exception cref="PostgresException">A row breaks a constraint; nothing is stored.</exception>
    public async Task<long> LoadAsync(IEnumerable<SeizureCase> source, string actor, IProgress<long>? progress = null,
        BulkLoadMode mode = BulkLoadMode.Online, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var species = new Dictionary<string, int>(StringComparer.Ordinal);
        await using (var read = new NpgsqlCommand(SpeciesSql, connection))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                species[reader.GetString(0)] = reader.GetInt32(1);
            }
        }

        var borders = await cases.BordersAsync();
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await CaseRepository.SetActorAsync(connection, actor, cancellationToken);
        var deferred = mode == BulkLoadMode.Exclusive ? await DropConstraintsAsync(connection, cancellationToken) : [];
        long total = 0;
        var batch = new List<SeizureCase>(BatchSize);
        foreach (var seizure in source)
        {
            batch.Add(seizure.Id == Guid.Empty ? seizure with { Id = Guid.CreateVersion7() } : seizure);
            if (batch.Count == BatchSize)
            {
                total += await WriteBatchAsync(connection, batch, species, borders, actor, cancellationToken);
                progress?.Report(total);
                batch.Clear();
            }
        }

        if (batch.Count > 0)
        {
            total += await WriteBatchAsync(connection, batch, species, borders, actor, cancellationToken);
            progress?.Report(total);
        }

        foreach (var statement in deferred)
        {
            await using var restore = new NpgsqlCommand(statement, connection);
            await restore.ExecuteNonQueryAsync(cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
        return total;
    }

    private static readonly string[] CaseTables =
        ["seizure_case", "specimen", "trade_chain", "case_offender", "case_company", "case_conveyance", "case_note"];

    private const string LockSql = """
        lock table seizure_case, specimen, trade_chain, case_offender, case_company, case_conveyance, case_note
        in access exclusive mode
        """;

    // Names and definitions come from the catalogue, never from input; they are quoted with format().
    private const string DeferrableSql = """
        select format('alter table %s drop constraint %I', c.conrelid::regclass::text, c.conname),
               format('alter table %s add constraint %I %s', c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid)),
               2
        from pg_constraint c
        where c.contype = 'f' and c.conrelid = any(@tables::regclass[])
        union all
        select format('drop index %s', i.indexrelid::regclass::text), pg_get_indexdef(i.indexrelid), 1
        from pg_index i
        where i.indrelid = any(@tables::regclass[]) and not i.indisprimary and not i.indisunique
        order by 3
        """;

    /// <summary>
    /// Locks the case tables, drops their foreign keys and secondary indexes, and returns the statements that
    /// re-create them (indexes first, then constraints), to run before commit.
    /// </summary>
    private static async Task<List<string>> DropConstraintsAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using (var lockTables = new NpgsqlCommand(LockSql, connection))
        {
            await lockTables.ExecuteNonQueryAsync(ct);
        }

        var drops = new List<string>();
        var restores = new List<string>();
        await using (var query = new NpgsqlCommand(DeferrableSql, connection) { Parameters = { new("tables", CaseTables) } })
        await using (var reader = await query.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                drops.Add(reader.GetString(0));
                restores.Add(reader.GetString(1));
            }
        }

        foreach (var drop in drops)
        {
            await using var command = new NpgsqlCommand(drop, connection);
            await command.ExecuteNonQueryAsync(ct);
        }

        return restores;
    }

    private async Task<int> WriteBatchAsync(NpgsqlConnection connection, List<SeizureCase> batch,
        Dictionary<string, int> species, BorderProximity borders, string actor, CancellationToken ct)
    {
        await using (var w = await connection.BeginBinaryImportAsync(CopyCaseSql, ct))
        {
            foreach (var c in batch)
            {
                await w.StartRowAsync(ct);
                await w.WriteAsync(c.Id, NpgsqlDbType.Uuid, ct);
                await w.WriteAsync(c.AgencyCode, NpgsqlDbType.Text, ct);
                await w.WriteAsync(c.Reference, NpgsqlDbType.Text, ct);
                await w.WriteAsync(c.Date, NpgsqlDbType.Date, ct);
                await WriteNullableAsync(w, c.Time, NpgsqlDbType.Time, ct);
                await w.WriteAsync(c.Country, NpgsqlDbType.Char, ct);
                await WriteNullableAsync(w, c.PlaceName, NpgsqlDbType.Text, ct);
                await w.WriteAsync(new Point(c.Location.X, c.Location.Y) { SRID = 4326 }, NpgsqlDbType.Geometry, ct);
                await w.WriteAsync(DbCodes.Of(c.LocationPrecision), NpgsqlDbType.Text, ct);
                await w.WriteAsync(c.LocationType, NpgsqlDbType.Text, ct);
                await WriteNullableAsync(w, c.DetectingAgency, NpgsqlDbType.Text, ct);
                await WriteNullableAsync(w, c.Reason, NpgsqlDbType.Text, ct);
                await WriteNullableAsync(w, c.DetectionMethod, NpgsqlDbType.Text, ct);
                await w.WriteAsync(DbCodes.Of(c.Status), NpgsqlDbType.Text, ct);
                await WriteNullableAsync(w, c.TransportMode, NpgsqlDbType.Text, ct);
                await WriteNullableAsync(w, c.Concealment, NpgsqlDbType.Text, ct);
                await w.WriteAsync(c.Outcome.Arrests, NpgsqlDbType.Integer, ct);
                await WriteNullableAsync(w, c.Outcome.Charges, NpgsqlDbType.Text, ct);
                await WriteNullableAsync(w, c.Outcome.Law, NpgsqlDbType.Text, ct);
                await WriteNullableAsync(w, c.Outcome.CourtOutcome, NpgsqlDbType.Text, ct);
                await WriteNullableAsync(w, c.Outcome.Sanctions, NpgsqlDbType.Text, ct);
                await WriteNullableAsync(w, c.Outcome.Disposal, NpgsqlDbType.Text, ct);
                await w.WriteAsync(cases.SharedByRule(c, borders), NpgsqlDbType.Boolean, ct);
                await w.WriteAsync(c.SharedManually, NpgsqlDbType.Boolean, ct);
                await w.WriteAsync(c.IccwcConsent, NpgsqlDbType.Boolean, ct);
                await w.WriteAsync(actor, NpgsqlDbType.Text, ct);
                await w.WriteAsync(actor, NpgsqlDbType.Text, ct);
            }

            await w.CompleteAsync(ct);
        }

        await using (var w = await connection.BeginBinaryImportAsync(CopySpecimenSql, ct))
        {
            foreach (var c in batch)
            {
                for (var i = 0; i < c.Specimens.Count; i++)
                {
                    var s = c.Specimens[i];
                    if (!species.TryGetValue(s.ScientificName, out var speciesId))
                    {
                        throw new ArgumentException($"Case {c.AgencyCode}/{c.Reference}: unknown species '{s.ScientificName}'.", nameof(batch));
                    }

                    await w.StartRowAsync(ct);
                    await w.WriteAsync(c.Id, NpgsqlDbType.Uuid, ct);
                    await w.WriteAsync((short)(i + 1), NpgsqlDbType.Smallint, ct);
                    await w.WriteAsync(speciesId, NpgsqlDbType.Integer, ct);
                    await w.WriteAsync(s.Term, NpgsqlDbType.Text, ct);
                    await w.WriteAsync(s.Quantity, NpgsqlDbType.Numeric, ct);
                    await WriteNullableAsync(w, s.Unit, NpgsqlDbType.Text, ct);
                    await WriteNullableAsync(w, s.EstimatedValue, NpgsqlDbType.Numeric, ct);
                    await WriteNullableAsync(w, s.Currency, NpgsqlDbType.Char, ct);
                }
            }

            await w.CompleteAsync(ct);
        }

        await using (var w = await connection.BeginBinaryImportAsync(CopyChainSql, ct))
        {
            foreach (var c in batch)
            {
                for (var i = 0; i < c.TradeChain.Count; i++)
                {
                    var t = c.TradeChain[i];
                    await w.StartRowAsync(ct);
                    await w.WriteAsync(c.Id, NpgsqlDbType.Uuid, ct);
                    await w.WriteAsync((short)(i + 1), NpgsqlDbType.Smallint, ct);
                    await w.WriteAsync(t.Country, NpgsqlDbType.Char, ct);
                    await w.WriteAsync(DbCodes.Of(t.Role), NpgsqlDbType.Text, ct);
                    await w.WriteAsync(t.Custody, NpgsqlDbType.Boolean, ct);
                    await w.WriteAsync(t.Intended, NpgsqlDbType.Boolean, ct);
                }
            }

            await w.CompleteAsync(ct);
        }

        await WriteNominalAsync(connection, batch, ct);
        return batch.Count;
    }

    private static async Task WriteNominalAsync(NpgsqlConnection connection, List<SeizureCase> batch, CancellationToken ct)
    {
        var nominal = batch.Where(c => c.Nominal is not null).ToList();
        if (nominal.Count == 0)
        {
            return;
        }

        await using (var w = await connection.BeginBinaryImportAsync(CopyOffenderSql, ct))
        {
            foreach (var c in nominal)
            {
                for (var i = 0; i < c.Nominal!.Offenders.Count; i++)
                {
                    var o = c.Nominal.Offenders[i];
                    await w.StartRowAsync(ct);
                    await w.WriteAsync(c.Id, NpgsqlDbType.Uuid, ct);
                    await w.WriteAsync((short)(i + 1), NpgsqlDbType.Smallint, ct);
                    await w.WriteAsync(o.Name, NpgsqlDbType.Text, ct);
                    await w.WriteAsync(o.Aliases.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
                    await WriteNullableAsync(w, o.Sex, NpgsqlDbType.Text, ct);
                    await WriteNullableAsync(w, o.BirthDate, NpgsqlDbType.Date, ct);
                    await WriteNullableAsync(w, o.Nationality, NpgsqlDbType.Char, ct);
                    await w.WriteAsync(o.IdentityNumbers.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
                    await WriteNullableAsync(w, o.Role, NpgsqlDbType.Text, ct);
                }
            }

            await w.CompleteAsync(ct);
        }

        await using (var w = await connection.BeginBinaryImportAsync(CopyCompanySql, ct))
        {
            foreach (var c in nominal)
            {
                for (var i = 0; i < c.Nominal!.Companies.Count; i++)
                {
                    var o = c.Nominal.Companies[i];
                    await w.StartRowAsync(ct);
                    await w.WriteAsync(c.Id, NpgsqlDbType.Uuid, ct);
                    await w.WriteAsync((short)(i + 1), NpgsqlDbType.Smallint, ct);
                    await w.WriteAsync(o.Name, NpgsqlDbType.Text, ct);
                    await WriteNullableAsync(w, o.RegistrationNumber, NpgsqlDbType.Text, ct);
                    await WriteNullableAsync(w, o.Country, NpgsqlDbType.Char, ct);
                    await WriteNullableAsync(w, o.Role, NpgsqlDbType.Text, ct);
                }
            }

            await w.CompleteAsync(ct);
        }

        await using (var w = await connection.BeginBinaryImportAsync(CopyConveyanceSql, ct))
        {
            foreach (var c in nominal)
            {
                for (var i = 0; i < c.Nominal!.Conveyances.Count; i++)
                {
                    var o = c.Nominal.Conveyances[i];
                    await w.StartRowAsync(ct);
                    await w.WriteAsync(c.Id, NpgsqlDbType.Uuid, ct);
                    await w.WriteAsync((short)(i + 1), NpgsqlDbType.Smallint, ct);
                    await w.WriteAsync(o.Kind, NpgsqlDbType.Text, ct);
                    await w.WriteAsync(o.Identifier, NpgsqlDbType.Text, ct);
                    await WriteNullableAsync(w, o.Description, NpgsqlDbType.Text, ct);
                }
            }

            await w.CompleteAsync(ct);
        }

        await using (var w = await connection.BeginBinaryImportAsync(CopyNoteSql, ct))
        {
            foreach (var c in nominal)
            {
                for (var i = 0; i < c.Nominal!.Notes.Count; i++)
                {
                    var o = c.Nominal.Notes[i];
                    await w.StartRowAsync(ct);
                    await w.WriteAsync(c.Id, NpgsqlDbType.Uuid, ct);
                    await w.WriteAsync((short)(i + 1), NpgsqlDbType.Smallint, ct);
                    await w.WriteAsync(o.Text, NpgsqlDbType.Text, ct);
                    await w.WriteAsync(o.InformantRelated, NpgsqlDbType.Boolean, ct);
                }
            }

            await w.CompleteAsync(ct);
        }
    }

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter writer, T? value, NpgsqlDbType type, CancellationToken ct)
        where T : class =>
        value is null ? writer.WriteNullAsync(ct) : writer.WriteAsync(value, type, ct);

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter writer, T? value, NpgsqlDbType type, CancellationToken ct)
        where T : struct =>
        value is { } v ? writer.WriteAsync(v, type, ct) : writer.WriteNullAsync(ct);
}
