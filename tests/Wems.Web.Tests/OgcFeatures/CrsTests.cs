using System.Net;
using System.Text.Json;
using Wems.Web.Tests.Support;

namespace Wems.Web.Tests.OgcFeatures;

/// <summary>OGC API – Features Part 2: output in another CRS (ProjNet), checked against PostGIS ST_Transform.</summary>
public sealed class CrsTests(WemsFactory factory) : IClassFixture<WemsFactory>
{
    [Theory]
    [InlineData("http://www.opengis.net/def/crs/EPSG/0/3857", 3857)]
    [InlineData("http://www.opengis.net/def/crs/EPSG/0/32636", 32636)]
    [InlineData("http://www.opengis.net/def/crs/EPSG/0/32637", 32637)]
    [InlineData("http://www.opengis.net/def/crs/ESRI/0/102022", 102022)]
    public async Task Projected_coordinates_match_PostGIS_ST_Transform_within_a_centimetre(string crs, int srid)
    {
        var page = await GetAsync($"/ogc/collections/airports/items?limit=100&crs={Uri.EscapeDataString(crs)}");

        // ProjNet's Transverse Mercator is the USGS series, exact to the centimetre within a few degrees of the
        // central meridian (PROJ's extended algorithm stays exact further out): compare UTM within 6 degrees.
        var centralMeridian = srid switch { 32636 => 33, 32637 => 39, _ => double.NaN };
        var expected = await PostGisAsync($"select id::text, ST_X(ST_Transform(geom, {srid})), ST_Y(ST_Transform(geom, {srid})), ST_X(geom) from site where kind = 'airport'");
        var compared = 0;
        foreach (var feature in page.GetProperty("features").EnumerateArray())
        {
            var c = feature.GetProperty("geometry").GetProperty("coordinates");
            var (x, y, longitude) = expected[feature.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture)];
            if (Math.Abs(longitude - centralMeridian) > 6)
            {
                continue;
            }

            compared++;
            Assert.Equal(x, c[0].GetDouble(), 0.01);
            Assert.Equal(y, c[1].GetDouble(), 0.01);
        }

        Assert.True(compared >= 5, $"only {compared} airports compared");
    }

    [Fact]
    public async Task EPSG_4326_output_puts_latitude_first()
    {
        var nairobi = await GetAsync("/ogc/collections/countries/items/KE?crs=" + Uri.EscapeDataString("http://www.opengis.net/def/crs/EPSG/0/4326"));

        var first = nairobi.GetProperty("geometry").GetProperty("coordinates")[0][0][0];
        Assert.InRange(first[0].GetDouble(), -5, 5.1); // latitude of Kenya
        Assert.InRange(first[1].GetDouble(), 33, 42); // longitude of Kenya
    }

    [Fact]
    public async Task The_response_names_its_crs_in_Content_Crs()
    {
        var response = await factory.CreateClient().GetAsync(new Uri("/ogc/collections/ports/items?limit=1&crs=EPSG:3857", UriKind.Relative));

        Assert.Equal("<http://www.opengis.net/def/crs/EPSG/0/3857>", response.Headers.GetValues("Content-Crs").Single());
    }

    [Fact]
    public async Task A_bbox_in_UTM_37N_finds_the_Nairobi_airport()
    {
        // JKIA (36.9251 E, 1.3305 S) in UTM 37N is about (269,080 m E, -147,158 m N): zone 37N has no false
        // northing, so south of the equator northings are negative. A 10 km box around it:
        var page = await GetAsync("/ogc/collections/airports/items?bbox=264000,-152000,274000,-142000&bbox-crs="
                                  + Uri.EscapeDataString("http://www.opengis.net/def/crs/EPSG/0/32637"));

        Assert.Contains(page.GetProperty("features").EnumerateArray(), f => f.GetProperty("properties").GetProperty("code").GetString() == "NBO");
    }

    [Fact]
    public async Task A_bbox_in_EPSG_4326_is_read_latitude_first()
    {
        var page = await GetAsync("/ogc/collections/airports/items?bbox=-1.4,36.8,-1.2,37.0&bbox-crs=" + Uri.EscapeDataString("http://www.opengis.net/def/crs/EPSG/0/4326"));

        Assert.Contains(page.GetProperty("features").EnumerateArray(), f => f.GetProperty("properties").GetProperty("code").GetString() == "NBO");
    }

    [Theory]
    [InlineData("crs=EPSG:9999", "crs")]
    [InlineData("bbox=1,2,3,4&bbox-crs=urn:nothing", "bbox-crs")]
    public async Task An_unsupported_crs_is_a_400_naming_the_parameter(string query, string parameter)
    {
        var response = await factory.CreateClient().GetAsync(new Uri($"/ogc/collections/ports/items?{query}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"\"parameter\":\"{parameter}\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_collection_lists_its_crs_and_storage_crs()
    {
        var collection = await GetAsync("/ogc/collections/borders");

        Assert.Contains("http://www.opengis.net/def/crs/EPSG/0/32637", collection.GetProperty("crs").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("http://www.opengis.net/def/crs/OGC/1.3/CRS84", collection.GetProperty("storageCrs").GetString());
    }

    private async Task<JsonElement> GetAsync(string url)
    {
        var response = await factory.CreateClient().GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    private async Task<Dictionary<string, (double X, double Y, double Longitude)>> PostGisAsync(string sql)
    {
        await using var command = factory.Database.DataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        var result = new Dictionary<string, (double, double, double)>();
        while (await reader.ReadAsync())
        {
            result[reader.GetString(0)] = (reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3));
        }

        return result;
    }
}
