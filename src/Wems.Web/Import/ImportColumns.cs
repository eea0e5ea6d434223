using System.Globalization;
using System.Text;
using Wems.Web.Cases;

namespace Wems.Web.Import;

/// <summary>
/// The columns of the CSV and XLSX import templates: named after the case API's JSON fields (a dot for a nested
/// field), one row per specimen line. Case columns are read from the first row of a case; on its other rows they
/// may be left blank or repeat the same value. See docs/import.md.
/// </summary>
public static class ImportColumns
{
    public const string Reference = "reference";
    public const string TradeChain = "tradeChain";

    /// <summary>Columns that describe the case (one value per case reference).</summary>
    public static IReadOnlyList<string> CaseColumns { get; } =
    [
        Reference, "date", "time", "country", "agencyCode", "placeName", "location.x", "location.y", "locationPrecision",
        "locationType", "detectingAgency", "reason", "detectionMethod", "transportMode", "concealment", TradeChain,
        "outcome.arrests", "outcome.charges", "outcome.law", "outcome.courtOutcome", "outcome.sanctions", "outcome.disposal",
        "sharedManually", "iccwcConsent",
    ];

    /// <summary>Columns of one specimen line.</summary>
    public static IReadOnlyList<string> SpecimenColumns { get; } =
    [
        "specimens.scientificName", "specimens.term", "specimens.quantity", "specimens.unit", "specimens.estimatedValue",
        "specimens.currency",
    ];

    /// <summary>Every column, in template order.</summary>
    public static IReadOnlyList<string> All { get; } = [.. CaseColumns, .. SpecimenColumns];

    /// <summary>
    /// The template column of a problem's field path (<c>specimens[2].quantity</c> → <c>specimens.quantity</c>,
    /// <c>tradeChain[1].role</c> → <c>tradeChain</c>, <c>location</c> → <c>location.x</c>) and the specimen line it
    /// concerns (null for a case field).
    /// </summary>
    public static (string Column, int? Line) ColumnOf(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        if (field.StartsWith("specimens[", StringComparison.Ordinal))
        {
            var close = field.IndexOf(']', StringComparison.Ordinal);
            var line = int.Parse(field.AsSpan(10, close - 10), CultureInfo.InvariantCulture);
            return ("specimens" + field[(close + 1)..], line);
        }

        return field switch
        {
            "specimens" => ("specimens.scientificName", null),
            "location" => ("location.x", null),
            _ when field.StartsWith(TradeChain, StringComparison.Ordinal) => (TradeChain, null),
            _ => (field, null),
        };
    }

    /// <summary>The compact trade-chain text: <c>KE:origin>TZ:transit+custody>CN:destination+intended</c>.</summary>
    public static string FormatChain(IEnumerable<TradeChainEntryDto> chain) => string.Join('>', chain.Select(t =>
        $"{t.Country}:{t.Role}{(t.Custody ? "+custody" : "")}{(t.Intended ? "+intended" : "")}"));

    /// <summary>Reads the compact trade-chain text; null (with <paramref name="error"/>) when malformed.</summary>
    public static List<TradeChainEntryDto>? ParseChain(string text, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        error = null;
        var chain = new List<TradeChainEntryDto>();
        foreach (var part in text.Split('>', StringSplitOptions.TrimEntries))
        {
            var flags = part.Split('+', StringSplitOptions.TrimEntries);
            var pair = flags[0].Split(':', StringSplitOptions.TrimEntries);
            var unknown = flags.Skip(1).FirstOrDefault(f => f is not ("custody" or "intended"));
            if (pair.Length != 2 || pair[0].Length == 0 || pair[1].Length == 0 || unknown is not null)
            {
                error = $"'{part}' is not COUNTRY:role[+custody][+intended] (e.g. KE:origin>TZ:transit>CN:destination).";
                return null;
            }

            chain.Add(new TradeChainEntryDto(pair[0], pair[1], flags.Contains("custody"), flags.Contains("intended")));
        }

        return chain;
    }

    /// <summary>The cells of a case's rows, one row per specimen line (at least one row), in <see cref="All"/> order.</summary>
    public static IEnumerable<string[]> Rows(CaseRequest c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var ci = CultureInfo.InvariantCulture;
        var outcome = c.Outcome ?? new OutcomeDto();
        string[] head =
        [
            c.Reference ?? "", c.Date?.ToString("yyyy-MM-dd", ci) ?? "", c.Time?.ToString("HH:mm", ci) ?? "", c.Country ?? "",
            c.AgencyCode ?? "", c.PlaceName ?? "", c.Location?.X?.ToString("R", ci) ?? "", c.Location?.Y?.ToString("R", ci) ?? "",
            c.LocationPrecision ?? "", c.LocationType ?? "", c.DetectingAgency ?? "", c.Reason ?? "", c.DetectionMethod ?? "",
            c.TransportMode ?? "", c.Concealment ?? "", FormatChain(c.TradeChain ?? []), outcome.Arrests.ToString(ci),
            outcome.Charges ?? "", outcome.Law ?? "", outcome.CourtOutcome ?? "", outcome.Sanctions ?? "", outcome.Disposal ?? "",
            c.SharedManually ? "true" : "false", c.IccwcConsent ? "true" : "false",
        ];
        var specimens = c.Specimens is { Count: > 0 } s ? s : [new SpecimenDto(null, null, null, null)];
        foreach (var line in specimens)
        {
            yield return
            [
                .. head, line.ScientificName ?? "", line.Term ?? "", line.Quantity?.ToString(ci) ?? "", line.Unit ?? "",
                line.EstimatedValue?.ToString(ci) ?? "", line.Currency ?? "",
            ];
        }
    }

