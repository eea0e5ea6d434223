namespace Wems.Gis.Analysis.Trends;

/// <summary>Settings for <see cref="EmergingHotSpots"/>.</summary>
public sealed record EmergingHotSpotOptions
{
    /// <summary>A time step is a hot or cold bin when its Gi* p-value is at most this. Default 0.05.</summary>
    public double Alpha { get; init; } = 0.05;

    /// <summary>The Mann–Kendall trend is significant when its p-value is at most this. Default 0.05.</summary>
    public double TrendAlpha { get; init; } = 0.05;
}

/// <summary>A location's emerging hot spot pattern and the trend it was judged on.</summary>
/// <param name="Pattern">The pattern.</param>
/// <param name="Trend">Mann–Kendall test of the location's Gi* z-scores, oldest first.</param>
/// <param name="HotSteps">Number of hot bins (z &gt; 0, p ≤ α).</param>
/// <param name="ColdSteps">Number of cold bins (z &lt; 0, p ≤ α).</param>
public sealed record EmergingHotSpotResult(EmergingHotSpotPattern Pattern, MannKendallResult Trend, int HotSteps, int ColdSteps);

/// <summary>
/// Classifies one location of a space-time cube into ArcGIS Pro's Emerging Hot Spot Analysis patterns from its
/// per-step Gi* z-scores and p-values and the Mann–Kendall trend of those z-scores.
/// </summary>
/// <remarks>
/// <para>
/// Definitions: ArcGIS Pro, "How Emerging Hot Spot Analysis works" (pro.arcgis.com, space-time-pattern-mining /
/// learnmoreemerging; wording as in Pro 3.x and ArcGIS AllSource). The z-scores and p-values come from elsewhere
/// (WEMS computes Gi* per time step with neighbours in space and the previous step); pass FDR-adjusted p-values
/// if the bins should follow ArcGIS's FDR correction. A step is a hot bin when z &gt; 0 and p ≤ α, a cold bin
/// when z &lt; 0 and p ≤ α. "At least 90%" is 10 · count ≥ 9 · n, in integers, so 9 of 10 steps qualifies.
/// </para>
/// <para>
/// ArcGIS's written definitions overlap in a few corners; this class resolves them so that every series gets
/// exactly one pattern, in this order:
/// </para>
/// <list type="number">
/// <item>The side is the final step's: a hot final step can only give a hot pattern, a cold one a cold pattern.
/// A location 90% hot whose final step is cold is therefore an oscillating cold spot, not a historical hot
/// spot: the recent state wins.</item>
/// <item>Final step hot and at least 90% hot: intensifying (significant increasing trend), diminishing
/// (significant decreasing trend), else persistent.</item>
/// <item>Final step hot, fewer than 90% hot, and any earlier cold bin: oscillating. This also covers a series
/// whose only hot bins are a final run after earlier cold bins, which the wording of "new" and "consecutive"
/// would also admit (they only say "never hot before"); the cold history is the more telling fact.</item>
/// <item>Final step hot, fewer than 90% hot, never cold: new when the final step is the only hot bin;
/// consecutive when the final uninterrupted run of hot bins has at least two steps and there is no hot bin
/// before it; sporadic when there is a hot bin before the final run (on-again, off-again).</item>
/// <item>Final step not significant: historical when at least 90% of steps are hot (or cold).</item>
/// <item>Anything else is no pattern. In particular, a series that was on-again off-again hot but is not hot
/// at the final step has no pattern: ArcGIS Pro's current definition of sporadic starts with "a statistically
/// significant hot spot for the final time-step interval" (Pro 2.x wording omitted that).</item>
/// </list>
/// <para>
/// Cold spots mirror hot spots: "intensifying" means clustering of low values getting stronger, so a significant
/// decreasing trend of the z-scores; "diminishing" a significant increasing one. No minimum series length is
/// enforced; with fewer than ten steps "90%" means every step.
/// </para>
/// </remarks>
public static class EmergingHotSpots
{
    /// <summary>
    /// Classifies a location, running the Mann–Kendall test on <paramref name="zScores"/> itself.
    /// </summary>
    /// <param name="zScores">Gi* z-score per time step, oldest first.</param>
    /// <param name="pValues">Two-sided p-value per time step, same order and length.</param>
    /// <param name="options">Significance levels; defaults when null.</param>
    /// <exception cref="ArgumentException">The series are empty, of different lengths, or hold NaN, or a p-value lies outside [0, 1].</exception>
    public static EmergingHotSpotResult Classify(
        ReadOnlySpan<double> zScores, ReadOnlySpan<double> pValues, EmergingHotSpotOptions? options = null)
    {
        Validate(zScores, pValues);
        var trend = MannKendall.Test(zScores);
        var pattern = Classify(zScores, pValues, trend, options);
        var (hot, cold) = CountBins(zScores, pValues, (options ?? new EmergingHotSpotOptions()).Alpha);
        return new EmergingHotSpotResult(pattern, trend, hot, cold);
    }

