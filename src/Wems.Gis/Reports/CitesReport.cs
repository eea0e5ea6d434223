using System.Globalization;

namespace Wems.Gis.Reports;

/// <summary>
/// One row of the CITES Annual Illegal Trade Report: one specimen line of a case that has ICCWC consent,
/// with the case's event, trade chain and outcome flattened into text.
/// </summary>
/// <remarks>
/// Trade-chain countries are ISO alpha-2 codes joined with <c>"; "</c> in chain order: <see cref="Origin"/> holds the
/// countries with role origin, <see cref="Transit"/> those with role export or transit, <see cref="Destination"/>
/// those with role destination. <see cref="Longitude"/> and <see cref="Latitude"/> are WGS84 degrees.
/// </remarks>
public sealed record CitesReportRow(
    string Reference,
    DateOnly Date,
    string DetectingAgency,
    string? PlaceName,
    double Longitude,
    double Latitude,
    string ScientificName,
    string Term,
    decimal Quantity,
    string? Unit,
    decimal? EstimatedValue,
    string? Currency,
    string? Reason,
    string? DetectionMethod,
    string? TransportMode,
    string? Concealment,
    string? Origin,
    string? Transit,
    string? Destination,
    string? OffenderNationalities,
    string? Law,
    string? Sanctions,
    string? Disposal,
    string? AdditionalInformation);

/// <summary>A column of the report: its header and how a row fills it (a string, a decimal or null).</summary>
public sealed record CitesReportColumn(string Header, Func<CitesReportRow, object?> Value);

/// <summary>The report of one party and year: its rows and what the cover sheet says.</summary>
/// <param name="Country">ISO alpha-2 code of the party.</param>
/// <param name="CountryName">English name of the party.</param>
/// <param name="Year">The calendar year reported.</param>
/// <param name="Agency">The agency that produced the report.</param>
/// <param name="Rows">One row per specimen line, by date, case reference and line.</param>
/// <param name="CasesWithoutConsent">Cases of that country and year left out because they lack ICCWC consent.</param>
public sealed record CitesReport(string Country, string CountryName, int Year, string Agency, IReadOnlyList<CitesReportRow> Rows,
    int CasesWithoutConsent)
{
    /// <summary>
    /// The report's columns, in order: the only place where they are defined. The order of the official CITES
    /// template was not verified (see docs/reports.md); change it here and every format follows.
    /// </summary>
    public static IReadOnlyList<CitesReportColumn> Columns { get; } =
    [
        new("Date", r => r.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        new("Detecting agency", r => r.DetectingAgency),
        new("Location", r => r.PlaceName),
        new("Longitude", r => Math.Round(r.Longitude, 6)),
        new("Latitude", r => Math.Round(r.Latitude, 6)),
        new("Species", r => r.ScientificName),
        new("Description (CITES term)", r => r.Term),
        new("Quantity", r => r.Quantity),
        new("Unit (CITES code; blank = number)", r => r.Unit == "NO" ? null : r.Unit),
        new("Estimated value", r => r.EstimatedValue),
        new("Currency", r => r.Currency),
        new("Reason for seizure", r => r.Reason),
        new("Detection method", r => r.DetectionMethod),
        new("Mode of transport", r => r.TransportMode),
        new("Method of concealment", r => r.Concealment),
        new("Alleged origin", r => r.Origin),
        new("Transit countries", r => r.Transit),
        new("Alleged destination", r => r.Destination),
        new("Offender nationalities", r => r.OffenderNationalities),
        new("Law", r => r.Law),
        new("Sanctions", r => r.Sanctions),
        new("Disposal", r => r.Disposal),
        new("Additional information", r => r.AdditionalInformation),
    ];

    /// <summary>The note on ICCWC consent printed on the cover sheet.</summary>
    public string ConsentNote => string.Create(CultureInfo.InvariantCulture,
        $"Only cases with ICCWC consent are included; {CasesWithoutConsent} case(s) of {Year} without consent were left out.");

    /// <summary>The cover sheet, as label/value pairs in order.</summary>
    public IReadOnlyList<(string Label, string Value)> Cover =>
    [
        ("Report", "CITES Annual Illegal Trade Report"),
        ("Party", $"{CountryName} ({Country})"),
        ("Period", string.Create(CultureInfo.InvariantCulture, $"{Year}-01-01 to {Year}-12-31")),
        ("Agency", Agency),
        ("Number of rows", Rows.Count.ToString(CultureInfo.InvariantCulture)),
        ("ICCWC consent", ConsentNote),
    ];

    /// <summary>The value of a cell as CSV text: invariant culture, decimals without grouping, null as empty.</summary>
    public static string Text(object? value) => value switch
    {
        null => "",
        decimal d => d.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
