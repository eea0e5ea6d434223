using System.Security.Cryptography;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using NetTopologySuite.Geometries;
using Wems.Gis.Cases;
using Wems.Gis.Geography;

namespace Wems.Gis.Storage;

/// <summary>A case as stored: the record, its version (incremented by every change) and the sharing result.</summary>
/// <param name="Case">The case; <see cref="SeizureCase.Nominal"/> is null where the reader may not see it.</param>
/// <param name="Version">The row version, for optimistic concurrency (HTTP <c>ETag</c> / <c>If-Match</c>).</param>
/// <param name="Transboundary">Whether the case is shared with the region (by the rule or by hand).</param>
public sealed record StoredCase(SeizureCase Case, int Version, bool Transboundary);

/// <summary>What a write through <see cref="CaseRepository"/> under a caller's scope did.</summary>
public enum CaseWriteOutcome
{
    /// <summary>A new case was stored.</summary>
    Created,

    /// <summary>A create repeated an earlier identical one: nothing was written, the existing case is named.</summary>
    Replayed,

    /// <summary>The change was stored and the version incremented.</summary>
    Updated,

    /// <summary>No such case, deleted, or not visible to the caller: nothing was written.</summary>
    NotFound,

    /// <summary>The caller may read the case but not change it (another agency's): nothing was written.</summary>
    NotWritable,

    /// <summary>The case changed since the version the caller read: nothing was written.</summary>
    VersionMismatch,

    /// <summary>The agency already has another case under this reference (named by the result): nothing was written.</summary>
    DuplicateReference,
}

/// <summary>The result of a write: what happened, to which case, and that case's version now.</summary>
public sealed record CaseWriteResult(CaseWriteOutcome Outcome, Guid Id, int Version);

/// <summary>One line of a case listing: no specimen, chain or nominal data.</summary>
public sealed record CaseSummary(Guid Id, string AgencyCode, string Reference, DateOnly Date, string Country, GeoPoint Location,
    string LocationType, CaseStatus Status, bool Transboundary, int Version);

/// <summary>A page of a case listing, ordered by id; <paramref name="Next"/> is the cursor of the next page, if any.</summary>
public sealed record CaseSummaryPage(IReadOnlyList<CaseSummary> Items, Guid? Next);

/// <summary>
/// Stores and reads seizure cases with their specimen lines, trade chain and nominal data.
/// Every write runs in one transaction that names its actor for the audit trail.
/// </summary>
public sealed class CaseRepository(NpgsqlDataSource dataSource, SharingRule sharing)
{
    private readonly Lazy<Task<BorderProximity>> borders = new(() => LoadBordersAsync(dataSource));

    private const string BordersSql = "select iso2_a, iso2_b, length_km, geom from border";

    /// <summary>
    /// The border lines the sharing rule measures against, read once from the <c>border</c> table (reference
    /// data change only with a reseed, after which the server is restarted).
    /// </summary>
    internal Task<BorderProximity> BordersAsync() => borders.Value;

    private static async Task<BorderProximity> LoadBordersAsync(NpgsqlDataSource dataSource)
    {
        var lines = new List<BorderLine>();
        await using var command = dataSource.CreateCommand(BordersSql);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(new BorderLine(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<MultiLineString>(3), reader.GetDouble(2)));
        }

