using NetTopologySuite.Algorithm;
using NetTopologySuite.Geometries;

namespace Wems.Gis.Analysis.Density;

/// <summary>The part of a density surface at or above one level.</summary>
/// <param name="Level">The density level, in the grid's area unit.</param>
/// <param name="Geometry">Where the interpolated density is ≥ <paramref name="Level"/>: valid polygons with holes, in the grid's CRS; empty when nowhere.</param>
public sealed record DensityContour(double Level, MultiPolygon Geometry);

/// <summary>
/// Filled contours of a <see cref="DensityGrid"/>: for each level, the polygons where the surface is at or
/// above it, by marching squares over the cell centres.
/// </summary>
/// <remarks>
/// <para>
/// Cell centres are the lattice: a centre is inside when its value ≥ the level (NaN is outside), and the
/// boundary crosses each lattice edge between an inside and an outside centre at the linearly interpolated
/// position. A saddle square (inside corners diagonal) is joined
/// through the middle when the mean of its four corners is inside, else split. Outside the grid everything is
/// outside: a boundary leaving the grid runs along the grid's outer edge (turning its corners), so every ring
/// closes.
/// </para>
/// <para>
/// Rings are traced with the inside on their left: counter-clockwise rings are shells, clockwise rings holes,
/// and each hole goes to the smallest shell around it, so islands within holes come out as separate polygons.
/// Crossing points are kept strictly inside their lattice edge (at least 10⁻⁶ of a cell from either end), so
/// rings never touch and the result is valid without repair. Coordinates are the grid's (projected metres);
/// levels are in the grid's area unit.
/// </para>
/// </remarks>
public static class Contours
{
    // Corners of a lattice square: 0 top-left, 1 top-right, 2 bottom-right, 3 bottom-left (north up).
    // Edges: 0 top (0–1), 1 right (1–2), 2 bottom (3–2), 3 left (0–3).
    private static readonly (double X, double Y)[] CornerAt = [(0, 1), (1, 1), (1, 0), (0, 0)];
    private static readonly (double X, double Y)[] EdgeMidpoint = [(0.5, 1), (1, 0.5), (0.5, 0), (0, 0.5)];
    private static readonly (int A, int B)[] EdgeCorners = [(0, 1), (1, 2), (3, 2), (0, 3)];

    // Segments (from edge, to edge) per corner mask (bit 3 − corner set when inside) and saddle resolution.
    private static readonly (int From, int To)[][] Split = BuildTable(joinSaddles: false);
    private static readonly (int From, int To)[][] Joined = BuildTable(joinSaddles: true);

    private const double MinimumEdgeFraction = 1e-6;

    /// <summary>The regions at or above each of <paramref name="levels"/>.</summary>
    /// <param name="grid">The density grid.</param>
    /// <param name="levels">Density levels in the grid's area unit, e.g. from <see cref="QuantileLevels"/>.</param>
    /// <param name="factory">Factory for the polygons (sets SRID and precision); a floating-precision factory without SRID when null.</param>
    /// <returns>One contour per level, in the order given.</returns>
    /// <exception cref="ArgumentException">A level is NaN or infinite.</exception>
    public static IReadOnlyList<DensityContour> AtLevels(
        DensityGrid grid, IReadOnlyList<double> levels, GeometryFactory? factory = null)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(levels);
        factory ??= new GeometryFactory();
        var result = new List<DensityContour>(levels.Count);
        foreach (var level in levels)
        {
            if (!double.IsFinite(level))
            {
                throw new ArgumentException($"Level {level} is not a finite number.", nameof(levels));
            }

            result.Add(new DensityContour(level, Polygons(grid, level, factory)));
        }

