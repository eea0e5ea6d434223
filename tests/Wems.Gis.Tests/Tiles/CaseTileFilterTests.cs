using Wems.Gis.Features;
using Wems.Gis.Reference;
using Wems.Gis.Tiles;

namespace Wems.Gis.Tests.Tiles;

public sealed class CaseTileFilterTests
{
    [Fact]
    public void No_values_give_the_empty_filter()
    {
        Assert.True(CaseTileFilter.Parse(null, null, null).IsEmpty);
    }

    [Fact]
    public void A_country_is_upper_cased_and_equal_filters_give_equal_variants()
    {
        var a = CaseTileFilter.Parse("2023-01-01/2023-12-31", "ke", "ivory");
        var b = CaseTileFilter.Parse("2023-01-01/2023-12-31", "KE", "ivory");

        Assert.Equal("KE", a.Country);
        Assert.Equal(a.Variant(), b.Variant());
        Assert.Equal("from=2023-01-01;to=2023-12-31;country=KE;commodity=ivory;species=;agency=;mode=", a.Variant());
    }

    [Fact]
    public void An_open_interval_leaves_one_end_null()
    {
        var filter = CaseTileFilter.Parse("../2020-06-30", null, null);

        Assert.Null(filter.Start);
        Assert.Equal(new DateOnly(2020, 6, 30), filter.End);
    }

    [Theory]
    [InlineData(null, "KEN", null, "country")]
    [InlineData(null, "K1", null, "country")]
    [InlineData(null, null, "Ivory", "commodity")]
    [InlineData("2023-13-01", null, null, "datetime")]
    public void A_malformed_or_unknown_value_names_its_parameter(string? datetime, string? country, string? commodity, string parameter)
    {
        var error = Assert.Throws<InvalidParameterException>(() => CaseTileFilter.Parse(datetime, country, commodity));

        Assert.Equal(parameter, error.Parameter);
    }

    [Theory]
    [InlineData("Loxodonta", null, null, "species")]
    [InlineData("loxodonta africana", null, null, "species")]
    [InlineData("Loxodonta africana'; --", null, null, "species")]
    [InlineData(null, "KWS ", null, "agency")]
    [InlineData(null, "", null, "agency")]
    [InlineData(null, null, "Air-Cargo", "transport_mode")]
    [InlineData(null, null, "air cargo", "transport_mode")]
    public void A_malformed_species_agency_or_transport_mode_names_its_parameter(string? species, string? agency, string? mode, string parameter)
    {
        var error = Assert.Throws<InvalidParameterException>(() => CaseTileFilter.Parse(null, null, null, species, agency, mode));

        Assert.Equal(parameter, error.Parameter);
    }

    [Fact]
    public void Every_species_of_the_species_list_is_a_valid_species_filter()
    {
        foreach (var species in ReferenceDataFiles.LoadSpecies(ReferenceDataFiles.FindDataDirectory()))
        {
            Assert.Equal(species.ScientificName, CaseTileFilter.Parse(null, null, null, species.ScientificName).Species);
        }
    }

    [Fact]
    public void Species_agency_and_transport_mode_are_in_the_variant_and_keep_pre_aggregated_cells_out()
    {
        var filter = CaseTileFilter.Parse(null, "ke", null, "Smutsia temminckii", "kws", "air-cargo");

        Assert.Equal("from=;to=;country=KE;commodity=;species=Smutsia temminckii;agency=KWS;mode=air-cargo", filter.Variant());
        Assert.False(filter.PreAggregatable);
        Assert.True(CaseTileFilter.Parse(null, "ke", null).PreAggregatable);
        Assert.False(CaseTileFilter.Parse(null, null, null, null, null, "rail").PreAggregatable);
    }

    [Fact]
    public void The_commodity_groups_are_exactly_those_of_the_species_list()
    {
        var groups = ReferenceDataFiles.LoadSpecies(ReferenceDataFiles.FindDataDirectory()).Select(s => s.Group).Distinct().Order(StringComparer.Ordinal);

        Assert.Equal(groups, CaseTileFilter.CommodityGroups);
    }

    [Fact]
    public void Simplification_is_half_a_pixel_and_cells_are_32_pixels()
    {
        // 156 543.03392804097 m a pixel at zoom 0 (OGC WebMercatorQuad cellSize).
        Assert.Equal(78_271.516964, TileStore.SimplifyToleranceMeters(0), 5);
        Assert.Equal(156_543.03392804097 * 32 / 256, TileStore.CellSizeMeters(8), 6);
    }
}
