using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;

namespace Wems.Gis.Cases;

/// <summary>How serious a validation problem is.</summary>
public enum ProblemSeverity
{
    /// <summary>The case cannot be stored.</summary>
    Error,

    /// <summary>The case can be stored but is flagged for review (e.g. a location outside the stated country).</summary>
    Warning,
}

/// <summary>One problem found in a case, naming the field by its JSON path (e.g. <c>specimens[1].quantity</c>).</summary>
public sealed record FieldProblem(string Field, string Message, ProblemSeverity Severity = ProblemSeverity.Error);

/// <summary>
/// What validation checks against: the code lists, the species list, the valid CITES term/unit pairs,
/// the agencies and the country polygons. Built once from the reference tables and reused.
/// </summary>
public sealed class CaseValidationContext
{
    /// <summary>Code lists by vocabulary name (<c>location_types</c>, <c>transport_modes</c>, ...).</summary>
    public required IReadOnlyDictionary<string, IReadOnlySet<string>> Vocabularies { get; init; }

    /// <summary>Scientific names of the species list.</summary>
    public required IReadOnlySet<string> Species { get; init; }

    /// <summary>Valid (term, unit) pairs; a number of specimens (no unit) is the unit <c>NO</c>.</summary>
    public required IReadOnlySet<(string Term, string Unit)> TermUnits { get; init; }

    /// <summary>Agency codes that may record cases, with their country.</summary>
    public required IReadOnlyDictionary<string, string?> Agencies { get; init; }

    /// <summary>Known ISO alpha-2 country codes.</summary>
    public required IReadOnlySet<string> Countries { get; init; }

    /// <summary>Country polygons (WGS84) by alpha-2 code, for the point-in-country check; may be partial.</summary>
    public IReadOnlyDictionary<string, IPreparedGeometry> CountryShapes { get; init; } =
        new Dictionary<string, IPreparedGeometry>();

    /// <summary>
    /// Tolerance of the point-in-country check, in degrees (default 0.01, about 1 km): seizures at a border
    /// post often sit on the line, and country polygons are generalised.
    /// </summary>
    public double CountryToleranceDegrees { get; init; } = 0.01;
}

/// <summary>
/// Validation rules of the case record. Pure: "today" is a parameter, reference data come in the
/// <see cref="CaseValidationContext"/>. All problems are reported at once, not only the first.
/// </summary>
public static class CaseValidator
{
    private const int MaxReferenceLength = 64;

    /// <summary>Validates <paramref name="seizure"/> and returns every problem found (empty when valid).</summary>
    /// <param name="seizure">The case to check.</param>
    /// <param name="context">Reference data to check codes and places against.</param>
    /// <param name="today">The current date where the case was recorded (dates after it are in the future).</param>
    public static IReadOnlyList<FieldProblem> Validate(SeizureCase seizure, CaseValidationContext context, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(seizure);
        ArgumentNullException.ThrowIfNull(context);
        var problems = new List<FieldProblem>();
        void Error(string field, string message) => problems.Add(new FieldProblem(field, message));

        if (string.IsNullOrWhiteSpace(seizure.Reference))
        {
            Error("reference", "is required.");
        }
        else if (seizure.Reference.Length > MaxReferenceLength || seizure.Reference.Any(ch => char.IsControl(ch)))
        {
            Error("reference", $"must be at most {MaxReferenceLength} printable characters.");
        }

        if (!context.Agencies.TryGetValue(seizure.AgencyCode ?? "", out var agencyCountry))
        {
            Error("agencyCode", $"'{seizure.AgencyCode}' is not a known agency.");
        }
        else if (agencyCountry is null)
        {
            Error("agencyCode", $"'{seizure.AgencyCode}' is a regional organisation and cannot record cases.");
        }

        if (seizure.Date > today)
        {
            Error("date", $"{seizure.Date:yyyy-MM-dd} is in the future (today is {today:yyyy-MM-dd}).");
        }
        else if (seizure.Date.Year < 1975)
        {
            Error("date", "is before 1975, when CITES entered into force; check the year.");
        }

        var countryKnown = CheckCountry(problems, "country", seizure.Country, context, required: true);
        CheckLocation(problems, seizure, context, countryKnown);
        CheckCode(problems, "locationType", seizure.LocationType, "location_types", context, required: true);
        CheckCode(problems, "reason", seizure.Reason, "seizure_reasons", context);
        CheckCode(problems, "detectionMethod", seizure.DetectionMethod, "detection_methods", context);
        CheckCode(problems, "transportMode", seizure.TransportMode, "transport_modes", context);
        CheckCode(problems, "concealment", seizure.Concealment, "concealment_methods", context);
        CheckCode(problems, "outcome.disposal", seizure.Outcome.Disposal, "disposals", context);
        if (seizure.Outcome.Arrests < 0)
        {
            Error("outcome.arrests", "cannot be negative.");
        }

        CheckSpecimens(problems, seizure.Specimens, context);
        CheckTradeChain(problems, seizure.TradeChain, context);
        if (seizure.Nominal is { } nominal)
        {
            CheckNominal(problems, nominal, context, today);
        }

        return problems;
    }

