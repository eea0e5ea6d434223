using NetTopologySuite.Geometries;

namespace Wems.Gis.Analysis.Hotspots;

/// <summary>
/// The distinct locations of projected points (metres), in first-seen order, how many points stand at each, and
/// their convex hull (no SRID: a plane in metres). What <see cref="HexAggregation"/> derives the default cell size
/// and the study area from.
/// </summary>
internal sealed class Locations
{
    private static readonly GeometryFactory PlaneFactory = new();

    private Locations(double[] x, double[] y, int[] copies)
    {
        X = x;
        Y = y;
        Copies = copies;
        Hull = HullOf(x, y);
    }

    /// <summary>Projected x of each distinct location, metres.</summary>
    public double[] X { get; }

    /// <summary>Projected y of each distinct location, metres.</summary>
    public double[] Y { get; }

    /// <summary>Number of points at each location.</summary>
    public int[] Copies { get; }

    /// <summary>The convex hull of the locations (a point or a line when they are fewer than three or collinear).</summary>
    public Geometry Hull { get; }

    /// <summary>The distinct locations of the points and their hull.</summary>
    public static Locations Of(ReadOnlySpan<double> xMeters, ReadOnlySpan<double> yMeters)
    {
        var slots = new Dictionary<(double, double), int>();
        var xs = new List<double>();
        var ys = new List<double>();
        var copies = new List<int>();
        for (var i = 0; i < xMeters.Length; i++)
        {
            ref var slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(slots, (xMeters[i], yMeters[i]), out var exists);
            if (!exists)
            {
                slot = xs.Count;
                xs.Add(xMeters[i]);
                ys.Add(yMeters[i]);
                copies.Add(0);
            }

            copies[slot]++;
        }

        return new Locations([.. xs], [.. ys], [.. copies]);
    }

    /// <summary>NTS's <c>ConvexHull</c> drops the points inside its octagon only when it has more than this many.</summary>
    private const int ReduceAbove = 50;

    private static Geometry HullOf(double[] xs, double[] ys)
    {
        var keep = WellInsideOctagon(xs, ys);
        var coordinates = new List<Coordinate>(xs.Length);
        for (var i = 0; i < xs.Length; i++)
        {
            if (keep.IsEmpty || keep[i])
            {
                coordinates.Add(new Coordinate(xs[i], ys[i]));
            }
        }

        return new NetTopologySuite.Algorithm.ConvexHull(coordinates.ToArray(), PlaneFactory).GetConvexHull();
    }

    /// <summary>
    /// Which locations NTS's <c>ConvexHull</c> needs to see: all but those well inside the octagon of the locations
    /// extreme in x, y, x + y and x − y; empty for all of them.
    /// </summary>
    /// <remarks>
    /// NTS's hull drops every point inside that octagon itself (its "reduce" step, taken above
    /// <see cref="ReduceAbove"/> points) and sorts the rest, but first puts all the points into a hash set, which took
    /// most of a second for a million locations. The octagon is found as NTS finds it (the first location extreme in
    /// each direction, in location order), and a location is dropped here only when it lies inside every edge by a
    /// margin far above rounding, where NTS's robust test drops it too; the first locations are always kept so that
    /// NTS still reduces. NTS so reduces to the same points and returns the same hull, to the bit.
    /// </remarks>
    private static ReadOnlySpan<bool> WellInsideOctagon(double[] xs, double[] ys)
    {
        if (xs.Length <= ReduceAbove + 1)
        {
            return [];
        }

        var octagon = new int[8];
        for (var i = 1; i < xs.Length; i++)
        {
            // The same comparisons, in the same order, as NTS's ConvexHull.ComputeOctPts.
            if (xs[i] < xs[octagon[0]]) octagon[0] = i;
            if (xs[i] - ys[i] < xs[octagon[1]] - ys[octagon[1]]) octagon[1] = i;
            if (ys[i] > ys[octagon[2]]) octagon[2] = i;
            if (xs[i] + ys[i] > xs[octagon[3]] + ys[octagon[3]]) octagon[3] = i;
            if (xs[i] > xs[octagon[4]]) octagon[4] = i;
            if (xs[i] - ys[i] > xs[octagon[5]] - ys[octagon[5]]) octagon[5] = i;
            if (ys[i] < ys[octagon[6]]) octagon[6] = i;
            if (xs[i] + ys[i] < xs[octagon[7]] + ys[octagon[7]]) octagon[7] = i;
        }

        if (octagon.Distinct().Count() < 3)
        {
            return [];
        }

        // The octagon runs clockwise (left, upper left, top, ..., lower left): inside is right of every edge. The
        // margin, relative to the extent squared, is ~10^7 times the rounding error of the cross products.
        var extent = Math.Max(xs[octagon[4]] - xs[octagon[0]], ys[octagon[2]] - ys[octagon[6]]);
        var margin = 1e-9 * extent * extent;
        var keep = new bool[xs.Length];
        for (var i = 0; i < xs.Length; i++)
        {
            var inside = i > ReduceAbove;
            for (var e = 0; e < 8 && inside; e++)
            {
                int a = octagon[e], b = octagon[(e + 1) % 8];
                var cross = (xs[b] - xs[a]) * (ys[i] - ys[a]) - (ys[b] - ys[a]) * (xs[i] - xs[a]);
                inside = a == b || cross < -margin;
            }

            keep[i] = !inside;
        }

        return keep;
    }
}
