namespace Wems.Gis.Analysis.Hotspots;

/// <summary>
/// Sparse spatial weights w_ij for Getis-Ord Gi*: for each feature i, its neighbours j (itself included, first)
/// and their weights, stored as compressed rows so 10,000 features with tens of neighbours each stay small.
/// </summary>
/// <remarks>
/// <para>
/// The factories take planar coordinates in metres (an equal-area or local projection, e.g.
/// <see cref="EqualAreaProjection"/>), find neighbours with a 2-d tree, and give every feature itself as a
/// neighbour with w_ii = 1 (Gi*, as <c>spdep::include.self</c> with binary weights and ArcGIS do).
/// Other neighbours follow in increasing index order.
/// </para>
/// <para>
/// Distance bands are inclusive and, so that the equal spacings of a regular lattice (hexagon centres) are not
/// split by rounding, a distance counts as within the band when it is at most band × (1 + 1e-9).
/// </para>
/// </remarks>
public sealed class SpatialWeights
{
    /// <summary>Relative slack on distance bands, so equal lattice spacings fall on the same side of the band.</summary>
    public const double BandTolerance = 1e-9;

    private readonly int[] offsets;
    private readonly int[] neighbours;
    private readonly double[] weights;

    private SpatialWeights(int[] offsets, int[] neighbours, double[] weights)
    {
        this.offsets = offsets;
        this.neighbours = neighbours;
        this.weights = weights;
    }

    /// <summary>Number of features.</summary>
    public int Count => offsets.Length - 1;

    /// <summary>The neighbours of feature <paramref name="i"/> (indices into the input arrays), itself first for the built-in schemes.</summary>
    public ReadOnlySpan<int> NeighboursOf(int i) => neighbours.AsSpan(offsets[i], offsets[i + 1] - offsets[i]);

    /// <summary>The weights of feature <paramref name="i"/>'s neighbours, in the order of <see cref="NeighboursOf"/>.</summary>
    public ReadOnlySpan<double> WeightsOf(int i) => weights.AsSpan(offsets[i], offsets[i + 1] - offsets[i]);

    /// <summary>
    /// The default distance band: the smallest distance that gives every feature at least one neighbour other
    /// than itself, i.e. the largest nearest-neighbour distance (metres). 0 for fewer than two features; 0 also when
    /// every feature shares its location with another.
    /// </summary>
    public static double DefaultDistanceBandMeters(ReadOnlySpan<double> xMeters, ReadOnlySpan<double> yMeters)
    {
        CheckCoordinates(xMeters, yMeters);
        return DefaultBand(new PointIndex(xMeters, yMeters));
    }

    /// <summary>
    /// Binary fixed-distance-band weights: w_ij = 1 when d_ij ≤ band (self included), else no link.
    /// </summary>
    /// <param name="xMeters">Projected x of each feature, metres.</param>
    /// <param name="yMeters">Projected y of each feature, metres.</param>
    /// <param name="bandMeters">The band, metres; null for <see cref="DefaultDistanceBandMeters"/>.</param>
    public static SpatialWeights FixedDistanceBand(ReadOnlySpan<double> xMeters, ReadOnlySpan<double> yMeters, double? bandMeters = null)
    {
        CheckCoordinates(xMeters, yMeters);
        CheckBand(bandMeters);
        var index = new PointIndex(xMeters, yMeters);
        var band = bandMeters ?? DefaultBand(index);
        return WithinBand(index, band, _ => 1);
    }

    /// <summary>
    /// Inverse-distance weights w_ij = (max(d_ij, unit) / unit)^-power for the other features within the band, and
    /// w_ii = 1. Distances are measured in units of <paramref name="unitMeters"/> and clamped to at least one unit
    /// (ArcGIS's rule), so no neighbour outweighs the feature itself.
    /// </summary>
    /// <remarks>
    /// Gi* does not change when all weights are scaled, but the self weight is fixed at 1, so the unit sets how much
    /// a feature's own value counts against its neighbours': with metres (unit 1) neighbours a few kilometres away
    /// weigh 1e-3 or less and Gi* is almost the feature's own z-score; the default unit is a kilometre.
    /// With <see cref="double.PositiveInfinity"/> as the band every feature is every other's neighbour: n² weights,
    /// only for small n.
    /// </remarks>
    /// <param name="xMeters">Projected x of each feature, metres.</param>
    /// <param name="yMeters">Projected y of each feature, metres.</param>
    /// <param name="power">1 (inverse distance) or 2 (inverse distance squared); any positive power is accepted.</param>
    /// <param name="bandMeters">Only features within this distance are neighbours, metres; null for <see cref="DefaultDistanceBandMeters"/>.</param>
    /// <param name="unitMeters">The distance unit of the weights, metres (default 1,000: kilometres).</param>
    public static SpatialWeights InverseDistance(ReadOnlySpan<double> xMeters, ReadOnlySpan<double> yMeters, double power = 1,
        double? bandMeters = null, double unitMeters = 1000)
    {
        CheckCoordinates(xMeters, yMeters);
        CheckBand(bandMeters);
        if (!double.IsFinite(power) || power <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(power), power, "The power must be positive.");
        }

