namespace Wems.Gis.Analysis.Hotspots;

/// <summary>Options for <see cref="HotSpotAnalysis"/>.</summary>
public sealed record HotSpotOptions
{
    /// <summary>How Gi* neighbours are chosen (default: binary weights within the smallest band giving every feature a neighbour).</summary>
    public GetisOrdOptions GiStar { get; init; } = new();

    /// <summary>True (the default) to bin by Benjamini–Hochberg adjusted p-values, as ArcGIS Optimized Hot Spot Analysis does.</summary>
    public bool CorrectForFdr { get; init; } = true;
}

/// <summary>The hot spot result of one feature.</summary>
/// <param name="Z">Gi* z-score; NaN when undefined (see <see cref="GetisOrd"/>).</param>
/// <param name="P">Two-sided p-value, not adjusted.</param>
/// <param name="PAdjusted">Benjamini–Hochberg adjusted p-value over all features (R <c>p.adjust(p, "BH")</c>).</param>
/// <param name="Bin">Confidence bin −3..3 (cold 99% .. hot 99%), from <paramref name="PAdjusted"/> or <paramref name="P"/> per <see cref="HotSpotOptions.CorrectForFdr"/>.</param>
/// <param name="NeighbourCount">Neighbours other than the feature itself.</param>
public readonly record struct HotSpot(double Z, double P, double PAdjusted, int Bin, int NeighbourCount);

/// <summary>
/// Hot spot analysis as ArcGIS Hot Spot Analysis: Gi* per feature (<see cref="GetisOrd"/>), then confidence bins
/// with or without the false discovery rate correction (<see cref="FalseDiscoveryRate"/>).
/// </summary>
public static class HotSpotAnalysis
{
    /// <summary>Hot spots of <paramref name="values"/> at projected locations (metres).</summary>
    /// <exception cref="ArgumentException">The spans differ in length, or a coordinate or value is not finite.</exception>
    public static HotSpot[] Run(ReadOnlySpan<double> xMeters, ReadOnlySpan<double> yMeters, ReadOnlySpan<double> values,
        HotSpotOptions? options = null)
    {
        options ??= new HotSpotOptions();
        return Bin(GetisOrd.LocalGStar(xMeters, yMeters, values, options.GiStar), options.CorrectForFdr);
    }

    /// <summary>Hot spots of <paramref name="values"/> with given spatial weights (self links included), binned with or without FDR.</summary>
    /// <exception cref="ArgumentException">The counts differ or a value is not finite.</exception>
    public static HotSpot[] Run(ReadOnlySpan<double> values, SpatialWeights weights, bool correctForFdr = true) =>
        Bin(GetisOrd.LocalGStar(values, weights), correctForFdr);

    private static HotSpot[] Bin(GiStar[] gi, bool correctForFdr)
    {
        var z = gi.Select(g => g.Z).ToArray();
        var p = gi.Select(g => g.P).ToArray();
        var adjusted = FalseDiscoveryRate.BenjaminiHochberg(p);
        var bins = FalseDiscoveryRate.Bins(z, p, correctForFdr);
        return [.. gi.Select((g, i) => new HotSpot(g.Z, g.P, adjusted[i], bins[i], g.NeighbourCount))];
    }

    /// <summary>
    /// Hot spots of hexagons from <see cref="HexAggregation"/>, on their centres: of the point counts, or of the weight
    /// sums when <paramref name="byWeight"/>. One result per bin, in the order of <see cref="HexAggregationResult.Bins"/>.
    /// Aggregate with <see cref="HexAggregationOptions.IncludeEmptyCells"/> so that empty areas count as low values.
    /// </summary>
    public static HotSpot[] Run(HexAggregationResult aggregation, bool byWeight = false, HotSpotOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(aggregation);
        var bins = aggregation.Bins;
        var x = bins.Select(b => b.CenterXMeters).ToArray();
        var y = bins.Select(b => b.CenterYMeters).ToArray();
        var values = bins.Select(b => byWeight ? b.WeightSum : b.Count).ToArray();
        return Run(x, y, values, options);
    }
}
