using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Wems.Tiles;

/// <summary>
/// One tile of the Web Mercator (EPSG:3857) tile pyramid in the XYZ ("slippy map") scheme: zoom <see cref="Z"/>,
/// column <see cref="X"/> counted eastwards from the antimeridian (180°W), row <see cref="Y"/> counted southwards
/// from the top edge at about 85.05°N.
/// </summary>
/// <remarks>
/// <para>At zoom z the pyramid has 2^z × 2^z tiles, so x and y run from 0 to 2^z − 1. Zooms run from 0 to
/// <see cref="MaxZoom"/>, the deepest tile matrix of the OGC WebMercatorQuad tile matrix set.</para>
/// <para>This is the same grid as OGC WebMercatorQuad with tileMatrix = z, tileRow = y, tileCol = x. Beware the
/// order in OGC API – Tiles URLs: <c>{tileMatrix}/{tileRow}/{tileCol}</c> is z/y/x, not z/x/y. The TMS scheme (rows
/// counted northwards) is not used anywhere in WEMS.</para>
/// <para>The constructor throws on an out-of-range value; use <see cref="TryCreate"/> or
/// <see cref="TryCreateFromOgc"/> to validate request parameters into an error message instead.</para>
/// </remarks>
public readonly record struct TileCoord
{
    /// <summary>The deepest zoom level WEMS serves (24), as in the OGC WebMercatorQuad tile matrix set.</summary>
    public const int MaxZoom = 24;

    /// <summary>Creates a tile coordinate.</summary>
    /// <param name="z">Zoom level, 0 to <see cref="MaxZoom"/>.</param>
    /// <param name="x">Column, 0 to 2^z − 1, counted eastwards from 180°W.</param>
    /// <param name="y">Row, 0 to 2^z − 1, counted southwards from about 85.05°N.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its range at that zoom.</exception>
    public TileCoord(int z, int x, int y)
    {
        if (Check(z, x, y, MaxZoom, ZxyNames, out var parameter) is { } error)
        {
            throw new ArgumentOutOfRangeException(parameter, error);
        }

        Z = z;
        X = x;
        Y = y;
    }

    /// <summary>Zoom level, 0 to <see cref="MaxZoom"/>.</summary>
    public int Z { get; }

    /// <summary>Column, 0 to 2^<see cref="Z"/> − 1, counted eastwards from 180°W.</summary>
    public int X { get; }

    /// <summary>Row, 0 to 2^<see cref="Z"/> − 1, counted southwards from about 85.05°N.</summary>
    public int Y { get; }

    /// <summary>The OGC WebMercatorQuad tile matrix identifier of this tile: the zoom as a decimal string.</summary>
    public string TileMatrix => Z.ToString(CultureInfo.InvariantCulture);

    /// <summary>The OGC tile row of this tile, which is <see cref="Y"/>.</summary>
    public int TileRow => Y;

    /// <summary>The OGC tile column of this tile, which is <see cref="X"/>.</summary>
    public int TileCol => X;

    /// <summary>The tile one zoom level up that contains this tile, or null for the root tile 0/0/0.</summary>
    public TileCoord? Parent => Z == 0 ? null : new TileCoord(Z - 1, X >> 1, Y >> 1);

    /// <summary>
    /// Validates request parameters against the zoom range of a layer, with an error text that names the
    /// parameter, e.g. "x must be between 0 and 15 at zoom 4".
    /// </summary>
    /// <param name="z">Requested zoom.</param>
    /// <param name="x">Requested column.</param>
    /// <param name="y">Requested row.</param>
    /// <param name="maxZoom">Deepest zoom the layer serves, 0 to <see cref="MaxZoom"/>.</param>
    /// <param name="coord">The tile when valid, else default.</param>
    /// <param name="error">Null when valid, else a message naming the first invalid parameter (z, then x, then y).</param>
    /// <returns>True when the tile exists at that zoom and the zoom is at most <paramref name="maxZoom"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxZoom"/> is outside 0 to <see cref="MaxZoom"/>.</exception>
    public static bool TryCreate(
        int z, int x, int y, int maxZoom, out TileCoord coord, [NotNullWhen(false)] out string? error)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxZoom);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxZoom, MaxZoom);
        error = Check(z, x, y, maxZoom, ZxyNames, out _);
        coord = error is null ? new TileCoord(z, x, y) : default;
        return error is null;
    }

    /// <summary>
    /// Validates OGC API – Tiles path parameters of the WebMercatorQuad tile matrix set (tileMatrix = z,
    /// tileRow = y, tileCol = x), with an error text in the OGC vocabulary, e.g.
    /// "tileCol must be between 0 and 15 at tileMatrix 4".
    /// </summary>
    /// <param name="tileMatrix">The tile matrix identifier: a zoom level written in decimal digits only.</param>
    /// <param name="tileRow">The row, which is y.</param>
    /// <param name="tileCol">The column, which is x.</param>
    /// <param name="maxZoom">Deepest zoom the layer serves, 0 to <see cref="MaxZoom"/>.</param>
    /// <param name="coord">The tile when valid, else default.</param>
    /// <param name="error">Null when valid, else a message naming the first invalid parameter.</param>
    /// <returns>True when the tile exists.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxZoom"/> is outside 0 to <see cref="MaxZoom"/>.</exception>
    public static bool TryCreateFromOgc(
        string? tileMatrix, int tileRow, int tileCol, int maxZoom, out TileCoord coord,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxZoom);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxZoom, MaxZoom);
        coord = default;
        if (!int.TryParse(tileMatrix, NumberStyles.None, CultureInfo.InvariantCulture, out var z))
        {
            error = $"tileMatrix must be an integer between 0 and {maxZoom}";
            return false;
        }

        error = Check(z, tileCol, tileRow, maxZoom, OgcNames, out _);
        coord = error is null ? new TileCoord(z, tileCol, tileRow) : default;
        return error is null;
    }

    /// <summary>
    /// The four tiles one zoom level down that this tile splits into, in row-major order: (2x, 2y), (2x+1, 2y),
    /// (2x, 2y+1), (2x+1, 2y+1). Empty at <see cref="MaxZoom"/>.
    /// </summary>
    public IReadOnlyList<TileCoord> Children()
    {
        if (Z == MaxZoom)
        {
            return [];
        }

        int x = X * 2, y = Y * 2, z = Z + 1;
        return [new(z, x, y), new(z, x + 1, y), new(z, x, y + 1), new(z, x + 1, y + 1)];
    }

    /// <summary>Deconstructs into (z, x, y).</summary>
    /// <param name="z">Zoom.</param>
    /// <param name="x">Column.</param>
    /// <param name="y">Row.</param>
    public void Deconstruct(out int z, out int x, out int y) => (z, x, y) = (Z, X, Y);

    /// <summary>The tile as "z/x/y", the order of XYZ tile URLs, e.g. "10/616/515".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Z}/{X}/{Y}");

    private static readonly (string Z, string X, string Y, string At) ZxyNames = ("z", "x", "y", "zoom");
    private static readonly (string Z, string X, string Y, string At) OgcNames =
        ("tileMatrix", "tileCol", "tileRow", "tileMatrix");

    private static string? Check(
        int z, int x, int y, int maxZoom, (string Z, string X, string Y, string At) names, out string parameter)
    {
        if (z < 0 || z > maxZoom)
        {
            parameter = names.Z;
            return $"{names.Z} must be between 0 and {maxZoom}";
        }

        var last = (1 << z) - 1;
        if (x < 0 || x > last)
        {
            parameter = names.X;
            return $"{names.X} must be between 0 and {last} at {names.At} {z}";
        }

        if (y < 0 || y > last)
        {
            parameter = names.Y;
            return $"{names.Y} must be between 0 and {last} at {names.At} {z}";
        }

        parameter = string.Empty;
        return null;
    }
}
