namespace Wems.Tiles;

/// <summary>
/// A rectangular block of tiles at one zoom: columns <see cref="MinX"/> to <see cref="MaxX"/> and rows
/// <see cref="MinY"/> to <see cref="MaxY"/>, all inclusive.
/// </summary>
/// <remarks>
/// A range never wraps around the antimeridian; an area that crosses it is described by two ranges (see
/// <see cref="WebMercator.TileRanges"/>).
/// </remarks>
public readonly record struct TileRange
{
    /// <summary>Creates a range of tiles.</summary>
    /// <param name="z">Zoom, 0 to <see cref="TileCoord.MaxZoom"/>.</param>
    /// <param name="minX">First column (westmost), inclusive.</param>
    /// <param name="minY">First row (northmost), inclusive.</param>
    /// <param name="maxX">Last column (eastmost), inclusive, at least <paramref name="minX"/>.</param>
    /// <param name="maxY">Last row (southmost), inclusive, at least <paramref name="minY"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A corner is not a tile at zoom z, or max &lt; min.</exception>
    public TileRange(int z, int minX, int minY, int maxX, int maxY)
    {
        _ = new TileCoord(z, minX, minY);
        _ = new TileCoord(z, maxX, maxY);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxX, minX);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxY, minY);
        (Z, MinX, MinY, MaxX, MaxY) = (z, minX, minY, maxX, maxY);
    }

    /// <summary>Zoom of every tile in the range.</summary>
    public int Z { get; }

    /// <summary>First column (westmost), inclusive.</summary>
    public int MinX { get; }

    /// <summary>First row (northmost), inclusive.</summary>
    public int MinY { get; }

    /// <summary>Last column (eastmost), inclusive.</summary>
    public int MaxX { get; }

    /// <summary>Last row (southmost), inclusive.</summary>
    public int MaxY { get; }

    /// <summary>Number of tiles in the range (up to 2^48 at zoom 24, hence a long).</summary>
    public long Count => (long)(MaxX - MinX + 1) * (MaxY - MinY + 1);

    /// <summary>True when <paramref name="tile"/> is one of the tiles of this range (same zoom, inside the block).</summary>
    /// <param name="tile">Any tile.</param>
    public bool Contains(TileCoord tile) =>
        tile.Z == Z && tile.X >= MinX && tile.X <= MaxX && tile.Y >= MinY && tile.Y <= MaxY;

    /// <summary>The tiles of the range, row by row from the north-west corner (lazy: a range can be huge).</summary>
    public IEnumerable<TileCoord> Tiles()
    {
        for (var y = MinY; y <= MaxY; y++)
        {
            for (var x = MinX; x <= MaxX; x++)
            {
                yield return new TileCoord(Z, x, y);
            }
        }
    }

    /// <summary>The range as "z/minX-maxX/minY-maxY".</summary>
    public override string ToString() => $"{Z}/{MinX}-{MaxX}/{MinY}-{MaxY}";
}
