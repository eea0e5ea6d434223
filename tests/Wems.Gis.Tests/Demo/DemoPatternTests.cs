using Wems.Gis.Analysis.Borders;
using Wems.Gis.Analysis.Corridors;
using Wems.Gis.Analysis.Hotspots;
using Wems.Gis.AnalysisRuns;
using Wems.Gis.Cases;
using Wems.Gis.Demo;
using Wems.Gis.Geography;
using Wems.Gis.Reference;

namespace Wems.Gis.Tests.Demo;

/// <summary>
/// The analyses find what the demo generator planted (DemoSites: Mombasa, Namanga, Busia, Malaba, … are the
/// important sites; ivory and pangolin scales leave through Mombasa towards Asia): 5,000 cases, seed 1, as
/// <c>wems seed</c> makes them, with default parameters.
/// </summary>
public sealed class DemoPatternTests
{
    private static readonly Lazy<IReadOnlyList<SeizureCase>> Cases = new(() =>
    {
        var data = ReferenceDataFiles.FindDataDirectory();
        var world = new DemoWorld(ReferenceDataFiles.LoadSites(data), ReferenceDataFiles.LoadSpecies(data));
        return DemoCaseGenerator.Generate(world, new DemoOptions { Cases = 5000, Seed = 1 }).ToList();
    });

    private static GeoPoint Site(string kind, string name, string country) =>
        ReferenceDataFiles.LoadSites(ReferenceDataFiles.FindDataDirectory()).Single(s => s.Name == name && s.Country == country
            && s.Kind.ToString().Equals(kind, StringComparison.OrdinalIgnoreCase)).Location;

    [Fact]
    public void With_the_default_hexagons_the_Kenyan_hubs_the_generator_weights_most_are_99_percent_hotspots()
    {
        var (aggregation, spots) = Hotspots(Cases.Value.Where(c => c.Country == "KE"));

        // DemoSites gives Mombasa (port) the largest weight; Gi* with FDR must mark its cell 99% hot.
        Assert.Equal(3, BinAt(aggregation, spots, Site("Seaport", "Mombasa (Kilindini)", "KE")));
    }

    [Fact]
    public void Among_seizures_at_land_border_posts_the_busiest_generated_crossings_are_99_percent_hotspots()
    {
        // The generator plants border-post seizures at Namanga, Busia, Malaba and Tunduma above the other crossings.
        var (aggregation, spots) = Hotspots(Cases.Value.Where(c => c.LocationType == "land-border-post"));

        var bins = new[] { ("Namanga", "KE"), ("Busia", "KE"), ("Malaba", "KE"), ("Tunduma", "TZ") }
            .Select(p => BinAt(aggregation, spots, Site("BorderPost", p.Item1, p.Item2))).ToList();
        Assert.True(bins.Count(b => b == 3) >= 2, $"FDR bins at Namanga, Busia, Malaba, Tunduma: {string.Join(", ", bins)}");
    }

    private static (HexAggregationResult, HotSpot[]) Hotspots(IEnumerable<SeizureCase> cases)
    {
        var aggregation = HexAggregation.Aggregate(cases.Select(c => c.Location).ToArray(), [], new HexAggregationOptions { IncludeEmptyCells = true });
        return (aggregation, HotSpotAnalysis.Run(aggregation));
    }

    private static int BinAt(HexAggregationResult aggregation, HotSpot[] spots, GeoPoint site)
    {
        var (x, y) = aggregation.Projection.Forward(site.X, site.Y);
        var cell = aggregation.Grid.CellAt(x, y);
        var index = aggregation.Bins.ToList().FindIndex(b => b.Cell == cell);
        return index < 0 ? int.MinValue : spots[index].Bin;
    }

    [Fact]
    public void The_default_hexagons_make_a_useful_grid_for_one_country()
    {
        var kenya = Cases.Value.Where(c => c.Country == "KE").Select(c => c.Location).ToArray();
        var aggregation = HexAggregation.Aggregate(kenya, [], new HexAggregationOptions { IncludeEmptyCells = true });

        // Kenya is about 580,000 km²: a useful grid has hundreds of cells, each a few thousand km² at most.
        Assert.InRange(aggregation.Grid.CellAreaKm2, 100, 5000);
        Assert.InRange(aggregation.Bins.Count, 100, 20_000);
    }

    [Fact]
    public void The_Mombasa_corridor_is_among_the_top_flows_of_the_region()
    {
        var legs = Cases.Value.Select(c => TradeLegs.Build(c, _ => "")).ToList();
        var flows = CorridorAggregation.Aggregate(legs, new CorridorOptions { KeepCaseIds = false });

        var top = CorridorAggregation.TopFlows(flows, 10).Select(f => $"{f.From}-{f.To}").ToList();

        // Mombasa: goods leave Kenya by sea for Asia (KE -> CN / VN / MY / TH ...).
        Assert.Contains(top, f => f.StartsWith("KE-", StringComparison.Ordinal) && f[3..] is "CN" or "VN" or "MY" or "TH" or "HK" or "SG" or "AE");
    }
}
