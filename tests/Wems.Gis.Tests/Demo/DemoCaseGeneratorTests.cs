using System.Text.Json;
using Wems.Gis.Cases;
using Wems.Gis.Demo;
using Wems.Gis.Reference;

namespace Wems.Gis.Tests.Demo;

public sealed class DemoCaseGeneratorTests
{
    private static readonly string[] AirModes = ["air-passenger-baggage", "air-cargo", "courier-postal"];
    private static readonly string[] SeaModes = ["sea-container", "sea-vessel"];

    private static readonly DemoOptions Small = new() { Cases = 5000, Seed = 42 };

    private static readonly Lazy<List<SeizureCase>> SmallCases = new(() => [.. DemoCaseGenerator.Generate(HandBuiltWorld(), Small)]);

    private static readonly Lazy<List<SeizureCase>> ManyCases =
        new(() => [.. DemoCaseGenerator.Generate(HandBuiltWorld(), new DemoOptions { Cases = 20_000, Seed = 7 })]);

    [Fact]
    public void The_same_seed_gives_the_same_cases_in_the_same_order()
    {
        var first = Canonical(DemoCaseGenerator.Generate(HandBuiltWorld(), Small).Take(500));
        var second = Canonical(DemoCaseGenerator.Generate(HandBuiltWorld(), Small).Take(500));

        Assert.Equal(first, second);
    }

