using Microsoft.Extensions.Options;
using Wems.Gis.Tiles;

namespace Wems.Web.Tiles;

/// <summary>
/// The version of the case data that case tiles are rendered from: the id of the newest audit-trail entry, looked up at
/// most every <see cref="TileOptions.CaseChangePollSeconds"/>. It is part of the cache variant of every case tile, so a
/// write to any case makes every older case tile unreachable (they age out of the cache) within one poll interval, in
/// every process sharing the database, and across restarts.
/// </summary>
public sealed class CaseDataStamp(TileStore store, IOptions<TileOptions> options, TimeProvider clock) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _stamp;
    private long _checkedAt;
    private bool _known;

    /// <summary>The current stamp, refreshed from the database when the last look is older than the poll interval.</summary>
    public async ValueTask<long> CurrentAsync(CancellationToken cancellationToken)
    {
        if (IsFresh())
        {
            return Volatile.Read(ref _stamp);
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!IsFresh())
            {
                var stamp = await store.LatestCaseChangeAsync(cancellationToken);
                Volatile.Write(ref _stamp, stamp);
                Volatile.Write(ref _checkedAt, clock.GetTimestamp());
                _known = true;
            }

            return _stamp;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private bool IsFresh() =>
        Volatile.Read(ref _known)
        && clock.GetElapsedTime(Volatile.Read(ref _checkedAt)).TotalSeconds < options.Value.CaseChangePollSeconds;
}
