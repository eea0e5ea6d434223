namespace Wems.Gis.Demo;

/// <summary>Picks the recording and the detecting agency of a case from the world's agencies.</summary>
internal sealed class DemoAgencies
{
    private static readonly string[] Kinds = [DemoAgency.Wildlife, DemoAgency.Customs, DemoAgency.Police, DemoAgency.Forestry];

    private readonly Dictionary<string, DemoAgency[][]> _byCountry = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _canineUnits = new(StringComparer.Ordinal);

    public DemoAgencies(IReadOnlyList<DemoAgency> agencies)
    {
        foreach (var group in agencies.Where(a => a.Country.Length > 0).GroupBy(a => a.Country, StringComparer.Ordinal))
        {
            var kinds = Kinds.Select(kind => group.Where(a => a.Kind == kind).ToArray()).ToArray();
            _byCountry[group.Key] = kinds;
            if (kinds[0].Length > 0)
            {
                _canineUnits[group.Key] = kinds[0][0].Name + " canine unit";
            }
        }
    }

    public bool HasRecorder(string country)
        => _byCountry.TryGetValue(country, out var kinds) && kinds.Any(k => k.Length > 0);

    /// <summary>The recording agency: customs at ports of entry, the wildlife service in parks, police in towns.</summary>
    public DemoAgency PickRecorder(string country, string locationType, Commodity commodity, Random rng)
    {
        var kinds = _byCountry[country];
        Span<double> weights = stackalloc double[4];
        KindWeights(locationType).CopyTo(weights);
        if (commodity == Commodity.Timber)
        {
            weights[3] = (weights[3] + 10) * 3;
        }

        var total = 0.0;
        for (var k = 0; k < 4; k++)
        {
            weights[k] = kinds[k].Length > 0 ? weights[k] : 0;
            total += weights[k];
        }

        if (total <= 0)
        {
            // Only a kind with zero weight here exists (e.g. only customs, for a park): use any agency.
            for (var k = 0; k < 4; k++)
            {
                if (kinds[k].Length > 0)
                {
                    return DemoSampling.Pick(rng, kinds[k]);
                }
            }
        }

        var target = rng.NextDouble() * total;
        for (var k = 0; k < 4; k++)
        {
            target -= weights[k];
            if (target < 0 && weights[k] > 0)
            {
                return DemoSampling.Pick(rng, kinds[k]);
            }
        }

        for (var k = 3; k >= 0; k--)
        {
            if (weights[k] > 0)
            {
                return DemoSampling.Pick(rng, kinds[k]);
            }
        }

        throw new InvalidOperationException($"No recording agency in {country}.");
    }

    /// <summary>
    /// The detecting agency or unit when it is not the recording agency: the wildlife service's canine
    /// unit for dog detections at customs posts, LATF for some intelligence-led cases in its member
    /// countries, another national agency for a few joint operations; otherwise null.
    /// </summary>
    public string? PickDetecting(string country, DemoAgency recorder, string? detection, Random rng)
    {
        var kinds = _byCountry[country];
        if (detection == "sniffer-dog" && recorder.Kind != DemoAgency.Wildlife && _canineUnits.TryGetValue(country, out var canine))
        {
            return canine;
        }

        if (detection == "intelligence-led" && DemoAgency.LatfParties.Contains(country) && DemoSampling.Chance(rng, 0.15))
        {
            return DemoAgency.Latf.Name;
        }

        if (DemoSampling.Chance(rng, 0.08))
        {
            var other = kinds[rng.Next(4)];
            if (other.Length > 0 && other[0] != recorder)
            {
                return other[0].Name;
            }
        }

        return null;
    }

    // Weights of wildlife, customs, police, forestry per location type.
    private static ReadOnlySpan<double> KindWeights(string locationType) => locationType switch
    {
        "airport" => [35, 55, 10, 0],
        "seaport" => [25, 65, 5, 5],
        "land-border-post" => [25, 55, 20, 0],
        "road-check" => [35, 5, 45, 15],
        "protected-area" => [90, 0, 10, 0],
        "market" => [60, 0, 35, 5],
        "residence" => [55, 0, 45, 0],
        _ => [50, 10, 30, 10],
    };
}
