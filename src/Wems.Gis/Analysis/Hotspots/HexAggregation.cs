using NetTopologySuite.Geometries;
using Wems.Gis.Cases;

namespace Wems.Gis.Analysis.Hotspots;

/// <summary>Options for <see cref="HexAggregation.Aggregate"/>.</summary>
public sealed record HexAggregationOptions
{
    /// <summary>Area of each hexagon, km²; null (the default) for <see cref="HexAggregation.DefaultCellAreaKm2"/> of the data.</summary>
    public double? CellAreaKm2 { get; init; }

    /// <summary>
    /// False (the default): only cells with at least one point. True: also the empty cells (count 0) whose centre lies
    /// within the study area, the points' convex hull widened by one cell height (what Gi* needs to see cold areas as
    /// low rather than absent, without reporting cells far outside the data).
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
    /// <summary>Average number of points per cell over the study area (the points' convex hull) that <see cref="DefaultCellAreaKm2"/> aims for.</summary>
    public const int PointsPerCell = 1;

    /// <summary>Most cells <see cref="DefaultCellAreaKm2"/> lays over the study area.</summary>
    public const int MaxDefaultCells = 20_000;

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
            xs[i] = points[i].X;
            ys[i] = points[i].Y;
        }

        InChunks(xs.Length, projection, (lo, hi, p) => p.ForwardInPlace(xs.AsSpan(lo, hi - lo), ys.AsSpan(lo, hi - lo)));
        if (options.CellAreaKm2 is null)
        {
            SpatialWeights.CheckCoordinates(xs, ys);
        }

        // The distinct locations and their hull serve both the default cell size and the study area: computed once.
        var locations = options.CellAreaKm2 is null || (options.IncludeEmptyCells && xs.Length > 0) ? Locations.Of(xs, ys) : null;
        var grid = new HexGrid(options.CellAreaKm2 ?? CellAreaKm2For(xs.Length, locations!, nameof(points)));
        var (cells, counts, sums) = Count(grid, xs, ys, weights);
        if (options.IncludeEmptyCells && xs.Length > 0)
        {
            // The study area: the points' convex hull, widened by one cell height so the cells along its edge count.
            // Cells beyond it (open sea, far neighbours within the bounding box) are not reported.
            var area = NetTopologySuite.Geometries.Prepared.PreparedGeometryFactory.Prepare(locations!.Hull.Buffer(grid.HeightMeters));
            var known = new HashSet<HexCell>(cells);
            foreach (var cell in grid.CellsCovering(Min(xs), Min(ys), Max(xs), Max(ys)))
            {
                var (cx, cy) = grid.CenterOf(cell);
                if (!known.Contains(cell) && area.Contains(PlaneFactory.CreatePoint(new Coordinate(cx, cy))))
                {
                    cells.Add(cell);
                    counts.Add(0);
                    sums.Add(0);
                }
            }
        }

        var order = Enumerable.Range(0, cells.Count).ToArray();
        Array.Sort(order, (a, b) => cells[a].Q != cells[b].Q ? cells[a].Q.CompareTo(cells[b].Q) : cells[a].R.CompareTo(cells[b].R));
        var bins = new HexBin[order.Length];
        InChunks(bins.Length, projection, (lo, hi, p) =>
        {
            for (var i = lo; i < hi; i++)
            {
                var k = order[i];
                var (cx, cy) = grid.CenterOf(cells[k]);
                bins[i] = new HexBin(cells[k], counts[k], sums[k], cx, cy, PolygonOf(grid, cells[k], p, options.SegmentsPerEdge));
            }
        }, minimum: 2_000);
        return new HexAggregationResult(projection, grid, bins);
    }

    // Cell of every point (in parallel: pure arithmetic), then the sums per cell in point order, so that weight sums
    // are the same to the last bit however many cores ran.
    private static (List<HexCell> Cells, List<int> Counts, List<double> Sums) Count(HexGrid grid, double[] xs, double[] ys,
        ReadOnlySpan<double> weights)
    {
        var keys = new HexCell[xs.Length];
        Parallel.For(0, Chunks(xs.Length, 50_000), c =>
        {
            var (lo, hi) = Chunk(xs.Length, Chunks(xs.Length, 50_000), c);
            for (var i = lo; i < hi; i++)
            {
                keys[i] = grid.CellAt(xs[i], ys[i]);
            }
        });

        var slots = new Dictionary<HexCell, int>();
        var cells = new List<HexCell>();
        var counts = new List<int>();
        var sums = new List<double>();
        for (var i = 0; i < keys.Length; i++)
        {
            ref var slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(slots, keys[i], out var exists);
            if (!exists)
            {
                slot = cells.Count;
                cells.Add(keys[i]);
                counts.Add(0);
                sums.Add(0);
            }

            counts[slot]++;
            sums[slot] += weights.IsEmpty ? 1 : weights[i];
        }

        return (cells, counts, sums);
    }

    /// <summary>
    /// Runs <paramref name="body"/> over [0, n) in one chunk per core (below <paramref name="minimum"/> items, one chunk
    /// on the caller's thread), each chunk with its own copy of the projection: ProjNet transforms are not shared
    /// between threads.
    /// </summary>
    private static void InChunks(int n, EqualAreaProjection projection, Action<int, int, EqualAreaProjection> body, int minimum = 20_000)
    {
        var chunks = Chunks(n, minimum);
        if (chunks == 1)
        {
            body(0, n, projection);
            return;
        }

        Parallel.For(0, chunks, c =>
        {
            var (lo, hi) = Chunk(n, chunks, c);
            body(lo, hi, projection.Clone());
        });
    }

    private static int Chunks(int n, int minimum) => n < minimum ? 1 : Math.Max(1, Environment.ProcessorCount);

    private static (int Lo, int Hi) Chunk(int n, int chunks, int c) => ((int)((long)n * c / chunks), (int)((long)n * (c + 1) / chunks));

    /// <summary>
    /// A default hexagon area (km²) for projected points (metres), in the spirit of ArcGIS Optimized Hot Spot Analysis
    /// (whose exact rule is not published in a form we could check): the largest of (a) hexagons as high as the mean
    /// nearest-neighbour distance of the points, (b) hexagons holding <see cref="PointsPerCell"/> point each on average
    /// over the points' convex hull (the study area), i.e. hull area × <see cref="PointsPerCell"/> / n, and (c) hull
    /// area / <see cref="MaxDefaultCells"/>, so that a very large data set does not make a grid too large for Gi*.
    /// </summary>
    /// <remarks>
    /// Seizures cluster at a few places (ports, airports, border posts) within a country whose extent is mostly empty:
    /// a rule on the bounding box and tens of points per cell (the first cut) gave one country a few dozen cells, in
    /// which a border post's cluster drowned. One point per cell over the hull gives a country with a thousand cases
    /// a grid of about a thousand cells (Kenya: a few hundred km² each). (a) decides for points strung along a line
    /// (hull area near 0).
    /// </remarks>
    /// <exception cref="ArgumentException">Fewer than two distinct locations, so neither (a) nor (b) is positive.</exception>
    public static double DefaultCellAreaKm2(ReadOnlySpan<double> xMeters, ReadOnlySpan<double> yMeters)
    {
        SpatialWeights.CheckCoordinates(xMeters, yMeters);
        return CellAreaKm2For(xMeters.Length, Locations.Of(xMeters, yMeters), nameof(xMeters));
    }

    /// <summary><see cref="DefaultCellAreaKm2(ReadOnlySpan{double}, ReadOnlySpan{double})"/> of <paramref name="n"/> points at <paramref name="locations"/>.</summary>
    /// <param name="n">Number of points.</param>
    /// <param name="locations">Their distinct locations and hull.</param>
    /// <param name="paramName">The caller's parameter named in the exception.</param>
    /// <param name="searchAlways">True to run the nearest-neighbour search even when its upper bound shows rule (a)
    /// cannot decide (for tests: the result is the same either way).</param>
    /// <exception cref="ArgumentException">Fewer than two distinct locations.</exception>
    internal static double CellAreaKm2For(int n, Locations locations, string paramName, bool searchAlways = false)
    {
        // The bound first: the hull is being computed on another core meanwhile (Locations).
        var upperBound = searchAlways ? 0 : MeanNearestUpperBound(n, locations);
        var hullKm2 = n == 0 ? 0 : locations.Hull.Area / 1e6;
        var byArea = Math.Max(n == 0 ? 0 : hullKm2 * PointsPerCell / n, hullKm2 / MaxDefaultCells);
        // Rule (a) needs every location's nearest neighbour (a million searches for a million cases). The distance to
        // a nearby location along a Z-order curve is at least the nearest-neighbour distance, term by term, so its
        // mean, summed in the same order, bounds the exact mean from above (rounding is monotone): when rule (a)
        // on the bound does not exceed (b) and (c), the exact rule (a) does not either and the search can be skipped.
        var needsSearch = searchAlways || HexGrid.AreaKm2FromHeight(upperBound) > byArea;
        var meanNearest = needsSearch ? MeanNearest(n, locations) : 0;
        var area = Math.Max(HexGrid.AreaKm2FromHeight(meanNearest), byArea);
        return area > 0 ? area : throw new ArgumentException(NoCellSize, paramName);
    }

    private const string NoCellSize = "A cell size cannot be derived from fewer than two distinct locations; give one.";

    /// <summary>Mean over the <paramref name="n"/> points of the distance to the nearest other location (0 for points sharing one).</summary>
    internal static double MeanNearest(int n, Locations locations)
    {
        var (xs, ys, copies) = (locations.X, locations.Y, locations.Copies);
        var meanNearest = 0.0;
        if (xs.Length < 2)
        {
            return meanNearest;
        }

        // Points sharing a location (cases at one port, one post) have a nearest neighbour at 0 m; only the
        // locations holding one point need a search, among the distinct locations: a search among many equal
        // points cannot stop early (ties are ordered by index) and made a million cases take minutes. The
        // searches run in parallel and the mean is summed in location order, whatever the number of cores.
        var index = new PointIndex(xs, ys);
        var distances = new double[xs.Length];
        var chunks = Chunks(xs.Length, 20_000);
        Parallel.For(0, chunks, c =>
        {
            var (lo, hi) = Chunk(xs.Length, chunks, c);
            Span<int> nearest = stackalloc int[1];
            Span<double> distance = stackalloc double[1];
            for (var i = lo; i < hi; i++)
            {
                if (copies[i] == 1)
                {
                    index.Nearest(i, 1, nearest, distance);
                    distances[i] = distance[0];
                }
            }
        });
        foreach (var d in distances)
        {
            meanNearest += d / n;
        }

        return meanNearest;
    }

    /// <summary>Locations this many places apart along the Z-order curve are compared by <see cref="MeanNearestUpperBound"/>.</summary>
    private const int CurveWindow = 3;

    /// <summary>
    /// An upper bound of <see cref="MeanNearest"/>, in O(n log n) without a search: each location's distance to the
    /// nearest of the <see cref="CurveWindow"/> locations on either side of it along a Z-order (Morton) curve, which
    /// is never less than its distance to its nearest neighbour, summed exactly as <see cref="MeanNearest"/> sums.
    /// </summary>
    internal static double MeanNearestUpperBound(int n, Locations locations)
    {
        var (xs, ys, copies) = (locations.X, locations.Y, locations.Copies);
        if (xs.Length < 2)
        {
            return 0;
        }

        var order = MortonOrder(xs, ys);
        var bounds = new double[xs.Length];
        for (var k = 0; k < order.Length; k++)
        {
            var i = order[k];
            var nearest = double.PositiveInfinity;
            for (var j = Math.Max(0, k - CurveWindow); j <= Math.Min(order.Length - 1, k + CurveWindow); j++)
            {
                if (j != k)
                {
                    // The same expression as PointIndex.Distance, so each bound and the distance it bounds compare bit for bit.
                    double dx = xs[i] - xs[order[j]], dy = ys[i] - ys[order[j]];
                    nearest = Math.Min(nearest, Math.Sqrt(dx * dx + dy * dy));
                }
            }

            bounds[i] = copies[i] == 1 ? nearest : 0;
        }

        var mean = 0.0;
        foreach (var d in bounds)
        {
            mean += d / n;
        }

        return mean;
    }

    /// <summary>The indices of the points sorted by their Z-order (Morton) code on a 2^21 × 2^21 grid over their extent.</summary>
    private static int[] MortonOrder(double[] xs, double[] ys)
    {
        double minX = Min(xs), minY = Min(ys);
        var span = Math.Max(Max(xs) - minX, Max(ys) - minY);
        var scale = span > 0 ? ((1 << 21) - 1) / span : 0;
        var codes = new ulong[xs.Length];
        var order = new int[xs.Length];
        for (var i = 0; i < xs.Length; i++)
        {
            codes[i] = Spread((uint)((xs[i] - minX) * scale)) | (Spread((uint)((ys[i] - minY) * scale)) << 1);
            order[i] = i;
        }

        Array.Sort(codes, order);
        return order;
    }

    /// <summary>The low 21 bits of <paramref name="v"/> moved to the even bit positions of a 64-bit word.</summary>
    private static ulong Spread(uint v)
    {
        ulong x = v & 0x1F_FFFF;
        x = (x | (x << 32)) & 0x001F_0000_0000_FFFF;
        x = (x | (x << 16)) & 0x001F_0000_FF00_00FF;
        x = (x | (x << 8)) & 0x100F_00F0_0F00_F00F;
        x = (x | (x << 4)) & 0x10C3_0C30_C30C_30C3;
        x = (x | (x << 2)) & 0x1249_2492_4924_9249;
        return x;
    }

    private static readonly GeometryFactory PlaneFactory = new();

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
        var count = 6 * segmentsPerEdge;
        Span<double> xs = count <= 128 ? stackalloc double[count] : new double[count];
        Span<double> ys = count <= 128 ? stackalloc double[count] : new double[count];
        for (var k = 0; k < 6; k++)
        {
            var (x0, y0) = corners[k];
            var (x1, y1) = corners[(k + 1) % 6];
            for (var t = 0; t < segmentsPerEdge; t++)
            {
                var f = (double)t / segmentsPerEdge;
                xs[k * segmentsPerEdge + t] = x0 + f * (x1 - x0);
                ys[k * segmentsPerEdge + t] = y0 + f * (y1 - y0);
            }
        }

        projection.InverseInPlace(xs, ys);
        var ring = new Coordinate[count + 1];
        for (var i = 0; i < count; i++)
        {
            ring[i] = new Coordinate(xs[i], ys[i]);
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
