using System.Globalization;
using Wems.Tiles;

namespace Wems.Web.Tests.Tiles;

/// <summary>
/// Point-zoom case tiles (zooms 9-14) from the pre-aggregated merge squares (migration 0022) hold exactly the features
/// that grouping the cases of the tile gives: an open date filter (<c>datetime=1900-01-01/..</c>, every case) makes the
/// server group the cases instead. Same ids, same attributes, same points, for both tiers.
/// </summary>
public sealed class PreAggregatedCasePointTileTests(TileServer server) : IClassFixture<TileServer>
{
    private const string FromCases = "?datetime=1900-01-01/..";

    // The Indian Ocean south-east of Madagascar: no demo case within hundreds of kilometres. Each test puts its cases at
    // its own longitude there, 0.5 m apart (one zoom-14 merge square is 38 m), chosen so that both lie at least 5% of a
    // square from the square's edges at zooms 9-14.
    private const double SeaLat = -25.0;

    private async Task<TileCoord> BusiestTileAsync(string condition, int zoom)
    {
        // The 0.01° grid cell with the most visible cases: an airport or border post of the demo data.
        await using var command = server.Factory.Database.DataSource.CreateCommand($"""
            select ST_X(g), ST_Y(g) from (
                select ST_SnapToGrid(c.geom, 0.01) as g, count(*) as n from seizure_case c
                where c.deleted_at is null and ({condition}) group by 1 order by n desc limit 1) t
            """);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return WebMercator.TileAt(reader.GetDouble(0), reader.GetDouble(1), zoom);
    }

    private async Task<(Dictionary<long, CaseTileFeature> Squares, Dictionary<long, CaseTileFeature> Cases)> BothAsync(string user, TileCoord tile)
    {
        var client = server.Client(user);
        return (await CaseTileFeatures.ReadAsync(client, tile), await CaseTileFeatures.ReadAsync(client, tile, FromCases));
    }

    // The national analyst's busiest tile has merged squares at every point zoom; the regional one's (fewer, shared
    // cases in the test data) only up to zoom 12.
    [Theory]
    [InlineData("ke-analyst", "c.country = 'KE'", 9, true)]
    [InlineData("ke-analyst", "c.country = 'KE'", 10, true)]
    [InlineData("ke-analyst", "c.country = 'KE'", 11, true)]
    [InlineData("ke-analyst", "c.country = 'KE'", 12, true)]
    [InlineData("ke-analyst", "c.country = 'KE'", 13, true)]
    [InlineData("ke-analyst", "c.country = 'KE'", 14, true)]
    [InlineData("latf-analyst", "c.transboundary and c.country in ('KE', 'TZ', 'UG', 'CG')", 9, true)]
    [InlineData("latf-analyst", "c.transboundary and c.country in ('KE', 'TZ', 'UG', 'CG')", 11, true)]
    [InlineData("latf-analyst", "c.transboundary and c.country in ('KE', 'TZ', 'UG', 'CG')", 12, true)]
    [InlineData("latf-analyst", "c.transboundary and c.country in ('KE', 'TZ', 'UG', 'CG')", 14, false)]
    public async Task Squares_of_the_busiest_tile_equal_the_cases_grouped(string user, string visible, int zoom, bool merged)
    {
        var tile = await BusiestTileAsync(visible, zoom);

        var (squares, cases) = await BothAsync(user, tile);

        Assert.NotEmpty(cases);
        Assert.Equal(merged, cases.Values.Any(f => f["count"] is not null));
        CaseTileFeatures.AssertSame(cases, squares);
    }

    [Theory]
    [InlineData("ke-analyst")]
    [InlineData("latf-analyst")]
    public async Task A_zoom_9_hub_tile_has_merged_and_single_cases_and_equals_the_cases_grouped(string user)
    {
        var tile = await BusiestTileAsync(user == "ke-analyst" ? "c.country = 'KE'" : "c.transboundary and c.country in ('KE', 'TZ', 'UG', 'CG')", 9);

        var (squares, cases) = await BothAsync(user, tile);

        Assert.Contains(squares.Values, f => f["count"] is not null);
        Assert.Contains(squares.Values, f => f["reference"] is not null && f["count"] is null);
        CaseTileFeatures.AssertSame(cases, squares);
    }

