using Wems.Gis.Cases;
using Wems.Gis.Storage;

namespace Wems.Web.Cases;

/// <summary>Hand-written mapping between the wire DTOs and the stored case model.</summary>
internal static class CaseMapping
{
    private static readonly string[] Precisions = ["exact", "approximate", "admin-area-centroid"];
    private static readonly string[] Roles = ["origin", "export", "transit", "destination"];

    /// <summary>
    /// The case a request describes, with the problems found while reading it (a missing location or date,
    /// an unknown enumeration code). Agency and country default to the caller's.
    /// </summary>
    public static SeizureCase ToCase(CaseRequest r, CallerScope scope, List<FieldProblem> problems)
    {
        if (r.Location is not { X: not null, Y: not null })
        {
            problems.Add(new FieldProblem("location", "is required: {\"x\": longitude, \"y\": latitude} in WGS84 degrees."));
        }

        if (r.Date is null)
        {
            problems.Add(new FieldProblem("date", "is required (yyyy-MM-dd)."));
        }

        var chain = new List<TradeChainEntry>();
        for (var i = 0; i < (r.TradeChain?.Count ?? 0); i++)
        {
            var t = r.TradeChain![i];
            chain.Add(new TradeChainEntry(t.Country ?? "", Parse(t.Role, Roles, RoleOf, $"tradeChain[{i}].role", problems, TradeRole.Origin),
                t.Custody, t.Intended));
        }

        var outcome = r.Outcome ?? new OutcomeDto();
        return new SeizureCase
        {
            AgencyCode = r.AgencyCode ?? scope.Agency ?? "",
            Reference = r.Reference ?? "",
            Date = r.Date ?? DateOnly.MinValue,
            Time = r.Time,
            Country = r.Country ?? scope.Country ?? "",
            PlaceName = r.PlaceName,
            Location = new GeoPoint(r.Location?.X ?? double.NaN, r.Location?.Y ?? double.NaN),
            LocationPrecision = Parse(r.LocationPrecision ?? "exact", Precisions, PrecisionOf, "locationPrecision", problems, LocationPrecision.Exact),
            LocationType = r.LocationType ?? "",
            DetectingAgency = r.DetectingAgency,
            Reason = r.Reason,
            DetectionMethod = r.DetectionMethod,
            TransportMode = r.TransportMode,
            Concealment = r.Concealment,
            Specimens = (r.Specimens ?? []).Select(s => new SpecimenLine(s.ScientificName ?? "", s.Term ?? "", s.Quantity ?? 0, s.Unit,
                s.EstimatedValue, s.Currency)).ToList(),
            TradeChain = chain,
            Outcome = new CaseOutcome
            {
                Arrests = outcome.Arrests, Charges = outcome.Charges, Law = outcome.Law, CourtOutcome = outcome.CourtOutcome,
                Sanctions = outcome.Sanctions, Disposal = outcome.Disposal,
            },
            SharedManually = r.SharedManually,
            IccwcConsent = r.IccwcConsent,
            Nominal = r.Nominal is { } n ? ToNominal(n) : null,
        };
    }

    private static NominalData ToNominal(NominalDto n) => new()
    {
        Offenders = (n.Offenders ?? []).Select(o => new Offender(o.Name ?? "", o.Aliases ?? [], o.Sex, o.BirthDate, o.Nationality,
            o.IdentityNumbers ?? [], o.Role)).ToList(),
        Companies = (n.Companies ?? []).Select(c => new Company(c.Name ?? "", c.RegistrationNumber, c.Country, c.Role)).ToList(),
        Conveyances = (n.Conveyances ?? []).Select(c => new Conveyance(c.Kind ?? "", c.Identifier ?? "", c.Description)).ToList(),
        Notes = (n.Notes ?? []).Select(t => new InvestigatorNote(t.Text ?? "", t.InformantRelated)).ToList(),
    };