        if (!double.IsFinite(unitMeters) || unitMeters <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(unitMeters), unitMeters, "The distance unit must be positive.");
        }

        var index = new PointIndex(xMeters, yMeters);
        var band = bandMeters ?? DefaultBand(index);
        return WithinBand(index, band, d => Math.Pow(Math.Max(d, unitMeters) / unitMeters, -power));
    }

    /// <summary>
    /// Binary k-nearest-neighbour weights: each feature itself and its <paramref name="k"/> nearest other features
    /// get weight 1 (not symmetric: j can be among i's nearest without the converse). Equal distances are ordered by
    /// index. With k ≥ n − 1 every feature neighbours all others.
    /// </summary>
    /// <param name="xMeters">Projected x of each feature, metres.</param>
    /// <param name="yMeters">Projected y of each feature, metres.</param>
    /// <param name="k">Number of neighbours besides the feature itself; at least 1 (ArcGIS's default is 8).</param>
    public static SpatialWeights KNearestNeighbours(ReadOnlySpan<double> xMeters, ReadOnlySpan<double> yMeters, int k = 8)
    {
        CheckCoordinates(xMeters, yMeters);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var index = new PointIndex(xMeters, yMeters);
        var n = index.Count;
        var take = Math.Min(k, Math.Max(n - 1, 0));
        var offsets = new int[n + 1];
        var neighbours = new int[n * (take + 1)];
        var weights = new double[neighbours.Length];
        Span<int> found = new int[take];
        Span<double> distances = new double[take];
        for (var i = 0; i < n; i++)
        {
            var start = i * (take + 1);
            offsets[i] = start;
            neighbours[start] = i;
            var count = index.Nearest(i, take, found, distances);
            found[..count].CopyTo(neighbours.AsSpan(start + 1));
            neighbours.AsSpan(start + 1, count).Sort();
            weights.AsSpan(start, take + 1).Fill(1);
        }

        offsets[n] = neighbours.Length;
        return new SpatialWeights(offsets, neighbours, weights);
    }

    /// <summary>
    /// Weights given explicitly, used as given (no self weight is added: for Gi* list each feature as its own
    /// neighbour). Useful for contiguity or hand-built schemes.
    /// </summary>
    /// <exception cref="ArgumentException">Lists of different lengths, an index out of range, or a weight that is not finite.</exception>
    public static SpatialWeights FromLists(IReadOnlyList<IReadOnlyList<int>> neighbours, IReadOnlyList<IReadOnlyList<double>> weights)
    {
        ArgumentNullException.ThrowIfNull(neighbours);
        ArgumentNullException.ThrowIfNull(weights);
        if (neighbours.Count != weights.Count)
        {
            throw new ArgumentException("There must be one weight list per neighbour list.", nameof(weights));
        }

        var offsets = new int[neighbours.Count + 1];
        var allNeighbours = new List<int>();
        var allWeights = new List<double>();
        for (var i = 0; i < neighbours.Count; i++)
        {
            offsets[i] = allNeighbours.Count;
            if (neighbours[i].Count != weights[i].Count)
            {
                throw new ArgumentException($"Feature {i} has {neighbours[i].Count} neighbours but {weights[i].Count} weights.", nameof(weights));
            }

            for (var m = 0; m < neighbours[i].Count; m++)
            {
                var j = neighbours[i][m];
                var w = weights[i][m];
                if (j < 0 || j >= neighbours.Count || !double.IsFinite(w))
                {
                    throw new ArgumentException($"Feature {i} has an invalid neighbour {j} or weight {w}.", nameof(neighbours));
                }

                allNeighbours.Add(j);
                allWeights.Add(w);
            }
        }

        offsets[^1] = allNeighbours.Count;
        return new SpatialWeights(offsets, [.. allNeighbours], [.. allWeights]);
    }

    internal static void CheckCoordinates(ReadOnlySpan<double> xMeters, ReadOnlySpan<double> yMeters)
    {
        if (xMeters.Length != yMeters.Length)
        {
            throw new ArgumentException("There must be as many y as x coordinates.", nameof(yMeters));
        }

        for (var i = 0; i < xMeters.Length; i++)
        {
            if (!double.IsFinite(xMeters[i]) || !double.IsFinite(yMeters[i]))
            {
                throw new ArgumentException($"Feature {i} has a coordinate that is not finite.", nameof(xMeters));
            }
        }
    }

    internal static double DefaultBand(PointIndex index)
    {
        var band = 0.0;
        Span<int> nearest = stackalloc int[1];
        Span<double> distance = stackalloc double[1];
        for (var i = 0; i < index.Count; i++)
        {
            if (index.Nearest(i, 1, nearest, distance) == 1)
            {
                band = Math.Max(band, distance[0]);
            }
        }

        return band;
    }

    private static void CheckBand(double? bandMeters)
    {
        if (bandMeters is { } band && (double.IsNaN(band) || band < 0))
        {
            throw new ArgumentOutOfRangeException(nameof(bandMeters), band, "The distance band must be zero or positive.");
        }
    }

    private static SpatialWeights WithinBand(PointIndex index, double band, Func<double, double> weightOf)
    {
        var n = index.Count;
        var radius = band * (1 + BandTolerance);
        var offsets = new int[n + 1];
        var neighbours = new List<int>();
        var weights = new List<double>();
        var found = new List<int>();
        for (var i = 0; i < n; i++)
        {
            offsets[i] = neighbours.Count;
            neighbours.Add(i);
            weights.Add(1);
            found.Clear();
            index.WithinRadius(i, radius, found);
            found.Sort();
            foreach (var j in found)
            {
                if (j != i)
                {
                    neighbours.Add(j);
                    weights.Add(weightOf(index.Distance(i, j)));
                }
            }
        }

        offsets[n] = neighbours.Count;
        return new SpatialWeights(offsets, [.. neighbours], [.. weights]);
    }
}
