using Wems.Gis.Analysis;
using Wems.Gis.Analysis.Trends;
using static Wems.Gis.Analysis.Trends.EmergingHotSpotPattern;

namespace Wems.Gis.Tests.Analysis.Trends;

// The series are Gi* z-scores, oldest first, with p = StandardNormal.TwoSidedP(z): at α = 0.05 a step is a hot bin when
// z ≥ 1.96 and a cold bin when z ≤ −1.96. Expected patterns: ArcGIS Pro "How Emerging Hot Spot Analysis works".
public sealed class EmergingHotSpotsTests
{
    private static readonly double[] NewHot = [0.5, -0.3, 0.8, 1.1, 0.2, -0.5, 0.9, 1.2, 0.4, 2.5];
    private static readonly double[] ConsecutiveHot = [0.5, -0.3, 0.8, 1.1, 0.2, -0.5, 0.9, 2.2, 2.4, 2.6];
    private static readonly double[] IntensifyingHot = [2.0, 2.1, 2.3, 2.4, 2.6, 2.8, 2.9, 3.1, 3.3, 3.5];
    private static readonly double[] PersistentHot = [3.0, 2.5, 3.1, 2.6, 2.9, 2.4, 3.0, 2.7, 2.8, 2.6];
    private static readonly double[] DiminishingHot = [3.5, 3.3, 3.1, 2.9, 2.8, 2.6, 2.4, 2.3, 2.1, 2.0];
    private static readonly double[] SporadicHot = [0.3, 2.4, 0.5, 1.0, 2.2, 0.1, 0.7, 2.1, 0.4, 2.3];
    private static readonly double[] OscillatingHot = [-2.5, -2.2, 0.1, 0.5, 1.0, 0.3, 2.1, 0.8, 1.5, 2.4];
    private static readonly double[] HistoricalHot = [2.5, 2.7, 2.6, 2.8, 2.9, 2.4, 2.6, 2.7, 2.5, 1.0];

    [Fact]
    public void Only_the_final_step_hot_is_a_new_hot_spot() => Assert.Equal(NewHotSpot, PatternOf(NewHot));

    [Fact]
    public void A_final_run_of_three_hot_steps_with_none_before_is_a_consecutive_hot_spot() =>
        Assert.Equal(ConsecutiveHotSpot, PatternOf(ConsecutiveHot));

    [Fact]
    public void Always_hot_and_rising_significantly_is_an_intensifying_hot_spot()
    {
        var result = Analyze(IntensifyingHot);

        Assert.Equal(IntensifyingHotSpot, result.Pattern);
        Assert.Equal(TrendDirection.Increasing, result.Trend.Direction());
    }

    [Fact]
    public void Always_hot_with_no_trend_is_a_persistent_hot_spot()
    {
        var result = Analyze(PersistentHot);

        Assert.Equal(PersistentHotSpot, result.Pattern);
        Assert.True(result.Trend.PValue > 0.05, $"trend p = {result.Trend.PValue}");
    }

    [Fact]
    public void Always_hot_and_falling_significantly_is_a_diminishing_hot_spot() =>
        Assert.Equal(DiminishingHotSpot, PatternOf(DiminishingHot));

    [Fact]
    public void Hot_on_and_off_and_hot_at_the_end_never_cold_is_a_sporadic_hot_spot() =>
        Assert.Equal(SporadicHotSpot, PatternOf(SporadicHot));

    [Fact]
    public void Hot_at_the_end_after_earlier_cold_steps_is_an_oscillating_hot_spot() =>
        Assert.Equal(OscillatingHotSpot, PatternOf(OscillatingHot));

    [Fact]
    public void Hot_nine_steps_of_ten_but_not_the_last_is_a_historical_hot_spot() =>
        Assert.Equal(HistoricalHotSpot, PatternOf(HistoricalHot));

    [Fact]
    public void Only_the_final_step_cold_is_a_new_cold_spot() => Assert.Equal(NewColdSpot, PatternOf(Negated(NewHot)));

