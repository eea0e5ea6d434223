using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Wems.Gis.Governance;

/// <summary>The kinds of audit entries that are not row changes (migration 0013).</summary>
public static class AuditOperations
{
    /// <summary>An export of nominal data.</summary>
    public const string Export = "EXPORT";

    /// <summary>An administrative write: agencies, users, regions.</summary>
    public const string Admin = "ADMIN";

    /// <summary>A personal access token created or revoked.</summary>
    public const string Token = "TOKEN";
}

/// <summary>One audit-trail entry as admins read it.</summary>
/// <param name="Id">Position in the chain.</param>
/// <param name="At">When (UTC).</param>
/// <param name="Actor">Who: the user name, or the database role for writes outside the server.</param>
/// <param name="TableName">The table changed, or the subject of a non-row entry (e.g. <c>cases</c>, <c>app_user</c>).</param>
/// <param name="Operation">INSERT, UPDATE, DELETE, EXPORT, ADMIN or TOKEN.</param>
/// <param name="CaseId">The case concerned, if any.</param>
/// <param name="Before">Before-image (JSON text), if any.</param>
/// <param name="After">After-image or details (JSON text), if any.</param>
public sealed record AuditEntry(long Id, DateTimeOffset At, string Actor, string TableName, string Operation, Guid? CaseId,
    string? Before, string? After);

/// <summary>A filter of the audit trail for reading it; every part optional.</summary>
/// <param name="Actor">Only this actor.</param>
/// <param name="Operation">Only this operation.</param>
/// <param name="From">Entries at or after this instant.</param>
/// <param name="To">Entries before this instant.</param>
/// <param name="AfterId">Keyset paging: entries with a smaller id than this (pages go newest first).</param>
/// <param name="Agency">Only entries whose actor is a user of this organisation (what an organisation's admin may read).</param>
public sealed record AuditFilter(string? Actor = null, string? Operation = null, DateTimeOffset? From = null, DateTimeOffset? To = null,
    long? AfterId = null, string? Agency = null);

/// <summary>
/// Writes the audit entries that are not row changes (exports of nominal data, administration, tokens) and reads the
/// trail for admins. Written and read with the server's own role: the tier roles can neither read nor write the
/// trail. Every entry joins the hash chain (migration 0009's trigger).
/// </summary>
public sealed class AuditLog(NpgsqlDataSource dataSource)
{
    private const string InsertSql = """
        insert into audit_log (actor, table_name, operation, after) values (@actor, @subject, @operation, @details)
        """;

    /// <summary>Appends an entry: <paramref name="details"/> becomes its JSON <c>after</c>.</summary>
    /// <param name="actor">Who.</param>
    /// <param name="operation">One of <see cref="AuditOperations"/>.</param>
    /// <param name="subject">What: a collection, endpoint family or table (e.g. <c>cases</c>, <c>app_user</c>).</param>
    /// <param name="details">The details, serialised as JSON (endpoint, query, remote address, what changed).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public async Task WriteAsync(string actor, string operation, string subject, object details, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(InsertSql);
        command.Parameters.AddWithValue("actor", actor);
        command.Parameters.AddWithValue("subject", subject);
        command.Parameters.AddWithValue("operation", operation);
        command.Parameters.Add(new NpgsqlParameter("details", NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(details) });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // Every condition is switched by a parameter being null: the SQL text is fixed.
    private const string PageSql = """
        select id, at, actor, table_name, operation, case_id, before::text, after::text from audit_log
        where (@actor::text is null or actor = @actor::text)
          and (@operation::text is null or operation = @operation::text)
          and (@from::timestamptz is null or at >= @from::timestamptz)
          and (@to::timestamptz is null or at < @to::timestamptz)
          and (@afterId::bigint is null or id < @afterId::bigint)
          and (@agency::text is null or actor in (select u.username from app_user u where u.agency_code = @agency::text))
        order by id desc
        limit @limit
        """;

    /// <summary>Up to <paramref name="limit"/> entries matching <paramref name="filter"/>, newest first.</summary>
    public async Task<IReadOnlyList<AuditEntry>> ReadAsync(AuditFilter filter, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var entries = new List<AuditEntry>();
        await foreach (var entry in StreamAsync(filter, limit, cancellationToken))
        {
            entries.Add(entry);
        }

        return entries;
    }

    /// <summary>The entries matching <paramref name="filter"/>, newest first, at most <paramref name="limit"/>, streamed.</summary>
    public async IAsyncEnumerable<AuditEntry> StreamAsync(AuditFilter filter, int limit,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var command = dataSource.CreateCommand(PageSql);
        command.Parameters.Add(new NpgsqlParameter("actor", NpgsqlDbType.Text) { Value = (object?)filter.Actor ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("operation", NpgsqlDbType.Text) { Value = (object?)filter.Operation ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("from", NpgsqlDbType.TimestampTz) { Value = (object?)filter.From ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("to", NpgsqlDbType.TimestampTz) { Value = (object?)filter.To ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("afterId", NpgsqlDbType.Bigint) { Value = (object?)filter.AfterId ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("agency", NpgsqlDbType.Text) { Value = (object?)filter.Agency ?? DBNull.Value });
        command.Parameters.AddWithValue("limit", limit);
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            yield return new AuditEntry(r.GetInt64(0), r.GetFieldValue<DateTimeOffset>(1), r.GetString(2), r.GetString(3), r.GetString(4),
                r.IsDBNull(5) ? null : r.GetGuid(5), r.IsDBNull(6) ? null : r.GetString(6), r.IsDBNull(7) ? null : r.GetString(7));
        }
    }
}
