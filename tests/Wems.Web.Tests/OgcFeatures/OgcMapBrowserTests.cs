using Microsoft.Playwright;
using Wems.Web.Tests.Support;

namespace Wems.Web.Tests.OgcFeatures;

/// <summary>The map of the OGC API HTML pages in a real browser: Debian's Chromium, headless, driven by Playwright.</summary>
public sealed class OgcMapBrowserTests(KestrelWemsFactory server) : IClassFixture<KestrelWemsFactory>
{
    [Theory]
    [InlineData("/ogc/collections/border-posts/items?f=html&limit=50")]
    [InlineData("/ogc/collections/countries?f=html")]
    public async Task The_html_page_renders_its_map_with_no_console_error(string path)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserSession.LaunchChromiumAsync(playwright);
        await using var session = await BrowserSession.OpenAsync(browser, 1200, 900);
        var page = session.Page;
        var errors = session.Errors;
        var tiles = 0;
        page.Response += (_, response) =>
        {
            if (response.Url.Contains("/tiles/countries/", StringComparison.Ordinal) && response.Status is 200 or 204)
            {
                Interlocked.Increment(ref tiles);
            }
        };

        await page.GotoAsync(new Uri(server.BaseAddress, path).ToString());
        await page.WaitForSelectorAsync("body[data-map-ready='true']", new PageWaitForSelectorOptions { Timeout = 90_000 });

        Assert.True(errors.Count == 0, string.Join("\n", errors));
        Assert.True(tiles > 0, "the countries basemap was not loaded");
        Assert.Equal(1, await page.Locator("#ogc-map canvas.maplibregl-canvas").CountAsync());
        // The map was fitted to the data: its centre lies within the bounding box of the data block's coordinates.
        var inside = await page.EvaluateAsync<bool>("""
            () => {
              const data = JSON.parse(document.getElementById('ogc-map-data').textContent);
              const xs = [], ys = [];
              const visit = (c) => { if (typeof c[0] === 'number') { xs.push(c[0]); ys.push(c[1]); } else c.forEach(visit); };
              data.features.forEach((f) => visit(f.geometry.coordinates));
              const centre = window.wemsOgcMap.getCenter();
              const e = 1e-6;
              return xs.length > 0 && centre.lng >= Math.min(...xs) - e && centre.lng <= Math.max(...xs) + e
                && centre.lat >= Math.min(...ys) - e && centre.lat <= Math.max(...ys) + e;
            }
            """);
        Assert.True(inside, "the map is not fitted to the features");
    }
}
