namespace Wems.Gis.Analysis.Corridors;

/// <summary>
/// The legs of many cases on one directed country pair, summed; optionally for one period, commodity group and
/// species.
/// </summary>
/// <param name="From">ISO alpha-2 code of the country the flow leaves.</param>
/// <param name="To">ISO alpha-2 code of the country the flow enters.</param>
/// <param name="PeriodStart">First day of the month, quarter or year of the cases; null when not split by period.</param>
/// <param name="CommodityGroup">Commodity group; null when not split by group; empty for cases with no specimen lines.</param>
/// <param name="Species">Scientific name; null when not split by species; empty for cases with no specimen lines.</param>
/// <param name="Cases">Number of cases with at least one leg on the pair (each case counts once).</param>
/// <param name="TravelledCases">Of <paramref name="Cases"/>, those with a travelled leg on the pair.</param>
/// <param name="QuantityKg">Sum of the cases' kilograms (or of the group's or species' share of them).</param>
/// <param name="Specimens">Sum of the cases' number of specimens.</param>
/// <param name="Value">Sum of the cases' estimated values in the legs' chosen currency.</param>
/// <param name="OtherValues">Sums of values in other currencies, by currency; empty in the usual case.</param>
/// <param name="CaseIds">The cases, in input order; empty when <see cref="CorridorOptions.KeepCaseIds"/> is off.</param>
public sealed record CorridorFlow(
    string From,
    string To,
    DateOnly? PeriodStart,
    string? CommodityGroup,
    string? Species,
    int Cases,
    int TravelledCases,
    double QuantityKg,
    double Specimens,
    double Value,
    IReadOnlyDictionary<string, double> OtherValues,
    IReadOnlyList<Guid> CaseIds)
{
    /// <summary>The flow's weight by <paramref name="by"/>.</summary>
    public double Weight(FlowWeight by) => by switch
    {
        FlowWeight.Cases => Cases,
        FlowWeight.QuantityKg => QuantityKg,
        FlowWeight.Specimens => Specimens,
        FlowWeight.Value => Value,
        _ => throw new ArgumentOutOfRangeException(nameof(by), by, "Unknown flow weight."),
    };
}

/// <summary>Which measure weighs a flow.</summary>
public enum FlowWeight
{
    /// <summary>Number of cases.</summary>
    Cases,

    /// <summary>Quantity in kilograms.</summary>
    QuantityKg,

    /// <summary>Number of specimens.</summary>
    Specimens,

    /// <summary>Estimated value in the chosen currency.</summary>
    Value,
}

/// <summary>The time bucket that flows are split by, from the case date.</summary>
public enum CorridorPeriod
{
    /// <summary>No split: all dates together.</summary>
    None,

    /// <summary>Calendar month.</summary>
    Month,

    /// <summary>Calendar quarter (January, April, July, October).</summary>
    Quarter,

    /// <summary>Calendar year.</summary>
    Year,
}

/// <summary>Options for <see cref="CorridorAggregation.Aggregate"/>.</summary>
public sealed record CorridorOptions
{
    /// <summary>Split flows by month, quarter or year of the case date. Default: no split.</summary>
    public CorridorPeriod Period { get; init; } = CorridorPeriod.None;

    /// <summary>Split flows by commodity group; a case's measures go to each group by its share.</summary>
    public bool ByCommodityGroup { get; init; }

    /// <summary>Split flows by species; a case's measures go to each species by its share.</summary>
    public bool BySpecies { get; init; }

    /// <summary>Keep travelled legs only, dropping the intended ones after the seizure point.</summary>
    public bool TravelledOnly { get; init; }

    /// <summary>Keep the list of case ids on each flow (default); when off, only the count is kept.</summary>
    public bool KeepCaseIds { get; init; } = true;
}