    private static T Parse<T>(string? code, string[] allowed, Func<string, T> of, string field, List<FieldProblem> problems, T fallback)
    {
        if (code is not null && allowed.Contains(code))
        {
            return of(code);
        }

        problems.Add(new FieldProblem(field, code is null ? "is required." : $"'{code}' is not one of {string.Join(", ", allowed)}."));
        return fallback;
    }

    private static TradeRole RoleOf(string code) => Enum.Parse<TradeRole>(code, ignoreCase: true);

    private static LocationPrecision PrecisionOf(string code) =>
        code == "admin-area-centroid" ? LocationPrecision.AdminAreaCentroid : Enum.Parse<LocationPrecision>(code, ignoreCase: true);

    private static string CodeOf(LocationPrecision p) => p == LocationPrecision.AdminAreaCentroid ? "admin-area-centroid" : p.ToString().ToLowerInvariant();

    public static NationalCaseDto ToNational(StoredCase stored, IReadOnlyList<FieldMessage> warnings)
    {
        var c = stored.Case;
        var n = c.Nominal ?? new NominalData();
        return new NationalCaseDto(c.Id, stored.Version, c.AgencyCode, c.Reference, c.Date, c.Time, c.Country, c.PlaceName,
            new LocationDto(c.Location.X, c.Location.Y), CodeOf(c.LocationPrecision), c.LocationType, c.DetectingAgency, c.Reason,
            c.DetectionMethod, Status(c.Status), c.TransportMode, c.Concealment, Specimens(c), Chain(c), Outcome(c.Outcome),
            stored.Transboundary, c.SharedManually, c.IccwcConsent,
            new NominalDto(
                n.Offenders.Select(o => new OffenderDto(o.Name, o.Aliases, o.Sex, o.BirthDate, o.Nationality, o.IdentityNumbers, o.Role)).ToList(),
                n.Companies.Select(o => new CompanyDto(o.Name, o.RegistrationNumber, o.Country, o.Role)).ToList(),
                n.Conveyances.Select(o => new ConveyanceDto(o.Kind, o.Identifier, o.Description)).ToList(),
                n.Notes.Select(o => new NoteDto(o.Text, o.InformantRelated)).ToList()),
            warnings);
    }

    public static RegionalCaseDto ToRegional(StoredCase stored)
    {
        var c = stored.Case;
        return new RegionalCaseDto(c.Id, stored.Version, c.AgencyCode, c.Reference, c.Date, c.Time, c.Country, c.PlaceName,
            new LocationDto(c.Location.X, c.Location.Y), CodeOf(c.LocationPrecision), c.LocationType, c.DetectingAgency, c.Reason,
            c.DetectionMethod, Status(c.Status), c.TransportMode, c.Concealment, Specimens(c), Chain(c), Outcome(c.Outcome),
            stored.Transboundary);
    }

    public static CaseSummaryDto ToSummary(CaseSummary s) => new(s.Id, s.Version, s.AgencyCode, s.Reference, s.Date, s.Country,
        new LocationDto(s.Location.X, s.Location.Y), s.LocationType, Status(s.Status), s.Transboundary);

    private static string Status(CaseStatus status) => status == CaseStatus.Closed ? "closed" : "open";

    private static List<SpecimenDto> Specimens(SeizureCase c) =>
        c.Specimens.Select(s => new SpecimenDto(s.ScientificName, s.Term, s.Quantity, s.Unit, s.EstimatedValue, s.Currency)).ToList();

    private static List<TradeChainEntryDto> Chain(SeizureCase c) =>
        c.TradeChain.Select(t => new TradeChainEntryDto(t.Country, t.Role.ToString().ToLowerInvariant(), t.Custody, t.Intended)).ToList();

    private static OutcomeDto Outcome(CaseOutcome o) => new(o.Arrests, o.Charges, o.Law, o.CourtOutcome, o.Sanctions, o.Disposal);
}
