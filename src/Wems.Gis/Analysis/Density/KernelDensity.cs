namespace Wems.Gis.Analysis.Density;

/// <summary>Settings for <see cref="KernelDensity"/>. Every length is in metres of the points' projected CRS.</summary>
public sealed record KernelDensityOptions
{
    /// <summary>Search radius (bandwidth), metres; null for ArcGIS's default (<see cref="KernelDensity.EstimateSearchRadius(ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double})"/>).</summary>
    public double? SearchRadiusMeters { get; init; }

    /// <summary>Cell size, metres; null for ArcGIS's default, the shorter side of the output extent divided by 250.</summary>
    public double? CellSizeMeters { get; init; }

    /// <summary>The area unit of the output values. Default per square kilometre, as ArcGIS for metre input.</summary>
    public DensityAreaUnit AreaUnit { get; init; } = DensityAreaUnit.SquareKilometers;

    /// <summary>Refuse grids with more cells than this (a guard against a cell size given in the wrong unit). Default 25 million.</summary>
    public long MaxCells { get; init; } = 25_000_000;
}

/// <summary>
/// The pieces of ArcGIS's default search radius for a set of points.
/// </summary>
/// <param name="RadiusMeters">0.9 · min(SD, √(1/ln 2) · Dm) · n^−0.2, metres.</param>
/// <param name="StandardDistanceMeters">SD, the (weighted) standard distance from the (weighted) mean centre.</param>
/// <param name="MedianDistanceMeters">Dm, the (weighted) median distance to the (weighted) mean centre.</param>
/// <param name="Count">n: the number of points, or the sum of the population when one is given.</param>
public sealed record SearchRadiusEstimate(double RadiusMeters, double StandardDistanceMeters, double MedianDistanceMeters, double Count);

/// <summary>
/// Kernel density of points, as ArcGIS Pro's Kernel Density tool computes it for points with the planar method.
/// </summary>
/// <remarks>
/// <para>
/// Source: ArcGIS Pro, "How Kernel Density works" (pro.arcgis.com, spatial-analyst / how-kernel-density-works; the
/// same text since ArcMap 10.2.1). The density at a location is
/// (1/r²) · Σ_{dᵢ &lt; r} 3/π · popᵢ · (1 − (dᵢ/r)²)², the quartic kernel of Silverman (1986, eq. 4.5), so each
/// point's surface has volume popᵢ and reaches 0 at the search radius r. Output is per square metre times the
/// <see cref="KernelDensityOptions.AreaUnit"/> factor. The same kernel is R spatstat's
/// <c>density.ppp(kernel = "quartic", sigma = r / √8)</c>, since the quartic kernel's standard deviation per
/// axis is r/√8; the tests compare with it.
/// </para>
/// <para>
/// Coordinates are planar, in metres of an equal-area or local projection; nothing here projects. The grid covers
/// the points' bounding box grown by one search radius on every side (so every kernel lies wholly inside it),
/// origin at the north-west corner; columns = ⌈width / cell⌉ and rows = ⌈height / cell⌉, so the last row and
/// column may reach up to one cell beyond. Where no point lies within r the value is 0 (ArcGIS writes NoData).
/// </para>
/// <para>
/// Cost: O(n log n + Σ cells within r of each point). Points are sorted by y; each row adds, for every point whose
/// kernel reaches it, the span of columns it covers. Rows run in parallel and each cell sums its points in the
/// same order, so the result does not depend on the thread count.
/// </para>
/// </remarks>
public static class KernelDensity
{
    private static readonly double SqrtOneOverLnTwo = Math.Sqrt(1 / Math.Log(2));

    /// <summary>Kernel density of unweighted points (each counts once).</summary>
    /// <param name="x">Easting of each point, metres.</param>
    /// <param name="y">Northing of each point, metres.</param>
    /// <param name="options">Radius, cell size and area unit; ArcGIS's defaults when null.</param>
    /// <exception cref="ArgumentException">No points, coordinates of different lengths or not finite, a non-positive radius or cell size, too many cells, or all points in one place without a given radius.</exception>
    public static DensityGrid Estimate(ReadOnlySpan<double> x, ReadOnlySpan<double> y, KernelDensityOptions? options = null) =>
        Estimate(x, y, [], options);

