using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Wems.Web.Tests.Support;

namespace Wems.Web.Tests.Ui;

public sealed class StyleTests(WemsFactory factory) : IClassFixture<WemsFactory>
{
    [Fact]
    public async Task The_served_style_has_absolute_source_urls_of_this_server()
    {
        var style = JsonDocument.Parse(await factory.CreateClient().GetStringAsync(new Uri("/styles/operations.json", UriKind.Relative))).RootElement;

        Assert.All(style.GetProperty("sources").EnumerateObject(), source =>
            Assert.StartsWith("http://localhost/tiles/", source.Value.GetProperty("url").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_served_style_is_valid_for_the_MapLibre_style_spec()
    {
        var json = await factory.CreateClient().GetStringAsync(new Uri("/styles/operations.json", UriKind.Relative));
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