    private static bool CheckCountry(List<FieldProblem> problems, string field, string? code, CaseValidationContext context, bool required)
    {
        if (string.IsNullOrEmpty(code))
        {
            if (required)
            {
                problems.Add(new FieldProblem(field, "is required (ISO 3166-1 alpha-2 code)."));
            }

            return false;
        }

        if (!context.Countries.Contains(code))
        {
            problems.Add(new FieldProblem(field, $"'{code}' is not an ISO 3166-1 alpha-2 country code."));
            return false;
        }

        return true;
    }

    private static void CheckLocation(List<FieldProblem> problems, SeizureCase seizure, CaseValidationContext context, bool countryKnown)
    {
        var (x, y) = (seizure.Location.X, seizure.Location.Y);
        if (!double.IsFinite(x) || x < -180 || x > 180)
        {
            problems.Add(new FieldProblem("location.x", $"longitude {x} is outside -180..180."));
            return;
        }

        if (!double.IsFinite(y) || y < -90 || y > 90)
        {
            problems.Add(new FieldProblem("location.y", $"latitude {y} is outside -90..90."));
            return;
        }

        if (countryKnown && context.CountryShapes.TryGetValue(seizure.Country, out var shape))
        {
            var point = new Point(x, y);
            if (!shape.Intersects(point) && !shape.Geometry.IsWithinDistance(point, context.CountryToleranceDegrees))
            {
                problems.Add(new FieldProblem("location",
                    $"({x}, {y}) lies outside {seizure.Country}; check the coordinates (longitude first) or the country.",
                    ProblemSeverity.Warning));
            }
        }
    }

    private static void CheckCode(List<FieldProblem> problems, string field, string? code, string vocabulary,
        CaseValidationContext context, bool required = false)
    {
        if (string.IsNullOrEmpty(code))
        {
            if (required)
            {
                problems.Add(new FieldProblem(field, "is required."));
            }

            return;
        }

        if (!context.Vocabularies.TryGetValue(vocabulary, out var codes) || !codes.Contains(code))
        {
            problems.Add(new FieldProblem(field, $"'{code}' is not in the {vocabulary.Replace('_', ' ')} list."));
        }
    }

