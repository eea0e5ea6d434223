using System.Text.RegularExpressions;
using Wems.Gis.Reference;

namespace Wems.Gis.Tests.Reference;

/// <summary>Checks the curated files of the repository's <c>data</c> folder through the loader.</summary>
public sealed partial class ReferenceDataFilesTests
{
    private static readonly string Data = ReferenceDataFiles.FindDataDirectory();
    private static readonly IReadOnlyList<SpeciesInfo> Species = ReferenceDataFiles.LoadSpecies(Data);
    private static readonly IReadOnlyList<Site> Sites = ReferenceDataFiles.LoadSites(Data);

    private static readonly string[] CommodityGroups =
        ["ivory", "rhino-horn", "pangolin", "big-cat", "primate", "bird", "reptile", "timber", "marine", "mammal-other", "plant-other"];

    private static readonly string[] WemsVocabularies =
    [
        CodeListNames.LocationTypes, CodeListNames.DetectionMethods, CodeListNames.TransportModes,
        CodeListNames.SeizureReasons, CodeListNames.Disposals, CodeListNames.ConcealmentMethods,
    ];

    // Land neighbours in the region (unordered pairs); the Congo river crossings count as CG–CD.
    private static readonly HashSet<string> LandNeighbours = new(StringComparer.Ordinal)
    {
        "ET-KE", "KE-SO", "KE-SS", "KE-TZ", "KE-UG", "TZ-UG", "RW-TZ", "BI-TZ", "TZ-ZM", "MW-TZ", "MZ-TZ",
        "RW-UG", "CD-UG", "SS-UG", "CD-RW", "BI-RW", "BI-CD", "CD-ZM", "CD-CG", "CD-CF", "AO-CD", "CD-SS",
        "CG-CM", "CG-GA", "AO-CG", "CF-CG", "CF-CM", "CM-GA", "ET-SO", "ET-SS", "MW-ZM", "MZ-ZM", "MW-MZ",
    };

    [Fact]
    public void Species_list_has_at_least_80_taxa_each_with_an_appendix_and_a_source()
    {
        Assert.True(Species.Count >= 80, $"{Species.Count} taxa");
        Assert.All(Species, s =>
        {
            Assert.Matches(AppendixPattern(), s.CitesAppendix);
            Assert.False(string.IsNullOrWhiteSpace(s.Source));
        });
    }

    [Fact]
    public void Every_species_belongs_to_one_of_the_commodity_groups()
    {
        Assert.All(Species, s => Assert.Contains(s.Group, CommodityGroups));
    }

    [Fact]
    public void Every_commodity_group_has_at_least_one_species()
    {
        Assert.All(CommodityGroups, g => Assert.Contains(Species, s => s.Group == g));
    }

    [Fact]
    public void Pangolins_are_listed_in_appendix_I()
    {
        var pangolins = Species.Where(s => s.Group == "pangolin").ToList();

        Assert.Equal(8, pangolins.Count);
        Assert.All(pangolins, p => Assert.Equal("I", p.CitesAppendix));
    }

    [Theory]
    [InlineData("Loxodonta africana", "I/II")]
    [InlineData("Elephas maximus", "I")]
    [InlineData("Psittacus erithacus", "I")]
    [InlineData("Diceros bicornis", "I")]
    [InlineData("Panthera pardus", "I")]
    [InlineData("Pterocarpus erinaceus", "II")]
    [InlineData("Osyris lanceolata", "II")]
    [InlineData("Giraffa camelopardalis", "II")]
    [InlineData("Malacochersus tornieri", "I")]
    public void Key_taxa_have_their_current_appendix(string scientificName, string appendix)
    {
        Assert.Equal(appendix, Species.Single(s => s.ScientificName == scientificName).CitesAppendix);
    }

    [Fact]
    public void All_five_rhinoceros_species_are_listed()
    {
        Assert.Equal(5, Species.Count(s => s.Group == "rhino-horn"));
    }

