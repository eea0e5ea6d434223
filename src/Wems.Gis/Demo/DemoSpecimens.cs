using Wems.Gis.Cases;
using Wems.Gis.Reference;

namespace Wems.Gis.Demo;

/// <summary>
/// Specimen lines: species by group, CITES term and unit by commodity (and, within a group, by genus),
/// quantities from log-normal distributions whose median grows with the scale of the shipment (a few
/// tonnes through seaports, tens of kilograms in air cargo, a few pieces in baggage or on foot), and an
/// estimated value in USD for some lines.
/// </summary>
internal sealed class DemoSpecimens
{
    private static readonly string[] Regional =
    [
        "Loxodonta", "Smutsia", "Phataginus", "Diceros", "Ceratotherium", "Psittacus", "Pterocarpus tinctorius",
        "Pterocarpus erinaceus", "Dalbergia melanoxylon", "Osyris", "Guibourtia", "Pericopsis", "Panthera pardus",
        "Panthera leo", "Malacochersus", "Stigmochelys", "Kinixys", "Pan troglodytes", "Gorilla", "Hippopotamus",
        "Prunus africana", "Sphyrna", "Carcharhinus", "Holothuria nobilis", "Holothuria fuscogilva",
        "Crocodylus niloticus", "Python sebae", "Agapornis", "Poicephalus", "Balearica", "Eretmochelys", "Chelonia",
    ];

    private static readonly string[] Foreign =
    [
        "Elephas", "Rhinoceros ", "Dicerorhinus", "Manis", "Panthera tigris", "Panthera onca", "Panthera uncia",
        "Neofelis", "Pongo", "Rhinoplax", "Geochelone", "Astrochelys", "Pyxis", "Furcifer", "Pterocarpus santalinus",
        "Dalbergia cochinchinensis", "Dalbergia nigra", "Aquilaria", "Ursus", "Anguilla", "Holothuria whitmaei",
    ];

    private static readonly string[] BushmeatTaxa =
    [
        "Cephalophus", "Philantomba", "Civettictis", "Phataginus", "Smutsia", "Cercopithecus", "Colobus",
        "Chlorocebus", "Mandrillus", "Gorilla", "Pan ", "Hippopotamus", "Giraffa",
    ];

    private readonly Dictionary<Commodity, WeightedTable<SpeciesInfo>> _species = [];

