using Wems.Gis.Cases;

namespace Wems.Gis.Demo;

/// <summary>
/// Generates a realistic, entirely synthetic set of seizure cases for demos, tests and benchmarks.
/// </summary>
/// <remarks>
/// <para>What it models (hand-tuned to the patterns that ETIS, UNODC and TRAFFIC report for East and
/// Central Africa; the numbers are illustrative, not statistics):</para>
/// <list type="bullet">
/// <item>Places: every case is at or near a site of the world (airports ≤ 1.5 km, seaports ≤ 2 km,
/// border posts ≤ 400 m or a road check ≤ 3 km away, inside a protected area's radius, in a town
/// ≤ 2.5–6 km from its centre), in the site's country, with a coherent location type.</item>
/// <item>Commodities and routes: ivory and pangolin scales through Mombasa, Dar es Salaam and Entebbe
/// towards Asia; rhino horn by air; bushmeat and live grey parrots in the Congo basin; rosewood and
/// Pterocarpus through seaports to China; tortoises, big-cat skins, shark fins, primates and plants.
/// Trade chains name 2–4 countries (origin first, destination last, export/transit between), follow land
/// borders up to the seizure country (custody) and go on by air or sea (intended).</item>
/// <item>Time: seasonality (fewer seizures in the long rains, March–May), weekday effects, a dip during
/// the COVID-19 travel restrictions, and per-commodity trends (ivory peaking around 2015–2016, pangolin
/// scales around 2019, timber around 2017).</item>
/// <item>Transport mode, detection method, reason and concealment coherent with the location;
/// quantities from log-normal distributions (rare multi-tonne shipments through seaports, many small
/// seizures); estimated values in USD for some lines.</item>
/// <item>Outcome: arrests, charges under the country's law, court outcome and sanctions for closed cases,
/// disposal; most older cases closed; ICCWC consent for about 85 %.</item>
/// <item>Nominal data for <see cref="DemoOptions.NominalShare"/> of cases: fictitious people
/// (random pairs of common names, identity numbers "DEMO-CC-nnnnnnn"), invented companies, conveyances
/// and notes. No real person or company is described.</item>
/// </list>
/// <para>Determinism: the cases come from <c>new Random(seed)</c> and a second stream for the planted
/// data-quality problems, with identifiers derived from the seed and the case index; nothing reads the
/// clock. Same seed, options and world give the same cases in the same order.</para>
/// <para>The cases are streamed in date order; memory use does not grow with <see cref="DemoOptions.Cases"/>
/// except for a counter per agency and year (case references <c>AGENCY-YYYY-NNNNNN</c>, unique per agency).</para>
/// </remarks>
public static class DemoCaseGenerator
{
    /// <summary>Suffix of the reference of a case with a planted data-quality problem.</summary>
    public const string DataQualitySuffix = "-DQ";

