using NetTopologySuite.Geometries;
using Wems.Gis.Cases;

namespace Wems.Gis.Analysis.Hotspots;

/// <summary>Options for <see cref="HexAggregation.Aggregate"/>.</summary>
public sealed record HexAggregationOptions
{
    /// <summary>Area of each hexagon, km²; null (the default) for <see cref="HexAggregation.DefaultCellAreaKm2"/> of the data.</summary>
    public double? CellAreaKm2 { get; init; }

    /// <summary>
    /// False (the default): only cells with at least one point. True: every cell covering the projected bounding
    /// box of the points, empty ones with count 0 (what Gi* needs to see cold areas as low rather than absent).
    /// </summary>
    public bool IncludeEmptyCells { get; init; }

    /// <summary>Each hexagon edge is split into this many straight pieces before unprojecting (default 4), so the WGS84 polygon follows the projected edge.</summary>
    public int SegmentsPerEdge { get; init; } = 4;

    /// <summary>The equal-area plane to tessellate; null (the default) for one centred on the points' extent.</summary>
    public EqualAreaProjection? Projection { get; init; }
}

/// <summary>One hexagon of an aggregation.</summary>
/// <param name="Cell">Axial coordinates of the hexagon in <see cref="HexAggregationResult.Grid"/>.</param>
/// <param name="Count">Number of points in the hexagon.</param>
/// <param name="WeightSum">Sum of the points' weights (equal to <paramref name="Count"/> when no weights were given).</param>
/// <param name="CenterXMeters">Projected x of the hexagon's centre (its centroid), metres.</param>
/// <param name="CenterYMeters">Projected y of the hexagon's centre, metres.</param>
/// <param name="Polygon">The hexagon in WGS84 (SRID 4326, x = longitude), counter-clockwise, edges densified.</param>
public sealed record HexBin(HexCell Cell, int Count, double WeightSum, double CenterXMeters, double CenterYMeters, Polygon Polygon);

/// <summary>The result of <see cref="HexAggregation.Aggregate"/>.</summary>
/// <param name="Projection">The equal-area plane the hexagons tessellate.</param>
/// <param name="Grid">The hexagon grid (cell area, edge length) in that plane.</param>
/// <param name="Bins">The hexagons, ordered by Q then R.</param>
public sealed record HexAggregationResult(EqualAreaProjection Projection, HexGrid Grid, IReadOnlyList<HexBin> Bins);

/// <summary>
/// Aggregates points (cases) into equal-area hexagons: counts and weight sums (quantity, value) per cell, ready
/// for Gi* on the cell centres (<see cref="GetisOrd"/>) and for drawing as WGS84 polygons.
/// </summary>
public static class HexAggregation
{
    /// <summary>Average number of points per cell over the extent that <see cref="DefaultCellAreaKm2"/> aims for.</summary>
    public const int PointsPerCell = 30;

    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    /// <summary>
    /// Projects the points onto an equal-area plane (<see cref="HexAggregationOptions.Projection"/>, or a Lambert
    /// azimuthal equal-area projection centred on the points' longitude/latitude extent), tessellates it with
    /// <see cref="HexGrid"/> hexagons and sums the points per hexagon.
    /// </summary>
    /// <param name="points">WGS84 points, x = longitude, y = latitude, degrees. The extent is the plain min/max of
    /// longitudes, so for data straddling the antimeridian pass a <see cref="HexAggregationOptions.Projection"/>.</param>
    /// <param name="weights">One weight per point (e.g. kilograms or value), or empty for weight 1 each.</param>
    /// <param name="options">Cell size, empty cells, densification and projection; defaults when null.</param>
    /// <exception cref="ArgumentException">A point is not finite or its latitude is outside [-90, 90]; the weights are
    /// neither empty nor one per point, or not finite; or no cell size is given and none can be derived (see
    /// <see cref="DefaultCellAreaKm2"/>).</exception>
    public static HexAggregationResult Aggregate(ReadOnlySpan<GeoPoint> points, ReadOnlySpan<double> weights = default,
        HexAggregationOptions? options = null)
    {
        options ??= new HexAggregationOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.SegmentsPerEdge, 1, nameof(options));
        Check(points, weights);
        var projection = options.Projection ?? ProjectionFor(points);
        var xs = new double[points.Length];
        var ys = new double[points.Length];
        for (var i = 0; i < points.Length; i++)
        {
            (xs[i], ys[i]) = projection.Forward(points[i].X, points[i].Y);
        }

        var grid = new HexGrid(options.CellAreaKm2 ?? DefaultCellAreaKm2(xs, ys));
        var sums = new Dictionary<HexCell, (int Count, double Weight)>();
        for (var i = 0; i < xs.Length; i++)
        {
            var cell = grid.CellAt(xs[i], ys[i]);
            var (count, weight) = sums.GetValueOrDefault(cell);
            sums[cell] = (count + 1, weight + (weights.IsEmpty ? 1 : weights[i]));
        }

        if (options.IncludeEmptyCells && xs.Length > 0)
        {
            foreach (var cell in grid.CellsCovering(Min(xs), Min(ys), Max(xs), Max(ys)))
            {
                sums.TryAdd(cell, (0, 0));
            }
        }