    [Fact]
    public void Listings_changed_after_the_2017_index_say_so_in_their_source()
    {
        foreach (var name in new[] { "Giraffa camelopardalis", "Malacochersus tornieri", "Pterocarpus tinctorius" })
        {
            Assert.Contains("CoP1", Species.Single(s => s.ScientificName == name).Source, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Sites_of_every_kind_meet_the_minimum_counts()
    {
        int Count(SiteKind kind) => Sites.Count(s => s.Kind == kind);

        Assert.True(Count(SiteKind.BorderPost) >= 34);
        Assert.True(Count(SiteKind.Seaport) >= 12);
        Assert.True(Count(SiteKind.Airport) >= 14);
        Assert.True(Count(SiteKind.ProtectedArea) >= 28);
        Assert.True(Count(SiteKind.City) >= 25);
    }

    [Fact]
    public void Every_site_lies_inside_the_bounding_box_of_east_and_central_Africa()
    {
        // Longitude 8–52° E, latitude 27° S–16° N: from the Gulf of Guinea coast to the Horn of Africa.
        Assert.All(Sites, s =>
        {
            Assert.InRange(s.Location.X, 8.0, 52.0);
            Assert.InRange(s.Location.Y, -27.0, 16.0);
        });
    }

    [Theory]
    [InlineData("Nairobi", "KE", 36.82, -1.28)]
    [InlineData("Brazzaville", "CG", 15.28, -4.26)]
    [InlineData("Kinshasa", "CD", 15.31, -4.33)]
    [InlineData("Kampala", "UG", 32.58, 0.32)]
    public void City_coordinates_are_longitude_first(string name, string country, double x, double y)
    {
        var city = Sites.Single(s => s.Kind == SiteKind.City && s.Name == name);

        Assert.Equal(country, city.Country);
        Assert.Equal(x, city.Location.X, 0.05);
        Assert.Equal(y, city.Location.Y, 0.05);
    }

    [Fact]
    public void Every_border_post_names_a_neighbour_country_that_differs_from_its_own()
    {
        Assert.All(Sites.Where(s => s.Kind == SiteKind.BorderPost), p =>
        {
            Assert.NotNull(p.Neighbour);
            Assert.NotEqual(p.Country, p.Neighbour);
        });
    }

    [Fact]
    public void Every_border_post_lies_on_a_border_between_actual_neighbours()
    {
        Assert.All(Sites.Where(s => s.Kind == SiteKind.BorderPost), p =>
        {
            var pair = string.CompareOrdinal(p.Country, p.Neighbour) < 0 ? $"{p.Country}-{p.Neighbour}" : $"{p.Neighbour}-{p.Country}";
            Assert.Contains(pair, LandNeighbours);
        });
    }

    [Fact]
    public void Only_border_posts_name_a_neighbour()
    {
        Assert.All(Sites.Where(s => s.Kind != SiteKind.BorderPost), s => Assert.Null(s.Neighbour));
    }

    [Fact]
    public void The_main_crossings_of_the_four_original_WEMS_countries_are_present()
    {
        foreach (var (name, country) in new[] { ("Namanga", "KE"), ("Busia", "UG"), ("Malaba", "KE"), ("Mutukula", "TZ"), ("Brazzaville Le Beach", "CG") })
        {
            Assert.Contains(Sites, s => s.Kind == SiteKind.BorderPost && s.Name == name && s.Country == country);
        }
    }

    [Fact]
    public void Airports_have_unique_three_letter_IATA_codes()
    {
        var codes = Sites.Where(s => s.Kind == SiteKind.Airport).Select(s => s.Code).ToList();

        Assert.All(codes, c => Assert.Matches(IataPattern(), c));
        Assert.Equal(codes.Count, codes.Distinct().Count());
    }

    [Fact]
    public void Seaports_have_UN_LOCODEs_that_start_with_their_country_code()
    {
        Assert.All(Sites.Where(s => s.Kind == SiteKind.Seaport), p =>
        {
            Assert.Matches(LocodePattern(), p.Code);
            Assert.StartsWith(p.Country, p.Code, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Protected_areas_are_approximate_circles_with_a_radius()
    {
        Assert.All(Sites.Where(s => s.Kind == SiteKind.ProtectedArea), p =>
        {
            Assert.True(p.Approximate);
            Assert.InRange(p.RadiusMeters ?? 0, 1_000, 200_000);
        });
    }

    [Fact]
    public void Only_protected_areas_have_a_radius()
    {
        Assert.All(Sites.Where(s => s.Kind != SiteKind.ProtectedArea), s => Assert.Null(s.RadiusMeters));
    }

    [Fact]
    public void The_Serengeti_circle_has_the_area_of_the_park()
    {
        var serengeti = Sites.Single(s => s.Name == "Serengeti National Park");
        var areaKm2 = Math.PI * Math.Pow(serengeti.RadiusMeters!.Value / 1000, 2);

        // Official area 14,763 km²; the radius is stored to 0.1 km.
        Assert.Equal(14_763, areaKm2, 50.0);
    }

    [Fact]
    public void Every_city_has_a_population()
    {
        Assert.All(Sites.Where(s => s.Kind == SiteKind.City), c => Assert.InRange(c.Population ?? 0, 1_000, 50_000_000));
    }

    [Fact]
    public void Every_site_has_a_source_and_a_name_unique_within_its_kind_and_country()
    {
        Assert.All(Sites, s => Assert.False(string.IsNullOrWhiteSpace(s.Source)));
        Assert.Equal(Sites.Count, Sites.Select(s => (s.Kind, s.Country, s.Name)).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(CodeLists))]
    public void Every_code_list_loads_with_labels_in_English_and_French(string listName)
    {
        var entries = ReferenceDataFiles.LoadCodeList(Data, listName);

        Assert.NotEmpty(entries);
        Assert.All(entries, e => Assert.All([e.LabelEn, e.LabelFr, e.Source], text => Assert.False(string.IsNullOrWhiteSpace(text))));
    }

    [Fact]
    public void Cites_terms_include_the_codes_used_for_seizures()
    {
        var terms = Codes(CodeListNames.CitesTerms);

        Assert.True(terms.Count >= 45, $"{terms.Count} terms");
        AssertIncludes(terms, "TUS", "IVC", "IVP", "HOR", "SCA", "SKI", "SKP", "LIV", "MEA", "TIM", "SAW", "LOG", "BOD", "TRO", "VEN");
    }

    [Fact]
    public void Units_include_NO_for_a_number_of_specimens()
    {
        AssertIncludes(Codes(CodeListNames.CitesUnits), "NO", "KIL", "GRM", "MTR", "CUM", "LTR", "MLT");
    }

    [Fact]
    public void Every_term_in_term_units_is_a_known_term()
    {
        var terms = Codes(CodeListNames.CitesTerms);

        Assert.All(ReferenceDataFiles.LoadTermUnits(Data), p => Assert.Contains(p.Term, terms));
    }

    [Fact]
    public void Every_unit_in_term_units_is_a_known_unit()
    {
        var units = Codes(CodeListNames.CitesUnits);

        Assert.All(ReferenceDataFiles.LoadTermUnits(Data), p => Assert.Contains(p.Unit, units));
    }

    [Fact]
    public void Every_term_has_at_least_one_valid_unit()
    {
        var termsWithUnits = ReferenceDataFiles.LoadTermUnits(Data).Select(p => p.Term).ToHashSet(StringComparer.Ordinal);

        Assert.All(Codes(CodeListNames.CitesTerms), t => Assert.Contains(t, termsWithUnits));
    }

    [Theory]
    [InlineData("TUS", "NO", true)]
    [InlineData("TUS", "KIL", true)]
    [InlineData("TUS", "LTR", false)]
    [InlineData("TIM", "CUM", true)]
    [InlineData("TIM", "KIL", true)]
    [InlineData("LIV", "NO", true)]
    [InlineData("SCA", "KIL", true)]
    [InlineData("SCA", "MTR", false)]
    public void Term_unit_pairs_follow_the_CITES_list(string term, string unit, bool valid)
    {
        Assert.Equal(valid, ReferenceDataFiles.LoadTermUnits(Data).Contains((term, unit)));
    }

    [Theory]
    [MemberData(nameof(Vocabularies))]
    public void WEMS_vocabulary_codes_are_kebab_case(string listName)
    {
        Assert.All(Codes(listName), c => Assert.Matches(KebabPattern(), c));
    }

    [Fact]
    public void Location_types_are_the_eight_of_the_case_record()
    {
        Assert.Equal(
            ["airport", "seaport", "land-border-post", "road-check", "protected-area", "market", "residence", "other"],
            Codes(CodeListNames.LocationTypes));
    }

    [Fact]
    public void Transport_modes_include_every_mode_of_the_design_brief()
    {
        AssertIncludes(Codes(CodeListNames.TransportModes),
            "air-passenger-baggage", "air-cargo", "courier-postal", "sea-container", "sea-vessel", "road-vehicle", "rail", "on-foot", "inland-boat", "unknown");
    }

    public static TheoryData<string> CodeLists() => new(CodeListNames.All);

    public static TheoryData<string> Vocabularies() => new(WemsVocabularies);

    private static void AssertIncludes(List<string> actual, params string[] expected) =>
        Assert.All(expected, e => Assert.Contains(e, actual));

    private static List<string> Codes(string listName) => [.. ReferenceDataFiles.LoadCodeList(Data, listName).Select(e => e.Code)];

    [GeneratedRegex("^(I|II|III)(/(I|II|III))*$")]
    private static partial Regex AppendixPattern();

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex IataPattern();

    [GeneratedRegex("^[A-Z]{2}[A-Z2-9]{3}$")]
    private static partial Regex LocodePattern();

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex KebabPattern();
}