    [Fact]
    public void A_different_seed_gives_different_cases()
    {
        var first = Canonical(DemoCaseGenerator.Generate(HandBuiltWorld(), Small).Take(500));
        var other = Canonical(DemoCaseGenerator.Generate(HandBuiltWorld(), Small with { Seed = 43 }).Take(500));

        Assert.NotEqual(first, other);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1234)]
    public void Exactly_the_requested_number_of_cases_is_generated(int count)
    {
        Assert.Equal(count, DemoCaseGenerator.Generate(HandBuiltWorld(), Small with { Cases = count }).Count());
    }

    [Fact]
    public void An_end_before_the_start_is_rejected_before_enumeration()
    {
        var options = Small with { Start = new DateOnly(2020, 1, 1), End = new DateOnly(2019, 12, 31) };

        Assert.Throws<ArgumentOutOfRangeException>(() => DemoCaseGenerator.Generate(HandBuiltWorld(), options));
    }

    [Fact]
    public void Cases_fall_in_at_least_eight_countries_with_the_curated_sites()
    {
        // The curated data/ files when present; otherwise the hand-built world with one airport in each neighbour.
        var world = CuratedWorld() ?? HandBuiltWorld(withNeighbours: true);

        var countries = DemoCaseGenerator.Generate(world, Small).Select(c => c.Country).Distinct().ToList();

        Assert.True(countries.Count >= 8, string.Join(",", countries));
        Assert.Contains("KE", countries);
        Assert.Contains("CG", countries);
    }

    [Fact]
    public void Case_references_and_ids_are_unique()
    {
        var cases = SmallCases.Value;

        Assert.All(cases.GroupBy(c => c.AgencyCode), g => Assert.Equal(g.Count(), g.Select(c => c.Reference).Distinct().Count()));
        Assert.All(cases, c => Assert.Matches(@"^[A-Z-]+-20\d\d-\d{6}$", c.Reference));
        Assert.Equal(cases.Count, cases.Select(c => c.Id).Distinct().Count());
    }

    [Fact]
    public void Every_date_lies_between_start_and_end_and_cases_come_in_date_order()
    {
        var cases = SmallCases.Value;

        Assert.All(cases, c => Assert.InRange(c.Date, Small.Start, Small.End));
        Assert.True(cases.Zip(cases.Skip(1)).All(p => p.First.Date <= p.Second.Date));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Without_planted_problems_every_quantity_is_positive_and_every_location_is_near_a_site_of_its_country(bool curated)
    {
        var world = World(curated);

        Assert.All(DemoCaseGenerator.Generate(world, Small), c =>
        {
            Assert.All(c.Specimens, s => Assert.True(s.Quantity > 0));
            Assert.True(IsNearSiteOf(c, world.Sites), $"{c.Reference} at {c.Location} is not near a site in {c.Country}");
        });
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void About_the_problem_share_of_cases_is_marked_and_each_has_a_detectable_problem(bool curated)
    {
        var world = World(curated);
        var options = Small with { DataQualityProblemShare = 0.05 };

        var marked = DemoCaseGenerator.Generate(world, options).Where(DemoCaseGenerator.HasDataQualityProblem).ToList();

        Assert.InRange(marked.Count / (double)options.Cases, 0.03, 0.07);
        Assert.All(marked, c => Assert.True(HasDetectableProblem(c, world, options.End), c.Reference));
    }

    [Fact]
    public void Planting_problems_changes_only_the_marked_cases()
    {
        var clean = SmallCases.Value;
        var dirty = DemoCaseGenerator.Generate(HandBuiltWorld(), Small with { DataQualityProblemShare = 0.05 }).ToList();

        var unmarked = Enumerable.Range(0, clean.Count).Where(i => !DemoCaseGenerator.HasDataQualityProblem(dirty[i])).ToList();

        Assert.True(unmarked.Count > 4500);
        Assert.Equal(Canonical(unmarked.Select(i => clean[i])), Canonical(unmarked.Select(i => dirty[i])));
    }

    [Fact]
    public void About_the_nominal_share_of_cases_carry_nominal_data()
    {
        var share = SmallCases.Value.Count(c => c.Nominal is not null) / (double)Small.Cases;

        Assert.InRange(share, Small.NominalShare - 0.03, Small.NominalShare + 0.03);
        Assert.All(SmallCases.Value.Where(c => c.Nominal is not null), c => Assert.NotEmpty(c.Nominal!.Offenders));
    }

    [Fact]
    public void Every_trade_chain_runs_from_an_origin_to_a_destination_through_two_to_four_countries()
    {
        var chains = SmallCases.Value.Where(c => c.TradeChain.Count > 0).ToList();

        Assert.True(chains.Count > Small.Cases / 3, $"only {chains.Count} chains");
        Assert.All(chains, c =>
        {
            var chain = c.TradeChain;
            Assert.Equal(TradeRole.Origin, chain[0].Role);
            Assert.Equal(TradeRole.Destination, chain[^1].Role);
            Assert.InRange(chain.Select(e => e.Country).Distinct().Count(), 2, 4);
            Assert.Equal(chain.Count, chain.Select(e => e.Country).Distinct().Count());
            Assert.Contains(chain, e => e.Country == c.Country && e.Custody && !e.Intended);
            // Custody up to the seizure country, intended after it.
            Assert.Equal(chain.Select(e => e.Custody), chain.Select(e => !e.Intended));
        });
    }

    [Fact]
    public void Transport_at_airports_is_by_air_or_courier_and_at_seaports_by_sea()
    {
        var cases = SmallCases.Value;

        Assert.All(cases.Where(c => c.LocationType == "airport"),
            c => Assert.Contains(c.TransportMode, AirModes));
        Assert.All(cases.Where(c => c.LocationType == "seaport"),
            c => Assert.Contains(c.TransportMode, SeaModes));
    }

    [Fact]
    public void The_busiest_month_has_clearly_more_cases_than_the_quietest()
    {
        var perMonth = ManyCases.Value.GroupBy(c => c.Date.Month).Select(g => g.Count()).ToList();

        // Dry-season August against long-rains April: about 1.25 · 31 / (0.7 · 30) ≈ 1.8 by design; 1.1 without seasonality.
        Assert.Equal(12, perMonth.Count);
        Assert.True(perMonth.Max() > 1.4 * perMonth.Min(), $"max {perMonth.Max()}, min {perMonth.Min()}");
    }

    [Fact]
    public void Ivory_declines_after_2016_while_pangolin_scales_peak_around_2019()
    {
        var cases = ManyCases.Value;
        double Share(int year, string term) =>
            cases.Count(c => c.Date.Year == year && c.Specimens[0].Term == term) / (double)cases.Count(c => c.Date.Year == year);

        Assert.True(Share(2016, "TUS") > 1.5 * Share(2023, "TUS"));
        Assert.True(Share(2019, "SCA") > 1.5 * Share(2015, "SCA"));
        Assert.True(Share(2019, "SCA") > 1.5 * Share(2024, "SCA"));
    }

    [Fact]
    public void The_largest_ivory_seizures_are_made_at_seaports()
    {
        var ivoryKilos = SmallCases.Value
            .SelectMany(c => c.Specimens.Select(s => (c.LocationType, Line: s)))
            .Where(x => x.Line.Term == "TUS" && x.Line.Unit == "KIL")
            .OrderByDescending(x => x.Line.Quantity)
            .Take(10)
            .ToList();

        Assert.True(ivoryKilos.Count(x => x.LocationType == "seaport") >= 6);
        Assert.True(ivoryKilos[0].Line.Quantity >= 1000m, $"largest {ivoryKilos[0].Line.Quantity} kg");
    }

    [Fact]
    public void Most_cases_older_than_three_years_are_closed_and_most_recent_ones_open()
    {
        var cases = SmallCases.Value;
        var old = cases.Where(c => c.Date.Year <= 2020).ToList();
        var recent = cases.Where(c => c.Date >= Small.End.AddMonths(-2)).ToList();

        Assert.True(old.Count(c => c.Status == CaseStatus.Closed) > 0.85 * old.Count);
        Assert.True(recent.Count(c => c.Status == CaseStatus.Open) > 0.6 * recent.Count);
    }

    [Fact]
    public void Every_code_is_from_the_project_code_lists()
    {
        var cases = DemoCaseGenerator.Generate(CuratedWorld() ?? HandBuiltWorld(), Small).ToList();

        AssertCodes(CodeListNames.LocationTypes, cases.Select(c => c.LocationType));
        AssertCodes(CodeListNames.TransportModes, cases.Select(c => c.TransportMode));
        AssertCodes(CodeListNames.DetectionMethods, cases.Select(c => c.DetectionMethod));
        AssertCodes(CodeListNames.SeizureReasons, cases.Select(c => c.Reason));
        AssertCodes(CodeListNames.ConcealmentMethods, cases.Select(c => c.Concealment));
        AssertCodes(CodeListNames.Disposals, cases.Select(c => c.Outcome.Disposal));
        // A number of specimens (unit null) is the unit NO in the term–unit list.
        var pairs = ReferenceDataFiles.LoadTermUnits(DataFolder());
        var invalid = cases.SelectMany(c => c.Specimens).Select(s => (s.Term, Unit: s.Unit ?? "NO")).Distinct().Where(p => !pairs.Contains(p)).ToList();
        Assert.True(invalid.Count == 0, "invalid term/unit: " + string.Join(" ", invalid));
    }

    [Fact]
    public void Container_numbers_carry_the_ISO_6346_check_digit()
    {
        // Worked example of ISO 6346 (the check digit of CSQU305438 is 3).
        Assert.Equal("CSQU3054383", DemoNominal.WithCheckDigit("CSQU305438"));
    }

    private static string Canonical(IEnumerable<SeizureCase> cases) => JsonSerializer.Serialize(cases.ToList());

    private static bool IsNearSiteOf(SeizureCase seizure, IEnumerable<Site> sites)
        => sites.Any(s => s.Country == seizure.Country
            && DistanceMeters(s.Location, seizure.Location) <= (s.RadiusMeters ?? 0) + 6_500);

    private static bool HasDetectableProblem(SeizureCase seizure, DemoWorld world, DateOnly end)
    {
        var line = seizure.Specimens[0];
        return !IsNearSiteOf(seizure, world.Sites)
            || line.Quantity == 0
            || line.Unit == "LTR"
            || seizure.Date > end
            || !world.Species.Any(s => s.ScientificName == line.ScientificName);
    }

    private static void AssertCodes(string list, IEnumerable<string?> used)
    {
        var known = ReferenceDataFiles.LoadCodeList(DataFolder(), list).Select(e => e.Code).ToHashSet();
        var unknown = used.OfType<string>().Distinct().Where(code => !known.Contains(code)).ToList();
        Assert.True(unknown.Count == 0, $"not in {list}: {string.Join(" ", unknown)}");
    }

    private static double DistanceMeters(GeoPoint a, GeoPoint b)
    {
        // Haversine on a sphere of radius 6371 km; plenty for a tolerance of kilometres.
        var toRad = Math.PI / 180;
        var h = Math.Pow(Math.Sin((b.Y - a.Y) * toRad / 2), 2)
            + (Math.Cos(a.Y * toRad) * Math.Cos(b.Y * toRad) * Math.Pow(Math.Sin((b.X - a.X) * toRad / 2), 2));
        return 2 * 6_371_000 * Math.Asin(Math.Sqrt(h));
    }

    /// <summary>A small world: sites in KE, TZ, UG and CG (optionally an airport in nine neighbours) and a few species.</summary>
    private static DemoWorld HandBuiltWorld(bool withNeighbours = false)
    {
        List<Site> sites =
        [
            Site(SiteKind.Airport, "Jomo Kenyatta International Airport", "KE", 36.9278, -1.3192, code: "NBO"),
            Site(SiteKind.Seaport, "Mombasa", "KE", 39.6667, -4.0667, code: "KEMBA"),
            Site(SiteKind.BorderPost, "Namanga", "KE", 36.7895, -2.5460, neighbour: "TZ"),
            Site(SiteKind.BorderPost, "Busia", "KE", 34.0900, 0.4630, neighbour: "UG"),
            Site(SiteKind.ProtectedArea, "Tsavo East National Park", "KE", 38.80, -2.85, radius: 66_100),
            Site(SiteKind.City, "Nairobi", "KE", 36.8147, -1.2814, population: 3_010_000),
            Site(SiteKind.Airport, "Julius Nyerere International Airport", "TZ", 39.2026, -6.8781, code: "DAR"),
            Site(SiteKind.Seaport, "Dar es Salaam", "TZ", 39.2890, -6.8333, code: "TZDAR"),
            Site(SiteKind.City, "Arusha", "TZ", 36.6830, -3.3869, population: 617_000),
            Site(SiteKind.Airport, "Entebbe International Airport", "UG", 32.4435, 0.0424, code: "EBB"),
            Site(SiteKind.BorderPost, "Mpondwe", "UG", 29.7290, 0.0420, neighbour: "CD"),
            Site(SiteKind.ProtectedArea, "Queen Elizabeth National Park", "UG", 29.90, -0.20, radius: 25_000),
            Site(SiteKind.Airport, "Maya-Maya Airport", "CG", 15.2530, -4.2517, code: "BZV"),
            Site(SiteKind.Seaport, "Pointe-Noire", "CG", 11.8283, -4.7950, code: "CGPNR"),
            Site(SiteKind.City, "Ouesso", "CG", 16.0500, 1.6100, population: 30_000),
            Site(SiteKind.ProtectedArea, "Odzala-Kokoua National Park", "CG", 14.90, 0.80, radius: 41_000),
        ];
        if (withNeighbours)
        {
            sites.AddRange(new (string Country, double X, double Y)[]
                {
                    ("CD", 15.4446, -4.3858), ("RW", 30.1395, -1.9686), ("BI", 29.3185, -3.3240), ("SS", 31.6011, 4.8720),
                    ("ET", 38.7993, 8.9779), ("MZ", 32.5726, -25.9208), ("ZM", 28.4526, -15.3308), ("CM", 9.7195, 4.0061),
                    ("GA", 9.4123, 0.4586),
                }
                .Select(a => Site(SiteKind.Airport, $"{a.Country} capital airport", a.Country, a.X, a.Y)));
        }

        return new DemoWorld(sites, Species);
    }

    private static readonly SpeciesInfo[] Species =
    [
        new("Loxodonta africana", "African elephant", "Éléphant d'Afrique", "ivory", "I/II", "test"),
        new("Smutsia gigantea", "Giant pangolin", "Pangolin géant", "pangolin", "I", "test"),
        new("Diceros bicornis", "Black rhinoceros", "Rhinocéros noir", "rhino-horn", "I", "test"),
        new("Psittacus erithacus", "Grey parrot", "Perroquet gris", "bird", "I", "test"),
        new("Pterocarpus tinctorius", "Mukula", "Mukula", "timber", "II", "test"),
        new("Panthera pardus", "Leopard", "Léopard", "big-cat", "I", "test"),
        new("Malacochersus tornieri", "Pancake tortoise", "Tortue à carapace souple", "reptile", "I", "test"),
        new("Sphyrna lewini", "Scalloped hammerhead", "Requin-marteau halicorne", "marine", "II", "test"),
        new("Cephalophus silvicultor", "Yellow-backed duiker", "Céphalophe à dos jaune", "mammal-other", "II", "test"),
    ];

    private static Site Site(
        SiteKind kind, string name, string country, double x, double y,
        string? code = null, string? neighbour = null, double? radius = null, int? population = null)
        => new(kind, name, country, new GeoPoint(x, y), radius, radius is not null, code, neighbour, population, "test");

    private static DemoWorld World(bool curated) => curated ? CuratedWorld() ?? HandBuiltWorld(withNeighbours: true) : HandBuiltWorld();

    /// <summary>The curated sites and species of data/ (through the reference loader), when they are there.</summary>
    private static DemoWorld? CuratedWorld()
    {
        var data = DataFolder();
        return File.Exists(Path.Combine(data, "sites", "border_posts.csv"))
            ? new DemoWorld(ReferenceDataFiles.LoadSites(data), ReferenceDataFiles.LoadSpecies(data))
            : null;
    }

    private static string DataFolder()
    {
        // The committed data folder sits next to Wems.sln at the repository root.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Wems.sln")))
            {
                return Path.Combine(dir.FullName, "data");
            }
        }

        throw new InvalidOperationException("Wems.sln not found above " + AppContext.BaseDirectory);
    }
}
