using System.Text.Json;
using Microsoft.Playwright;

namespace Wems.Benchmarks;

/// <summary>What one first render of the operations map took, in ms from the navigation's start (the page's time origin).</summary>
internal sealed record FirstRenderTimes(
    double DomContentLoaded, double? FirstCaseTile, double MapComplete, int Tiles, long TileBytes, int CaseTiles, long CaseTileBytes,
    IReadOnlyList<string> ConsoleErrors);

/// <summary>
/// Opens the operations map in a fresh browser context (empty HTTP cache) at 1366×768, signed in, and times it. The page
/// itself stamps the moment: an init script catches the map as <c>operations.js</c> creates it and records
/// <c>performance.now()</c> at the first <c>idle</c> event after the page has set up its layers (<c>window.wems</c>) at
/// which the map reports <c>loaded()</c> and <c>areTilesLoaded()</c> and every visible analysis layer has its data, and at
/// the first case tile the map has loaded (its first <c>sourcedata</c> event with a tile of the <c>cases</c> source).
/// Tiles are counted from the network (MapLibre fetches them in its worker, whose resource timings the page does not see).
/// </summary>
internal static class FirstRender
{
    private const string InitScript = """
        (() => {
          const marks = { complete: null, firstCaseTile: null };
          window.__wemsBench = marks;
          let map;
          Object.defineProperty(window, 'wemsMap', {
            configurable: true,
            get() { return map; },
            set(value) {
              map = value;
              value.on('sourcedata', (e) => {
                if (marks.firstCaseTile === null && e.sourceId === 'cases' && e.tile) marks.firstCaseTile = performance.now();
              });
              value.on('idle', () => {
                const app = window.wems;
                if (marks.complete !== null || !app) return;
                const waiting = app.defs.filter((d) => d.kind === 'ogc' && app.state.layers.has(d.id) && d.count === undefined);
                if (waiting.length === 0 && value.loaded() && value.areTilesLoaded()) marks.complete = performance.now();
              });
            },
          });
        })();
        """;

    private const string Marks = """
        () => ({
          complete: window.__wemsBench?.complete ?? null,
          firstCaseTile: window.__wemsBench?.firstCaseTile ?? null,
          domContentLoaded: performance.getEntriesByType('navigation')[0]?.domContentLoadedEventEnd ?? null,
        })
        """;

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    private sealed record PageMarks(double? Complete, double? FirstCaseTile, double? DomContentLoaded);

    private sealed record TileResponse(string Url, long Bytes);

    public static async Task<FirstRenderTimes> MeasureAsync(IBrowser browser, Uri server, string username, string password, Action beforeNavigation)
    {
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 768 } });
        await context.AddInitScriptAsync(InitScript);
        var page = await context.NewPageAsync();

        // Sign in with the page's own sign-in call, on the sign-in page: the map is not opened (and no tile fetched) yet.
        await page.GotoAsync(new Uri(server, "/signin.html").ToString());
        await page.EvaluateAsync("async ([u, p]) => { const auth = await import('/js/auth.js'); await auth.signIn(u, p); }", new[] { username, password });

        var errors = new List<string>();
        var pending = new List<Task<TileResponse>>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        page.RequestFinished += (_, request) =>
        {
            if (new Uri(request.Url).AbsolutePath.StartsWith("/tiles/", StringComparison.Ordinal))
            {
                pending.Add(TileResponseAsync(request));
            }
        };

        beforeNavigation();
        await page.GotoAsync(new Uri(server, "/").ToString(), new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
        var deadline = DateTime.UtcNow + Timeout;
        PageMarks marks;
        while ((marks = await ReadMarksAsync(page)).Complete is null)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{username}: the operations map did not finish loading in {Timeout.TotalSeconds:F0} s. " +
                                           $"Console errors: {string.Join(" | ", errors)}");
            }

            await Task.Delay(100);
        }

        var tiles = await Task.WhenAll(pending.ToArray());
        var caseTiles = tiles.Where(t => new Uri(t.Url).AbsolutePath.StartsWith("/tiles/cases/", StringComparison.Ordinal)).ToArray();
        return new FirstRenderTimes(
            marks.DomContentLoaded ?? double.NaN, marks.FirstCaseTile, marks.Complete.Value,
            tiles.Length, tiles.Sum(t => t.Bytes), caseTiles.Length, caseTiles.Sum(t => t.Bytes), errors);
    }

    private static async Task<TileResponse> TileResponseAsync(IRequest request) =>
        new(request.Url, (await request.SizesAsync()).ResponseBodySize);

    private static async Task<PageMarks> ReadMarksAsync(IPage page)
    {
        var json = await page.EvaluateAsync<JsonElement>(Marks);
        static double? Number(JsonElement e) => e.ValueKind == JsonValueKind.Number ? e.GetDouble() : null;
        return new PageMarks(Number(json.GetProperty("complete")), Number(json.GetProperty("firstCaseTile")), Number(json.GetProperty("domContentLoaded")));
    }
}