    [Fact]
    public void A_final_run_of_cold_steps_with_none_before_is_a_consecutive_cold_spot() =>
        Assert.Equal(ConsecutiveColdSpot, PatternOf(Negated(ConsecutiveHot)));

    [Fact]
    public void Always_cold_and_getting_colder_significantly_is_an_intensifying_cold_spot() =>
        Assert.Equal(IntensifyingColdSpot, PatternOf(Negated(IntensifyingHot)));

    [Fact]
    public void Always_cold_with_no_trend_is_a_persistent_cold_spot() =>
        Assert.Equal(PersistentColdSpot, PatternOf(Negated(PersistentHot)));

    [Fact]
    public void Always_cold_and_warming_significantly_is_a_diminishing_cold_spot() =>
        Assert.Equal(DiminishingColdSpot, PatternOf(Negated(DiminishingHot)));

    [Fact]
    public void Cold_on_and_off_and_cold_at_the_end_never_hot_is_a_sporadic_cold_spot() =>
        Assert.Equal(SporadicColdSpot, PatternOf(Negated(SporadicHot)));

    [Fact]
    public void Cold_at_the_end_after_earlier_hot_steps_is_an_oscillating_cold_spot() =>
        Assert.Equal(OscillatingColdSpot, PatternOf(Negated(OscillatingHot)));

    [Fact]
    public void Cold_nine_steps_of_ten_but_not_the_last_is_a_historical_cold_spot() =>
        Assert.Equal(HistoricalColdSpot, PatternOf(Negated(HistoricalHot)));

    [Fact]
    public void Never_significant_is_no_pattern() =>
        Assert.Equal(NoPattern, PatternOf([0.5, -0.3, 0.8, 1.1, 0.2, -0.5, 0.9, 1.2, 0.4, 1.0]));

    [Fact]
    public void Hot_on_and_off_but_not_at_the_end_is_no_pattern()
    {
        // ArcGIS Pro's sporadic hot spot is "a statistically significant hot spot for the final time-step interval".
        Assert.Equal(NoPattern, PatternOf([0.3, 2.4, 0.5, 1.0, 2.2, 0.1, 0.7, 2.1, 0.4, 0.3]));
    }

    [Fact]
    public void Exactly_ninety_percent_hot_including_the_last_step_counts_as_ninety_percent()
    {
        // 9 of 10 hot: the first step is not.
        Assert.Equal(PersistentHotSpot, PatternOf([1.0, 2.5, 3.1, 2.6, 2.9, 2.4, 3.0, 2.7, 2.8, 2.6]));
    }

    [Fact]
    public void Eighty_percent_hot_in_one_final_run_is_consecutive_not_persistent()
    {
        // 8 of 10 hot, all in the final run.
        Assert.Equal(ConsecutiveHotSpot, PatternOf([1.0, 1.2, 3.1, 2.6, 2.9, 2.4, 3.0, 2.7, 2.8, 2.6]));
    }

    [Fact]
    public void Eighteen_of_twenty_is_ninety_percent_and_seventeen_is_not()
    {
        // Hot steps alternate 2.6 / 3.0 (no trend); the non-hot ones (1.0) sit in the middle.
        double[] eighteen = [2.6, 3.0, 2.6, 3.0, 2.6, 1.0, 2.6, 3.0, 2.6, 3.0, 2.6, 3.0, 1.0, 3.0, 2.6, 3.0, 2.6, 3.0, 2.6, 3.0];
        double[] seventeen = [2.6, 3.0, 2.6, 1.0, 2.6, 1.0, 2.6, 3.0, 2.6, 3.0, 2.6, 3.0, 1.0, 3.0, 2.6, 3.0, 2.6, 3.0, 2.6, 3.0];

        Assert.Equal(PersistentHotSpot, PatternOf(eighteen));
        Assert.Equal(SporadicHotSpot, PatternOf(seventeen));
    }

    [Fact]
    public void Historical_needs_ninety_percent_hot_eight_of_ten_is_no_pattern() =>
        Assert.Equal(NoPattern, PatternOf([2.5, 2.7, 2.6, 2.8, 2.9, 2.4, 2.6, 2.7, 1.5, 1.0]));