        var bins = sums.OrderBy(e => e.Key.Q).ThenBy(e => e.Key.R)
            .Select(e =>
            {
                var (cx, cy) = grid.CenterOf(e.Key);
                return new HexBin(e.Key, e.Value.Count, e.Value.Weight, cx, cy, PolygonOf(grid, e.Key, projection, options.SegmentsPerEdge));
            })
            .ToList();
        return new HexAggregationResult(projection, grid, bins);
    }

    /// <summary>
    /// A default hexagon area (km²) for projected points (metres). ArcGIS Optimized Hot Spot Analysis derives its
    /// cell size from the data but its exact rule is not published in a form we could check, so WEMS uses this
    /// rule: the hexagon height h (flat to flat, = distance between neighbouring centres, ArcGIS's "cell size") is
    /// the larger of (a) the mean nearest-neighbour distance of the points and (b) the height of hexagons that would
    /// hold <see cref="PointsPerCell"/> points each on average over the points' bounding box,
    /// i.e. area = box area × 30 / n; the result is √3/2 · h².
    /// </summary>
    /// <remarks>
    /// (b) usually decides: it is about √30 times the nearest-neighbour spacing of evenly spread points, and (a) only
    /// takes over for points strung along a line (box area near 0). Fewer than 30 points give one cell larger than the
    /// box; like ArcGIS (which asks for at least 60 incidents) the rule is meant for larger sets.
    /// </remarks>
    /// <exception cref="ArgumentException">Fewer than two distinct locations, so neither (a) nor (b) is positive.</exception>
    public static double DefaultCellAreaKm2(ReadOnlySpan<double> xMeters, ReadOnlySpan<double> yMeters)
    {
        SpatialWeights.CheckCoordinates(xMeters, yMeters);
        var n = xMeters.Length;
        var meanNearest = 0.0;
        if (n >= 2)
        {
            var index = new PointIndex(xMeters, yMeters);
            Span<int> nearest = stackalloc int[1];
            Span<double> distance = stackalloc double[1];
            for (var i = 0; i < n; i++)
            {
                index.Nearest(i, 1, nearest, distance);
                meanNearest += distance[0] / n;
            }
        }

        var boxArea = n == 0 ? 0 : (Max(xMeters) - Min(xMeters)) * (Max(yMeters) - Min(yMeters));
        var extentHeight = n == 0 ? 0 : Math.Sqrt(2 * (boxArea * PointsPerCell / n) / Math.Sqrt(3));
        var height = Math.Max(meanNearest, extentHeight);
        if (!(height > 0))
        {
            throw new ArgumentException("A cell size cannot be derived from fewer than two distinct locations; give one.", nameof(xMeters));
        }

        return HexGrid.AreaKm2FromHeight(height);
    }

    private static void Check(ReadOnlySpan<GeoPoint> points, ReadOnlySpan<double> weights)
    {
        if (!weights.IsEmpty && weights.Length != points.Length)
        {
            throw new ArgumentException($"There are {weights.Length} weights for {points.Length} points.", nameof(weights));
        }

        for (var i = 0; i < points.Length; i++)
        {
            var p = points[i];
            if (!double.IsFinite(p.X) || !double.IsFinite(p.Y) || p.Y is < -90 or > 90)
            {
                throw new ArgumentException($"Point {i} ({p.X}, {p.Y}) is not a WGS84 longitude/latitude.", nameof(points));
            }

            if (!weights.IsEmpty && !double.IsFinite(weights[i]))
            {
                throw new ArgumentException($"The weight of point {i} is not finite.", nameof(weights));
            }
        }
    }

    private static EqualAreaProjection ProjectionFor(ReadOnlySpan<GeoPoint> points)
    {
        if (points.IsEmpty)
        {
            return new EqualAreaProjection(0, 0);
        }

        double minX = double.MaxValue, minY = double.MaxValue, maxX = double.MinValue, maxY = double.MinValue;
        foreach (var p in points)
        {
            minX = Math.Min(minX, p.X);
            minY = Math.Min(minY, p.Y);
            maxX = Math.Max(maxX, p.X);
            maxY = Math.Max(maxY, p.Y);
        }

        return EqualAreaProjection.ForExtent(minX, minY, maxX, maxY);
    }

    private static Polygon PolygonOf(HexGrid grid, HexCell cell, EqualAreaProjection projection, int segmentsPerEdge)
    {
        var corners = grid.CornersOf(cell);
        var ring = new Coordinate[6 * segmentsPerEdge + 1];
        for (var k = 0; k < 6; k++)
        {
            var (x0, y0) = corners[k];
            var (x1, y1) = corners[(k + 1) % 6];
            for (var t = 0; t < segmentsPerEdge; t++)
            {
                var f = (double)t / segmentsPerEdge;
                var (x, y) = projection.Inverse(x0 + f * (x1 - x0), y0 + f * (y1 - y0));
                ring[k * segmentsPerEdge + t] = new Coordinate(x, y);
            }
        }

        ring[^1] = ring[0].Copy();
        return Factory.CreatePolygon(ring);
    }

    private static double Min(ReadOnlySpan<double> values)
    {
        var min = double.PositiveInfinity;
        foreach (var v in values)
        {
            min = Math.Min(min, v);
        }

        return min;
    }

    private static double Max(ReadOnlySpan<double> values)
    {
        var max = double.NegativeInfinity;
        foreach (var v in values)
        {
            max = Math.Max(max, v);
        }

        return max;
    }
}
