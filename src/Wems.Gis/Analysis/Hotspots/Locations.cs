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

    private readonly Task<Geometry> hull;

    private Locations(double[] x, double[] y, int[] copies)
    {
        X = x;
        Y = y;
        Copies = copies;
        // Started on another core: the default cell size first computes its Z-order bound, which needs no hull.
        hull = Task.Run(() => HullOf(x, y));
    }

    /// <summary>Projected x of each distinct location, metres.</summary>
    public double[] X { get; }

    /// <summary>Projected y of each distinct location, metres.</summary>
    public double[] Y { get; }

    /// <summary>Number of points at each location.</summary>
    public int[] Copies { get; }

    /// <summary>The convex hull of the locations (a point or a line when they are fewer than three or collinear).</summary>
    public Geometry Hull => hull.GetAwaiter().GetResult();

    /// <summary>The distinct locations of the points and their hull.</summary>
    public static Locations Of(ReadOnlySpan<double> xMeters, ReadOnlySpan<double> yMeters)
    {
        var slots = new Dictionary<(double, double), int>(xMeters.Length);
        var xs = new List<double>(xMeters.Length);
        var ys = new List<double>(xMeters.Length);
        var copies = new List<int>(xMeters.Length);
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

    /// <summary>Directions in which <see cref="WellInside"/> finds the extreme locations.</summary>
    private const int Directions = 32;

    private static Geometry HullOf(double[] xs, double[] ys)
    {
        var keep = WellInside(xs, ys);
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
    /// Which locations NTS's <c>ConvexHull</c> needs to see: all but those well inside the polygon of the locations
    /// extreme in <see cref="Directions"/> directions; empty for all of them.
    /// </summary>
    /// <remarks>
    /// NTS's hull copies every point into a hash set, drops those inside the octagon of its extreme points, and
    /// sorts the rest around the lowest point: most of a second for a million locations, of which a quarter lay
    /// outside the octagon. A point strictly inside the hull changes neither the extreme points NTS finds (it is
    /// extreme in no direction) nor the hull its Graham scan returns (with robust orientation tests, an interior
    /// point never stays on the stack), so dropping such points gives the same hull, to the bit. The polygon of the
    /// extreme locations in sorted directions lies within the hull; a location is dropped only when it lies inside
    /// every edge of it by a margin far above rounding (~10^7 times the rounding error of the cross products).
    /// </remarks>
    private static ReadOnlySpan<bool> WellInside(double[] xs, double[] ys)
    {
        var corners = new List<int>(Directions);
        for (var d = 0; d < Directions; d++)
        {
            double cos = Math.Cos(2 * Math.PI * d / Directions), sin = Math.Sin(2 * Math.PI * d / Directions);
            var best = 0;
            for (var i = 1; i < xs.Length; i++)
            {
                if (xs[i] * cos + ys[i] * sin > xs[best] * cos + ys[best] * sin)
                {
                    best = i;
                }
            }

            if (corners.Count == 0 || (corners[^1] != best && corners[0] != best))
            {
                corners.Add(best);
            }
        }

        if (corners.Count < 3)
        {
            return [];
        }

        // The corners run counter-clockwise with the direction: inside is left of every edge.
        double minX = double.MaxValue, maxX = double.MinValue, minY = double.MaxValue, maxY = double.MinValue;
        foreach (var c in corners)
        {
            (minX, maxX, minY, maxY) = (Math.Min(minX, xs[c]), Math.Max(maxX, xs[c]), Math.Min(minY, ys[c]), Math.Max(maxY, ys[c]));
        }

        var extent = Math.Max(maxX - minX, maxY - minY);
        var margin = 1e-9 * extent * extent;
        var keep = new bool[xs.Length];
        for (var i = 0; i < xs.Length; i++)
        {
            var inside = true;
            for (var e = 0; e < corners.Count && inside; e++)
            {
                int a = corners[e], b = corners[(e + 1) % corners.Count];
                inside = (xs[b] - xs[a]) * (ys[i] - ys[a]) - (ys[b] - ys[a]) * (xs[i] - xs[a]) > margin;
            }

            keep[i] = !inside;
        }

        return keep;
    }
}
