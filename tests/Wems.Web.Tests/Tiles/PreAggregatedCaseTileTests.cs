using System.Globalization;
using System.Text.RegularExpressions;
using Wems.Tiles;

namespace Wems.Web.Tests.Tiles;

/// <summary>
/// Low-zoom case tiles from the pre-aggregated cells (migration 0016) hold exactly what the aggregation over the case
/// rows gives: an open date filter (<c>datetime=1900-01-01/..</c>, every case) makes the server count from the cases.
/// </summary>
public sealed class PreAggregatedCaseTileTests(TileServer server) : IClassFixture<TileServer>
{
    private static string? Field(string block, string name) =>
        Regex.Match(block, $@"^\s+{name} \(\w+\) = (.*)$", RegexOptions.Multiline) is { Success: true } m ? m.Groups[1].Value.Trim() : null;

    private async Task<Dictionary<long, (long Count, double? Kg, string? Mix, double X, double Y)>> CellsAsync(string user, TileCoord tile, string query)
    {
        var bytes = await server.Client(user).GetByteArrayAsync(new Uri($"/tiles/cases/{tile}.mvt{query}", UriKind.Relative));
        var gdal = await GdalTile.ReadAsync(bytes, tile.Z, tile.X, tile.Y);
        var cells = new Dictionary<long, (long Count, double? Kg, string? Mix, double X, double Y)>();
        foreach (var block in gdal.Output.Split("OGRFeature(cases)", StringSplitOptions.None).Skip(1))
        {
            var point = Regex.Match(block, @"POINT \(([-\d.e+]+) ([-\d.e+]+)\)");
            Assert.True(point.Success, block);
            var kg = Field(block, "quantity_kg");
            cells[long.Parse(Field(block, "mvt_id")!, CultureInfo.InvariantCulture)] = (
                long.Parse(Field(block, "count")!, CultureInfo.InvariantCulture),
                kg is null or "(null)" ? null : double.Parse(kg, CultureInfo.InvariantCulture),
                Field(block, "commodities"),
                double.Parse(point.Groups[1].Value, CultureInfo.InvariantCulture),
                double.Parse(point.Groups[2].Value, CultureInfo.InvariantCulture));
        }

        Assert.Equal(gdal.FeatureCount, cells.Count);
        return cells;
    }

    [Theory]
    [InlineData("ke-analyst", 4)]
    [InlineData("ke-analyst", 7)]
    [InlineData("latf-analyst", 5)]
    [InlineData("latf-analyst", 8)]
    public async Task Pre_aggregated_cells_equal_the_cells_counted_from_the_cases(string user, int zoom)
    {
        var tile = WebMercator.TileAt(37.9, -1.5, zoom);

        var aggregated = await CellsAsync(user, tile, "");
        var counted = await CellsAsync(user, tile, "?datetime=1900-01-01/..");

        Assert.NotEmpty(aggregated);
        Assert.Equal(counted.Keys.Order(), aggregated.Keys.Order());
        // One unit of a 4096-extent tile, in metres: the centroids may round to neighbouring units.
        var unit = 2 * Math.PI * 6378137 / Math.Pow(2, zoom) / 4096;
        foreach (var (id, expected) in counted)
        {
            var actual = aggregated[id];
            Assert.Equal(expected.Count, actual.Count);
            Assert.Equal(expected.Mix, actual.Mix);
            Assert.Equal(expected.Kg ?? 0, actual.Kg ?? 0, 0.01);
            Assert.Equal(expected.X, actual.X, 1.01 * unit);
            Assert.Equal(expected.Y, actual.Y, 1.01 * unit);
        }
    }
}
