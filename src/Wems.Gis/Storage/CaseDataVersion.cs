using Npgsql;

namespace Wems.Gis.Storage;

/// <summary>
/// A version of the data the case collections and the public aggregates are computed from, so that a value computed from
/// them (a collection extent) can be reused until a case changes, where a <see cref="SnapshotCache{T}"/> entry is lost at
/// any write anywhere (a sign-in, an audit entry, an analysis run).
/// </summary>
/// <remarks>
/// Every write to <c>seizure_case</c> or <c>specimen</c> queues an entry in <c>tile_invalidation</c> in its own transaction
/// (migration 0016), whose id comes from a sequence. The version is the sequence's position read <em>before</em> the
/// transaction's snapshot, and it is given only when that snapshot has no transaction of this database in progress: then
/// every queue id up to the position belongs to a transaction that the snapshot sees committed (or that aborted), and any
/// later case write takes a higher id, so two snapshots with the same version see the same cases. A transaction in progress
/// counts as another database's only while its holder is seen connected to another database (a connection never writes
/// to another database); one that has ended since the snapshot counts as this database's, so the check errs on the side
/// of computing again. A value computed in the snapshot may include a
/// write that committed after the position was read; it is stored under the older position, which later readers no longer
/// read, so it is never served stale. The version also names what the rows depend on besides the cases: the date (open
/// cases younger than a year are left out of the public aggregates), the public suppression threshold, the region members
/// (the regional tier's row policy) and the species and countries tables (commodity groups, the country point), the last
/// two by their row versions (<c>xmin</c>), which any update or delete changes.
/// </remarks>
public static class CaseDataVersion
{
    private const string QueuePositionSql = "select case when is_called then last_value else 0 end from tile_invalidation_id_seq";

    private const string VersionSql = """
        select not exists (
                   select from pg_snapshot_xip(pg_current_snapshot()) x
                   where not exists (
                       select from pg_locks l join pg_stat_activity a on a.pid = l.pid
                       where l.locktype = 'transactionid' and l.mode = 'ExclusiveLock' and l.granted
                         and l.transactionid::text::bigint = x::text::bigint % 4294967296
                         and a.datname is not null and a.datname <> current_database())),
               concat_ws('|', current_date, public_min_count(),
                   (select string_agg(m.region_code || ':' || m.country, ',' order by m.region_code, m.country) from region_member m),
                   (select count(*) || ':' || coalesce(sum(s.xmin::text::bigint), 0) from species s),
                   (select count(*) || ':' || coalesce(sum(c.xmin::text::bigint), 0) from country c))
        """;

    /// <summary>
    /// The position of the case change queue: read on <paramref name="connection"/> outside any transaction, before the
    /// transaction whose snapshot <see cref="ReadAsync"/> checks. Needs the server's own role (the tier roles have no grant
    /// on the queue).
    /// </summary>
    public static async Task<long> QueuePositionAsync(NpgsqlConnection connection, CancellationToken cancellationToken = default)
    {
        await using var command = new NpgsqlCommand(QueuePositionSql, connection);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>
    /// The version of the case data in the snapshot of <paramref name="connection"/>'s repeatable-read transaction, or null
    /// when that snapshot cannot be named by one (a transaction of this database was in progress when it was taken). Must be the
    /// transaction's first statement, so that it takes the snapshot, after <see cref="QueuePositionAsync"/>.
    /// </summary>
    public static async Task<string?> ReadAsync(NpgsqlConnection connection, long queuePosition, CancellationToken cancellationToken = default)
    {
        await using var command = new NpgsqlCommand(VersionSql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return reader.GetBoolean(0) ? $"{queuePosition}|{reader.GetString(1)}" : null;
    }
}
