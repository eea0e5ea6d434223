using System.Text.Json;
using System.Text.Json.Serialization;
using Wems.Gis.Cases;
using Wems.Gis.Storage;
using Wems.Web.Cases;

namespace Wems.Web.Reports;

// The Ecomessage-style exchange package (docs/ecomessage.schema.json), mapped by hand from and to the stored
// case model. A case's fields reuse the case API's DTOs; nominal data appear only in a nominal package.

/// <summary>An exchange package: who sent it, when, and its cases.</summary>
public sealed record EcomessagePackage(string? SchemaVersion, DateTimeOffset? ExportedAt, EcomessageOrigin? Origin,
    IReadOnlyList<EcomessageCase>? Cases);

/// <summary>The sender: its country (absent for a regional hub), agency (or regional organisation) and server.</summary>
public sealed record EcomessageOrigin(string? Country, string? Agency, string? Server);

/// <summary>
/// One case of a package. Provenance is <see cref="AgencyCode"/> + <see cref="Reference"/> (the agency fixes the
/// country). <see cref="Nominal"/> is left out of the JSON unless the package is nominal.
/// </summary>
public sealed record EcomessageCase
{
    public Guid? Id { get; init; }
    public string? AgencyCode { get; init; }
    public string? Reference { get; init; }
    public string? Country { get; init; }
    public DateOnly? Date { get; init; }
    public TimeOnly? Time { get; init; }
    public string? PlaceName { get; init; }
    public LocationDto? Location { get; init; }
    public string? LocationPrecision { get; init; }
    public string? LocationType { get; init; }
    public string? DetectingAgency { get; init; }
    public string? Reason { get; init; }
    public string? DetectionMethod { get; init; }
    public string? Status { get; init; }
    public string? TransportMode { get; init; }
    public string? Concealment { get; init; }
    public IReadOnlyList<SpecimenDto>? Specimens { get; init; }
    public IReadOnlyList<TradeChainEntryDto>? TradeChain { get; init; }
    public OutcomeDto? Outcome { get; init; }
    public bool? Transboundary { get; init; }
    public bool SharedManually { get; init; }
    public bool IccwcConsent { get; init; }
    public NominalDto? Nominal { get; init; }
}

/// <summary>Writing and reading packages.</summary>
public static class Ecomessage
{
    /// <summary>The version of the package format written here (the schema's <c>schemaVersion</c>).</summary>
    public const string SchemaVersion = "1.0";

    /// <summary>camelCase, nulls left out, and (on reading) no unknown member silently dropped.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        WriteIndented = true,
    };

    /// <summary>A package of <paramref name="cases"/>; their nominal data are included only when present.</summary>
    public static EcomessagePackage Package(EcomessageOrigin origin, IEnumerable<StoredCase> cases, DateTimeOffset exportedAt) =>
        new(SchemaVersion, exportedAt, origin, cases.Select(ToMessage).ToList());

    private static EcomessageCase ToMessage(StoredCase stored)
    {
        var c = CaseMapping.ToNational(stored, []);
        return new EcomessageCase
        {
            Id = c.Id, AgencyCode = c.AgencyCode, Reference = c.Reference, Country = c.Country, Date = c.Date, Time = c.Time,
            PlaceName = c.PlaceName, Location = c.Location, LocationPrecision = c.LocationPrecision, LocationType = c.LocationType,
            DetectingAgency = c.DetectingAgency, Reason = c.Reason, DetectionMethod = c.DetectionMethod, Status = c.Status,
            TransportMode = c.TransportMode, Concealment = c.Concealment, Specimens = c.Specimens, TradeChain = c.TradeChain,
            Outcome = c.Outcome, Transboundary = stored.Transboundary, SharedManually = c.SharedManually, IccwcConsent = c.IccwcConsent,
            Nominal = stored.Case.Nominal is null ? null : c.Nominal,
        };
    }

    /// <summary>
    /// The case a package case describes, with the problems found while reading it (field paths relative to the
    /// case). Validation against the reference data is the caller's (<see cref="CaseValidator"/>).
    /// </summary>
    public static SeizureCase ToCase(EcomessageCase m, List<FieldProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(m);
        ArgumentNullException.ThrowIfNull(problems);
        var request = new CaseRequest
        {
            Reference = m.Reference, AgencyCode = m.AgencyCode ?? "", Country = m.Country ?? "", Date = m.Date, Time = m.Time,
            PlaceName = m.PlaceName, Location = m.Location, LocationPrecision = m.LocationPrecision, LocationType = m.LocationType,
            DetectingAgency = m.DetectingAgency, Reason = m.Reason, DetectionMethod = m.DetectionMethod, TransportMode = m.TransportMode,
            Concealment = m.Concealment, Specimens = m.Specimens, TradeChain = m.TradeChain, Outcome = m.Outcome,
            SharedManually = m.SharedManually, IccwcConsent = m.IccwcConsent, Nominal = m.Nominal,
        };
        var seizure = CaseMapping.ToCase(request, new CallerScope(Tier.National, "import"), problems);
        var status = m.Status switch
        {
            null or "open" => CaseStatus.Open,
            "closed" => CaseStatus.Closed,
            var s => Invalid(problems, s),
        };
        return seizure with { Id = m.Id ?? Guid.Empty, Status = status };
    }

    private static CaseStatus Invalid(List<FieldProblem> problems, string status)
    {
        problems.Add(new FieldProblem("status", $"'{status}' is not one of open, closed."));
        return CaseStatus.Open;
    }
}
