using System.Security.Cryptography;

namespace Wems.Tiles.Caching;

/// <summary>A cached tile payload (an encoded MVT, possibly empty) and its strong ETag.</summary>
/// <param name="Payload">The bytes as stored; the cache keeps its own copy, so they never change.</param>
/// <param name="ETag">Strong entity tag, quotes included, from <see cref="TileETag.Compute"/>.</param>
public sealed record CachedTile(ReadOnlyMemory<byte> Payload, string ETag);

/// <summary>Strong HTTP entity tags for tile payloads.</summary>
public static class TileETag
{
    /// <summary>
    /// A strong ETag for a payload (RFC 9110 §8.8.3): the first 128 bits of its SHA-256 as 32 lowercase hex digits, in
    /// double quotes, e.g. <c>"e3b0c44298fc1c149afbf4c8996fb924"</c> for an empty payload. Equal bytes give equal tags
    /// in every process, so tags stay valid across restarts and behind a load balancer.
    /// </summary>
    /// <param name="payload">The exact bytes sent in the response body.</param>
    public static string Compute(ReadOnlySpan<byte> payload)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(payload, hash);
        return $"\"{Convert.ToHexStringLower(hash[..16])}\"";
    }
}

/// <summary>Sizes of the two cache levels at one moment.</summary>
/// <param name="MemoryEntries">Tiles held in memory.</param>
/// <param name="MemoryBytes">Bytes charged to the memory level: payload lengths plus
/// <see cref="TileCache.EntryOverheadBytes"/> per tile; never above the configured bound.</param>
/// <param name="DiskEntries">Tile files this process knows of.</param>
/// <param name="DiskBytes">Bytes charged to the disk level, counted the same way; never above the configured bound.</param>
/// <param name="DiskWriteFailures">Disk writes that failed (full disk, permissions) since start; those tiles were kept in
/// memory only.</param>
public sealed record TileCacheStatistics(
    int MemoryEntries, long MemoryBytes, int DiskEntries, long DiskBytes, long DiskWriteFailures);

/// <summary>What one <see cref="TileCache.Invalidate"/> call removed.</summary>
/// <param name="TilesAffected">Distinct tiles (z/x/y) that contain a changed point, cached or not.</param>
/// <param name="MemoryEntriesRemoved">Entries dropped from memory, over all variants.</param>
/// <param name="DiskFilesRemoved">Files deleted from disk, over all variants.</param>
public sealed record InvalidationResult(int TilesAffected, int MemoryEntriesRemoved, int DiskFilesRemoved);