    private static void CheckSpecimens(List<FieldProblem> problems, IReadOnlyList<SpecimenLine> specimens, CaseValidationContext context)
    {
        if (specimens.Count == 0)
        {
            problems.Add(new FieldProblem("specimens", "a case needs at least one specimen line."));
        }

        for (var i = 0; i < specimens.Count; i++)
        {
            var s = specimens[i];
            var at = $"specimens[{i}]";
            if (!context.Species.Contains(s.ScientificName ?? ""))
            {
                problems.Add(new FieldProblem($"{at}.scientificName", $"'{s.ScientificName}' is not in the species list."));
            }

            var termKnown = context.Vocabularies.TryGetValue("cites_terms", out var terms) && terms.Contains(s.Term ?? "");
            if (!termKnown)
            {
                problems.Add(new FieldProblem($"{at}.term", $"'{s.Term}' is not a CITES term code."));
            }

            if (s.Quantity <= 0)
            {
                problems.Add(new FieldProblem($"{at}.quantity", $"must be greater than 0 (got {s.Quantity})."));
            }

            var unit = string.IsNullOrEmpty(s.Unit) ? "NO" : s.Unit;
            if (unit != "NO" && (!context.Vocabularies.TryGetValue("cites_units", out var units) || !units.Contains(unit)))
            {
                problems.Add(new FieldProblem($"{at}.unit", $"'{unit}' is not a CITES unit code."));
            }
            else if (termKnown && !context.TermUnits.Contains((s.Term!, unit)))
            {
                problems.Add(new FieldProblem($"{at}.unit",
                    unit == "NO"
                        ? $"a plain number is not a valid quantity for term {s.Term}; give a unit."
                        : $"unit {unit} is not valid for term {s.Term}."));
            }

            if (s.EstimatedValue is < 0)
            {
                problems.Add(new FieldProblem($"{at}.estimatedValue", "cannot be negative."));
            }

            if (s.EstimatedValue is not null && (s.Currency is null || s.Currency.Length != 3 || !s.Currency.All(char.IsAsciiLetterUpper)))
            {
                problems.Add(new FieldProblem($"{at}.currency", "an estimated value needs an ISO 4217 currency code (e.g. USD)."));
            }
        }
    }

    private static void CheckTradeChain(List<FieldProblem> problems, IReadOnlyList<TradeChainEntry> chain, CaseValidationContext context)
    {
        for (var i = 0; i < chain.Count; i++)
        {
            var at = $"tradeChain[{i}]";
            CheckCountry(problems, $"{at}.country", chain[i].Country, context, required: true);
            if (i > 0 && chain[i].Country == chain[i - 1].Country)
            {
                problems.Add(new FieldProblem($"{at}.country", $"repeats the previous country {chain[i].Country}."));
            }

            // Origins come first and the destination last; export and transit may interleave (a consignment
            // can cross a country overland before it is exported, and be trans-shipped after).
            if (i > 0 && (chain[i].Role == TradeRole.Origin && chain[i - 1].Role != TradeRole.Origin
                          || chain[i - 1].Role == TradeRole.Destination))
            {
                problems.Add(new FieldProblem($"{at}.role",
                    $"{chain[i].Role.ToString().ToLowerInvariant()} cannot follow {chain[i - 1].Role.ToString().ToLowerInvariant()}."));
            }

            if (i > 0 && chain[i - 1].Intended && !chain[i].Intended)
            {
                problems.Add(new FieldProblem($"{at}.intended", "a travelled leg cannot follow an intended one."));
            }
        }

        if (chain.Count(e => e.Role == TradeRole.Destination) > 1)
        {
            problems.Add(new FieldProblem("tradeChain", "names more than one destination."));
        }
    }

    private static void CheckNominal(List<FieldProblem> problems, NominalData nominal, CaseValidationContext context, DateOnly today)
    {
        for (var i = 0; i < nominal.Offenders.Count; i++)
        {
            var o = nominal.Offenders[i];
            var at = $"nominal.offenders[{i}]";
            if (string.IsNullOrWhiteSpace(o.Name))
            {
                problems.Add(new FieldProblem($"{at}.name", "is required."));
            }

            if (o.BirthDate > today)
            {
                problems.Add(new FieldProblem($"{at}.birthDate", "is in the future."));
            }

            if (o.Nationality is not null)
            {
                CheckCountry(problems, $"{at}.nationality", o.Nationality, context, required: false);
            }
        }

        for (var i = 0; i < nominal.Companies.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(nominal.Companies[i].Name))
            {
                problems.Add(new FieldProblem($"nominal.companies[{i}].name", "is required."));
            }
        }

        for (var i = 0; i < nominal.Conveyances.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(nominal.Conveyances[i].Identifier))
            {
                problems.Add(new FieldProblem($"nominal.conveyances[{i}].identifier", "is required."));
            }
        }
    }
}