    [Fact]
    public async Task Shared_cases_of_two_countries_in_one_square_merge_for_the_region_and_stay_single_for_the_nation()
    {
        const double lon = 57.3011;
        var database = server.Factory.Database.DataSource;
        var (_, kenyan) = await TileTestCases.InsertAsync(database, "KE", lon, SeaLat, shared: true, "ivory", 2.5m);
        await TileTestCases.InsertAsync(database, "TZ", lon + 0.000005, SeaLat, shared: true, "pangolin", 4m);

        foreach (var zoom in new[] { 9, 13, 14 })
        {
            var tile = WebMercator.TileAt(lon, SeaLat, zoom);
            var (regional, regionalCases) = await BothAsync("latf-analyst", tile);
            var (national, nationalCases) = await BothAsync("ke-analyst", tile);

            var merged = Assert.Single(regional.Values);
            Assert.Equal("2", merged["count"]);
            Assert.Equal("ivory:1,pangolin:1", merged["commodities"]);
            Assert.Equal(6.5, double.Parse(merged["quantity_kg"]!, CultureInfo.InvariantCulture), 1e-9);
            Assert.Null(merged["reference"]);
            var single = Assert.Single(national.Values);
            Assert.Equal(kenyan, single["reference"]);
            Assert.Equal("ivory", single["commodities"]);
            Assert.Null(single["count"]);
            CaseTileFeatures.AssertSame(regionalCases, regional);
            CaseTileFeatures.AssertSame(nationalCases, national);
        }
    }

    [Fact]
    public async Task A_shared_and_a_national_case_in_one_square_merge_for_the_nation_and_the_region_sees_the_shared_one()
    {
        const double lon = 57.7013;
        var database = server.Factory.Database.DataSource;
        var (_, shared) = await TileTestCases.InsertAsync(database, "KE", lon, SeaLat, shared: true, "rhino-horn", 1.25m);
        await TileTestCases.InsertAsync(database, "KE", lon + 0.000005, SeaLat, shared: false, "ivory", 3m);

        foreach (var zoom in new[] { 10, 12, 14 })
        {
            var tile = WebMercator.TileAt(lon, SeaLat, zoom);
            var (national, nationalCases) = await BothAsync("ke-analyst", tile);
            var (regional, regionalCases) = await BothAsync("latf-analyst", tile);

            var merged = Assert.Single(national.Values);
            Assert.Equal("2", merged["count"]);
            Assert.Equal("ivory", merged["commodity"]);
            Assert.Equal("ivory:1,rhino-horn:1", merged["commodities"]);
            Assert.Null(merged["transboundary"]);
            var single = Assert.Single(regional.Values);
            Assert.Equal(shared, single["reference"]);
            Assert.Equal("rhino-horn", single["commodities"]);
            CaseTileFeatures.AssertSame(nationalCases, national);
            CaseTileFeatures.AssertSame(regionalCases, regional);
        }
    }

    [Fact]
    public async Task A_single_case_is_drawn_at_its_own_point_with_its_properties()
    {
        const double lon = 58.1017;
        var database = server.Factory.Database.DataSource;
        var (_, reference) = await TileTestCases.InsertAsync(database, "KE", lon, SeaLat, shared: true, "timber", 120m);
        var tile = WebMercator.TileAt(lon, SeaLat, 14);

        var (national, nationalCases) = await BothAsync("ke-analyst", tile);

        var single = Assert.Single(national.Values);
        Assert.Equal(reference, single["reference"]);
        Assert.Equal("KE", single["country"]);
        Assert.Equal("2024-05-01", single["date"]);
        Assert.Equal("timber", single["commodities"]);
        Assert.Equal("120", single["quantity_kg"]);
        Assert.Null(single["count"]);
        CaseTileFeatures.AssertSame(nationalCases, national);
    }
}