    /// <summary>Streams <see cref="DemoOptions.Cases"/> synthetic cases; see the type remarks for what they model.</summary>
    /// <param name="world">Sites, species and agencies to draw on.</param>
    /// <param name="options">Count, seed, period and shares.</param>
    /// <returns>A lazily evaluated sequence; each enumeration starts again from the seed.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A count below 0, an end before the start, or a share outside [0, 1].</exception>
    /// <exception cref="ArgumentException">The world has no site (in a country with a recording agency) and species for any commodity.</exception>
    public static IEnumerable<SeizureCase> Generate(DemoWorld world, DemoOptions options)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Cases);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.End, options.Start);
        CheckShare(options.NominalShare, nameof(options.NominalShare));
        CheckShare(options.DataQualityProblemShare, nameof(options.DataQualityProblemShare));
        if (options.Cases == 0)
        {
            return [];
        }

        var agencies = new DemoAgencies(world.Agencies);
        var sites = new DemoSites(world.Sites, agencies, DemoCatalog.Profiles);
        var specimens = new DemoSpecimens(world.Species, DemoCatalog.Profiles);
        var profiles = DemoCatalog.Profiles.Where(p => sites.Serves(p.Commodity) && specimens.Supplies(p.Commodity)).ToArray();
        if (profiles.Length == 0)
        {
            throw new ArgumentException(
                "The world has no site in a country with a recording agency, with species of a group the generator models.",
                nameof(world));
        }

        return Stream(new Context(world, options, agencies, sites, specimens, profiles));
    }

    /// <summary>Whether the case carries a planted data-quality problem (its reference ends with <see cref="DataQualitySuffix"/>).</summary>
    public static bool HasDataQualityProblem(SeizureCase seizure)
    {
        ArgumentNullException.ThrowIfNull(seizure);
        return seizure.Reference.EndsWith(DataQualitySuffix, StringComparison.Ordinal);
    }

    private static IEnumerable<SeizureCase> Stream(Context context)
    {
        var options = context.Options;
        var rng = new Random(options.Seed);
        var qualityRng = new Random(unchecked((options.Seed * 7919) + 104_729));
        var calendar = new DemoCalendar(options.Start, options.End, options.Cases, context.Profiles, rng);
        var routes = new DemoRoutes(context.Sites.Usable);
        var quality = new DemoDataQuality(context.Sites.Usable, context.World.Species);
        var counters = new Dictionary<(string Agency, int Year), int>();
        for (long index = 0; index < options.Cases; index++)
        {
            var seizure = NextCase(context, index, calendar, routes, counters, rng);
            if (options.DataQualityProblemShare > 0 && qualityRng.NextDouble() < options.DataQualityProblemShare)
            {
                seizure = quality.Apply(seizure, options.End, qualityRng);
            }

            yield return seizure;
        }
    }

    private static SeizureCase NextCase(
        Context context, long index, DemoCalendar calendar, DemoRoutes routes,
        Dictionary<(string Agency, int Year), int> counters, Random rng)
    {
        var date = calendar.Next(index, rng.NextDouble());
        var profile = calendar.PickCommodity(date, rng);
        var commodity = profile.Commodity;
        var site = context.Sites.Pick(commodity, rng);
        var locationType = DemoSites.LocationType(site, profile, rng);
        var (location, precision) = DemoSites.Locate(site, locationType, rng);
        var recorder = context.Agencies.PickRecorder(site.Country, locationType, commodity, rng);
        var transport = DemoVocabulary.TransportMode(site, locationType, commodity, rng);
        var detection = DemoVocabulary.DetectionMethod(locationType, rng);
        var reason = DemoVocabulary.Reason(locationType, commodity, rng);
        var concealment = DemoVocabulary.ConcealmentMethod(transport, rng);
        var chain = routes.Build(profile, site, locationType, rng);
        var withValue = DemoSampling.Chance(rng, recorder.Kind == DemoAgency.Customs ? 0.6 : 0.35);
        var specimens = context.Specimens.Make(profile, transport, locationType, withValue, rng);
        var status = DemoOutcomes.Status(date, context.Options.End, rng);
        var outcome = DemoOutcomes.Make(site.Country, date, status, recorder, locationType, transport, reason, commodity, IsLive(specimens), rng);
        var detecting = context.Agencies.PickDetecting(site.Country, recorder, detection, rng);
        TimeOnly? time = DemoSampling.Chance(rng, 0.7)
            ? new TimeOnly(locationType == "airport" ? rng.Next(24) : 6 + rng.Next(16), rng.Next(60))
            : null;
        var nominal = DemoSampling.Chance(rng, context.Options.NominalShare)
            ? DemoNominal.Make(site.Country, date, locationType, transport, detection, outcome.Arrests, chain, commodity, rng)
            : null;

        counters.TryGetValue((recorder.Code, date.Year), out var sequence);
        counters[(recorder.Code, date.Year)] = ++sequence;
        return new SeizureCase
        {
            Id = DemoSampling.CaseId(context.Options.Seed, index),
            AgencyCode = recorder.Code,
            Reference = $"{recorder.Code}-{date.Year}-{sequence:D6}",
            Date = date,
            Time = time,
            Country = site.Country,
            PlaceName = site.Name,
            Location = location,
            LocationPrecision = precision,
            LocationType = locationType,
            DetectingAgency = detecting,
            Reason = reason,
            DetectionMethod = detection,
            Status = status,
            TransportMode = transport,
            Concealment = concealment,
            Specimens = specimens,
            TradeChain = chain,
            Outcome = outcome,
            SharedManually = DemoSampling.Chance(rng, 0.02),
            IccwcConsent = DemoSampling.Chance(rng, 0.85),
            Nominal = nominal,
        };
    }

    private static bool IsLive(SpecimenLine[] lines)
    {
        foreach (var line in lines)
        {
            if (line.Term == "LIV")
            {
                return true;
            }
        }

        return false;
    }

    private static void CheckShare(double share, string name)
    {
        if (!(share is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(name, share, "A share must lie in [0, 1].");
        }
    }

    private sealed record Context(
        DemoWorld World,
        DemoOptions Options,
        DemoAgencies Agencies,
        DemoSites Sites,
        DemoSpecimens Specimens,
        CommodityProfile[] Profiles);
}