    [Fact]
    public void Ninety_percent_hot_then_cold_at_the_end_is_an_oscillating_cold_spot()
    {
        // Both "historical hot" and "oscillating cold" fit ArcGIS's wording; the final step's side wins.
        Assert.Equal(OscillatingColdSpot, PatternOf([2.5, 2.7, 2.6, 2.8, 2.9, 2.4, 2.6, 2.7, 2.5, -2.3]));
    }

    [Fact]
    public void Hot_only_at_the_end_after_a_cold_step_is_oscillating_not_new() =>
        Assert.Equal(OscillatingHotSpot, PatternOf([0.5, -2.3, 0.8, 1.1, 0.2, -0.5, 0.9, 1.2, 0.4, 2.5]));

    [Fact]
    public void A_single_hot_step_before_the_final_run_makes_it_sporadic_not_consecutive() =>
        Assert.Equal(SporadicHotSpot, PatternOf([0.5, 2.3, 0.8, 1.1, 0.2, -0.5, 0.9, 2.2, 2.4, 2.6]));

    [Fact]
    public void A_p_value_equal_to_alpha_is_significant()
    {
        double[] z = [0.1, 0.2, 0.1, 0.3, 0.2, 0.1, 0.0, 0.2, 0.1, 2.5];
        double[] p = [0.9, 0.8, 0.9, 0.7, 0.8, 0.9, 1.0, 0.8, 0.9, 0.05];

        Assert.Equal(NewHotSpot, EmergingHotSpots.Classify(z, p).Pattern);
    }

    [Fact]
    public void A_stricter_alpha_drops_weak_bins()
    {
        // z = 2.2 has p = 0.0278: hot at 0.05, not at 0.01; the final 2.6 (p = 0.0093) stays hot.
        var strict = new EmergingHotSpotOptions { Alpha = 0.01 };

        Assert.Equal(NewHotSpot, PatternOf(ConsecutiveHot, strict));
    }

    [Fact]
    public void A_stricter_trend_alpha_turns_an_intensifying_hot_spot_persistent()
    {
        var trendP = Analyze(IntensifyingHot).Trend.PValue;
        var strict = new EmergingHotSpotOptions { TrendAlpha = trendP / 2 };

        Assert.Equal(PersistentHotSpot, PatternOf(IntensifyingHot, strict));
    }

    [Fact]
    public void The_given_trend_is_used_rather_than_recomputed()
    {
        var z = PersistentHot;
        var p = z.Select(StandardNormal.TwoSidedP).ToArray();
        var rising = new MannKendallResult(z.Length, 30, 125, 2.6, 0.009, 0.67, 0.05);

        Assert.Equal(IntensifyingHotSpot, EmergingHotSpots.Classify(z, p, rising));
    }

    [Fact]
    public void The_result_counts_hot_and_cold_steps()
    {
        var result = Analyze(OscillatingHot);

        Assert.Equal((2, 2), (result.HotSteps, result.ColdSteps));
    }

    [Fact]
    public void Series_of_different_lengths_or_with_NaN_are_refused()
    {
        Assert.Throws<ArgumentException>(() => EmergingHotSpots.Classify([1.0, 2.0], [0.5]));
        Assert.Throws<ArgumentException>(() => EmergingHotSpots.Classify([1.0, double.NaN], [0.5, 0.5]));
        Assert.Throws<ArgumentException>(() => EmergingHotSpots.Classify([1.0, 2.0], [0.5, 1.5]));
        Assert.Throws<ArgumentException>(() => EmergingHotSpots.Classify([], []));
    }

    private static EmergingHotSpotPattern PatternOf(double[] z, EmergingHotSpotOptions? options = null) =>
        Analyze(z, options).Pattern;

    private static EmergingHotSpotResult Analyze(double[] z, EmergingHotSpotOptions? options = null) =>
        EmergingHotSpots.Classify(z, z.Select(StandardNormal.TwoSidedP).ToArray(), options);

    private static double[] Negated(double[] z) => z.Select(v => -v).ToArray();
}
