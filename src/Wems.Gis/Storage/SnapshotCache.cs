using System.Collections.Concurrent;
using Npgsql;

namespace Wems.Gis.Storage;

/// <summary>
/// Values that a query computed under a caller's tier, remembered per database snapshot: counts for
/// <c>numberMatched</c>, extents of collections and tile layers. Two transactions with the same snapshot
/// (<c>pg_current_snapshot()</c>: xmin, xmax and in-progress list) see exactly the same committed rows, so a cached value
/// is exact, never an estimate; any write committed anywhere in the database changes the snapshot and so misses.
/// </summary>
/// <remarks>
/// The caller reads the snapshot and computes the value in one repeatable-read transaction, so that the value belongs to
/// the snapshot it is stored under. The key must name everything else the value depends on (collection, tier scope, SQL,
/// parameters). A full cache is emptied at once: entries of past snapshots are never hit again, so that is as good as LRU.
/// </remarks>
/// <typeparam name="T">The value.</typeparam>
/// <param name="capacity">Entries kept before the cache is emptied.</param>
public sealed class SnapshotCache<T>(int capacity)
{
    private readonly ConcurrentDictionary<string, T> values = new(StringComparer.Ordinal);

    /// <summary>
    /// The value stored under <paramref name="key"/> for the snapshot of <paramref name="connection"/>'s transaction, or the
    /// one <paramref name="compute"/> returns (then stored).
    /// </summary>
    public async Task<T> GetOrComputeAsync(NpgsqlConnection connection, string key, Func<Task<T>> compute, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(compute);
        string snapshot;
        await using (var current = new NpgsqlCommand("select pg_current_snapshot()::text", connection))
        {
            snapshot = (string)(await current.ExecuteScalarAsync(cancellationToken))!;
        }

        return await GetOrComputeAsync(snapshot, key, compute);
    }

    /// <summary>
    /// The value stored under <paramref name="key"/> for <paramref name="version"/>, a version of the data the value is
    /// computed from that the caller read in the transaction <paramref name="compute"/> runs in (e.g. <see cref="CaseDataVersion"/>),
    /// or the one <paramref name="compute"/> returns (then stored).
    /// </summary>
    public async Task<T> GetOrComputeAsync(string version, string key, Func<Task<T>> compute)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(compute);
        var text = version + '\u001f' + key;
        if (values.TryGetValue(text, out var cached))
        {
            return cached;
        }

        var value = await compute();
        if (values.Count >= capacity)
        {
            values.Clear();
        }

        values[text] = value;
        return value;
    }
}