    /// <summary>Classifies a location given the Mann–Kendall test of its z-scores.</summary>
    /// <param name="zScores">Gi* z-score per time step, oldest first.</param>
    /// <param name="pValues">Two-sided p-value per time step, same order and length.</param>
    /// <param name="trend">Mann–Kendall test of <paramref name="zScores"/>.</param>
    /// <param name="options">Significance levels; defaults when null.</param>
    /// <exception cref="ArgumentException">The series are empty, of different lengths, or hold NaN, a p-value lies outside [0, 1], or the trend is of a series of another length.</exception>
    public static EmergingHotSpotPattern Classify(
        ReadOnlySpan<double> zScores, ReadOnlySpan<double> pValues, MannKendallResult trend, EmergingHotSpotOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(trend);
        Validate(zScores, pValues);
        if (trend.Count != zScores.Length)
        {
            throw new ArgumentException($"The trend is of {trend.Count} steps, the series of {zScores.Length}.", nameof(trend));
        }

        options ??= new EmergingHotSpotOptions();
        if (!(options.Alpha is > 0 and < 1) || !(options.TrendAlpha is > 0 and < 1))
        {
            throw new ArgumentException("Significance levels must lie strictly between 0 and 1.", nameof(options));
        }

        var n = zScores.Length;
        var final = BinOf(zScores[n - 1], pValues[n - 1], options.Alpha);
        var direction = trend.Direction(options.TrendAlpha);
        if (final == 0)
        {
            var (hot, cold) = CountBins(zScores, pValues, options.Alpha);
            return AtLeastNinetyPercent(hot, n) ? EmergingHotSpotPattern.HistoricalHotSpot
                : AtLeastNinetyPercent(cold, n) ? EmergingHotSpotPattern.HistoricalColdSpot
                : EmergingHotSpotPattern.NoPattern;
        }

        // Classify the final step's side; for a cold final step, mirror the series so that "same side" is hot.
        var sameSide = 0;
        var otherSide = 0;
        for (var i = 0; i < n; i++)
        {
            var bin = BinOf(zScores[i], pValues[i], options.Alpha);
            sameSide += bin == final ? 1 : 0;
            otherSide += bin == -final ? 1 : 0;
        }

        var finalRun = 0;
        while (finalRun < n && BinOf(zScores[n - 1 - finalRun], pValues[n - 1 - finalRun], options.Alpha) == final)
        {
            finalRun++;
        }

        var towardSide = direction == TrendDirection.None ? 0 : (int)direction * final;
        var hotPattern =
            AtLeastNinetyPercent(sameSide, n) ? towardSide > 0 ? EmergingHotSpotPattern.IntensifyingHotSpot
                : towardSide < 0 ? EmergingHotSpotPattern.DiminishingHotSpot
                : EmergingHotSpotPattern.PersistentHotSpot
            : otherSide > 0 ? EmergingHotSpotPattern.OscillatingHotSpot
            : sameSide > finalRun ? EmergingHotSpotPattern.SporadicHotSpot
            : finalRun >= 2 ? EmergingHotSpotPattern.ConsecutiveHotSpot
            : EmergingHotSpotPattern.NewHotSpot;
        return final > 0 ? hotPattern : (EmergingHotSpotPattern)(-(int)hotPattern);
    }

    /// <summary>+1 for a hot bin, −1 for a cold bin, 0 otherwise.</summary>
    private static int BinOf(double z, double p, double alpha) => p > alpha ? 0 : Math.Sign(z);

    private static (int Hot, int Cold) CountBins(ReadOnlySpan<double> zScores, ReadOnlySpan<double> pValues, double alpha)
    {
        int hot = 0, cold = 0;
        for (var i = 0; i < zScores.Length; i++)
        {
            var bin = BinOf(zScores[i], pValues[i], alpha);
            hot += bin > 0 ? 1 : 0;
            cold += bin < 0 ? 1 : 0;
        }

        return (hot, cold);
    }

    private static bool AtLeastNinetyPercent(int count, int n) => 10L * count >= 9L * n;

    private static void Validate(ReadOnlySpan<double> zScores, ReadOnlySpan<double> pValues)
    {
        if (zScores.Length == 0)
        {
            throw new ArgumentException("The series is empty.", nameof(zScores));
        }

        if (zScores.Length != pValues.Length)
        {
            throw new ArgumentException(
                $"{zScores.Length} z-scores but {pValues.Length} p-values.", nameof(pValues));
        }

        for (var i = 0; i < zScores.Length; i++)
        {
            if (double.IsNaN(zScores[i]) || !(pValues[i] is >= 0 and <= 1))
            {
                throw new ArgumentException($"Step {i}: z-score NaN or p-value outside [0, 1].", nameof(pValues));
            }
        }
    }
}