        return new BorderProximity(lines);
    }

    /// <summary>Whether the sharing rule marks <paramref name="seizure"/> transboundary.</summary>
    internal bool SharedByRule(SeizureCase seizure, BorderProximity proximity) => TransboundaryRule.Applies(seizure, proximity, sharing);

    private const string InsertCaseSql = """
        insert into seizure_case (id, agency_code, reference, event_date, event_time, country, place_name, geom,
            location_precision, location_type, detecting_agency, reason, detection_method, status, transport_mode,
            concealment, arrests, charges, law, court_outcome, sanctions, disposal, shared_by_rule, shared_manually,
            iccwc_consent, created_by, updated_by, request_hash)
        values (@id, @agency, @reference, @date, @time, @country, @place, ST_SetSRID(ST_MakePoint(@x, @y), 4326),
            @precision, @locationType, @detectingAgency, @reason, @detectionMethod, @status, @transportMode,
            @concealment, @arrests, @charges, @law, @courtOutcome, @sanctions, @disposal, @sharedByRule, @sharedManually, @iccwc,
            @actor, @actor, @requestHash)
        """;

    /// <summary>
    /// Inserts a case and all its parts, applies the sharing rule and returns its id (a new one when
    /// <see cref="SeizureCase.Id"/> is empty). The case must have passed validation.
    /// </summary>
    /// <exception cref="PostgresException">A constraint failed (e.g. duplicate agency + reference); nothing was written.</exception>
    public async Task<Guid> InsertAsync(SeizureCase seizure, string actor, CancellationToken cancellationToken = default)
    {
        var id = seizure.Id == Guid.Empty ? Guid.CreateVersion7() : seizure.Id;
        var sharedByRule = SharedByRule(seizure, await BordersAsync());
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await SetActorAsync(connection, actor, cancellationToken);

        await using (var insert = new NpgsqlCommand(InsertCaseSql, connection))
        {
            AddCaseParameters(insert.Parameters, seizure with { Id = id }, actor);
            insert.Parameters.AddWithValue("sharedByRule", sharedByRule);
            insert.Parameters.AddWithValue("requestHash", DBNull.Value);
            await insert.ExecuteNonQueryAsync(cancellationToken);
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
        return id;
    }

    private const string SelectCaseSql = """
        select id, agency_code, reference, event_date, event_time, country, place_name, ST_X(geom), ST_Y(geom),
               location_precision, location_type, detecting_agency, reason, detection_method, status, transport_mode,
               concealment, arrests, charges, law, court_outcome, sanctions, disposal, shared_manually, iccwc_consent,
               version, transboundary
        from seizure_case where id = @id and deleted_at is null;
        select s.scientific_name, p.term, p.quantity, p.unit, p.estimated_value, p.currency
        from specimen p join species s on s.id = p.species_id where p.case_id = @id order by p.line_no;
        select country, role, custody, intended from trade_chain where case_id = @id order by seq;
        """;

    private const string SelectNominalSql = """
        select name, aliases, sex, birth_date, nationality, identity_numbers, role
        from case_offender where case_id = @id order by seq;
        select name, registration_number, country, role from case_company where case_id = @id order by seq;
        select kind, identifier, description from case_conveyance where case_id = @id order by seq;
        select text, informant_related from case_note where case_id = @id order by seq;
        """;

    /// <summary>
    /// Reads a case with its specimen lines and trade chain; with <paramref name="includeNominal"/> also its
    /// nominal data (otherwise <see cref="SeizureCase.Nominal"/> is null). Null when there is no such case
    /// or it was deleted.
    /// </summary>
    public async Task<SeizureCase?> GetAsync(Guid id, bool includeNominal, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await ReadAsync(connection, id, includeNominal, cancellationToken))?.Case;
    }

    private static async Task<StoredCase?> ReadAsync(NpgsqlConnection connection, Guid id, bool includeNominal, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(SelectCaseSql, connection) { Parameters = { new("id", id) } };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var seizure = ReadCase(reader);
        var (version, transboundary) = (reader.GetInt32(25), reader.GetBoolean(26));
        await reader.NextResultAsync(cancellationToken);
        var specimens = new List<SpecimenLine>();
        while (await reader.ReadAsync(cancellationToken))
        {
            specimens.Add(new SpecimenLine(reader.GetString(0), reader.GetString(1), reader.GetDecimal(2),
                NullableString(reader, 3), reader.IsDBNull(4) ? null : reader.GetDecimal(4), NullableString(reader, 5)));
        }

        await reader.NextResultAsync(cancellationToken);
        var chain = new List<TradeChainEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            chain.Add(new TradeChainEntry(reader.GetString(0), DbCodes.Role(reader.GetString(1)), reader.GetBoolean(2), reader.GetBoolean(3)));
        }

        await reader.CloseAsync();
        seizure = seizure with { Specimens = specimens, TradeChain = chain };
        if (includeNominal)
        {
            seizure = seizure with { Nominal = await ReadNominalAsync(connection, id, cancellationToken) };
        }

        return new StoredCase(seizure, version, transboundary);
    }

    private static SeizureCase ReadCase(NpgsqlDataReader r) => new()
    {
        Id = r.GetGuid(0),
        AgencyCode = r.GetString(1),
        Reference = r.GetString(2),
        Date = r.GetFieldValue<DateOnly>(3),
        Time = r.IsDBNull(4) ? null : r.GetFieldValue<TimeOnly>(4),
        Country = r.GetString(5),
        PlaceName = NullableString(r, 6),
        Location = new GeoPoint(r.GetDouble(7), r.GetDouble(8)),
        LocationPrecision = DbCodes.Precision(r.GetString(9)),
        LocationType = r.GetString(10),
        DetectingAgency = NullableString(r, 11),
        Reason = NullableString(r, 12),
        DetectionMethod = NullableString(r, 13),
        Status = DbCodes.Status(r.GetString(14)),
        TransportMode = NullableString(r, 15),
        Concealment = NullableString(r, 16),
        Outcome = new CaseOutcome
        {
            Arrests = r.GetInt32(17),
            Charges = NullableString(r, 18),
            Law = NullableString(r, 19),
            CourtOutcome = NullableString(r, 20),
            Sanctions = NullableString(r, 21),
            Disposal = NullableString(r, 22),
        },
        SharedManually = r.GetBoolean(23),
        IccwcConsent = r.GetBoolean(24),
    };

    private static async Task<NominalData> ReadNominalAsync(NpgsqlConnection connection, Guid id, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(SelectNominalSql, connection) { Parameters = { new("id", id) } };
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        var offenders = new List<Offender>();
        while (await r.ReadAsync(cancellationToken))
        {
            offenders.Add(new Offender(r.GetString(0), r.GetFieldValue<string[]>(1), NullableString(r, 2),
                r.IsDBNull(3) ? null : r.GetFieldValue<DateOnly>(3), NullableString(r, 4), r.GetFieldValue<string[]>(5),
                NullableString(r, 6)));
        }

        await r.NextResultAsync(cancellationToken);
        var companies = new List<Company>();
        while (await r.ReadAsync(cancellationToken))
        {
            companies.Add(new Company(r.GetString(0), NullableString(r, 1), NullableString(r, 2), NullableString(r, 3)));
        }

        await r.NextResultAsync(cancellationToken);
        var conveyances = new List<Conveyance>();
        while (await r.ReadAsync(cancellationToken))
        {
            conveyances.Add(new Conveyance(r.GetString(0), r.GetString(1), NullableString(r, 2)));
        }

        await r.NextResultAsync(cancellationToken);
        var notes = new List<InvestigatorNote>();
        while (await r.ReadAsync(cancellationToken))
        {
            notes.Add(new InvestigatorNote(r.GetString(0), r.GetBoolean(1)));
        }

        return new NominalData { Offenders = offenders, Companies = companies, Conveyances = conveyances, Notes = notes };
    }

    private static string? NullableString(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private const string CountSql = "select count(*) from seizure_case where deleted_at is null";

    /// <summary>The number of stored (not deleted) cases.</summary>
    public async Task<long> CountAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(CountSql);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private const string DeleteCreatedBySql = "delete from seizure_case where created_by = @actor";

    /// <summary>
    /// Permanently deletes every case that <paramref name="actor"/> created, with its parts (audited as
    /// deletes by that actor). Meant for reloading generated demo data, not for user data.
    /// </summary>
    public async Task<int> DeleteCreatedByAsync(string actor, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await SetActorAsync(connection, actor, cancellationToken);
        await using var delete = new NpgsqlCommand(DeleteCreatedBySql, connection) { Parameters = { new("actor", actor) } };
        var deleted = await delete.ExecuteNonQueryAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return deleted;
    }

    // Under a caller's scope: every statement runs in a transaction under TierSession, so PostgreSQL's
    // row-level security decides what the caller sees and may change, whatever the SQL says.

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

    internal static async Task SetActorAsync(NpgsqlConnection connection, string actor, CancellationToken cancellationToken)
    {
        await using var set = new NpgsqlCommand("select set_config('wems.actor', @actor, true)", connection);
        set.Parameters.AddWithValue("actor", actor);
        await set.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void AddCaseParameters(NpgsqlParameterCollection p, SeizureCase c, string actor)
    {
        p.AddWithValue("id", c.Id);
        p.AddWithValue("agency", c.AgencyCode);
        p.AddWithValue("reference", c.Reference);
        p.AddWithValue("date", c.Date);
        p.Add(new NpgsqlParameter<TimeOnly?>("time", NpgsqlDbType.Time) { TypedValue = c.Time });
        p.AddWithValue("country", c.Country);
        p.AddWithValue("place", (object?)c.PlaceName ?? DBNull.Value);
        p.AddWithValue("x", c.Location.X);
        p.AddWithValue("y", c.Location.Y);
        p.AddWithValue("precision", DbCodes.Of(c.LocationPrecision));
        p.AddWithValue("locationType", c.LocationType);
        p.AddWithValue("detectingAgency", (object?)c.DetectingAgency ?? DBNull.Value);
        p.AddWithValue("reason", (object?)c.Reason ?? DBNull.Value);
        p.AddWithValue("detectionMethod", (object?)c.DetectionMethod ?? DBNull.Value);
        p.AddWithValue("status", DbCodes.Of(c.Status));
        p.AddWithValue("transportMode", (object?)c.TransportMode ?? DBNull.Value);
        p.AddWithValue("concealment", (object?)c.Concealment ?? DBNull.Value);
        p.AddWithValue("arrests", c.Outcome.Arrests);
        p.AddWithValue("charges", (object?)c.Outcome.Charges ?? DBNull.Value);
        p.AddWithValue("law", (object?)c.Outcome.Law ?? DBNull.Value);
        p.AddWithValue("courtOutcome", (object?)c.Outcome.CourtOutcome ?? DBNull.Value);
        p.AddWithValue("sanctions", (object?)c.Outcome.Sanctions ?? DBNull.Value);
        p.AddWithValue("disposal", (object?)c.Outcome.Disposal ?? DBNull.Value);
        p.AddWithValue("sharedManually", c.SharedManually);
        p.AddWithValue("iccwc", c.IccwcConsent);
        p.AddWithValue("actor", actor);
    }

    private const string InsertSpecimenSql = """
        insert into specimen (case_id, line_no, species_id, term, quantity, unit, estimated_value, currency)
        values ($1, $2, (select id from species where scientific_name = $3), $4, $5, $6, $7, $8)
        """;
    private const string InsertChainSql =
        "insert into trade_chain (case_id, seq, country, role, custody, intended) values ($1, $2, $3, $4, $5, $6)";
    private const string InsertOffenderSql = """
        insert into case_offender (case_id, seq, name, aliases, sex, birth_date, nationality, identity_numbers, role)
        values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
        """;
    private const string InsertCompanySql =
        "insert into case_company (case_id, seq, name, registration_number, country, role) values ($1, $2, $3, $4, $5, $6)";
    private const string InsertConveyanceSql =
        "insert into case_conveyance (case_id, seq, kind, identifier, description) values ($1, $2, $3, $4, $5)";
    private const string InsertNoteSql =
        "insert into case_note (case_id, seq, text, informant_related) values ($1, $2, $3, $4)";

    private static void AddChildren(NpgsqlBatch batch, Guid id, SeizureCase c)
    {
        for (var i = 0; i < c.Specimens.Count; i++)
        {
            var s = c.Specimens[i];
            Add(batch, InsertSpecimenSql, id, (short)(i + 1), s.ScientificName, s.Term, s.Quantity, s.Unit, s.EstimatedValue, s.Currency);
        }

        for (var i = 0; i < c.TradeChain.Count; i++)
        {
            var t = c.TradeChain[i];
            Add(batch, InsertChainSql, id, (short)(i + 1), t.Country, DbCodes.Of(t.Role), t.Custody, t.Intended);
        }

        if (c.Nominal is not { } n)
        {
            return;
        }

        for (var i = 0; i < n.Offenders.Count; i++)
        {
            var o = n.Offenders[i];
            Add(batch, InsertOffenderSql, id, (short)(i + 1), o.Name, o.Aliases.ToArray(), o.Sex, o.BirthDate, o.Nationality,
                o.IdentityNumbers.ToArray(), o.Role);
        }

        for (var i = 0; i < n.Companies.Count; i++)
        {
            var o = n.Companies[i];
            Add(batch, InsertCompanySql, id, (short)(i + 1), o.Name, o.RegistrationNumber, o.Country, o.Role);
        }

        for (var i = 0; i < n.Conveyances.Count; i++)
        {
            var o = n.Conveyances[i];
            Add(batch, InsertConveyanceSql, id, (short)(i + 1), o.Kind, o.Identifier, o.Description);
        }

        for (var i = 0; i < n.Notes.Count; i++)
        {
            var o = n.Notes[i];
            Add(batch, InsertNoteSql, id, (short)(i + 1), o.Text, o.InformantRelated);
        }
    }

    private static void Add(NpgsqlBatch batch, string sql, params object?[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(value switch
            {
                null => new NpgsqlParameter { Value = DBNull.Value },
                DateOnly d => new NpgsqlParameter { Value = d, NpgsqlDbType = NpgsqlDbType.Date },
                _ => new NpgsqlParameter { Value = value },
            });
        }

        batch.BatchCommands.Add(command);
    }
}
