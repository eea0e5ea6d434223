using System.Text.Json;
using Microsoft.Playwright;

namespace Wems.Benchmarks;

/// <summary>
/// What one first render of the operations map took: each stage in ms from the navigation's start (the page's time origin),
/// NaN when the stage never came; the tiles fetched; the console errors.
/// </summary>
internal sealed record FirstRenderTimes(IReadOnlyDictionary<string, double> Stages, int Tiles, long TileBytes, int CaseTiles, long CaseTileBytes,
    IReadOnlyDictionary<string, double> SlowestTileByLayer, IReadOnlyList<string> ConsoleErrors)
{
    public double Complete => Stages["complete"];
}

/// <summary>
/// Opens the operations map in a fresh browser context (empty HTTP cache) at 1366×768, signed in, and times it. The page
/// itself stamps each stage with <c>performance.now()</c>: an init script catches the map as <c>operations.js</c> creates
/// it and listens to it. The stages are in <see cref="Stages"/>; "complete" is the first <c>idle</c> event after the page
/// has set up its layers (<c>window.wems</c>) at which the map reports <c>loaded()</c> and <c>areTilesLoaded()</c> and every
/// visible analysis layer is on the map (its run known and its tile source added, so its tiles are among those loaded). Tiles are counted from the network (MapLibre fetches them in its worker, whose
/// resource timings the page does not see).
/// </summary>
internal static class FirstRender
{
    /// <summary>The stages, in the order they normally come, with what each one means.</summary>
    public static IReadOnlyList<(string Name, string Meaning)> Stages { get; } =
    [
        ("domContentLoaded", "DOMContentLoaded (the HTML parsed)"),
        ("mapCreated", "map created (MapLibre and the page's modules loaded and run; the user and the layers the tier may see are asked in parallel)"),
        ("styleLoaded", "style loaded (the map's `load` event: style, sprites and glyph ranges)"),
        ("firstCaseTile", "first case tile loaded by the map (fetched and decoded in MapLibre's worker)"),
        ("lastTile", "last tile of the first view loaded by the map (any source)"),
        ("analysisData", "visible analysis layers' runs known and their tile sources on the map (the hotspots; their tiles count in the last tile)"),
        ("complete", "complete: the first MapLibre `idle` after the page has added its layers with `map.loaded()`, `map.areTilesLoaded()` and every visible analysis layer on the map"),
    ];

    private const string InitScript = """
        (() => {
          const marks = { layerData: {} };
          window.__wemsBench = marks;
          const now = () => performance.now();
          let map;
          Object.defineProperty(window, 'wemsMap', {
            configurable: true,
            get() { return map; },
            set(value) {
              map = value;
              marks.mapCreated = now();
              value.once('load', () => { marks.styleLoaded = now(); });
              value.on('wems:layerdata', (e) => { marks.layerData[e.id] = now(); });
              value.on('sourcedata', (e) => {
                if (!e.tile || marks.complete !== undefined) return;
                marks.lastTile = now();
                if (e.sourceId === 'cases' && marks.firstCaseTile === undefined) marks.firstCaseTile = marks.lastTile;
              });
              value.on('idle', () => {
                const app = window.wems;
                if (marks.complete !== undefined || !app) return;
                const visible = app.defs.filter((d) => d.kind === 'run' && app.state.layers.has(d.id));
                if (visible.some((d) => d.count === undefined) || !value.loaded() || !value.areTilesLoaded()) return;
                marks.complete = now();
                if (visible.length > 0) marks.analysisData = Math.max(...visible.map((d) => marks.layerData[d.id]));
              });
            },
          });
        })();
        """;

    private const string Marks = """
        () => {
          const marks = window.__wemsBench ?? {};
          const { layerData, ...stages } = marks;
          return { ...stages, domContentLoaded: performance.getEntriesByType('navigation')[0]?.domContentLoadedEventEnd };
        }
        """;

    /// <summary>How long a load may take before it is recorded as not finished (shown as "> 180000" ms).</summary>
    public static TimeSpan Timeout { get; } = TimeSpan.FromMinutes(3);

    /// <summary>A tile fetched: its layer (the path segment after /tiles/), body bytes, and ms from its request to its last byte.</summary>
    private sealed record TileResponse(string Layer, long Bytes, double Milliseconds);

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
            // Tiles only (/tiles/{layer}/{z}/{x}/{y}), not the layers' TileJSON documents (/tiles/{layer}.json).
            var path = new Uri(request.Url).AbsolutePath;
            if (path.StartsWith("/tiles/", StringComparison.Ordinal) && path.Split('/').Length == 6)
            {
                lock (pending)
                {
                    pending.Add(TileResponseAsync(request));
                }
            }
        };

        beforeNavigation();
        await page.GotoAsync(new Uri(server, "/").ToString(), new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
        var deadline = DateTime.UtcNow + Timeout;
        Dictionary<string, double> marks;
        while (!(marks = await ReadMarksAsync(page)).ContainsKey("complete"))
        {
            if (DateTime.UtcNow > deadline)
            {
                // Recorded, not thrown: one load past the limit on a busy machine must not lose the whole run. The stages
                // not reached count as infinitely late, so a median or maximum never hides the load.
                Console.WriteLine($"ui: {username}: the operations map did not finish loading in {Timeout.TotalSeconds:F0} s");
                foreach (var (name, _) in Stages)
                {
                    marks.TryAdd(name, double.PositiveInfinity);
                }

                break;
            }

            await Task.Delay(100);
        }

        Task<TileResponse>[] finished;
        lock (pending)
        {
            finished = [.. pending];
        }

        var tiles = await Task.WhenAll(finished);
        var caseTiles = tiles.Where(t => t.Layer == "cases").ToArray();
        return new FirstRenderTimes(
            Stages.ToDictionary(s => s.Name, s => marks.GetValueOrDefault(s.Name, double.NaN)),
            tiles.Length, tiles.Sum(t => t.Bytes), caseTiles.Length, caseTiles.Sum(t => t.Bytes),
            tiles.GroupBy(t => t.Layer).ToDictionary(g => g.Key, g => g.Max(t => t.Milliseconds)), errors);
    }

    private static async Task<TileResponse> TileResponseAsync(IRequest request)
    {
        var sizes = await request.SizesAsync();
        return new TileResponse(new Uri(request.Url).AbsolutePath.Split('/')[2], sizes.ResponseBodySize, request.Timing.ResponseEnd);
    }

    private static async Task<Dictionary<string, double>> ReadMarksAsync(IPage page)
    {
        var json = await page.EvaluateAsync<JsonElement>(Marks);
        return json.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Number).ToDictionary(p => p.Name, p => p.Value.GetDouble());
    }
}