    /// <summary>Kernel density of points weighted by a population field (a point with population 3 counts as three points).</summary>
    /// <param name="x">Easting of each point, metres.</param>
    /// <param name="y">Northing of each point, metres.</param>
    /// <param name="population">Population (weight) of each point, ≥ 0; empty for unweighted.</param>
    /// <param name="options">Radius, cell size and area unit; ArcGIS's defaults when null.</param>
    /// <exception cref="ArgumentException">As for the unweighted overload, or a population that is negative, not finite, of another length, or zero in total.</exception>
    public static DensityGrid Estimate(
        ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> population, KernelDensityOptions? options = null)
    {
        Validate(x, y, population);
        options ??= new KernelDensityOptions();
        var radius = options.SearchRadiusMeters ?? EstimateSearchRadius(x, y, population).RadiusMeters;
        if (!(radius > 0) || !double.IsFinite(radius))
        {
            throw new ArgumentException(
                $"The search radius must be a positive number of metres (got {radius}); when all points coincide, give one.",
                nameof(options));
        }

        var (originX, originY, cellSize, rows, columns) = Layout(x, y, radius, options);
        var values = new double[(long)rows * columns];
        var order = SortByY(y);
        var sortedX = new double[order.Length];
        var sortedY = new double[order.Length];
        var sortedWeight = new double[order.Length];
        for (var k = 0; k < order.Length; k++)
        {
            sortedX[k] = x[order[k]];
            sortedY[k] = y[order[k]];
            sortedWeight[k] = population.IsEmpty ? 1 : population[order[k]];
        }

        var scale = 3 / (Math.PI * radius * radius) * SquareMetersPer(options.AreaUnit);
        Parallel.For(0, rows, row =>
            AccumulateRow(values.AsSpan(row * columns, columns), originY - (row + 0.5) * cellSize, originX, cellSize,
                radius, scale, sortedX, sortedY, sortedWeight));
        return new DensityGrid(originX, originY, cellSize, rows, columns, values, radius, options.AreaUnit);
    }

    /// <summary>
    /// ArcGIS's default search radius, a spatial variant of Silverman's rule of thumb that resists outliers:
    /// r = 0.9 · min(SD, √(1/ln 2) · Dm) · n^−0.2.
    /// </summary>
    /// <remarks>
    /// Source: ArcGIS "How Kernel Density works", "Default search radius (bandwidth) algorithm" (since 10.2.1):
    /// SD is the standard distance, √(Σ wᵢ((xᵢ − X̄)² + (yᵢ − Ȳ)²) / Σ wᵢ), and Dm the median distance, both to
    /// the mean centre (X̄, Ȳ); with a population field all three are weighted by it and n is the sum of the
    /// population instead of the count of points. The weighted median is the smallest distance at which the
    /// cumulative weight (distances ascending) reaches half the total, or the mean of it and the next distance
    /// when the cumulative weight equals exactly half; with unit weights that is the ordinary median. Points of
    /// population 0 do not count. The radius is 0 when all weighted points coincide.
    /// </remarks>
    /// <param name="x">Easting of each point, metres.</param>
    /// <param name="y">Northing of each point, metres.</param>
    /// <param name="population">Population of each point, ≥ 0; empty for unweighted.</param>
    /// <exception cref="ArgumentException">As for <see cref="Estimate(ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, KernelDensityOptions?)"/>.</exception>
    public static SearchRadiusEstimate EstimateSearchRadius(
        ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> population)
    {
        Validate(x, y, population);
        double totalWeight = 0, sumX = 0, sumY = 0;
        for (var i = 0; i < x.Length; i++)
        {
            var w = population.IsEmpty ? 1 : population[i];
            totalWeight += w;
            sumX += w * x[i];
            sumY += w * y[i];
        }

        double meanX = sumX / totalWeight, meanY = sumY / totalWeight;
        var distances = new List<(double Distance, double Weight)>(x.Length);
        double sumSquares = 0;
        for (var i = 0; i < x.Length; i++)
        {
            var w = population.IsEmpty ? 1 : population[i];
            if (w == 0)
            {
                continue;
            }

            double dx = x[i] - meanX, dy = y[i] - meanY;
            sumSquares += w * (dx * dx + dy * dy);
            distances.Add((Math.Sqrt(dx * dx + dy * dy), w));
        }

        var standardDistance = Math.Sqrt(sumSquares / totalWeight);
        var medianDistance = WeightedMedian(distances, totalWeight);
        var radius = 0.9 * Math.Min(standardDistance, SqrtOneOverLnTwo * medianDistance) * Math.Pow(totalWeight, -0.2);
        return new SearchRadiusEstimate(radius, standardDistance, medianDistance, totalWeight);
    }

