using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Wems.Tiles;

namespace Wems.Web.Tests.Tiles;

/// <summary>
/// The offline basemap's label points, the public statistics layer, and GDAL reading a tile together with its TileJSON
/// (the MVT driver's METADATA_FILE: layer and field definitions from the TileJSON's vector_layers).
/// </summary>
public sealed class BasemapTileTests(TileServer server) : IClassFixture<TileServer>
{
    private static Uri Url(string path) => new(path, UriKind.Relative);

    [Fact]
    public async Task GDAL_opens_a_tile_with_its_TileJSON_and_takes_the_fields_from_it()
    {
        var coord = WebMercator.TileAt(37.9, 0.5, 4);
        var json = await server.Client().GetStringAsync(Url("/tiles/countries.json"));
        var tile = await server.Client().GetByteArrayAsync(Url($"/tiles/countries/{coord}.mvt"));
        var metadata = Path.Combine(Path.GetTempPath(), $"wems-tilejson-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(metadata, json);
        try
        {
            var gdal = await GdalTile.ReadAsync(tile, coord.Z, coord.X, coord.Y, metadata);

            var declared = JsonDocument.Parse(json).RootElement.GetProperty("vector_layers")[0].GetProperty("fields")
                .EnumerateObject().Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
            Assert.Subset(gdal.FieldNames().ToHashSet(StringComparer.Ordinal), declared);
            Assert.Contains("Kenya", gdal.Values("name_en"));
            Assert.Matches(new Regex(@"^Layer name: countries$", RegexOptions.Multiline), gdal.Output);
        }
        finally
        {
            File.Delete(metadata);
        }
    }

    [Fact]
    public async Task Country_label_points_lie_inside_their_country()
    {
        var coord = WebMercator.TileAt(37.9, 0.5, 5);

        var response = await server.Client().GetAsync(Url($"/tiles/country-labels/{coord}.mvt"));
        var tile = await GdalTile.ReadAsync(await response.Content.ReadAsByteArrayAsync(), coord.Z, coord.X, coord.Y);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Kenya", tile.Values("name_en"));
        var kenya = Regex.Match(tile.Output, @"iso2 \(String\) = KE[\s\S]*?POINT \(([-\d.e+]+) ([-\d.e+]+)\)");
        Assert.True(kenya.Success, tile.Output);
        await using var command = server.Factory.Database.DataSource.CreateCommand(
            "select ST_Contains(geom, ST_Transform(ST_SetSRID(ST_MakePoint($1, $2), 3857), 4326)) from country where iso2 = 'KE'");
        command.Parameters.AddWithValue(double.Parse(kenya.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue(double.Parse(kenya.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.True((bool)(await command.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task The_public_statistics_layer_is_anonymous_and_sums_the_public_statistics()
    {
        var coord = WebMercator.TileAt(37.9, 0.5, 3);
        await using var command = server.Factory.Database.DataSource.CreateCommand(
            "select coalesce(sum(cases), 0)::bigint from public_case_stats where country = 'KE'");
        var expected = (long)(await command.ExecuteScalarAsync())!;

        var response = await server.Client().GetAsync(Url($"/tiles/case-statistics/{coord}.mvt"));
        var tile = await GdalTile.ReadAsync(await response.Content.ReadAsByteArrayAsync(), coord.Z, coord.X, coord.Y);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.Public);
        Assert.True(expected > 0, "the demo data should give Kenya public statistics");
        var kenya = Regex.Match(tile.Output, @"iso2 \(String\) = KE\s+name_en \(String\) = Kenya\s+cases \(\w+\) = (\d+)");
        Assert.True(kenya.Success, tile.Output);
        Assert.Equal(expected, long.Parse(kenya.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.DoesNotContain("reference", tile.FieldNames());
    }
}
