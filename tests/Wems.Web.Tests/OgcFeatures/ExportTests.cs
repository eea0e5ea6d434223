using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Wems.Gis.Features;
using Wems.Gis.Features.Exports;
using Wems.Web.Tests.Support;

namespace Wems.Web.Tests.OgcFeatures;

/// <summary>Items exported as CSV, GeoPackage and zipped Shapefile, read back with GDAL (Debian gdal-bin).</summary>
public sealed class ExportTests(WemsFactory factory) : IClassFixture<WemsFactory>
{
    private static async Task<string> OgrinfoAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("ogrinfo") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"ogrinfo failed: {error}");
        return output;
    }

    private static async Task<string> DownloadAsync(HttpClient client, string url, string mediaType, string extension)
    {
        var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        var path = Path.Combine(Path.GetTempPath(), $"wems-export-test-{Guid.NewGuid():N}.{extension}");
        await File.WriteAllBytesAsync(path, await response.Content.ReadAsByteArrayAsync());
        return path;
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var command = factory.Database.DataSource.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>An RFC 4180 reader: quoted fields may hold commas, doubled quotes and line breaks.</summary>
    private static List<List<string>> ParseCsv(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') { quoted = false; }
                else { field.Append(c); }
            }
            else if (c == '"') { quoted = true; }
            else if (c == ',') { row.Add(field.ToString()); field.Clear(); }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(field.ToString());
                field.Clear();
                rows.Add(row);
                row = [];
                i++;
            }
            else { field.Append(c); }
        }

        return rows;
    }

    [Fact]
    public async Task Csv_has_a_header_a_wkt_geometry_and_every_country_in_one_file_not_one_page()
    {
        var path = await DownloadAsync(factory.CreateClient(), "/ogc/collections/countries/items?f=csv&limit=5", "text/csv", "csv");
        try
        {
            var rows = ParseCsv(await File.ReadAllTextAsync(path));
            var summary = await OgrinfoAsync("-ro", "-so", "-al", "-oo", "GEOM_POSSIBLE_NAMES=geometry", "-oo", "KEEP_GEOM_COLUMNS=NO", path);

            var expected = await CountAsync("select count(*) from country");
            Assert.Equal(["id", "geometry", "iso2", "iso3", "name_en", "name_fr", "scale"], rows[0]);
            Assert.Equal(expected, rows.Count - 1);
            Assert.All(rows.Skip(1), r => Assert.StartsWith("MULTIPOLYGON", r[1], StringComparison.Ordinal));
            Assert.Contains(rows, r => r[4] == "Cote d'Ivoire" || r[4].Contains(',', StringComparison.Ordinal));
            Assert.Contains($"Feature Count: {expected}", summary, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task An_accept_header_of_text_csv_gets_csv()
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Accept.ParseAdd("text/csv");

        var response = await client.GetAsync(new Uri("/ogc/collections/ports/items", UriKind.Relative));

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("id,geometry,name,", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_geopackage_opens_in_gdal_with_the_feature_count_fields_and_crs()
    {
        var path = await DownloadAsync(factory.CreateClient(), "/ogc/collections/airports/items?f=gpkg&crs=EPSG:32637",
            "application/geopackage+sqlite3", "gpkg");
        try
        {
            var summary = await OgrinfoAsync("-ro", "-so", path, "airports");

            var expected = await CountAsync("select count(*) from site where kind = 'airport'");
            Assert.Contains($"Feature Count: {expected}", summary, StringComparison.Ordinal);
            Assert.Contains("Geometry: Point", summary, StringComparison.Ordinal);
            Assert.Contains("name: String", summary, StringComparison.Ordinal);
            Assert.Contains("radius_m: Real", summary, StringComparison.Ordinal);
            Assert.Contains("approximate: Integer(Boolean)", summary, StringComparison.Ordinal);
            Assert.Contains("UTM zone 37N", summary, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_zipped_shapefile_of_a_bbox_opens_in_gdal_with_the_feature_count_and_truncated_names()
    {
        var path = await DownloadAsync(factory.BasicClient("ke-analyst"), "/ogc/collections/cases/items?f=shp&bbox=33.9,-4.7,41.9,5.0",
            "application/zip", "zip");
        try
        {
            var summary = await OgrinfoAsync("-ro", "-so", $"/vsizip/{path}/cases.shp", "cases");

            var expected = await CountAsync(
                "select count(*) from seizure_case where country = 'KE' and deleted_at is null and geom && ST_MakeEnvelope(33.9, -4.7, 41.9, 5.0, 4326)");
            Assert.True(expected > 0);
            Assert.Contains($"Feature Count: {expected}", summary, StringComparison.Ordinal);
            Assert.Contains("location_p: String", summary, StringComparison.Ordinal);
            Assert.Contains("quantity_k: Real", summary, StringComparison.Ordinal);
            Assert.Contains("offenders: String", summary, StringComparison.Ordinal);
            Assert.Contains("WGS 84", summary, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_regional_users_export_has_no_nominal_column_and_only_the_shared_cases()
    {
        var client = factory.BasicClient("latf-analyst");
        var response = await client.GetAsync(new Uri("/ogc/collections/cases/items?f=csv", UriKind.Relative));
        var rows = ParseCsv(await response.Content.ReadAsStringAsync());

        var expected = await CountAsync(
            "select count(*) from seizure_case where transboundary and country in ('KE', 'TZ', 'UG', 'CG') and deleted_at is null");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("offenders", rows[0]);
        Assert.DoesNotContain("conveyances", rows[0]);
        Assert.Equal(expected, rows.Count - 1);
    }

    [Fact]
    public async Task An_export_over_the_configured_maximum_is_a_400_and_not_a_truncated_file()
    {
        using var small = factory.WithWebHostBuilder(b => b.UseSetting("Ogc:MaxExportFeatures", "5"));

        var response = await small.CreateClient().GetAsync(new Uri("/ogc/collections/countries/items?f=gpkg", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("at most 5 features", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Items_link_the_exports_of_the_same_query()
    {
        var page = System.Text.Json.JsonDocument.Parse(await factory.CreateClient().GetStringAsync(
            new Uri("/ogc/collections/ports/items?limit=2&sortby=-name", UriKind.Relative))).RootElement;

        var alternates = page.GetProperty("links").EnumerateArray().Where(l => l.GetProperty("rel").GetString() == "alternate")
            .ToDictionary(l => l.GetProperty("type").GetString()!, l => l.GetProperty("href").GetString()!);
        Assert.EndsWith("sortby=-name&f=csv", alternates["text/csv"], StringComparison.Ordinal);
        Assert.EndsWith("f=gpkg", alternates["application/geopackage+sqlite3"], StringComparison.Ordinal);
        Assert.EndsWith("f=shp", alternates["application/zip"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_formats_are_refused_on_resources_other_than_items()
    {
        var response = await factory.CreateClient().GetAsync(new Uri("/ogc/collections?f=csv", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public void Shapefile_field_names_are_cut_to_ten_characters_and_made_unique_in_property_order()
    {
        var collection = ReferenceCollections.Find("ports")! with
        {
            Properties =
            [
                new("location_precision", PropertyType.Text, "1", ""),
                new("location_type", PropertyType.Text, "2", ""),
                new("location_t", PropertyType.Text, "3", ""),
                new("code", PropertyType.Text, "4", ""),
            ],
        };

        Assert.Equal(["id", "location_p", "location_t", "location_2", "code"], ShapefileExport.FieldNames(collection).ToArray());
    }
}
