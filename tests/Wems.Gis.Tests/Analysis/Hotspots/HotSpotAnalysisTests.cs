using Wems.Gis.Analysis.Hotspots;
using Wems.Gis.Cases;

namespace Wems.Gis.Tests.Analysis.Hotspots;

public sealed class HotSpotAnalysisTests
{
    [Fact]
    public void A_dense_cluster_of_cases_is_a_99_percent_hot_spot()
    {
        var random = new Random(9);
        var background = Enumerable.Range(0, 400).Select(_ => new GeoPoint(34 + random.NextDouble() * 6, -6 + random.NextDouble() * 6));
        var cluster = Enumerable.Range(0, 200).Select(_ => new GeoPoint(37.0 + random.NextDouble() * 0.4, -3.0 + random.NextDouble() * 0.4));
        GeoPoint[] cases = [.. background, .. cluster];
        var cells = HexAggregation.Aggregate(cases, options: new HexAggregationOptions { CellAreaKm2 = 1_000, IncludeEmptyCells = true });

        var spots = HotSpotAnalysis.Run(cells);

        var (x, y) = cells.Projection.Forward(37.2, -2.8);
        var centre = cells.Bins.ToList().FindIndex(b => b.Cell == cells.Grid.CellAt(x, y));
        Assert.Equal(cells.Bins.Count, spots.Length);
        Assert.Equal(3, spots[centre].Bin);
        var nearCluster = Enumerable.Range(0, spots.Length)
            .Where(i => Math.Abs(cells.Bins[i].CenterXMeters - x) < 50_000 && Math.Abs(cells.Bins[i].CenterYMeters - y) < 50_000);
        Assert.All(nearCluster, i => Assert.True(spots[i].Bin >= 0));
    }

    [Fact]
    public void Bins_are_FDR_corrected_by_default_and_raw_on_request()
    {
        var fixture = SpdepFixture.Load("hexcells_band.csv");

        var corrected = HotSpotAnalysis.Run(fixture["x"], fixture["y"], fixture["value"]);
        var raw = HotSpotAnalysis.Run(fixture["x"], fixture["y"], fixture["value"], new HotSpotOptions { CorrectForFdr = false });

        Assert.Equal(corrected.Select(s => FalseDiscoveryRate.Bin(s.Z, s.PAdjusted)), corrected.Select(s => s.Bin));
        Assert.Equal(raw.Select(s => FalseDiscoveryRate.Bin(s.Z, s.P)), raw.Select(s => s.Bin));
        Assert.True(raw.Count(s => s.Bin != 0) > corrected.Count(s => s.Bin != 0));
    }
}
