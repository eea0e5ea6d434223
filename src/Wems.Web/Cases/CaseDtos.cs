namespace Wems.Web.Cases;

// The wire format of /api/cases, separate from the stored model (Wems.Gis.Cases.SeizureCase) and mapped by
// hand in CaseMapping. Request fields are nullable so that a missing value is reported as a field problem
// rather than lost; enumerations travel as their lower-case codes.

/// <summary>The body of <c>POST /api/cases</c> and <c>PUT /api/cases/{id}</c>: a whole case.</summary>
/// <remarks>
/// <see cref="AgencyCode"/> and <see cref="Country"/> may be left out: they are the caller's agency and its
/// country, and a body that names others is refused. A PUT replaces the case, nominal data included.
/// </remarks>
public sealed record CaseRequest
{
    public string? Reference { get; init; }
    public string? AgencyCode { get; init; }
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
    public string? TransportMode { get; init; }
    public string? Concealment { get; init; }
    public IReadOnlyList<SpecimenDto>? Specimens { get; init; }
    public IReadOnlyList<TradeChainEntryDto>? TradeChain { get; init; }
    public OutcomeDto? Outcome { get; init; }
    public bool SharedManually { get; init; }
    public bool IccwcConsent { get; init; }
    public NominalDto? Nominal { get; init; }
}

/// <summary>A WGS84 position: x = longitude, y = latitude, in degrees.</summary>
public sealed record LocationDto(double? X, double? Y);

public sealed record SpecimenDto(string? ScientificName, string? Term, decimal? Quantity, string? Unit,
    decimal? EstimatedValue = null, string? Currency = null);

/// <summary>One country of the trade chain; <see cref="Role"/> is origin, export, transit or destination.</summary>
public sealed record TradeChainEntryDto(string? Country, string? Role, bool Custody = false, bool Intended = false);

public sealed record OutcomeDto(int Arrests = 0, string? Charges = null, string? Law = null, string? CourtOutcome = null,
    string? Sanctions = null, string? Disposal = null);

/// <summary>Nominal (personal) data: in national requests and responses only.</summary>
public sealed record NominalDto(IReadOnlyList<OffenderDto>? Offenders = null, IReadOnlyList<CompanyDto>? Companies = null,
    IReadOnlyList<ConveyanceDto>? Conveyances = null, IReadOnlyList<NoteDto>? Notes = null);

public sealed record OffenderDto(string? Name, IReadOnlyList<string>? Aliases = null, string? Sex = null, DateOnly? BirthDate = null,
    string? Nationality = null, IReadOnlyList<string>? IdentityNumbers = null, string? Role = null);

public sealed record CompanyDto(string? Name, string? RegistrationNumber = null, string? Country = null, string? Role = null);

public sealed record ConveyanceDto(string? Kind, string? Identifier, string? Description = null);

public sealed record NoteDto(string? Text, bool InformantRelated = false);

/// <summary>A problem that does not block storing the case (e.g. a point outside the stated country).</summary>
public sealed record FieldMessage(string Field, string Message);

/// <summary>A case as a national user sees it: every field, nominal data included.</summary>
public sealed record NationalCaseDto(
    Guid Id, int Version, string AgencyCode, string Reference, DateOnly Date, TimeOnly? Time, string Country, string? PlaceName,
    LocationDto Location, string LocationPrecision, string LocationType, string? DetectingAgency, string? Reason,
    string? DetectionMethod, string Status, string? TransportMode, string? Concealment, IReadOnlyList<SpecimenDto> Specimens,
    IReadOnlyList<TradeChainEntryDto> TradeChain, OutcomeDto Outcome, bool Transboundary, bool SharedManually, bool IccwcConsent,
    NominalDto Nominal, IReadOnlyList<FieldMessage> Warnings);

/// <summary>A shared case as a regional user sees it. There is no nominal field at all: not blanked, absent.</summary>
public sealed record RegionalCaseDto(
    Guid Id, int Version, string AgencyCode, string Reference, DateOnly Date, TimeOnly? Time, string Country, string? PlaceName,
    LocationDto Location, string LocationPrecision, string LocationType, string? DetectingAgency, string? Reason,
    string? DetectionMethod, string Status, string? TransportMode, string? Concealment, IReadOnlyList<SpecimenDto> Specimens,
    IReadOnlyList<TradeChainEntryDto> TradeChain, OutcomeDto Outcome, bool Transboundary);

/// <summary>One line of <c>GET /api/cases</c>, the same for every tier (no nominal data).</summary>
public sealed record CaseSummaryDto(Guid Id, int Version, string AgencyCode, string Reference, DateOnly Date, string Country,
    LocationDto Location, string LocationType, string Status, bool Transboundary);

/// <summary>A page of cases; <see cref="Next"/> is the URL of the next page (absent on the last).</summary>
public sealed record CaseListDto(IReadOnlyList<CaseSummaryDto> Items, string? Next);
