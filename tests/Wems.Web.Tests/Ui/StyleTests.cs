using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Wems.Web.Tests.Support;

namespace Wems.Web.Tests.Ui;

public sealed class StyleTests(WemsFactory factory) : IClassFixture<WemsFactory>
{
    [Theory]
    [InlineData("operations")]
    [InlineData("public")]
    public async Task The_served_style_has_absolute_source_and_glyph_urls_of_this_server(string name)
    {
        var style = JsonDocument.Parse(await factory.CreateClient().GetStringAsync(new Uri($"/styles/{name}.json", UriKind.Relative))).RootElement;

        Assert.All(style.GetProperty("sources").EnumerateObject(), source =>
            Assert.StartsWith("http://localhost/tiles/", source.Value.GetProperty("url").GetString(), StringComparison.Ordinal));
        Assert.Equal("http://localhost/fonts/{fontstack}/{range}.pbf", style.GetProperty("glyphs").GetString());
    }

    [Fact]
    public async Task The_public_style_has_no_case_or_analysis_source_and_every_source_is_public()
    {
        var client = factory.CreateClient();
        var style = JsonDocument.Parse(await client.GetStringAsync(new Uri("/styles/public.json", UriKind.Relative))).RootElement;

        var sources = style.GetProperty("sources").EnumerateObject().ToList();
        Assert.DoesNotContain(sources, s => s.Name == "cases");
        Assert.Contains(sources, s => s.Name == "case-statistics");
        foreach (var source in sources)
        {
            // Anonymous callers can load every source's TileJSON: nothing in the public map needs a sign-in.
            var response = await client.GetAsync(new Uri(new Uri(source.Value.GetProperty("url").GetString()!).PathAndQuery, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.OK, source.Name);
        }
    }

    [Fact]
    public async Task The_label_glyphs_are_served_and_hold_the_letters_of_country_names()
    {
        var response = await factory.CreateClient().GetAsync(new Uri("/fonts/Noto%20Sans%20Regular/0-255.pbf", UriKind.Relative));
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // glyphs.proto: field 1 (fontstack) holds field 1 (name) "Noto Sans Regular" and field 2 (range) "0-255".
        var text = System.Text.Encoding.Latin1.GetString(bytes);
        Assert.Contains("Noto Sans Regular", text, StringComparison.Ordinal);
        Assert.Contains("0-255", text, StringComparison.Ordinal);
        Assert.True(bytes.Length > 20_000, $"{bytes.Length} bytes: too small for ~190 SDF glyphs");
    }

    [Theory]
    [InlineData("operations")]
    [InlineData("public")]
    public async Task The_served_style_is_valid_for_the_MapLibre_style_spec(string name)
    {
        var json = await factory.CreateClient().GetStringAsync(new Uri($"/styles/{name}.json", UriKind.Relative));
        var file = Path.Combine(Path.GetTempPath(), $"wems-style-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, json);
        try
        {
            // The validator of @maplibre/maplibre-gl-style-spec, pinned in src/Wems.Web/package.json.
            var validator = Path.Combine(WebProjectDirectory(), "node_modules", ".bin", "gl-style-validate");
            var start = new ProcessStartInfo(validator, [file]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();

            Assert.True(process.ExitCode == 0, output);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task An_unknown_style_is_a_404()
    {
        var response = await factory.CreateClient().GetAsync(new Uri("/styles/nope.json", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task MapLibre_is_served_by_the_server_itself_as_javascript()
    {
        var response = await factory.CreateClient().GetAsync(new Uri("/lib/maplibre-gl/maplibre-gl.mjs", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
    }

    internal static string WebProjectDirectory()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Wems.sln")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("Wems.sln not found above the test folder."), "src", "Wems.Web");
    }
}
