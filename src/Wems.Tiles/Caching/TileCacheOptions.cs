namespace Wems.Tiles.Caching;

/// <summary>Configuration of a <see cref="TileCache"/>: the byte bounds of both levels and the disk folder.</summary>
public sealed class TileCacheOptions
{
    /// <summary>Bound of the memory level in bytes (payload plus per-entry overhead); 0 turns the memory level off.
    /// Default 64 MiB.</summary>
    public long MemoryMaxBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// Folder of the disk level, created if missing; null (the default) turns the disk level off. Give the cache a
    /// folder of its own: at start-up it indexes the tile files it finds there and deletes leftover temporary files.
    /// </summary>
    public string? DiskRoot { get; set; }

    /// <summary>Bound of the disk level in bytes (file lengths plus per-entry overhead). Default 1 GiB.</summary>
    public long DiskMaxBytes { get; set; } = 1024L * 1024 * 1024;

    /// <summary>The configuration errors, empty when the options are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MemoryMaxBytes < 0)
        {
            errors.Add("MemoryMaxBytes must not be negative.");
        }

        if (DiskRoot is not null && string.IsNullOrWhiteSpace(DiskRoot))
        {
            errors.Add("DiskRoot must be null (no disk level) or a folder path.");
        }

        if (DiskRoot is not null && DiskMaxBytes <= 0)
        {
            errors.Add("DiskMaxBytes must be positive when DiskRoot is set.");
        }

        return errors;
    }
}