    public DemoSpecimens(IReadOnlyList<SpeciesInfo> species, IReadOnlyList<CommodityProfile> profiles)
    {
        var byGroup = species.GroupBy(s => s.Group.Trim().ToLowerInvariant(), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        foreach (var profile in profiles)
        {
            var entries = new List<(SpeciesInfo, double)>();
            foreach (var (group, weight) in profile.SpeciesGroups)
            {
                if (byGroup.TryGetValue(group, out var members))
                {
                    entries.AddRange(members.Select(m => (m, weight * Preference(m.ScientificName, profile.Commodity))));
                }
            }

            _species[profile.Commodity] = new WeightedTable<SpeciesInfo>(entries);
        }
    }

    /// <summary>
    /// Taxa trafficked in the region are preferred; taxa of other continents stay possible but rare;
    /// bushmeat comes from duikers, monkeys, pangolins and the like.
    /// </summary>
    private static double Preference(string scientificName, Commodity commodity)
    {
        if (Genus(scientificName, Foreign))
        {
            return 0.02;
        }

        if (commodity == Commodity.Bushmeat)
        {
            return Genus(scientificName, BushmeatTaxa) ? 5 : 0.1;
        }

        return Genus(scientificName, Regional) ? 4 : 1;
    }

    public bool Supplies(Commodity commodity) => !_species[commodity].IsEmpty;

    /// <summary>One to three lines; a second line is often another form of the same commodity, and at seaports ivory and pangolin scales travel together.</summary>
    public SpecimenLine[] Make(CommodityProfile profile, string? transportMode, string locationType, bool withValue, Random rng)
    {
        var scale = transportMode switch
        {
            "sea-container" or "sea-vessel" => Scale.Bulk,
            "air-cargo" => Scale.Cargo,
            _ => Scale.Small,
        };
        var count = rng.NextDouble() switch { < 0.85 => 1, < 0.97 => 2, _ => 3 };
        var lines = new SpecimenLine[count];
        var made = 0;
        for (var i = 0; i < count; i++)
        {
            var commodity = profile.Commodity;
            if (i > 0 && scale == Scale.Bulk && DemoSampling.Chance(rng, 0.5))
            {
                commodity = commodity == Commodity.Ivory ? Commodity.Pangolin
                    : commodity == Commodity.Pangolin ? Commodity.Ivory
                    : commodity;
                if (!Supplies(commodity))
                {
                    commodity = profile.Commodity;
                }
            }

            var line = Line(commodity, _species[commodity].Pick(rng), scale, locationType, withValue, rng);
            if (!Repeats(lines.AsSpan(0, made), line))
            {
                lines[made++] = line;
            }
        }

        return made == count ? lines : lines[..made];
    }

    private static SpecimenLine Line(Commodity commodity, SpeciesInfo species, Scale scale, string locationType, bool withValue, Random rng)
    {
        var name = species.ScientificName;
        var bulk = scale == Scale.Bulk;
        var cargo = scale == Scale.Cargo;
        var u = rng.NextDouble();
        (string Term, string? Unit, double Quantity, double UsdPerUnit) spec = commodity switch
        {
            Commodity.Ivory => u < 0.65
                ? (locationType == "protected-area" || (scale == Scale.Small && u < 0.3)
                    ? S("TUS", null, Count(rng, 2, 0.6, 40), 7_000)
                    : S("TUS", "KIL", Kilos(rng, bulk ? 900 : cargo ? 120 : 12, bulk ? 9_000 : 3_000), 700.0))
                : u < 0.9 ? S("IVC", "KIL", Kilos(rng, bulk ? 300 : cargo ? 40 : 3, 4_000), 1_000)
                : S("CAR", null, Count(rng, bulk ? 200 : 6, 1.1, 5_000), 150),
            Commodity.Pangolin => u < 0.8 ? S("SCA", "KIL", Kilos(rng, bulk ? 2_500 : cargo ? 150 : 8, 14_000), 250)
                : u < 0.92 ? S("LIV", null, Count(rng, 1, 0.5, 10), 500)
                : S("BOD", null, Count(rng, 2, 0.7, 50), 300),
            Commodity.RhinoHorn => u < 0.6 ? S("HOR", null, Count(rng, bulk ? 10 : 2, 0.6, 60), 60_000)
                : u < 0.9 ? S("HOR", "KIL", Kilos(rng, bulk ? 30 : 4, 200), 30_000)
                : S("HOR", "GRM", Math.Round(DemoSampling.LogNormal(rng, 400, 1.0, 10, 10_000)), 30),
            Commodity.Bushmeat => S("MEA", "KIL", Kilos(rng, scale == Scale.Small ? 15 : 120, 5_000), 8),
            Commodity.Timber => Timber(rng, u, scale),
            Commodity.LiveBirds => S("LIV", null, Count(rng, cargo || bulk ? 150 : 15, 1.0, 2_000), 800),
            Commodity.Reptiles => Reptile(rng, u, name, bulk, cargo),
            Commodity.BigCat => u < 0.65 ? S("SKI", null, Count(rng, 1.3, 0.6, 50), 2_000)
                : u < 0.9 ? S(u < 0.78 ? "TEE" : "CLA", null, Count(rng, 8, 0.9, 500), 80)
                : S("BON", "KIL", Kilos(rng, bulk ? 200 : 5, 2_000), 500),
            Commodity.Marine => Marine(rng, name, bulk),
            Commodity.Primates => u < 0.8 ? S("LIV", null, Count(rng, 1, 0.5, 20), 10_000)
                : u < 0.9 ? S("SKU", null, Count(rng, 3, 0.8, 100), 200)
                : S("BOD", null, Count(rng, 1, 0.5, 20), 300),
            Commodity.MammalOther => MammalOther(rng, u, name, bulk),
            _ => Plant(rng, name, bulk),
        };

        var (term, unit, quantity, usdPerUnit) = spec;
        decimal? value = null;
        if (withValue)
        {
            var usd = quantity * usdPerUnit * Math.Exp(0.35 * DemoSampling.Normal(rng));
            value = Math.Max(10, Math.Round((decimal)usd / 10) * 10);
        }

        return new SpecimenLine(name, term, (decimal)quantity, unit, value, withValue ? "USD" : null);
    }

    private static (string Term, string? Unit, double Quantity, double UsdPerUnit) S(string term, string? unit, double quantity, double usdPerUnit)
        => (term, unit, quantity, usdPerUnit);

    private static (string, string?, double, double) Timber(Random rng, double u, Scale scale)
    {
        var term = u < 0.6 ? "TIM" : "SAW";
        var large = scale != Scale.Small;
        return DemoSampling.Chance(rng, 0.6)
            ? (term, "CUM", Math.Round(DemoSampling.LogNormal(rng, large ? 60 : 8, 0.8, 0.5, 1_500), 2), 1_200)
            : (term, "KIL", Math.Round(DemoSampling.LogNormal(rng, large ? 40_000 : 5_000, 0.8, 100, 1_000_000)), 1.5);
    }

    private static (string, string?, double, double) Reptile(Random rng, double u, string name, bool bulk, bool cargo)
    {
        if (Genus(name, SeaTurtles))
        {
            return u < 0.6 ? ("SHE", null, Count(rng, 3, 1.0, 500), 60) : ("MEA", "KIL", Kilos(rng, 20, 1_000), 10);
        }

        var skins = Genus(name, "Crocodylus", "Osteolaemus") || (Genus(name, "Varanus", "Python") && u < 0.5);
        return skins
            ? ("SKI", null, Count(rng, bulk ? 200 : 5, 1.0, 2_000), 250)
            : ("LIV", null, Count(rng, cargo || bulk ? 150 : 8, 1.2, 2_000), 150);
    }

    private static (string, string?, double, double) Marine(Random rng, string name, bool bulk)
    {
        if (Genus(name, SeaTurtles))
        {
            return ("SHE", null, Count(rng, 3, 1.0, 500), 60);
        }

        if (Genus(name, "Dugong", "Trichechus"))
        {
            return ("MEA", "KIL", Kilos(rng, 40, 1_000), 10);
        }

        if (Genus(name, "Cheilinus", "Anguilla"))
        {
            return ("LIV", null, Count(rng, 20, 1.0, 5_000), 30);
        }

        if (Genus(name, "Holothuria", "Thelenota", "Actinopyga", "Hippocampus"))
        {
            return ("BOD", "KIL", Kilos(rng, bulk ? 800 : 20, 10_000), 80);
        }

        if (Genus(name, "Tridacna", "Hippopus"))
        {
            return ("SHE", "KIL", Kilos(rng, bulk ? 500 : 30, 10_000), 40);
        }

        if (Genus(name, "Antipatharia", "Scleractinia", "Corallium", "Tubipora", "Heliopora"))
        {
            return ("COR", "KIL", Kilos(rng, bulk ? 500 : 20, 10_000), 50);
        }

        return ("FIN", "KIL", Kilos(rng, bulk ? 800 : 25, 15_000), 150);
    }

    private static (string, string?, double, double) MammalOther(Random rng, double u, string name, bool bulk)
    {
        if (Genus(name, "Hippopotamus"))
        {
            return u < 0.6 ? S("TEE", "KIL", Kilos(rng, bulk ? 300 : 20, 5_000), 120) : S("TEE", null, Count(rng, 10, 1.0, 1_000), 200);
        }

        if (Genus(name, "Giraffa"))
        {
            return u < 0.5 ? S("BON", "KIL", Kilos(rng, 10, 1_000), 40) : S("SKI", null, Count(rng, 1.3, 0.5, 20), 300);
        }

        return u < 0.85 ? S("SKI", null, Count(rng, 2, 0.8, 200), 300) : S("TRO", null, Count(rng, 1.3, 0.5, 20), 1_500);
    }

    private static (string, string?, double, double) Plant(Random rng, string name, bool bulk)
    {
        if (Genus(name, "Prunus"))
        {
            return ("BAR", "KIL", Kilos(rng, bulk ? 20_000 : 200, 200_000), 4);
        }

        if (Genus(name, "Osyris", "Santalum", "Pterocarpus", "Dalbergia"))
        {
            return ("TIM", "KIL", Kilos(rng, bulk ? 15_000 : 500, 200_000), 10);
        }

        if (Genus(name, "Ansellia", "Eulophia", "Polystachya", "Orchidaceae", "Euphorbia", "Encephalartos"))
        {
            return ("LIV", null, Count(rng, 20, 1.0, 2_000), 15);
        }

        return ("DPL", "KIL", Kilos(rng, bulk ? 2_000 : 50, 50_000), 6);
    }

    private static readonly string[] SeaTurtles = ["Chelonia", "Eretmochelys", "Caretta", "Lepidochelys", "Dermochelys"];

    private static bool Repeats(ReadOnlySpan<SpecimenLine> lines, SpecimenLine line)
    {
        foreach (var other in lines)
        {
            if (other.ScientificName == line.ScientificName && other.Term == line.Term)
            {
                return true;
            }
        }

        return false;
    }

    private static bool Genus(string scientificName, params string[] genera)
    {
        foreach (var genus in genera)
        {
            if (scientificName.StartsWith(genus, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Kilograms from a log-normal (σ = 1) with the given median, to 0.1 kg, at least 0.1 kg.</summary>
    private static double Kilos(Random rng, double median, double max)
        => Math.Round(DemoSampling.LogNormal(rng, median, 1.0, 0.1, max), 1);

    private static double Count(Random rng, double median, double sigma, int max) => DemoSampling.Count(rng, median, sigma, max);

    private enum Scale
    {
        Small,
        Cargo,
        Bulk,
    }
}
