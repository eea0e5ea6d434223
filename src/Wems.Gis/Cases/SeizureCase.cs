namespace Wems.Gis.Cases;

/// <summary>
/// One seizure event, as an Ecomessage-aligned record: the event, its specimen lines, the trade chain,
/// the outcome, the sharing flags and (national tier only) the nominal data.
/// </summary>
/// <remarks>
/// Countries are ISO 3166-1 alpha-2 codes. <see cref="Location"/> is WGS84 with x = longitude,
/// y = latitude. Codes (terms, units, transport modes, ...) are validated against the reference tables
/// by <see cref="CaseValidator"/>; the record itself holds plain strings so that a bad value can be
/// reported rather than lost.
/// </remarks>
public sealed record SeizureCase
{
    /// <summary>Server-assigned identity; stable across exchange between servers.</summary>
    public Guid Id { get; init; }

    /// <summary>Code of the agency that recorded the case (owner of <see cref="Reference"/>).</summary>
    public required string AgencyCode { get; init; }

    /// <summary>Case reference, unique within the agency.</summary>
    public required string Reference { get; init; }

    /// <summary>Date of the seizure (local date at the place of seizure).</summary>
    public required DateOnly Date { get; init; }

    /// <summary>Time of the seizure when known.</summary>
    public TimeOnly? Time { get; init; }

    /// <summary>ISO alpha-2 code of the country where the seizure took place.</summary>
    public required string Country { get; init; }

    public string? PlaceName { get; init; }

    /// <summary>Where the seizure took place, WGS84 (x = longitude, y = latitude).</summary>
    public required GeoPoint Location { get; init; }

    public LocationPrecision LocationPrecision { get; init; } = LocationPrecision.Exact;

    /// <summary>Code from the location-type vocabulary (airport, seaport, land-border-post, ...).</summary>
    public required string LocationType { get; init; }

    /// <summary>Name of the detecting agency or unit, when not the recording agency.</summary>
    public string? DetectingAgency { get; init; }

    /// <summary>Code from the seizure-reason vocabulary.</summary>
    public string? Reason { get; init; }

    /// <summary>Code from the detection-method vocabulary.</summary>
    public string? DetectionMethod { get; init; }

    public CaseStatus Status { get; init; } = CaseStatus.Open;

    /// <summary>Code from the transport-mode vocabulary.</summary>
    public string? TransportMode { get; init; }

    /// <summary>Code from the concealment-method vocabulary.</summary>
    public string? Concealment { get; init; }

    public IReadOnlyList<SpecimenLine> Specimens { get; init; } = [];

    /// <summary>The countries of the trade chain, in order from origin to destination.</summary>
    public IReadOnlyList<TradeChainEntry> TradeChain { get; init; } = [];

    public CaseOutcome Outcome { get; init; } = new();

    /// <summary>Set by a national user to share a case that the rules do not mark transboundary.</summary>
    public bool SharedManually { get; init; }

    /// <summary>ICCWC consent: may the case be included in the CITES annual illegal trade report.</summary>
    public bool IccwcConsent { get; init; }

    /// <summary>Nominal data; never leaves the national tier. Null where the caller may not see it.</summary>
    public NominalData? Nominal { get; init; }
}

/// <summary>A WGS84 position: x = longitude, y = latitude, in degrees.</summary>
public readonly record struct GeoPoint(double X, double Y);

/// <summary>How precisely <see cref="SeizureCase.Location"/> is known.</summary>
public enum LocationPrecision
{
    Exact,
    Approximate,
    AdminAreaCentroid,
}

public enum CaseStatus
{
    Open,
    Closed,
}

/// <summary>One specimen line of a case.</summary>
/// <param name="ScientificName">Species or higher taxon, as in the species reference list.</param>
/// <param name="Term">CITES term code (TUS, IVC, SCA, LIV, ...).</param>
/// <param name="Quantity">Amount, strictly positive.</param>
/// <param name="Unit">CITES unit code (KIL, MTR, CUM, ...); null means a number of specimens.</param>
/// <param name="EstimatedValue">Estimated value in <paramref name="Currency"/>, if known.</param>
/// <param name="Currency">ISO 4217 currency code of the estimated value.</param>
public sealed record SpecimenLine(
    string ScientificName,
    string Term,
    decimal Quantity,
    string? Unit,
    decimal? EstimatedValue = null,
    string? Currency = null);

/// <summary>Role of a country in a trade chain, as ETIS records it.</summary>
public enum TradeRole
{
    Origin,
    Export,
    Transit,
    Destination,
}

/// <summary>One country of a trade chain.</summary>
/// <param name="Country">ISO alpha-2 code.</param>
/// <param name="Role">Origin, export, transit or destination.</param>
/// <param name="Custody">Whether the country had the consignment in its custody (a seizure opportunity).</param>
/// <param name="Intended">Whether this leg lies after the seizure point (planned, not travelled).</param>
public sealed record TradeChainEntry(string Country, TradeRole Role, bool Custody, bool Intended);

/// <summary>What happened after the seizure.</summary>
public sealed record CaseOutcome
{
    public int Arrests { get; init; }
    public string? Charges { get; init; }
    public string? Law { get; init; }
    public string? CourtOutcome { get; init; }
    public string? Sanctions { get; init; }

    /// <summary>Code from the disposal vocabulary.</summary>
    public string? Disposal { get; init; }
}

/// <summary>Nominal (personal) data of a case: national tier only.</summary>
public sealed record NominalData
{
    public IReadOnlyList<Offender> Offenders { get; init; } = [];
    public IReadOnlyList<Company> Companies { get; init; } = [];
    public IReadOnlyList<Conveyance> Conveyances { get; init; } = [];
    public IReadOnlyList<InvestigatorNote> Notes { get; init; } = [];
}

public sealed record Offender(
    string Name,
    IReadOnlyList<string> Aliases,
    string? Sex,
    DateOnly? BirthDate,
    string? Nationality,
    IReadOnlyList<string> IdentityNumbers,
    string? Role);

public sealed record Company(string Name, string? RegistrationNumber, string? Country, string? Role);

/// <summary>A vehicle or other conveyance: registration, flight, vessel or container.</summary>
public sealed record Conveyance(string Kind, string Identifier, string? Description);

/// <summary>Free-text investigator note; <paramref name="InformantRelated"/> marks informant material.</summary>
public sealed record InvestigatorNote(string Text, bool InformantRelated);
