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
public sealed partial class CaseRepository(NpgsqlDataSource dataSource, SharingRule sharing)
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
