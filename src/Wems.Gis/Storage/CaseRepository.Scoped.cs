using System.Security.Cryptography;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using NetTopologySuite.Geometries;
using Wems.Gis.Cases;
using Wems.Gis.Geography;

namespace Wems.Gis.Storage;

// The case API's reads and writes: each runs in a transaction under the caller's tier (TierSession), so
// PostgreSQL's row-level security decides what exists and what may change.
public sealed partial class CaseRepository
{
    private const string InsertCaseOnceSql = InsertCaseSql + " on conflict (agency_code, reference) do nothing";
    private const string FindByReferenceSql = """
        select id, version, request_hash, deleted_at is not null from seizure_case where agency_code = @agency and reference = @reference
        """;

    /// <summary>
    /// Creates a case for a national caller of its agency, idempotently: when the agency already has a case
    /// under <see cref="SeizureCase.Reference"/>, nothing is written and the result names that case, as
    /// <see cref="CaseWriteOutcome.Replayed"/> when it was made by an identical create request (a retry) and
    /// <see cref="CaseWriteOutcome.DuplicateReference"/> otherwise. Concurrent identical creates store one case.
    /// The case must have passed validation and name the caller's agency and country.
    /// </summary>
    /// <exception cref="ArgumentException">The caller is not national, or the case names another agency or country.</exception>
    public async Task<CaseWriteResult> CreateAsync(SeizureCase seizure, CallerScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(seizure);
        RequireNational(scope);
        if (seizure.AgencyCode != scope.Agency || seizure.Country != scope.Country)
        {
            throw new ArgumentException("A case is created by its own agency, in its own country.", nameof(seizure));
        }

        var fingerprint = Fingerprint(seizure);
        var id = seizure.Id == Guid.Empty ? Guid.CreateVersion7() : seizure.Id;
        var sharedByRule = SharedByRule(seizure, await BordersAsync());
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await TierSession.ApplyAsync(connection, scope, cancellationToken);

        int inserted;
        await using (var insert = new NpgsqlCommand(InsertCaseOnceSql, connection))
        {
            AddCaseParameters(insert.Parameters, seizure with { Id = id, Status = CaseStatus.Open }, scope.Actor);
            insert.Parameters.AddWithValue("sharedByRule", sharedByRule);
            insert.Parameters.AddWithValue("requestHash", fingerprint);
            inserted = await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        if (inserted == 0)
        {
            var existing = await FindByReferenceAsync(connection, seizure.AgencyCode, seizure.Reference, cancellationToken);
            return existing is { Hash: var hash, Deleted: false } && hash == fingerprint
                ? new CaseWriteResult(CaseWriteOutcome.Replayed, existing.Value.Id, existing.Value.Version)
                : new CaseWriteResult(CaseWriteOutcome.DuplicateReference, existing?.Id ?? Guid.Empty, existing?.Version ?? 0);
        }

        await using (var batch = new NpgsqlBatch(connection))
        {
            AddChildren(batch, id, seizure);
            if (batch.BatchCommands.Count > 0)
            {
                await batch.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await tx.CommitAsync(cancellationToken);
        return new CaseWriteResult(CaseWriteOutcome.Created, id, 1);
    }

    /// <summary>
    /// Reads a case as <paramref name="scope"/> may see it: a national caller its own country's cases with
    /// nominal data, a regional caller the shared cases of its region without, a public caller none.
    /// Null when there is no such case, it was deleted, or the caller may not see it.
    /// </summary>
    public async Task<StoredCase?> GetAsync(Guid id, CallerScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.Tier == Tier.Public)
        {
            return null;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await TierSession.ApplyAsync(connection, scope, cancellationToken);
        return await ReadAsync(connection, id, includeNominal: scope.Tier == Tier.National, cancellationToken);
    }

    private const string ListSql = """
        select id, agency_code, reference, event_date, country, ST_X(geom), ST_Y(geom), location_type, status, transboundary, version
        from seizure_case where deleted_at is null and (@after::uuid is null or id > @after::uuid) order by id limit @limit
        """;

    /// <summary>
    /// A page of the cases <paramref name="scope"/> may see, ordered by id, starting after the id
    /// <paramref name="after"/> (the previous page's <see cref="CaseSummaryPage.Next"/>). A public caller sees none.
    /// </summary>
    public async Task<CaseSummaryPage> ListAsync(CallerScope scope, int limit, Guid? after, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        if (scope.Tier == Tier.Public)
        {
            return new CaseSummaryPage([], null);
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await TierSession.ApplyAsync(connection, scope, cancellationToken);
        await using var command = new NpgsqlCommand(ListSql, connection);
        command.Parameters.Add(new NpgsqlParameter("after", NpgsqlDbType.Uuid) { Value = (object?)after ?? DBNull.Value });
        command.Parameters.AddWithValue("limit", limit + 1);
        var items = new List<CaseSummary>();
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            items.Add(new CaseSummary(r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetFieldValue<DateOnly>(3), r.GetString(4),
                new GeoPoint(r.GetDouble(5), r.GetDouble(6)), r.GetString(7), DbCodes.Status(r.GetString(8)), r.GetBoolean(9), r.GetInt32(10)));
        }

        if (items.Count <= limit)
        {
            return new CaseSummaryPage(items, null);
        }

        items.RemoveAt(items.Count - 1);
        return new CaseSummaryPage(items, items[^1].Id);
    }

    // Status, agency and country are not changed by an update: closing has its own method, and a case
    // stays with the agency that recorded it.
    private const string UpdateCaseSql = """
        update seizure_case set reference = @reference, event_date = @date, event_time = @time, place_name = @place,
            geom = ST_SetSRID(ST_MakePoint(@x, @y), 4326), location_precision = @precision, location_type = @locationType,
            detecting_agency = @detectingAgency, reason = @reason, detection_method = @detectionMethod,
            transport_mode = @transportMode, concealment = @concealment, arrests = @arrests, charges = @charges, law = @law,
            court_outcome = @courtOutcome, sanctions = @sanctions, disposal = @disposal, shared_by_rule = @sharedByRule,
            shared_manually = @sharedManually, iccwc_consent = @iccwc,
            version = version + 1, updated_at = now(), updated_by = @actor
        where id = @id and deleted_at is null and version = @version
        returning version
        """;
    private static readonly string[] ChildTables =
        ["specimen", "trade_chain", "case_offender", "case_company", "case_conveyance", "case_note"];

    /// <summary>
    /// Replaces a case (its specimen lines, trade chain and nominal data included) when it is still at
    /// <paramref name="expectedVersion"/>, re-applying the sharing rule. Otherwise nothing is written and the
    /// result says why: <see cref="CaseWriteOutcome.NotFound"/>, <see cref="CaseWriteOutcome.NotWritable"/>
    /// (another agency's case), <see cref="CaseWriteOutcome.VersionMismatch"/> (with the current version) or
    /// <see cref="CaseWriteOutcome.DuplicateReference"/> (a new reference already in use).
    /// </summary>
    public async Task<CaseWriteResult> UpdateAsync(Guid id, SeizureCase seizure, int expectedVersion, CallerScope scope,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(seizure);
        RequireNational(scope);
        var sharedByRule = SharedByRule(seizure, await BordersAsync());
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await TierSession.ApplyAsync(connection, scope, cancellationToken);
        int? version;
        try
        {
            await using var update = new NpgsqlCommand(UpdateCaseSql, connection);
            AddCaseParameters(update.Parameters, seizure with { Id = id }, scope.Actor);
            update.Parameters.AddWithValue("sharedByRule", sharedByRule);
            update.Parameters.AddWithValue("version", expectedVersion);
            version = (int?)await update.ExecuteScalarAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            await tx.RollbackAsync(cancellationToken);
            await using var lookup = await connection.BeginTransactionAsync(cancellationToken);
            await TierSession.ApplyAsync(connection, scope, cancellationToken);
            var existing = await FindByReferenceAsync(connection, scope.Agency!, seizure.Reference, cancellationToken);
            return new CaseWriteResult(CaseWriteOutcome.DuplicateReference, existing?.Id ?? Guid.Empty, existing?.Version ?? 0);
        }

        if (version is null)
        {
            return await WhyNotWrittenAsync(connection, id, scope, cancellationToken);
        }

        await using (var batch = new NpgsqlBatch(connection))
        {
            foreach (var table in ChildTables)
            {
                // The table name comes from ChildTables, a fixed list.
                Add(batch, $"delete from {table} where case_id = $1", id);
            }

            AddChildren(batch, id, seizure);
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
        return new CaseWriteResult(CaseWriteOutcome.Updated, id, version.Value);
    }

    private const string CloseSql = """
        update seizure_case set status = 'closed', version = version + 1, updated_at = now(), updated_by = @actor
        where id = @id and deleted_at is null and (@version::integer is null or version = @version::integer)
        returning version
        """;

    /// <summary>
    /// Closes a case (at <paramref name="expectedVersion"/> when given); the outcomes are those of
    /// <see cref="UpdateAsync"/>.
    /// </summary>
    public Task<CaseWriteResult> CloseAsync(Guid id, int? expectedVersion, CallerScope scope, CancellationToken cancellationToken = default) =>
        SetStateAsync(CloseSql, id, expectedVersion, scope, cancellationToken);

    private const string SoftDeleteSql = """
        update seizure_case set deleted_at = now(), version = version + 1, updated_at = now(), updated_by = @actor
        where id = @id and deleted_at is null and (@version::integer is null or version = @version::integer)
        returning version
        """;

    /// <summary>
    /// Deletes a case softly (at <paramref name="expectedVersion"/> when given): it is marked deleted, no longer
    /// read or listed, and kept with its parts for the audit trail, which records the change as an UPDATE by the
    /// caller. The outcomes are those of <see cref="UpdateAsync"/>.
    /// </summary>
    public Task<CaseWriteResult> DeleteAsync(Guid id, int? expectedVersion, CallerScope scope, CancellationToken cancellationToken = default) =>
        SetStateAsync(SoftDeleteSql, id, expectedVersion, scope, cancellationToken);

    private async Task<CaseWriteResult> SetStateAsync(string sql, Guid id, int? expectedVersion, CallerScope scope,
        CancellationToken cancellationToken)
    {
        RequireNational(scope);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await TierSession.ApplyAsync(connection, scope, cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("actor", scope.Actor);
        command.Parameters.Add(new NpgsqlParameter("version", NpgsqlDbType.Integer) { Value = (object?)expectedVersion ?? DBNull.Value });
        var version = (int?)await command.ExecuteScalarAsync(cancellationToken);
        if (version is null)
        {
            return await WhyNotWrittenAsync(connection, id, scope, cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
        return new CaseWriteResult(CaseWriteOutcome.Updated, id, version.Value);
    }

    private const string WriteStateSql = "select version, agency_code from seizure_case where id = @id and deleted_at is null";

    // Runs in the caller's transaction after an update touched no row: the read policy shows the case when
    // the caller may see it, so "not there", "not yours" and "changed meanwhile" can be told apart.
    private static async Task<CaseWriteResult> WhyNotWrittenAsync(NpgsqlConnection connection, Guid id, CallerScope scope,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(WriteStateSql, connection) { Parameters = { new("id", id) } };
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        if (!await r.ReadAsync(cancellationToken))
        {
            return new CaseWriteResult(CaseWriteOutcome.NotFound, id, 0);
        }

        var version = r.GetInt32(0);
        return r.GetString(1) == scope.Agency
            ? new CaseWriteResult(CaseWriteOutcome.VersionMismatch, id, version)
            : new CaseWriteResult(CaseWriteOutcome.NotWritable, id, version);
    }

    private static async Task<(Guid Id, int Version, string? Hash, bool Deleted)?> FindByReferenceAsync(NpgsqlConnection connection,
        string agency, string reference, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(FindByReferenceSql, connection)
        {
            Parameters = { new("agency", agency), new("reference", reference) },
        };
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        return await r.ReadAsync(cancellationToken)
            ? (r.GetGuid(0), r.GetInt32(1), NullableString(r, 2), r.GetBoolean(3))
            : null;
    }

    private static void RequireNational(CallerScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.Tier != Tier.National)
        {
            throw new ArgumentException("Only a national caller writes cases.", nameof(scope));
        }
    }

    /// <summary>
    /// A fingerprint of a create request: SHA-256 of the case as JSON (without its id). Two creates with the
    /// same fingerprint carry the same case, so the second is a retry of the first.
    /// </summary>
    private static string Fingerprint(SeizureCase seizure) =>
        Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(seizure with { Id = Guid.Empty })));
}
