using Npgsql;
using NpgsqlTypes;
using Wems.Gis.Cases;
using Wems.Gis.Storage;

namespace Wems.Gis.Reports;

/// <summary>Which cases an exchange package carries.</summary>
/// <param name="SharedOnly">Only transboundary (shared) cases.</param>
/// <param name="From">First seizure date included, if any.</param>
/// <param name="To">Last seizure date included, if any.</param>
/// <param name="Country">Only cases of this country (ISO alpha-2), if any.</param>
/// <param name="Ids">Only these cases, if any.</param>
public sealed record ExchangeSelection(bool SharedOnly, DateOnly? From = null, DateOnly? To = null, string? Country = null,
    IReadOnlyList<Guid>? Ids = null);

/// <summary>What importing one case did.</summary>
public enum ImportOutcome
{
    /// <summary>No case had its provenance (agency + reference): it was created.</summary>
    Created,

    /// <summary>The case with its provenance was replaced by the package's version.</summary>
    Updated,

    /// <summary>The case with its provenance was deleted on this server: it is not brought back.</summary>
    DeletedHere,
}

/// <summary>
/// Reads the cases of an Ecomessage-style exchange package and stores imported cases by provenance: the
/// recording agency and its case reference (the agency fixes the country). Importing the same case again
/// updates it and never duplicates it.
/// </summary>
public sealed class ExchangeStore(NpgsqlDataSource dataSource, CaseRepository cases)
{
    private const string SelectIdsSql = """
        select id from seizure_case
        where deleted_at is null and (not @shared or transboundary)
          and (@from::date is null or event_date >= @from::date) and (@to::date is null or event_date <= @to::date)
          and (@country::text is null or country = @country::text) and (@ids::uuid[] is null or id = any(@ids::uuid[]))
        order by event_date, id
        """;

    /// <summary>
    /// The cases of <paramref name="selection"/> that <paramref name="scope"/> may see (read under its tier), or
    /// any case when the scope is null (the system owner, on the command line). Nominal data are read only
    /// when <paramref name="nominal"/> is set and the caller is national (or the owner).
    /// </summary>
    public async Task<IReadOnlyList<StoredCase>> ReadAsync(ExchangeSelection selection, CallerScope? scope, bool nominal,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(selection);
        if (scope is { Tier: Tier.Public })
        {
            return [];
        }

        var ids = new List<Guid>();
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        await using (var tx = await connection.BeginTransactionAsync(cancellationToken))
        {
            if (scope is not null)
            {
                await TierSession.ApplyAsync(connection, scope, cancellationToken);
            }

            await using var command = new NpgsqlCommand(SelectIdsSql, connection);
            command.Parameters.AddWithValue("shared", selection.SharedOnly);
            command.Parameters.Add(new NpgsqlParameter("from", NpgsqlDbType.Date) { Value = (object?)selection.From ?? DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter("to", NpgsqlDbType.Date) { Value = (object?)selection.To ?? DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter("country", NpgsqlDbType.Text) { Value = (object?)selection.Country ?? DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid)
            {
                Value = (object?)selection.Ids?.ToArray() ?? DBNull.Value,
            });
            await using var r = await command.ExecuteReaderAsync(cancellationToken);
            while (await r.ReadAsync(cancellationToken))
            {
                ids.Add(r.GetGuid(0));
            }
        }

        var result = new List<StoredCase>(ids.Count);
        foreach (var id in ids)
        {
            var stored = scope is null
                ? await cases.GetAsync(id, nominal, cancellationToken) is { } c ? new StoredCase(c, 0, false) : null
                : await cases.GetAsync(id, scope, cancellationToken);
            if (stored is not null)
            {
                result.Add(nominal && scope is null or { Tier: Tier.National } ? stored : stored with { Case = stored.Case with { Nominal = null } });
            }
        }

        return result;
    }

    private const string KnownAgencySql = "select exists (select 1 from agency where code = @code)";

    /// <summary>Whether <paramref name="agency"/> is an agency (or regional organisation) known to this server.</summary>
    public async Task<bool> IsKnownAgencyAsync(string agency, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(KnownAgencySql);
        command.Parameters.AddWithValue("code", agency);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private const string FindSql = """
        select id, version, country, deleted_at is not null, status from seizure_case where agency_code = @agency and reference = @reference
        """;
    private const string IdTakenSql = "select exists (select 1 from seizure_case where id = @id)";

    /// <summary>
    /// Stores a validated case by provenance, as the system owner with <paramref name="actor"/> in the audit
    /// trail: created (with the package's id when it is free here) or, when the agency already has a case under
    /// the reference, replaced. A case without nominal data keeps the nominal data stored here; a closed case
    /// is closed here too (a case is never reopened by an import).
    /// </summary>
    public async Task<(ImportOutcome Outcome, Guid Id)> ImportAsync(SeizureCase seizure, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(seizure);
        (Guid Id, int Version, string Country, bool Deleted, string Status)? existing = null;
        bool idTaken;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            await using (var find = new NpgsqlCommand(FindSql, connection))
            {
                find.Parameters.AddWithValue("agency", seizure.AgencyCode);
                find.Parameters.AddWithValue("reference", seizure.Reference);
                await using var r = await find.ExecuteReaderAsync(cancellationToken);
                if (await r.ReadAsync(cancellationToken))
                {
                    existing = (r.GetGuid(0), r.GetInt32(1), r.GetString(2), r.GetBoolean(3), r.GetString(4));
                }
            }

            await using var taken = new NpgsqlCommand(IdTakenSql, connection) { Parameters = { new("id", seizure.Id) } };
            idTaken = seizure.Id != Guid.Empty && (bool)(await taken.ExecuteScalarAsync(cancellationToken))!;
        }

        if (existing is null)
        {
            var id = await cases.InsertAsync(idTaken ? seizure with { Id = Guid.Empty } : seizure, actor, cancellationToken);
            return (ImportOutcome.Created, id);
        }

        var (existingId, version, country, deleted, status) = existing.Value;
        if (deleted)
        {
            return (ImportOutcome.DeletedHere, existingId);
        }

        // The agency's own scope: the row-level policies let it replace exactly this agency's case.
        var scope = CallerScope.National(actor, country, seizure.AgencyCode);
        var incoming = seizure.Nominal is null
            ? seizure with { Nominal = (await cases.GetAsync(existingId, includeNominal: true, cancellationToken))?.Nominal }
            : seizure;
        var written = await cases.UpdateAsync(existingId, incoming, version, scope, cancellationToken);
        if (written.Outcome != CaseWriteOutcome.Updated)
        {
            throw new InvalidOperationException($"Case {existingId} could not be updated: {written.Outcome}.");
        }

        if (seizure.Status == CaseStatus.Closed && status != "closed")
        {
            await cases.CloseAsync(existingId, written.Version, scope, cancellationToken);
        }

        return (ImportOutcome.Updated, existingId);
    }
}