    private static void AccumulateRow(
        Span<double> row, double centerY, double originX, double cellSize, double radius, double scale,
        double[] xs, double[] ys, double[] weights)
    {
        var radiusSquared = radius * radius;
        var first = LowerBound(ys, centerY - radius);
        for (var k = first; k < ys.Length && ys[k] < centerY + radius; k++)
        {
            var dy = ys[k] - centerY;
            var reachSquared = radiusSquared - dy * dy;
            if (reachSquared <= 0 || weights[k] == 0)
            {
                continue;
            }

            // Columns whose centres lie within the kernel's chord at this row, widened by one and checked below.
            var reach = Math.Sqrt(reachSquared);
            var from = Math.Max(0, (int)Math.Floor((xs[k] - reach - originX) / cellSize - 0.5));
            var to = Math.Min(row.Length - 1, (int)Math.Ceiling((xs[k] + reach - originX) / cellSize - 0.5));
            for (var c = from; c <= to; c++)
            {
                var dx = originX + (c + 0.5) * cellSize - xs[k];
                var distanceSquared = dx * dx + dy * dy;
                if (distanceSquared < radiusSquared)
                {
                    var t = 1 - distanceSquared / radiusSquared;
                    row[c] += weights[k] * t * t;
                }
            }
        }

        for (var c = 0; c < row.Length; c++)
        {
            row[c] *= scale;
        }
    }

    private static (double OriginX, double OriginY, double CellSize, int Rows, int Columns) Layout(
        ReadOnlySpan<double> x, ReadOnlySpan<double> y, double radius, KernelDensityOptions options)
    {
        double minX = double.MaxValue, maxX = double.MinValue, minY = double.MaxValue, maxY = double.MinValue;
        for (var i = 0; i < x.Length; i++)
        {
            minX = Math.Min(minX, x[i]);
            maxX = Math.Max(maxX, x[i]);
            minY = Math.Min(minY, y[i]);
            maxY = Math.Max(maxY, y[i]);
        }

        double originX = minX - radius, originY = maxY + radius;
        double width = maxX + radius - originX, height = originY - (minY - radius);
        var cellSize = options.CellSizeMeters ?? Math.Min(width, height) / 250;
        if (!(cellSize > 0) || !double.IsFinite(cellSize))
        {
            throw new ArgumentException($"The cell size must be a positive number of metres (got {cellSize}).", nameof(options));
        }

        // The tolerance keeps a side that is an exact multiple of the cell (the default's 250) from gaining a
        // column to rounding.
        var columns = Math.Max(1, Math.Ceiling(width / cellSize - 1e-9));
        var rows = Math.Max(1, Math.Ceiling(height / cellSize - 1e-9));
        if (rows * columns > options.MaxCells)
        {
            throw new ArgumentException(
                $"{rows} × {columns} cells exceed the limit of {options.MaxCells}; use a larger cell size.", nameof(options));
        }

        return (originX, originY, cellSize, (int)rows, (int)columns);
    }

    private static double WeightedMedian(List<(double Distance, double Weight)> distances, double totalWeight)
    {
        distances.Sort((a, b) => a.Distance.CompareTo(b.Distance));
        var half = totalWeight / 2;
        double cumulative = 0;
        for (var i = 0; i < distances.Count; i++)
        {
            cumulative += distances[i].Weight;
            if (cumulative == half && i + 1 < distances.Count)
            {
                return (distances[i].Distance + distances[i + 1].Distance) / 2;
            }

            if (cumulative >= half)
            {
                return distances[i].Distance;
            }
        }

        return distances[^1].Distance;
    }

    private static int[] SortByY(ReadOnlySpan<double> y)
    {
        var order = new int[y.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        var keys = y.ToArray();
        Array.Sort(keys, order);
        return order;
    }

    /// <summary>The first index whose value is ≥ <paramref name="value"/> in ascending <paramref name="sorted"/>.</summary>
    private static int LowerBound(double[] sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private static double SquareMetersPer(DensityAreaUnit unit) => unit switch
    {
        DensityAreaUnit.SquareMeters => 1,
        DensityAreaUnit.SquareKilometers => 1e6,
        DensityAreaUnit.Hectares => 1e4,
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, "Unknown area unit."),
    };

    private static void Validate(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> population)
    {
        if (x.Length == 0)
        {
            throw new ArgumentException("No points.", nameof(x));
        }

        if (x.Length != y.Length || (!population.IsEmpty && population.Length != x.Length))
        {
            throw new ArgumentException(
                $"{x.Length} x, {y.Length} y and {population.Length} population values: the lengths differ.", nameof(y));
        }

        double total = 0;
        for (var i = 0; i < x.Length; i++)
        {
            if (!double.IsFinite(x[i]) || !double.IsFinite(y[i]))
            {
                throw new ArgumentException($"Point {i} has a coordinate that is NaN or infinite.", nameof(x));
            }

            if (!population.IsEmpty)
            {
                if (!(population[i] >= 0) || !double.IsFinite(population[i]))
                {
                    throw new ArgumentException($"Point {i} has a population that is negative or not finite.", nameof(population));
                }

                total += population[i];
            }
        }

        if (!population.IsEmpty && total <= 0)
        {
            throw new ArgumentException("The population sums to zero.", nameof(population));
        }
    }
}