        return result;
    }

    /// <summary>
    /// Quantiles of the grid's positive values (cells with no density left out), R's default type 7: for
    /// probability p over the n sorted values, the value at 1-based position 1 + (n − 1) · p, linearly interpolated.
    /// </summary>
    /// <param name="grid">The density grid.</param>
    /// <param name="probabilities">Probabilities in [0, 1], e.g. 0.5, 0.75, 0.9, 0.95.</param>
    /// <returns>One level per probability; empty when no cell is positive.</returns>
    /// <exception cref="ArgumentException">A probability lies outside [0, 1].</exception>
    public static IReadOnlyList<double> QuantileLevels(DensityGrid grid, IReadOnlyList<double> probabilities)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(probabilities);
        var positive = grid.Values.Where(v => v > 0).ToArray();
        if (positive.Length == 0)
        {
            return [];
        }

        Array.Sort(positive);
        var levels = new List<double>(probabilities.Count);
        foreach (var p in probabilities)
        {
            if (!(p is >= 0 and <= 1))
            {
                throw new ArgumentException($"Probability {p} lies outside [0, 1].", nameof(probabilities));
            }

            var h = (positive.Length - 1) * p;
            var lower = (int)Math.Floor(h);
            var upper = Math.Min(lower + 1, positive.Length - 1);
            levels.Add(positive[lower] + (h - lower) * (positive[upper] - positive[lower]));
        }

        return levels;
    }

    private static MultiPolygon Polygons(DensityGrid grid, double level, GeometryFactory factory)
    {
        var lattice = new Lattice(grid, level);
        var next = new Dictionary<long, long>();
        var corners = new Dictionary<long, Coordinate>();
        for (var row = -1; row < grid.Rows; row++)
        {
            for (var column = -1; column < grid.Columns; column++)
            {
                var mask = lattice.Mask(row, column);
                if (mask is 0 or 15)
                {
                    continue;
                }

                var table = (mask is 5 or 10) && lattice.SaddleCenterInside(row, column) ? Joined : Split;
                foreach (var (from, to) in table[mask])
                {
                    var fromKey = Lattice.EdgeKey(row, column, from);
                    next.Add(fromKey, Lattice.EdgeKey(row, column, to));
                    if (lattice.GridCorner(row, column) is { } corner)
                    {
                        // An inside corner cell: the boundary turns the grid's corner rather than cutting it.
                        corners.Add(fromKey, corner);
                    }
                }
            }
        }

        var shells = new List<(LinearRing Ring, double Area)>();
        var holes = new List<LinearRing>();
        foreach (var ring in TraceRings(next, corners, lattice, factory))
        {
            if (Orientation.IsCCW(ring.CoordinateSequence))
            {
                shells.Add((ring, Area.OfRing(ring.CoordinateSequence)));
            }
            else
            {
                holes.Add(ring);
            }
        }

        return factory.CreateMultiPolygon(AssignHoles(shells, holes, factory));
    }

    private static IEnumerable<LinearRing> TraceRings(
        Dictionary<long, long> next, Dictionary<long, Coordinate> corners, Lattice lattice, GeometryFactory factory)
    {
        var visited = new HashSet<long>();
        foreach (var start in next.Keys)
        {
            if (!visited.Add(start))
            {
                continue;
            }

            var coordinates = new List<Coordinate>();
            var key = start;
            do
            {
                visited.Add(key);
                coordinates.Add(lattice.Crossing(key));
                if (corners.TryGetValue(key, out var corner))
                {
                    coordinates.Add(corner);
                }

                key = next[key];
            }
            while (key != start);

            coordinates.Add(coordinates[0].Copy());
            yield return factory.CreateLinearRing(coordinates.ToArray());
        }
    }

    private static Polygon[] AssignHoles(List<(LinearRing Ring, double Area)> shells, List<LinearRing> holes, GeometryFactory factory)
    {
        var holesOf = new List<LinearRing>[shells.Count];
        foreach (var hole in holes)
        {
            var probe = hole.Coordinates[0];
            var envelope = hole.EnvelopeInternal;
            var owner = -1;
            for (var s = 0; s < shells.Count; s++)
            {
                var shell = shells[s];
                if (shell.Ring.EnvelopeInternal.Contains(envelope)
                    && (owner < 0 || shell.Area < shells[owner].Area)
                    && PointLocation.IsInRing(probe, shell.Ring.Coordinates))
                {
                    owner = s;
                }
            }

            // Every hole lies in some shell: the outside of the grid is outside, so an outside region enclosed by
            // a ring is enclosed by an inside region, whose outer boundary is a shell.
            if (owner < 0)
            {
                throw new InvalidOperationException("A contour hole has no enclosing shell.");
            }

            (holesOf[owner] ??= []).Add(hole);
        }

        return shells
            .Select((shell, s) => factory.CreatePolygon(shell.Ring, holesOf[s]?.ToArray() ?? []))
            .ToArray();
    }

    private static (int From, int To)[][] BuildTable(bool joinSaddles)
    {
        var table = new (int From, int To)[16][];
        for (var mask = 0; mask < 16; mask++)
        {
            var inside = new bool[4];
            for (var corner = 0; corner < 4; corner++)
            {
                inside[corner] = (mask & (8 >> corner)) != 0;
            }

            var crossed = Enumerable.Range(0, 4).Where(e => inside[EdgeCorners[e].A] != inside[EdgeCorners[e].B]).ToArray();
            if (crossed.Length == 2)
            {
                table[mask] = [Orient(crossed[0], crossed[1], inside)];
            }
            else if (crossed.Length == 4)
            {
                // A saddle: each segment cuts off one corner. Joined, the outside corners are cut off; split, the inside ones.
                var cutOff = Enumerable.Range(0, 4).Where(c => inside[c] != joinSaddles).ToArray();
                table[mask] = cutOff.Select(c => Orient(AdjacentEdges(c).A, AdjacentEdges(c).B, inside, c)).ToArray();
            }
            else
            {
                table[mask] = [];
            }
        }

        return table;
    }

    private static (int A, int B) AdjacentEdges(int corner) => corner switch
    {
        0 => (0, 3),
        1 => (0, 1),
        2 => (1, 2),
        _ => (2, 3),
    };

    /// <summary>
    /// Orders two edges so that going from the first edge's midpoint to the second's keeps the inside on the left,
    /// judged by all corners (or only <paramref name="onlyCorner"/>) of the unit square, north up.
    /// </summary>
    private static (int From, int To) Orient(int a, int b, bool[] inside, int onlyCorner = -1)
    {
        var (ax, ay) = EdgeMidpoint[a];
        var (bx, by) = EdgeMidpoint[b];
        double score = 0;
        for (var corner = 0; corner < 4; corner++)
        {
            if (onlyCorner >= 0 && corner != onlyCorner)
            {
                continue;
            }

            var (cx, cy) = CornerAt[corner];
            var cross = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
            score += inside[corner] ? cross : -cross;
        }

        return score > 0 ? (a, b) : (b, a);
    }

    /// <summary>The grid's cell centres as a lattice padded by one outside node on every side.</summary>
    private sealed class Lattice(DensityGrid grid, double level)
    {
        public int Mask(int row, int column) =>
            (Inside(row, column) ? 8 : 0) | (Inside(row, column + 1) ? 4 : 0)
            | (Inside(row + 1, column + 1) ? 2 : 0) | (Inside(row + 1, column) ? 1 : 0);

        public bool SaddleCenterInside(int row, int column)
        {
            if (!(IsReal(row, column) && IsReal(row + 1, column + 1)))
            {
                return false;
            }

            var mean = (grid[row, column] + grid[row, column + 1] + grid[row + 1, column + 1] + grid[row + 1, column]) / 4;
            return mean >= level;
        }

        /// <summary>
        /// The grid's outer corner when square (row, column) is one of the four corner squares of the padded
        /// lattice (one real cell, three outside), else null.
        /// </summary>
        public Coordinate? GridCorner(int row, int column)
        {
            if ((row != -1 && row != grid.Rows - 1) || (column != -1 && column != grid.Columns - 1))
            {
                return null;
            }

            var extent = grid.Extent;
            return new Coordinate(column == -1 ? extent.MinX : extent.MaxX, row == -1 ? extent.MaxY : extent.MinY);
        }

        /// <summary>A key for the lattice edge that <paramref name="edge"/> of square (row, column) lies on.</summary>
        public static long EdgeKey(int row, int column, int edge) => edge switch
        {
            0 => Key(row, column, horizontal: true),
            1 => Key(row, column + 1, horizontal: false),
            2 => Key(row + 1, column, horizontal: true),
            _ => Key(row, column, horizontal: false),
        };

        /// <summary>Where the level crosses the lattice edge of <paramref name="key"/>.</summary>
        public Coordinate Crossing(long key)
        {
            var horizontal = (key & 1) == 0;
            var node = key >> 1;
            var row = (int)(node >> 32) - 1;
            var column = (int)(node & 0xFFFFFFFF) - 1;
            var (row2, column2) = horizontal ? (row, column + 1) : (row + 1, column);
            double t;
            double a = IsReal(row, column) ? grid[row, column] : double.NaN;
            double b = IsReal(row2, column2) ? grid[row2, column2] : double.NaN;
            if (double.IsFinite(a) && double.IsFinite(b))
            {
                t = Math.Clamp((level - a) / (b - a), MinimumEdgeFraction, 1 - MinimumEdgeFraction);
            }
            else
            {
                // One end lies outside the grid (or is NaN): the boundary runs halfway, along the grid's edge.
                t = 0.5;
            }

            var x = grid.CellCenterX(column) + (horizontal ? t * grid.CellSizeMeters : 0);
            var y = grid.CellCenterY(row) - (horizontal ? 0 : t * grid.CellSizeMeters);
            return new Coordinate(x, y);
        }

        private static long Key(int row, int column, bool horizontal) =>
            ((((long)(row + 1) << 32) | (uint)(column + 1)) << 1) | (horizontal ? 0L : 1L);

        private bool IsReal(int row, int column) => row >= 0 && column >= 0 && row < grid.Rows && column < grid.Columns;

        private bool Inside(int row, int column) => IsReal(row, column) && grid[row, column] >= level;
    }
}
