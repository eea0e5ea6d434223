namespace Wems.Gis.Tiles;

/// <summary>
/// The quadtree (Morton) code of a case's Web-Mercator position, stored as <c>seizure_case.tile_code</c> (migration
/// 0019, computed by the database function <c>case_tile_code</c>), and the code ranges a point tile reads.
/// </summary>
/// <remarks>
/// <para>The code interleaves the bits of the column and the row of the position on the 2^<see cref="Bits"/> ×
/// 2^<see cref="Bits"/> grid of the EPSG:3857 square, column bit above row bit, rows counted from the south. The cell of
/// zoom level <c>l</c> that holds a point is the code's top 2<c>l</c> bits (<c>code &gt;&gt; 2 (31 - l)</c>), and the
/// codes of one cell are one contiguous range. A tile of zoom z is therefore one range, and a merge square of
/// <see cref="CaseTileLayers.MergePixels"/> pixels (a cell of level z + 6) is a code prefix: the tile groups its cases by
/// <c>tile_code &gt;&gt; </c><see cref="SquareShift"/>.</para>
/// <para>The squares of the tile's buffer (one square beyond each edge, in the neighbouring tiles) are ranges of their
/// own: at most 4 × 66 − 4 = 260 of them, fewer where consecutive ones touch, each a short index range scan.</para>
/// </remarks>
public static class CaseTileCode
{
    /// <summary>Bits per axis of the code grid: cells of 2πR / 2^31, about 1.9 cm at the equator.</summary>
    public const int Bits = 31;

    // A 256-pixel tile holds 256 / MergePixels = 64 squares a side: 6 levels below the tile's.
    private static readonly int SquareLevels = System.Numerics.BitOperations.Log2(256 / CaseTileLayers.MergePixels);

    /// <summary>The right shift that turns a code into the code of its merge square at zoom <paramref name="z"/>.</summary>
    /// <param name="z">Zoom, 0 to 31 − 6.</param>
    public static int SquareShift(int z) => 2 * (Bits - (z + SquareLevels));

    /// <summary>
    /// The code ranges (inclusive, ascending, disjoint) of the merge squares that tile (<paramref name="z"/>,
    /// <paramref name="x"/>, <paramref name="y"/>) draws: its own and the ring of squares around it (its buffer), without
    /// the squares beyond the edges of the world (no wrap at the antimeridian, as the tile envelope has none).
    /// </summary>
    /// <param name="z">Zoom, 0 to 25.</param>
    /// <param name="x">Column of the tile, 0 at the west.</param>
    /// <param name="y">Row of the tile, 0 at the north (XYZ).</param>
    public static (long[] Low, long[] High) SquareRanges(int z, int x, int y)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(z);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(z, Bits - SquareLevels);
        var squares = 1L << SquareLevels;
        var level = z + SquareLevels;
        var size = 1L << level;
        var row = (1L << z) - 1 - y;
        var tileShift = 2 * (Bits - z);
        var squareShift = SquareShift(z);
        var ranges = new List<(long Low, long High)> { Range(Interleave(x, row), tileShift) };

        long c0 = x * squares - 1, c1 = (x + 1) * squares, r0 = row * squares - 1, r1 = (row + 1) * squares;
        void Add(long c, long r)
        {
            if (c >= 0 && c < size && r >= 0 && r < size)
            {
                ranges.Add(Range(Interleave(c, r), squareShift));
            }
        }

        for (var c = c0; c <= c1; c++)
        {
            Add(c, r0);
            Add(c, r1);
        }

        for (var r = r0 + 1; r < r1; r++)
        {
            Add(c0, r);
            Add(c1, r);
        }

        ranges.Sort();
        var low = new List<long>(ranges.Count);
        var high = new List<long>(ranges.Count);
        foreach (var (lo, hi) in ranges)
        {
            if (high.Count > 0 && lo == high[^1] + 1)
            {
                high[^1] = hi;
            }
            else
            {
                low.Add(lo);
                high.Add(hi);
            }
        }

        return ([.. low], [.. high]);
    }

    /// <summary>
    /// The code of a WGS84 position, as <c>case_tile_code</c> computes it in the database, or null outside the
    /// Mercator square (|latitude| &gt; 85.0511°).
    /// </summary>
    /// <param name="longitude">Degrees east.</param>
    /// <param name="latitude">Degrees north.</param>
    public static long? Encode(double longitude, double latitude)
    {
        if (latitude is < -85.0511287798066 or > 85.0511287798066 || longitude is < -180 or > 180)
        {
            return null;
        }

        const double cells = 2147483648.0;
        var column = Math.Min((long)Math.Floor((longitude + 180) / 360 * cells), (long)cells - 1);
        var row = Math.Min((long)Math.Floor((0.5 + Math.Log(Math.Tan(Math.PI / 4 + latitude * Math.PI / 180 / 2)) / (2 * Math.PI)) * cells),
            (long)cells - 1);
        return Interleave(column, row);
    }

    private static (long Low, long High) Range(long cell, int shift) => (cell << shift, ((cell + 1) << shift) - 1);

    // Column bits to the odd positions, row bits to the even ones.
    private static long Interleave(long column, long row) => (Spread(column) << 1) | Spread(row);

    private static long Spread(long v)
    {
        v = (v | (v << 16)) & 0x0000FFFF0000FFFF;
        v = (v | (v << 8)) & 0x00FF00FF00FF00FF;
        v = (v | (v << 4)) & 0x0F0F0F0F0F0F0F0F;
        v = (v | (v << 2)) & 0x3333333333333333;
        return (v | (v << 1)) & 0x5555555555555555;
    }
}
