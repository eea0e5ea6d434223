namespace Wems.Gis.Analysis.Trends;

/// <summary>Direction of a monotonic trend, or none when it is not significant.</summary>
public enum TrendDirection
{
    /// <summary>No trend significant at the chosen level.</summary>
    None = 0,

    /// <summary>A significant increasing trend.</summary>
    Increasing = 1,

    /// <summary>A significant decreasing trend.</summary>
    Decreasing = -1,
}

/// <summary>The Mann–Kendall trend test of one series, with Kendall's tau and Sen's slope.</summary>
/// <param name="Count">Number of values in the series, n.</param>
/// <param name="S">Mann–Kendall S = Σ_{i&lt;j} sign(x_j − x_i).</param>
/// <param name="VarianceS">Var(S) under no trend, corrected for ties.</param>
/// <param name="Z">Continuity-corrected z-score: (S − 1)/√Var(S) for S &gt; 0, (S + 1)/√Var(S) for S &lt; 0, else 0.</param>
/// <param name="PValue">Two-sided p-value of <paramref name="Z"/> under the standard normal.</param>
/// <param name="Tau">Kendall's tau-b between time and value (time has no ties), in [−1, 1].</param>
/// <param name="SenSlope">Sen's slope: the median of (x_j − x_i)/(j − i) over all i &lt; j, in value units per time step.</param>
public sealed record MannKendallResult(int Count, long S, double VarianceS, double Z, double PValue, double Tau, double SenSlope)
{
    /// <summary>
    /// The trend's direction when <see cref="PValue"/> ≤ <paramref name="alpha"/>, otherwise
    /// <see cref="TrendDirection.None"/>.
    /// </summary>
    public TrendDirection Direction(double alpha = 0.05) =>
        PValue > alpha || S == 0 ? TrendDirection.None : S > 0 ? TrendDirection.Increasing : TrendDirection.Decreasing;
}

/// <summary>
/// The Mann–Kendall test for a monotonic trend in an equally spaced series (Mann 1945; Kendall 1975), as used by
/// ArcGIS Pro's Emerging Hot Spot Analysis on each location's Gi* z-scores.
/// </summary>
/// <remarks>
/// <para>
/// S = Σ_{i&lt;j} sign(x_j − x_i). Under no trend, E[S] = 0 and, with tie groups of sizes t,
/// Var(S) = [n(n−1)(2n+5) − Σ t(t−1)(2t+5)] / 18. Z is continuity-corrected (S moved one unit toward 0) and
/// p = 2 · (1 − Φ(|Z|)) with <see cref="StandardNormal"/>. Tau is tau-b,
/// S / √(n₀ (n₀ − Σ t(t−1)/2)) with n₀ = n(n−1)/2, which is what R's <c>Kendall::MannKendall</c> and
/// <c>cor.test(1:n, x, method = "kendall")</c> report. Sen's slope (Sen 1968) is per time step.
/// </para>
/// <para>
/// Values are compared exactly: only equal doubles are ties. When every value is equal (or n = 1) there is
/// no variance: Z = 0, p = 1, tau = 0, slope = 0. The normal approximation is what ArcGIS uses; for n &lt; 10 it
/// is rough, and no exact small-sample p is attempted. Cost is O(n²) in time and O(n²) memory for the slopes,
/// which suits the tens to hundreds of time steps of a space-time cube.
/// </para>
/// </remarks>
public static class MannKendall
{
    /// <summary>Runs the test on <paramref name="series"/>, oldest value first.</summary>
    /// <exception cref="ArgumentException">The series is empty or holds NaN or an infinity.</exception>
    public static MannKendallResult Test(ReadOnlySpan<double> series)
    {
        var n = series.Length;
        if (n == 0)
        {
            throw new ArgumentException("The series is empty.", nameof(series));
        }

        foreach (var value in series)
        {
            if (!double.IsFinite(value))
            {
                throw new ArgumentException("The series holds NaN or an infinity.", nameof(series));
            }
        }

        long s = 0;
        var slopes = new double[(long)n * (n - 1) / 2];
        var k = 0;
        for (var i = 0; i < n - 1; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                var difference = series[j] - series[i];
                s += Math.Sign(series[j].CompareTo(series[i]));
                slopes[k++] = difference / (j - i);
            }
        }

        var (tieVariance, tiedPairs) = TieTerms(series);
        var pairs = (double)n * (n - 1) / 2;
        var variance = ((double)n * (n - 1) * (2 * n + 5) - tieVariance) / 18;
        var z = variance <= 0 ? 0 : s > 0 ? (s - 1) / Math.Sqrt(variance) : s < 0 ? (s + 1) / Math.Sqrt(variance) : 0;
        var p = variance <= 0 ? 1 : StandardNormal.TwoSidedP(z);
        var tauDenominator = Math.Sqrt(pairs * (pairs - tiedPairs));
        var tau = tauDenominator > 0 ? s / tauDenominator : 0;
        var senSlope = slopes.Length == 0 ? 0 : Median(slopes);
        return new MannKendallResult(n, s, variance, z, p, tau, senSlope);
    }

    /// <summary>Σ t(t−1)(2t+5) and Σ t(t−1)/2 over the groups of equal values.</summary>
    private static (double Variance, double Pairs) TieTerms(ReadOnlySpan<double> series)
    {
        var sorted = series.ToArray();
        Array.Sort(sorted);
        double variance = 0, pairs = 0;
        for (var start = 0; start < sorted.Length;)
        {
            var end = start + 1;
            while (end < sorted.Length && sorted[end] == sorted[start])
            {
                end++;
            }

            double t = end - start;
            variance += t * (t - 1) * (2 * t + 5);
            pairs += t * (t - 1) / 2;
            start = end;
        }

        return (variance, pairs);
    }

    /// <summary>The median, sorting <paramref name="values"/> in place; the mean of the two middle values for an even count.</summary>
    private static double Median(double[] values)
    {
        Array.Sort(values);
        var middle = values.Length / 2;
        return values.Length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
