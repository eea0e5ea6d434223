namespace Wems.Gis.Analysis.Hotspots;

/// <summary>
/// Axial coordinates of a hexagon in a <see cref="HexGrid"/>: column <paramref name="Q"/> (eastwards) and
/// diagonal row <paramref name="R"/>; the third cube coordinate is −Q − R.
/// </summary>
public readonly record struct HexCell(int Q, int R);

/// <summary>
/// A tessellation of the projected plane (metres, e.g. <see cref="EqualAreaProjection"/>) by regular flat-topped
/// hexagons (two horizontal edges, as ArcGIS's HEXAGON tessellation), one centred on the origin.
/// </summary>
/// <remarks>
/// <para>
/// With edge length s, cell (q, r) is centred at x = 3/2 · s · q, y = √3 · s · (r + q/2); its six neighbours are
/// √3 · s away (the flat-to-flat height, which ArcGIS calls the hexagon cell size) and its area is 3√3/2 · s².
/// On an equal-area projection every cell covers the same ground area, wherever it is.
/// </para>
/// <para>
/// A point belongs to the hexagon whose centre is nearest, found by cube rounding of its fractional axial
/// coordinates (Red Blob Games, "Hexagonal Grids"). A point exactly on a shared edge or corner goes to one of the
/// cells it touches, always the same one.
/// </para>
/// </remarks>
public sealed class HexGrid
{
    /// <summary>Most cells <see cref="CellsCovering"/> will list before it refuses (cell size far too small for the extent).</summary>
    public const int MaxCoveringCells = 5_000_000;

    private static readonly double Sqrt3 = Math.Sqrt(3);

    /// <summary>A grid of hexagons of <paramref name="cellAreaKm2"/> square kilometres each.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The area is not positive and finite.</exception>
    public HexGrid(double cellAreaKm2)
    {
        if (!double.IsFinite(cellAreaKm2) || cellAreaKm2 <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(cellAreaKm2), cellAreaKm2, "The cell area must be positive.");
        }

        CellAreaKm2 = cellAreaKm2;
        EdgeLengthMeters = Math.Sqrt(2 * cellAreaKm2 * 1e6 / (3 * Sqrt3));
    }

    /// <summary>Area of each hexagon, km².</summary>
    public double CellAreaKm2 { get; }

    /// <summary>Edge length of each hexagon, which is also the distance from its centre to a corner, metres.</summary>
    public double EdgeLengthMeters { get; }

    /// <summary>Flat-to-flat height of a hexagon, which is the distance between neighbouring centres, metres.</summary>
    public double HeightMeters => Sqrt3 * EdgeLengthMeters;

    /// <summary>The cell area (km²) of hexagons <paramref name="heightMeters"/> high (flat to flat), i.e. √3/2 · height².</summary>
    public static double AreaKm2FromHeight(double heightMeters) => Sqrt3 / 2 * heightMeters * heightMeters / 1e6;

    /// <summary>The hexagon containing the projected point (metres).</summary>
    public HexCell CellAt(double xMeters, double yMeters)
    {
        var fq = 2.0 / 3 * xMeters / EdgeLengthMeters;
        var fr = (-xMeters / 3 + Sqrt3 / 3 * yMeters) / EdgeLengthMeters;
        var fs = -fq - fr;
        double q = Math.Round(fq), r = Math.Round(fr), s = Math.Round(fs);
        double dq = Math.Abs(q - fq), dr = Math.Abs(r - fr), ds = Math.Abs(s - fs);
        if (dq > dr && dq > ds)
        {
            q = -r - s;
        }
        else if (dr > ds)
        {
            r = -q - s;
        }

        return new HexCell(checked((int)q), checked((int)r));
    }

    /// <summary>Centre of <paramref name="cell"/> in the projected plane, metres.</summary>
    public (double XMeters, double YMeters) CenterOf(HexCell cell) =>
        (1.5 * EdgeLengthMeters * cell.Q, Sqrt3 * EdgeLengthMeters * (cell.R + cell.Q / 2.0));

    /// <summary>The six corners of <paramref name="cell"/>, metres, counter-clockwise starting from the eastern one.</summary>
    public (double XMeters, double YMeters)[] CornersOf(HexCell cell)
    {
        var (cx, cy) = CenterOf(cell);
        var s = EdgeLengthMeters;
        var h = Sqrt3 * s / 2;
        return [(cx + s, cy), (cx + s / 2, cy + h), (cx - s / 2, cy + h), (cx - s, cy), (cx - s / 2, cy - h), (cx + s / 2, cy - h)];
    }

    /// <summary>
    /// Every cell whose closed hexagon intersects the closed rectangle [minX, maxX] × [minY, maxY] (metres),
    /// ordered by Q then R.
    /// </summary>
    /// <exception cref="ArgumentException">The rectangle is reversed or not finite, or needs more than <see cref="MaxCoveringCells"/> cells.</exception>
    public IReadOnlyList<HexCell> CellsCovering(double minX, double minY, double maxX, double maxY)
    {
        if (!(minX <= maxX && minY <= maxY) || !double.IsFinite(maxX - minX) || !double.IsFinite(maxY - minY))
        {
            throw new ArgumentException("The rectangle must be finite with min <= max.", nameof(minX));
        }

        var s = EdgeLengthMeters;
        var h = HeightMeters;
        var qMin = Math.Floor((minX - s) / (1.5 * s));
        var qMax = Math.Ceiling((maxX + s) / (1.5 * s));
        var rows = Math.Ceiling((maxY - minY) / h) + 3;
        if ((qMax - qMin + 1) * rows > MaxCoveringCells)
        {
            throw new ArgumentException($"Covering the rectangle would take more than {MaxCoveringCells} cells; use larger cells.", nameof(minX));
        }

        var cells = new List<HexCell>();
        for (var q = (int)qMin; q <= (int)qMax; q++)
        {
            var rMin = (int)Math.Floor((minY - h / 2) / h - q / 2.0);
            var rMax = (int)Math.Ceiling((maxY + h / 2) / h - q / 2.0);
            for (var r = rMin; r <= rMax; r++)
            {
                var cell = new HexCell(q, r);
                if (Intersects(cell, minX, minY, maxX, maxY))
                {
                    cells.Add(cell);
                }
            }
        }

        return cells;
    }

    // Separating axis test of the hexagon against the rectangle: the axes x and y, and the hexagon's slanted edge
    // normals at 30° and 150°.
    private bool Intersects(HexCell cell, double minX, double minY, double maxX, double maxY)
    {
        var (cx, cy) = CenterOf(cell);
        var s = EdgeLengthMeters;
        var apothem = Sqrt3 * s / 2;
        if (cx + s < minX || maxX < cx - s || cy + apothem < minY || maxY < cy - apothem)
        {
            return false;
        }

        const double Cos30 = 0.86602540378443864676;
        var c30 = cx * Cos30 + cy / 2;
        if (c30 + apothem < minX * Cos30 + minY / 2 || maxX * Cos30 + maxY / 2 < c30 - apothem)
        {
            return false;
        }

        var c150 = -cx * Cos30 + cy / 2;
        return !(c150 + apothem < -maxX * Cos30 + minY / 2 || -minX * Cos30 + maxY / 2 < c150 - apothem);
    }
}
