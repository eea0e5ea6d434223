using Microsoft.Playwright;
using Wems.Web.Tests.OgcFeatures;
using Wems.Web.Tests.Support;

namespace Wems.Web.Tests.Ui;

/// <summary>The offline basemap in a real browser (Debian's Chromium, headless): glyphs, country names, no console error.</summary>
public sealed class BasemapBrowserTests(KestrelWemsFactory server) : IClassFixture<KestrelWemsFactory>
{
    /// <summary>Screenshots go to TestResults/screenshots at the repository root (git-ignored).</summary>
    private static string Screenshot(string name)
    {
        var folder = Path.Combine(Path.GetDirectoryName(StyleTests.WebProjectDirectory())!, "..", "TestResults", "screenshots");
        Directory.CreateDirectory(folder);
        return Path.GetFullPath(Path.Combine(folder, name));
    }

    [Theory]
    [InlineData("operations", "")]
    [InlineData("public", "public.html")]
    public async Task The_map_renders_the_offline_basemap_with_country_names_and_no_console_error(string style, string query)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserSession.LaunchChromiumAsync(playwright);
        await using var session = await BrowserSession.OpenAsync(browser, 1366, 768);
        var page = session.Page;
        var errors = session.Errors;
        var tiles = new List<string>();
        page.Response += (_, response) =>
        {
            if (response.Url.Contains("/tiles/countries/", StringComparison.Ordinal) && response.Status is 200 or 204)
            {
                tiles.Add(response.Url);
            }
        };

        if (style == "operations")
        {
            // The operations map is for signed-in users: the page sends an anonymous caller to the sign-in form.
            await session.SignInAsync(server.BaseAddress, "/", "ke-analyst");
        }
        else
        {
            await page.GotoAsync(server.BaseAddress + query);
        }

        await page.WaitForSelectorAsync("body[data-map-ready='true']", new PageWaitForSelectorOptions { Timeout = 90_000 });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot($"basemap-{style}.png") });
        // Symbols are only placed (and so only returned here) once their text is laid out with the server's glyphs.
        var labels = await page.EvaluateAsync<string[]>(
            "() => window.wemsMap.queryRenderedFeatures({ layers: ['country-labels'] }).map(f => f.properties.name_en)");

        Assert.Empty(errors);
        Assert.Contains("Kenya", labels);
        Assert.True(labels.Length >= 5, string.Join(", ", labels));
        Assert.NotEmpty(tiles);
        Assert.Equal(1, await page.Locator("canvas.maplibregl-canvas").CountAsync());
    }
}
