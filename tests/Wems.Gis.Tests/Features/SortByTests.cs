using Wems.Gis.Features;

namespace Wems.Gis.Tests.Features;

public sealed class SortByTests
{
    private static readonly FeatureCollectionDefinition Borders = ReferenceCollections.Find("borders")!;

    [Fact]
    public void Plus_or_no_prefix_is_ascending_and_minus_descending_in_the_order_given()
    {
        var sort = SortBy.Parse("+iso2_a,-length_km,iso2_b", Borders);

        Assert.Equal(["iso2_a", "length_km", "iso2_b"], sort.Keys.Select(k => k.Property.Name).ToArray());
        Assert.Equal([false, true, false], sort.Keys.Select(k => k.Descending).ToArray());
    }

    [Fact]
    public void A_plus_decoded_as_a_space_still_means_ascending()
    {
        var sort = SortBy.Parse(" length_km", Borders);

        Assert.False(Assert.Single(sort.Keys).Descending);
    }

    [Theory]
    [InlineData("population")]
    [InlineData("-geometry")]
    [InlineData("iso2_a,,length_km")]
    [InlineData("-")]
    [InlineData("iso2_a,-iso2_a")]
    public void An_unknown_empty_or_repeated_key_is_an_invalid_sortby(string text)
    {
        var e = Assert.Throws<InvalidParameterException>(() => SortBy.Parse(text, Borders));

        Assert.Equal("sortby", e.Parameter);
    }

    [Fact]
    public void The_error_names_the_unknown_property()
    {
        var e = Assert.Throws<InvalidParameterException>(() => SortBy.Parse("-population", Borders));

        Assert.Contains("'population'", e.Reason, StringComparison.Ordinal);
    }
}
