using Wems.Gis.Cases;

namespace Wems.Gis.Analysis.Corridors;

/// <summary>
/// One directed leg of a trade chain, between two consecutive distinct countries.
/// </summary>
/// <param name="From">ISO alpha-2 code of the country the leg leaves.</param>
/// <param name="To">ISO alpha-2 code of the country the leg enters.</param>
/// <param name="Intended">
/// True when the leg lies after the seizure point (planned, never travelled); false when it was travelled.
/// </param>
/// <param name="StartsAtSeizure">True when the leg leaves the seizure country: it starts at the seizure location.</param>
/// <param name="EndsAtSeizure">True when the leg enters the seizure country: it ends at the seizure location.</param>
public readonly record struct TradeLeg(string From, string To, bool Intended, bool StartsAtSeizure, bool EndsAtSeizure);

/// <summary>The legs of one case, with the case's date, seizure point and weight measures.</summary>
/// <param name="CaseId">Identity of the case.</param>
/// <param name="Date">Date of the seizure.</param>
/// <param name="SeizureCountry">ISO alpha-2 code of the country where the case was seized.</param>
/// <param name="SeizureLocation">Seizure location, WGS84 (x = longitude, y = latitude).</param>
/// <param name="Measures">The case's weights, shared by all its legs.</param>
/// <param name="Legs">Legs in chain order, origin first; empty for a domestic case.</param>
public sealed record CaseLegs(
    Guid CaseId,
    DateOnly Date,
    string SeizureCountry,
    GeoPoint SeizureLocation,
    CaseMeasures Measures,
    IReadOnlyList<TradeLeg> Legs)
{
    /// <summary>
    /// The end points of <paramref name="leg"/> for drawing: the seizure location at the end that touches the
    /// seizure point, the country's representative point (from <paramref name="countryPoints"/>, WGS84) at the
    /// other. Null when a needed country has no representative point.
    /// </summary>
    public (GeoPoint From, GeoPoint To)? Endpoints(TradeLeg leg, IReadOnlyDictionary<string, GeoPoint> countryPoints)
    {
        ArgumentNullException.ThrowIfNull(countryPoints);
        GeoPoint from, to;
        if (leg.StartsAtSeizure)
        {
            from = SeizureLocation;
        }
        else if (!countryPoints.TryGetValue(leg.From, out from))
        {
            return null;
        }

        if (leg.EndsAtSeizure)
        {
            to = SeizureLocation;
        }
        else if (!countryPoints.TryGetValue(leg.To, out to))
        {
            return null;
        }

        return (from, to);
    }
}

/// <summary>A value in a currency other than the one chosen for <see cref="CaseMeasures.Value"/>.</summary>
/// <param name="Currency">ISO 4217 code as recorded; empty when a value was recorded without a currency.</param>
/// <param name="Value">Sum of the estimated values recorded in that currency.</param>
public readonly record struct CurrencyAmount(string Currency, double Value);

/// <summary>
/// The weights of a case: every case counts 1; quantity in kilograms; number of specimens; estimated value.
/// </summary>
/// <param name="QuantityKg">
/// Sum over specimen lines whose unit is a mass: KIL as is, GRM / 1,000, MGM / 1,000,000. Lines in other units
/// (MTR, CUM, LTR, ...) add nothing.
/// </param>
/// <param name="Specimens">Sum of the quantities of lines with no unit (null, blank or NO): a number of specimens.</param>
/// <param name="Value">Sum of the estimated values of lines recorded in <paramref name="Currency"/>.</param>
/// <param name="Currency">The currency of <paramref name="Value"/> (<see cref="TradeLegOptions.ValueCurrency"/>).</param>
/// <param name="OtherValues">
/// Values recorded in other currencies, one entry per currency, not converted (a pure function has no
/// exchange rates); empty in the usual case.
/// </param>
/// <param name="Commodities">
/// The same measures split by (commodity group, species), one entry per distinct pair, in the order first met.
/// Empty when the case has no specimen lines.
/// </param>
public sealed record CaseMeasures(
    double QuantityKg,
    double Specimens,
    double Value,
    string Currency,
    IReadOnlyList<CurrencyAmount> OtherValues,
    IReadOnlyList<CommodityShare> Commodities);

/// <summary>The part of a case's measures that falls on one commodity group and species.</summary>
/// <param name="Group">Commodity group from the caller's mapping of scientific names (ivory, pangolin, ...).</param>
/// <param name="Species">Scientific name as recorded on the specimen lines.</param>
/// <param name="QuantityKg">Kilograms of this species (same rule as <see cref="CaseMeasures.QuantityKg"/>).</param>
/// <param name="Specimens">Specimens of this species.</param>
/// <param name="Value">Value of this species' lines in <see cref="CaseMeasures.Currency"/>.</param>
/// <param name="OtherValues">Values of this species' lines in other currencies.</param>
public sealed record CommodityShare(
    string Group,
    string Species,
    double QuantityKg,
    double Specimens,
    double Value,
    IReadOnlyList<CurrencyAmount> OtherValues);

/// <summary>Options for <see cref="TradeLegs.Build"/>.</summary>
public sealed record TradeLegOptions
{
    /// <summary>
    /// ISO 4217 code of the currency summed into <see cref="CaseMeasures.Value"/> (default USD). Values in
    /// other currencies go to <see cref="CaseMeasures.OtherValues"/>; convert the lines first to get one total,
    /// or build once per currency to get totals per currency.
    /// </summary>
    public string ValueCurrency { get; init; } = "USD";
}
