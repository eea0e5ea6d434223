using Wems.Gis.Cases;
using Wems.Gis.Reference;

namespace Wems.Gis.Demo;

/// <summary>Plants one <see cref="DemoDataProblem"/> in a case and marks its reference.</summary>
internal sealed class DemoDataQuality
{
    private const double OutsideMarginMeters = 50_000;

    private readonly Site[] _sites;
    private readonly HashSet<string> _speciesNames;
    private readonly Dictionary<string, Site[]> _foreignSites = new(StringComparer.Ordinal);

    public DemoDataQuality(Site[] sites, IEnumerable<SpeciesInfo> species)
    {
        _sites = sites;
        _speciesNames = new HashSet<string>(species.Select(s => s.ScientificName), StringComparer.OrdinalIgnoreCase);
    }

    public SeizureCase Apply(SeizureCase seizure, DateOnly end, Random rng)
    {
        var problem = (DemoDataProblem)rng.Next(5);
        var foreign = problem == DemoDataProblem.LocationOutsideCountry ? ForeignSites(seizure.Country) : [];
        if (problem == DemoDataProblem.LocationOutsideCountry && foreign.Length == 0)
        {
            problem = DemoDataProblem.ZeroQuantity;
        }

        var marked = seizure with { Reference = seizure.Reference + DemoCaseGenerator.DataQualitySuffix };
        return problem switch
        {
            DemoDataProblem.LocationOutsideCountry => marked with
            {
                Location = DemoSampling.Pick(rng, foreign).Location,
                LocationPrecision = LocationPrecision.Exact,
            },
            DemoDataProblem.DateInFuture => marked with { Date = end.AddDays(1 + rng.Next(90)) },
            DemoDataProblem.ZeroQuantity => WithFirstLine(marked, line => line with { Quantity = 0, EstimatedValue = null, Currency = null }),
            DemoDataProblem.UnitNotValidForTerm => WithFirstLine(marked, line => line with { Unit = "LTR" }),
            _ => WithFirstLine(marked, line => line with { ScientificName = Misspell(line.ScientificName, rng) }),
        };
    }

    private static SeizureCase WithFirstLine(SeizureCase seizure, Func<SpecimenLine, SpecimenLine> change)
    {
        var lines = seizure.Specimens.ToArray();
        lines[0] = change(lines[0]);
        return seizure with { Specimens = lines };
    }

    /// <summary>Drops one letter of the last word, so that the name matches no species of the list.</summary>
    private string Misspell(string name, Random rng)
    {
        var start = name.LastIndexOf(' ') + 1;
        var length = name.Length - start;
        var candidate = length > 3 ? name.Remove(start + 1 + rng.Next(length - 1), 1) : name + "ii";
        return _speciesNames.Contains(candidate) ? candidate + " indet." : candidate;
    }

    /// <summary>Sites of other countries that are at least 50 km beyond every site of <paramref name="country"/>.</summary>
    private Site[] ForeignSites(string country)
    {
        if (_foreignSites.TryGetValue(country, out var cached))
        {
            return cached;
        }

        var own = _sites.Where(s => s.Country == country).ToArray();
        var foreign = _sites
            .Where(s => s.Country != country && s.Kind != SiteKind.ProtectedArea)
            .Where(s => own.All(o => DemoSampling.DistanceMeters(o.Location.X, o.Location.Y, s.Location.X, s.Location.Y)
                > (o.RadiusMeters ?? 0) + OutsideMarginMeters))
            .ToArray();
        _foreignSites[country] = foreign;
        return foreign;
    }
}
