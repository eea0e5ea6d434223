using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using Wems.Gis.Cases;

namespace Wems.Gis.Tests.Cases;

public sealed class CaseValidatorTests
{
    private static readonly DateOnly Today = new(2024, 6, 30);

    // Kenya drawn as a rough box (33.9..41.9 E, 4.7 S..5.0 N): enough for the point-in-country rule.
    private static readonly CaseValidationContext Context = new()
    {
        Vocabularies = new Dictionary<string, IReadOnlySet<string>>
        {
            ["location_types"] = new HashSet<string> { "airport", "land-border-post", "road-check" },
            ["transport_modes"] = new HashSet<string> { "air-passenger-baggage", "road-vehicle" },
            ["detection_methods"] = new HashSet<string> { "x-ray" },
            ["seizure_reasons"] = new HashSet<string> { "no-permit" },
            ["concealment_methods"] = new HashSet<string> { "suitcase" },
            ["disposals"] = new HashSet<string> { "held-as-evidence" },
            ["cites_terms"] = new HashSet<string> { "TUS", "SCA", "LIV" },
            ["cites_units"] = new HashSet<string> { "KIL", "NO" },
        },
        Species = new HashSet<string> { "Loxodonta africana", "Smutsia temminckii" },
        TermUnits = new HashSet<(string, string)> { ("TUS", "NO"), ("TUS", "KIL"), ("SCA", "KIL"), ("LIV", "NO") },
        Agencies = new Dictionary<string, string?> { ["KWS"] = "KE", ["LATF"] = null },
        Countries = new HashSet<string> { "KE", "TZ", "UG", "VN" },
        CountryShapes = new Dictionary<string, IPreparedGeometry>
        {
            ["KE"] = PreparedGeometryFactory.Prepare(new GeometryFactory().ToGeometry(new Envelope(33.9, 41.9, -4.7, 5.0))),
        },
    };

    private static SeizureCase ValidCase() => new()
    {
        AgencyCode = "KWS",
        Reference = "KWS-2024-000001",
        Date = new DateOnly(2024, 3, 14),
        Country = "KE",
        Location = new GeoPoint(36.9275, -1.3192), // JKIA, Nairobi
        LocationType = "airport",
        TransportMode = "air-passenger-baggage",
        DetectionMethod = "x-ray",
        Specimens = [new SpecimenLine("Loxodonta africana", "TUS", 4, null, 12000, "USD")],
        TradeChain =
        [
            new TradeChainEntry("TZ", TradeRole.Origin, true, false),
            new TradeChainEntry("KE", TradeRole.Transit, true, false),
            new TradeChainEntry("VN", TradeRole.Destination, false, true),
        ],
    };

    private static FieldProblem Single(SeizureCase seizure)
    {
        var problems = CaseValidator.Validate(seizure, Context, Today);
        return Assert.Single(problems);
    }

    [Fact]
    public void A_complete_case_has_no_problem() =>
        Assert.Empty(CaseValidator.Validate(ValidCase(), Context, Today));

