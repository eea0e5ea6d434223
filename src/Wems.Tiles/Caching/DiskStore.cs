using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Wems.Tiles.Caching;

/// <summary>Where a tile lives on disk: layer, hashed variant, tile.</summary>
internal readonly record struct DiskKey(string Layer, string VariantHash, TileCoord Tile);

/// <summary>
/// The disk level: files at <c>{root}/{layer}/{variant-hash}/{z}/{x}/{y}.mvt</c> and an index of them in
/// least-recently-used order, bounded by charged bytes.
/// </summary>
/// <remarks>
/// Methods are split by where the owning <see cref="TileCache"/> calls them: <see cref="TryRead"/>,
/// <see cref="WriteTemp"/> and the static deletes touch only files and run outside the cache lock; every method that
/// reads or changes the index runs under it, together with the rename or unlink that goes with the change, so the index
/// and the folder never disagree in the unsafe direction (a file this process wrote but does not count).
/// </remarks>
internal sealed class DiskStore
{
    private const string TileExtension = ".mvt";
    private const string TempExtension = ".tmp";
    private const string TrashPrefix = ".trash-";
    private const int VariantHashLength = 32;

    private readonly string _root;
    private readonly long _maxBytes;
    private readonly Dictionary<DiskKey, LinkedListNode<(DiskKey Key, long Charge)>> _entries = [];
    private readonly LinkedList<(DiskKey Key, long Charge)> _recency = new();

    public DiskStore(string root, long maxBytes)
    {
        _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        _maxBytes = maxBytes;
        Directory.CreateDirectory(_root);
        Scan();
    }

    public int Count => _entries.Count;

    public long Bytes { get; private set; }

