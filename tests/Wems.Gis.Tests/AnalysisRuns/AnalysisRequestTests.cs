using Wems.Gis.AnalysisRuns;
using Wems.Gis.Features;

namespace Wems.Gis.Tests.AnalysisRuns;

/// <summary>The one parser of analysis parameters that the HTTP API and the server CLI share: the hotspot weights.</summary>
public sealed class AnalysisRequestTests
{
    private static AnalysisRequest Hotspots(params (string Name, string Value)[] parameters) =>
        AnalysisRequest.Parse("hotspots", parameters.ToDictionary(p => p.Name, p => p.Value));

    [Fact]
    public void Hotspots_take_band_inverse_and_knn_weights_with_their_parameters()
    {
        Assert.Equal("knn", Hotspots(("weights", "knn"), ("k", "12")).Parameters["weights"]);
        Assert.Equal("2", Hotspots(("weights", "inverse"), ("power", "2"), ("band-km", "50")).Parameters["power"]);
        Assert.Equal("30", Hotspots(("weights", "band"), ("band-km", "30")).Parameters["band-km"]);
    }

    [Theory]
    [InlineData("weights", "queen", "weights")]
    [InlineData("k", "8", "k")] // k without weights=knn
    [InlineData("power", "2", "power")] // power without weights=inverse
    public void A_weights_parameter_that_does_not_fit_is_refused_naming_it(string name, string value, string field)
    {
        var e = Assert.Throws<InvalidParameterException>(() => Hotspots((name, value)));

        Assert.Equal(field, e.Parameter);
    }

    [Theory]
    [InlineData("k", "0")]
    [InlineData("k", "2.5")]
    [InlineData("k", "many")]
    public void K_must_be_a_whole_number_from_1_to_1000(string name, string value)
    {
        var e = Assert.Throws<InvalidParameterException>(() => Hotspots(("weights", "knn"), (name, value)));

        Assert.Equal("k", e.Parameter);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("5")]
    public void The_power_must_be_above_0_and_at_most_4(string value)
    {
        var e = Assert.Throws<InvalidParameterException>(() => Hotspots(("weights", "inverse"), ("power", value)));

        Assert.Equal("power", e.Parameter);
    }

    [Fact]
    public void K_nearest_weights_refuse_a_distance_band()
    {
        var e = Assert.Throws<InvalidParameterException>(() => Hotspots(("weights", "knn"), ("band-km", "30")));

        Assert.Equal("band-km", e.Parameter);
    }
}