    [Fact]
    public void A_zero_quantity_is_reported_on_its_specimen_line()
    {
        var problem = Single(ValidCase() with { Specimens = [new SpecimenLine("Loxodonta africana", "TUS", 0, null)] });
        Assert.Equal("specimens[0].quantity", problem.Field);
        Assert.Contains("greater than 0", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_unit_that_is_not_valid_for_the_term_is_reported()
    {
        var problem = Single(ValidCase() with { Specimens = [new SpecimenLine("Loxodonta africana", "LIV", 3, "KIL")] });
        Assert.Equal("specimens[0].unit", problem.Field);
        Assert.Equal("unit KIL is not valid for term LIV.", problem.Message);
    }

    [Fact]
    public void A_plain_number_is_refused_for_a_term_that_needs_a_weight()
    {
        var problem = Single(ValidCase() with { Specimens = [new SpecimenLine("Smutsia temminckii", "SCA", 12, null)] });
        Assert.Equal("specimens[0].unit", problem.Field);
        Assert.Contains("give a unit", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_date_in_the_future_is_reported_with_today()
    {
        var problem = Single(ValidCase() with { Date = Today.AddDays(1) });
        Assert.Equal("date", problem.Field);
        Assert.Equal("2024-07-01 is in the future (today is 2024-06-30).", problem.Message);
    }

    [Fact]
    public void An_unknown_country_code_is_reported()
    {
        var problems = CaseValidator.Validate(ValidCase() with { Country = "XX" }, Context, Today);
        Assert.Contains(problems, p => p.Field == "country" && p.Message.Contains("'XX' is not an ISO 3166-1 alpha-2", StringComparison.Ordinal));
    }

    [Fact]
    public void A_point_outside_the_stated_country_is_flagged_as_a_warning()
    {
        // Dar es Salaam (39.28 E, 6.82 S) stated as Kenya.
        var problem = Single(ValidCase() with { Location = new GeoPoint(39.28, -6.82) });
        Assert.Equal("location", problem.Field);
        Assert.Equal(ProblemSeverity.Warning, problem.Severity);
    }

    [Fact]
    public void Swapped_latitude_and_longitude_are_caught()
    {
        // Nairobi given as (lat, lon) lands in the ocean south of Somalia... or fails the range check.
        var problem = Single(ValidCase() with { Location = new GeoPoint(-1.3192, 36.9275) });
        Assert.Equal("location", problem.Field);
    }

    [Fact]
    public void A_latitude_beyond_90_is_an_error()
    {
        var problem = Single(ValidCase() with { Location = new GeoPoint(36.9, 136.9) });
        Assert.Equal("location.y", problem.Field);
        Assert.Equal(ProblemSeverity.Error, problem.Severity);
    }

    [Fact]
    public void Unknown_codes_are_each_reported_with_their_list()
    {
        var problems = CaseValidator.Validate(ValidCase() with { TransportMode = "teleport", LocationType = "moon" }, Context, Today);
        Assert.Contains(problems, p => p.Field == "transportMode" && p.Message == "'teleport' is not in the transport modes list.");
        Assert.Contains(problems, p => p.Field == "locationType" && p.Message == "'moon' is not in the location types list.");
    }

    [Fact]
    public void A_species_missing_from_the_list_is_reported()
    {
        var problem = Single(ValidCase() with { Specimens = [new SpecimenLine("Canis lupus familiaris", "LIV", 1, null)] });
        Assert.Equal("specimens[0].scientificName", problem.Field);
    }

    [Fact]
    public void A_case_without_specimen_lines_is_refused()
    {
        var problem = Single(ValidCase() with { Specimens = [] });
        Assert.Equal("specimens", problem.Field);
    }

    [Fact]
    public void A_regional_organisation_cannot_record_a_case()
    {
        var problem = Single(ValidCase() with { AgencyCode = "LATF" });
        Assert.Equal("agencyCode", problem.Field);
        Assert.Contains("regional organisation", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_trade_chain_that_runs_backwards_is_reported()
    {
        var problems = CaseValidator.Validate(ValidCase() with
        {
            TradeChain = [new TradeChainEntry("VN", TradeRole.Destination, false, false), new TradeChainEntry("TZ", TradeRole.Origin, true, false)],
        }, Context, Today);
        Assert.Contains(problems, p => p.Field == "tradeChain[1].role" && p.Message == "origin cannot follow destination.");
    }

    [Fact]
    public void Overland_transit_before_the_export_country_is_a_valid_chain()
    {
        var chain = new[]
        {
            new TradeChainEntry("TZ", TradeRole.Origin, true, false),
            new TradeChainEntry("KE", TradeRole.Transit, true, false),
            new TradeChainEntry("KE", TradeRole.Export, true, false),
            new TradeChainEntry("VN", TradeRole.Destination, false, true),
        };

        var problems = CaseValidator.Validate(ValidCase() with { TradeChain = chain[..2].Append(chain[3]).ToArray() }, Context, Today);
        Assert.Empty(problems);
        Assert.Empty(CaseValidator.Validate(ValidCase() with
        {
            TradeChain = [chain[0], new TradeChainEntry("UG", TradeRole.Transit, true, false), chain[1] with { Role = TradeRole.Export }, chain[3]],
        }, Context, Today));
    }

    [Fact]
    public void A_value_without_currency_is_reported()
    {
        var problem = Single(ValidCase() with { Specimens = [new SpecimenLine("Loxodonta africana", "TUS", 2, null, 500, null)] });
        Assert.Equal("specimens[0].currency", problem.Field);
    }

    [Fact]
    public void All_problems_of_a_case_are_reported_at_once()
    {
        var problems = CaseValidator.Validate(ValidCase() with
        {
            Reference = "",
            Date = Today.AddYears(1),
            Specimens = [new SpecimenLine("Loxodonta africana", "TUS", -1, null)],
        }, Context, Today);
        Assert.Equal(["reference", "date", "specimens[0].quantity"], problems.Select(p => p.Field).ToArray());
    }

    [Fact]
    public void An_offender_with_an_unknown_nationality_is_reported()
    {
        var offender = new Offender("Test Person", [], "M", new DateOnly(1980, 1, 1), "ZZ", [], "courier");
        var problem = Single(ValidCase() with { Nominal = new NominalData { Offenders = [offender] } });
        Assert.Equal("nominal.offenders[0].nationality", problem.Field);
    }
}
