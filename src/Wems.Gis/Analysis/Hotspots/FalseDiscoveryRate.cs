namespace Wems.Gis.Analysis.Hotspots;

/// <summary>
/// Benjamini–Hochberg false discovery rate correction and the hot/cold spot confidence bins −3..3 of ArcGIS Hot
/// Spot Analysis (Gi_Bin): ±3 at 99%, ±2 at 95%, ±1 at 90% confidence, 0 not significant, sign from z.
/// </summary>
public static class FalseDiscoveryRate
{
    /// <summary>The significance levels of bins 3, 2 and 1.</summary>
    public static IReadOnlyList<double> Alphas { get; } = [0.01, 0.05, 0.10];

    /// <summary>
    /// Benjamini–Hochberg adjusted p-values, exactly as R <c>p.adjust(p, "BH")</c>: with the m non-NaN p-values
    /// sorted decreasingly, p_adj at rank i is the running minimum of m / i · p, capped at 1. NaN stays NaN and is
    /// not counted in m. Feature i is a discovery at level α when <c>adjusted[i] &lt;= α</c>, which is the BH
    /// step-up rule (largest k with p_(k) ≤ k α / m).
    /// </summary>
    public static double[] BenjaminiHochberg(ReadOnlySpan<double> p)
    {
        var ranked = new List<int>(p.Length);
        for (var i = 0; i < p.Length; i++)
        {
            if (!double.IsNaN(p[i]))
            {
                ranked.Add(i);
            }
        }

        var values = p.ToArray();
        // Stable and decreasing, like R's order(p, decreasing = TRUE); ties get the same adjusted value either way.
        ranked.Sort((a, b) =>
        {
            var order = values[b].CompareTo(values[a]);
            return order != 0 ? order : a.CompareTo(b);
        });
        var adjusted = new double[p.Length];
        Array.Fill(adjusted, double.NaN);
        var m = ranked.Count;
        var running = double.PositiveInfinity;
        for (var k = 0; k < m; k++)
        {
            var rank = m - k;
            running = Math.Min(running, (double)m / rank * values[ranked[k]]);
            adjusted[ranked[k]] = Math.Min(1, running);
        }

        return adjusted;
    }

    /// <summary>
    /// Confidence bin of one feature without FDR correction: sign(z) × 3, 2 or 1 when p ≤ 0.01, 0.05 or 0.10
    /// (i.e. |z| ≥ 2.576, 1.960, 1.645), else 0. NaN z or p, or z = 0, gives 0.
    /// </summary>
    public static int Bin(double z, double p)
    {
        if (double.IsNaN(z) || double.IsNaN(p) || z == 0)
        {
            return 0;
        }

        var level = p <= Alphas[0] ? 3 : p <= Alphas[1] ? 2 : p <= Alphas[2] ? 1 : 0;
        return Math.Sign(z) * level;
    }

    /// <summary>
    /// Confidence bins −3..3 of all features. With <paramref name="correctForFdr"/> (ArcGIS Optimized Hot Spot
    /// Analysis, and Hot Spot Analysis with the FDR option) the level is the strictest α in 0.01/0.05/0.10 with
    /// <c>BenjaminiHochberg(p)[i] &lt;= α</c>; without it, <see cref="Bin"/> on the raw p.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="z"/> and <paramref name="p"/> differ in length.</exception>
    public static int[] Bins(ReadOnlySpan<double> z, ReadOnlySpan<double> p, bool correctForFdr)
    {
        if (z.Length != p.Length)
        {
            throw new ArgumentException("There must be one p-value per z-score.", nameof(p));
        }

        var tested = correctForFdr ? BenjaminiHochberg(p) : p.ToArray();
        var bins = new int[z.Length];
        for (var i = 0; i < bins.Length; i++)
        {
            bins[i] = Bin(z[i], tested[i]);
        }

        return bins;
    }
}