    /// <summary>
    /// First 128 bits of the SHA-256 of the UTF-8 variant as 32 lowercase hex digits: a fixed-length directory name
    /// that no variant text can turn into a path trick, and that two variants share only by a 2^-128 accident.
    /// </summary>
    public static string VariantHash(string variant) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(variant)))[..VariantHashLength];

    public static DiskKey KeyFor(TileKey key) => new(key.Layer, VariantHash(key.Variant), key.Tile);

    public string PathFor(DiskKey key)
    {
        var path = Path.GetFullPath(Path.Join(
            _root,
            key.Layer,
            key.VariantHash,
            key.Tile.Z.ToString(CultureInfo.InvariantCulture),
            key.Tile.X.ToString(CultureInfo.InvariantCulture),
            key.Tile.Y.ToString(CultureInfo.InvariantCulture) + TileExtension));

        // Layer names and hashes are validated, so this cannot fail; it is the last line against a path outside the root.
        return path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? path
            : throw new InvalidOperationException($"Tile path '{path}' is outside the cache root.");
    }

    /// <summary>The file's bytes, or null when there is no such file. Outside the lock.</summary>
    public byte[]? TryRead(DiskKey key)
    {
        try
        {
            return File.ReadAllBytes(PathFor(key));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Writes the payload to a new temporary file next to the tile's final path. Outside the lock.</summary>
    public string WriteTemp(DiskKey key, byte[] payload)
    {
        var final = PathFor(key);
        Directory.CreateDirectory(Path.GetDirectoryName(final)!);
        var temp = $"{final}.{Guid.NewGuid():N}{TempExtension}";
        using var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        stream.Write(payload);
        return temp;
    }

    /// <summary>
    /// Renames a temporary file onto the tile's path (atomic on one file system: readers see the old file or the new,
    /// never a partial one), indexes it and evicts beyond the bound. Under the lock. A file larger than the whole bound
    /// is discarded and the older file of its key deleted.
    /// </summary>
    public void Commit(DiskKey key, string tempPath, long length)
    {
        var charge = length + TileCache.EntryOverheadBytes;
        if (charge > _maxBytes)
        {
            DeleteQuietly(tempPath);
            Forget(key);
            DeleteQuietly(PathFor(key));
            return;
        }

        File.Move(tempPath, PathFor(key), overwrite: true);
        Track(key, charge);
        Evict();
    }

    /// <summary>Marks a file just read as most recently used, indexing it if another process wrote it. Under the lock.</summary>
    public void NoteHit(DiskKey key, long length)
    {
        // Another thread may have evicted (deleted) the file between the read, outside the lock, and now: indexing it
        // again would count a file that is gone. Commits and evictions run under the lock, so this check is stable.
        if (!File.Exists(PathFor(key)))
        {
            Forget(key);
            return;
        }

        Track(key, length + TileCache.EntryOverheadBytes);
        Evict();
    }

    /// <summary>Drops the index entry of a file that could not be read, if it is really gone. Under the lock.</summary>
    public void NoteMissing(DiskKey key)
    {
        // A commit between the failed read and this call may have created the file: only forget it if it is absent.
        if (_entries.ContainsKey(key) && !File.Exists(PathFor(key)))
        {
            Forget(key);
        }
    }

    /// <summary>Deletes the indexed files that match. Under the lock.</summary>
    public int Remove(Func<DiskKey, bool> predicate)
    {
        var doomed = _entries.Keys.Where(predicate).ToList();
        foreach (var key in doomed)
        {
            Forget(key);
            DeleteQuietly(PathFor(key));
        }

        return doomed.Count;
    }

    /// <summary>
    /// Forgets every file of a layer and moves the layer's folder aside in one rename, so no reader finds its files
    /// from here on. Under the lock. Returns the moved folder, for the caller to delete outside the lock, or null.
    /// </summary>
    public string? DetachLayer(string layer)
    {
        var doomed = _entries.Keys.Where(k => k.Layer == layer).ToList();
        foreach (var key in doomed)
        {
            Forget(key);
        }

        var folder = Path.Join(_root, layer);
        var trash = Path.Join(_root, $"{TrashPrefix}{Guid.NewGuid():N}");
        try
        {
            Directory.Move(folder, trash);
            return trash;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The folder could not be moved (e.g. a file open on Windows): delete what is known, one file at a time.
            foreach (var key in doomed)
            {
                DeleteQuietly(PathFor(key));
            }

            return null;
        }
    }

    public static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A cache file that cannot be deleted now is only wasted space; it is retried at the next start-up scan.
        }
    }

    public static void DeleteTreeQuietly(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for the next start-up scan, which deletes every trash folder.
        }
    }

    private void Track(DiskKey key, long charge)
    {
        Forget(key);
        _entries[key] = _recency.AddFirst((key, charge));
        Bytes += charge;
    }

    private void Forget(DiskKey key)
    {
        if (_entries.Remove(key, out var node))
        {
            _recency.Remove(node);
            Bytes -= node.Value.Charge;
        }
    }

    private void Evict()
    {
        while (Bytes > _maxBytes && _recency.Last is { } last)
        {
            Forget(last.Value.Key);
            DeleteQuietly(PathFor(last.Value.Key));
        }
    }

    /// <summary>
    /// Indexes the tile files already in the folder, oldest write first (the best recency a restart can recover),
    /// deletes temporary files and trash folders left by a crash, and evicts down to the bound. Other files are left
    /// alone.
    /// </summary>
    private void Scan()
    {
        var everything = new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = true };
        foreach (var trash in Directory.EnumerateDirectories(_root, TrashPrefix + "*", everything))
        {
            DeleteTreeQuietly(trash);
        }

        var found = new List<(DiskKey Key, long Charge, DateTime WrittenUtc)>();
        var recursive = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true };
        foreach (var file in new DirectoryInfo(_root).EnumerateFiles("*", recursive))
        {
            if (file.Name.EndsWith(TempExtension, StringComparison.Ordinal))
            {
                DeleteQuietly(file.FullName);
            }
            else if (TryParsePath(file.FullName, out var key))
            {
                found.Add((key, file.Length + TileCache.EntryOverheadBytes, file.LastWriteTimeUtc));
            }
        }

        foreach (var (key, charge, _) in found.OrderBy(f => f.WrittenUtc))
        {
            Track(key, charge);
        }

        Evict();
    }

    private bool TryParsePath(string path, out DiskKey key)
    {
        key = default;
        var parts = Path.GetRelativePath(_root, path).Split(Path.DirectorySeparatorChar);
        if (parts.Length != 5
            || !TileKey.IsValidLayer(parts[0])
            || parts[1].Length != VariantHashLength
            || !parts[1].All(char.IsAsciiHexDigitLower)
            || !parts[4].EndsWith(TileExtension, StringComparison.Ordinal)
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var z)
            || !int.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var x)
            || !int.TryParse(parts[4].AsSpan(0, parts[4].Length - TileExtension.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var y)
            || !TileCoord.TryCreate(z, x, y, TileCoord.MaxZoom, out var tile, out _))
        {
            return false;
        }

        key = new DiskKey(parts[0], parts[1], tile);

        // Only the canonical spelling counts ("010" is not tile 10), so every indexed file is one PathFor gives back.
        return PathFor(key) == path;
    }
}