    /// <summary>A short description of every column, for the templates' documentation sheet.</summary>
    public static IReadOnlyDictionary<string, string> Descriptions { get; } = new Dictionary<string, string>
    {
        [Reference] = "case reference, unique within your agency (required); rows with the same reference are one case",
        ["date"] = "date of the seizure, yyyy-MM-dd (required)",
        ["time"] = "local time, HH:mm (optional)",
        ["country"] = "ISO 3166-1 alpha-2 code of the country of seizure; your agency's country (default)",
        ["agencyCode"] = "your agency's code (default); another agency is refused",
        ["placeName"] = "place name (optional)",
        ["location.x"] = "longitude, WGS84 decimal degrees (required)",
        ["location.y"] = "latitude, WGS84 decimal degrees (required)",
        ["locationPrecision"] = "exact (default), approximate or admin-area-centroid",
        ["locationType"] = "code of the location-type list, e.g. airport, seaport, land-border-post, protected-area (required)",
        ["detectingAgency"] = "name of the detecting agency or unit, when not yours (optional)",
        ["reason"] = "code of the seizure-reason list (optional)",
        ["detectionMethod"] = "code of the detection-method list (optional)",
        ["transportMode"] = "code of the transport-mode list (optional)",
        ["concealment"] = "code of the concealment-method list (optional)",
        [TradeChain] = "countries from origin to destination: KE:origin>TZ:transit+custody>CN:destination+intended (optional)",
        ["outcome.arrests"] = "number of arrests (default 0)",
        ["outcome.charges"] = "charges (optional)",
        ["outcome.law"] = "law applied (optional)",
        ["outcome.courtOutcome"] = "court outcome (optional)",
        ["outcome.sanctions"] = "sanctions (optional)",
        ["outcome.disposal"] = "code of the disposal list (optional)",
        ["sharedManually"] = "true to share the case with the region by hand (default false)",
        ["iccwcConsent"] = "true when the case may go into the CITES annual illegal trade report (default false)",
        ["specimens.scientificName"] = "species or higher taxon of the species list (required, one per row)",
        ["specimens.term"] = "CITES term code, e.g. TUS, IVC, SCA, LIV (required)",
        ["specimens.quantity"] = "amount, greater than 0 (required)",
        ["specimens.unit"] = "CITES unit code, e.g. KIL; blank for a number of specimens",
        ["specimens.estimatedValue"] = "estimated value (optional)",
        ["specimens.currency"] = "ISO 4217 currency of the estimated value, e.g. USD",
    };

    /// <summary>The template as CSV text: the header and an example case of two specimen lines.</summary>
    public static string CsvTemplate()
    {
        var text = new StringBuilder();
        text.Append(Wems.Gis.Reports.CsvText.Record(All)).Append("\r\n");
        foreach (var row in Example.SelectMany(Rows))
        {
            text.Append(Wems.Gis.Reports.CsvText.Record(row)).Append("\r\n");
        }

        return text.ToString();
    }

    /// <summary>The example cases of the templates: valid for the Kenya Wildlife Service (KWS).</summary>
    public static IReadOnlyList<CaseRequest> Example { get; } =
    [
        new()
        {
            Reference = "KWS-2024-0001", Date = new DateOnly(2024, 3, 14), Time = new TimeOnly(6, 45), Country = "KE",
            PlaceName = "Jomo Kenyatta International Airport", Location = new LocationDto(36.9278, -1.3192),
            LocationPrecision = "exact", LocationType = "airport", Reason = "undeclared", DetectionMethod = "x-ray",
            TransportMode = "air-passenger-baggage", Concealment = "suitcase",
            TradeChain = [new("KE", "origin"), new("AE", "transit", Intended: true), new("CN", "destination", Intended: true)],
            Specimens = [new SpecimenDto("Loxodonta africana", "IVC", 12.5m, "KIL", 15000m, "USD"), new SpecimenDto("Smutsia temminckii", "SCA", 3m, "KIL")],
            Outcome = new OutcomeDto(Arrests: 1, Law: "Wildlife Conservation and Management Act 2013"),
            IccwcConsent = true,
        },
    ];
}
