using System.ComponentModel.DataAnnotations;

namespace Wems.Web.Tiles;

/// <summary>The <c>Tiles</c> configuration section: the tile cache and the HTTP caching of tiles.</summary>
public sealed class TileOptions
{
    public const string Section = "Tiles";

    /// <summary>Folder of the disk cache level; default <c>{ContentRoot}/.wems/tile-cache</c>.</summary>
    public string? CacheFolder { get; set; }

    /// <summary>Keep tiles on disk as well as in memory (default true).</summary>
    public bool DiskCache { get; set; } = true;

    /// <summary>Bound of the memory level in bytes (default 64 MiB).</summary>
    [Range(0, long.MaxValue)]
    public long MemoryMaxBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Bound of the disk level in bytes (default 1 GiB).</summary>
    [Range(1, long.MaxValue)]
    public long DiskMaxBytes { get; set; } = 1024L * 1024 * 1024;

    /// <summary><c>max-age</c> of reference-layer tiles, which anyone (a CDN too) may cache.</summary>
    [Range(0, 31_536_000)]
    public int PublicMaxAgeSeconds { get; set; } = 3600;

    /// <summary><c>max-age</c> of case tiles, which only the caller's own browser may cache.</summary>
    [Range(0, 86_400)]
    public int PrivateMaxAgeSeconds { get; set; } = 60;

    /// <summary>How often, at most, to read the tile invalidation queue (case writes, migration 0016) before serving a case tile, and how often the background reader runs (at least every second); 0 = before every case tile.</summary>
    [Range(0, 3600)]
    public double CaseChangePollSeconds { get; set; } = 2;
}
