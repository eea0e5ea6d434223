namespace Wems.Gis.Analysis.Trends;

/// <summary>
/// The ArcGIS Pro Emerging Hot Spot Analysis patterns: eight for hot spots (positive), the same eight for cold
/// spots (negative), numbered in the order ArcGIS's documentation lists them, and no pattern (0).
/// </summary>
/// <remarks>
/// "Hot bin" below means a time step whose Gi* z-score is positive with p ≤ α, "cold bin" one whose z-score is
/// negative with p ≤ α, and "90%" means at least nine tenths of all time steps. See
/// <see cref="EmergingHotSpots"/> for how overlaps between ArcGIS's written definitions are resolved.
/// </remarks>
public enum EmergingHotSpotPattern
{
    /// <summary>None of the patterns below.</summary>
    NoPattern = 0,

    /// <summary>The final step is the only hot bin.</summary>
    NewHotSpot = 1,

    /// <summary>One uninterrupted run of at least two hot bins ends at the final step; none before it; fewer than 90% hot.</summary>
    ConsecutiveHotSpot = 2,

    /// <summary>At least 90% hot including the final step, with a significant increasing trend in the z-scores.</summary>
    IntensifyingHotSpot = 3,

    /// <summary>At least 90% hot including the final step, with no significant trend.</summary>
    PersistentHotSpot = 4,

    /// <summary>At least 90% hot including the final step, with a significant decreasing trend in the z-scores.</summary>
    DiminishingHotSpot = 5,

    /// <summary>Hot at the final step and on-again off-again hot before it; fewer than 90% hot; never cold.</summary>
    SporadicHotSpot = 6,

    /// <summary>Hot at the final step with at least one earlier cold bin; fewer than 90% hot.</summary>
    OscillatingHotSpot = 7,

    /// <summary>The final step is not hot, but at least 90% of steps are.</summary>
    HistoricalHotSpot = 8,

    /// <summary>The final step is the only cold bin.</summary>
    NewColdSpot = -1,

    /// <summary>One uninterrupted run of at least two cold bins ends at the final step; none before it; fewer than 90% cold.</summary>
    ConsecutiveColdSpot = -2,

    /// <summary>At least 90% cold including the final step, with a significant decreasing trend in the z-scores (colder).</summary>
    IntensifyingColdSpot = -3,

    /// <summary>At least 90% cold including the final step, with no significant trend.</summary>
    PersistentColdSpot = -4,

    /// <summary>At least 90% cold including the final step, with a significant increasing trend in the z-scores (less cold).</summary>
    DiminishingColdSpot = -5,

    /// <summary>Cold at the final step and on-again off-again cold before it; fewer than 90% cold; never hot.</summary>
    SporadicColdSpot = -6,

    /// <summary>Cold at the final step with at least one earlier hot bin; fewer than 90% cold.</summary>
    OscillatingColdSpot = -7,

    /// <summary>The final step is not cold, but at least 90% of steps are.</summary>
    HistoricalColdSpot = -8,
}
