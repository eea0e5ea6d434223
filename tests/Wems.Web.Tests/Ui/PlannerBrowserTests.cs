using System.Globalization;
using Microsoft.Playwright;
using Wems.Web.Tests.Support;

namespace Wems.Web.Tests.Ui;

/// <summary>
/// The border planner and the analysis runs page in a real browser (Debian's Chromium, headless, 1366×768), signed in
/// as the Kenyan analyst: a scenario's added post raises the coverage figure, an analysis run started from the page
/// completes and its layer draws, both pages switch to French, no console error.
/// </summary>
public sealed class PlannerBrowserTests(UiServer server) : IClassFixture<UiServer>
{
    /// <summary>Opens a signed-in page: the page sends the user to sign in, which comes back to it.</summary>
    private async Task<BrowserSession> SignInAsync(string path, string username = "ke-analyst")
    {
        var session = await BrowserSession.OpenAsync(server.Browser);
        await session.SignInAsync(server.BaseAddress, path, username);
        await session.Page.WaitForURLAsync($"**{path.Split('#')[0]}**");
        await session.WaitForMapAsync(username);
        return session;
    }

    private static async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(UiServer.ScreenshotFolder, $"{name}.png") });

    private static Task PollAsync(IPage page, string script) => BrowserSession.PollAsync(page, script, 60_000);

    private static async Task<string> TotalsVersionAsync(IPage page) => await page.GetAttributeAsync("#totals", "data-version") ?? "";

    /// <summary>Waits for the comparison to be drawn again after a change (its version moves on and nothing is pending).</summary>
    private static async Task<string> NextTotalsAsync(IPage page, string version)
    {
        await PollAsync(page, $"() => document.getElementById('totals').dataset.version !== '{version}' && document.body.dataset.busy === 'false'");
        return await TotalsVersionAsync(page);
    }

    private static async Task<double> FigureAsync(IPage page, string id) =>
        double.Parse(await page.GetAttributeAsync($"#{id}", "data-value") ?? "NaN", CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_post_added_on_an_uncovered_stretch_raises_the_scenario_s_coverage_and_the_map_shows_the_gain()
    {
        await using var session = await SignInAsync("/planner.html");
        var page = session.Page;

        // A new scenario, made through the form: a copy of the current posts, so both sides cover the same.
        var version = await TotalsVersionAsync(page);
        await page.ClickAsync("#scenario-new-box summary");
        await page.FillAsync("#scenario-name", "More posts on the Tanzanian border");
        await page.ClickAsync("#scenario-create");
        version = await NextTotalsAsync(page, version);
        var before = await FigureAsync(page, "coverage-before");
        var after = await FigureAsync(page, "coverage-after");
        Assert.Equal(before, after, 6);
        Assert.InRange(before, 0, 99.9);
        Assert.Matches("^#scenario=[0-9a-f-]{36}", await page.EvaluateAsync<string>("location.hash"));

        // The longest gap of the scenario, picked from the list: the map zooms to it.
        var gaps = await page.Locator("#gaps-list button[data-gap]").CountAsync();
        Assert.True(gaps > 0, "the current posts leave gaps");
        await page.ClickAsync("#gaps-list button[data-gap='0']");
        await PollAsync(page, "() => window.wemsMap.getZoom() > 6 && !window.wemsMap.isMoving()");

        // Add a post in the middle of that gap, by clicking the map where the gap's middle vertex is drawn.
        var point = await page.EvaluateAsync<double[]>(
            "() => { const line = window.wemsPlanner.report.gapsAfter[0].line; const p = window.wemsMap.project(line[Math.floor(line.length / 2)]); return [p.x, p.y]; }");
        var box = await page.Locator("#map").BoundingBoxAsync() ?? throw new InvalidOperationException("no map box");
        var postsBefore = await page.EvaluateAsync<int>("() => window.wemsPlanner.scenario.posts.length");
        await page.FillAsync("#new-post-name", "Proposed gap post");
        await page.ClickAsync("#add-post");
        Assert.Equal("true", await page.GetAttributeAsync("#add-post", "aria-pressed"));
        await page.Mouse.ClickAsync((float)(box.X + point[0]), (float)(box.Y + point[1]));
        version = await NextTotalsAsync(page, version);

        var beforeAdded = await FigureAsync(page, "coverage-before");
        var afterAdded = await FigureAsync(page, "coverage-after");
        Assert.Equal(before, beforeAdded, 6);
        Assert.True(afterAdded > before, $"coverage with the added post {afterAdded} % should exceed {before} %");
        Assert.Equal(postsBefore + 1, await page.EvaluateAsync<int>("() => window.wemsPlanner.scenario.posts.length"));
        Assert.Contains("Proposed gap post", await page.EvaluateAsync<string[]>("() => window.wemsPlanner.scenario.posts.map(p => p.name)"));
        Assert.True(await page.EvaluateAsync<int>(
            "() => window.wemsMap.querySourceFeatures('planner-segments').filter(f => f.properties.change === 'gained').length") > 0,
            "segments whose coverage the post gained are drawn as such");
        await ScreenshotAsync(page, "planner-ke-analyst");

        // Drag the new post on the map: the scenario keeps where it was dropped.
        var added = await page.EvaluateAsync<string>("() => window.wemsPlanner.scenario.posts.find(p => p.name === 'Proposed gap post').id");
        var marker = await page.Locator($".post-marker[data-post='{added}']").BoundingBoxAsync() ?? throw new InvalidOperationException("no marker");
        await page.Mouse.MoveAsync(marker.X + (marker.Width / 2), marker.Y + (marker.Height / 2));
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(marker.X + 40, marker.Y + 30, new() { Steps = 8 });
        await page.Mouse.UpAsync();
        version = await NextTotalsAsync(page, version);
        var moved = await page.EvaluateAsync<double[]>(
            $"() => {{ const p = window.wemsPlanner.scenario.posts.find(p => p.id === '{added}'); return [p.longitude, p.latitude]; }}");
        var dropped = await page.EvaluateAsync<double[]>(
            $"() => {{ const l = window.wemsMap.unproject([{(marker.X - box.X + 40).ToString(CultureInfo.InvariantCulture)}, {(marker.Y - box.Y + 30).ToString(CultureInfo.InvariantCulture)}]); return [l.lng, l.lat]; }}");
        Assert.Equal(dropped[0], moved[0], 2);
        Assert.Equal(dropped[1], moved[1], 2);

        // Removing it through the list (keyboard-reachable) gives back the current posts' coverage.
        await page.ClickAsync("#posts-box summary");
        await page.ClickAsync($"#posts-list form[data-post='{added}'] button[data-remove]");
        version = await NextTotalsAsync(page, version);
        Assert.Equal(before, await FigureAsync(page, "coverage-after"), 6);

        // From the keyboard: the button, then Enter on the map places a post at its centre.
        var posts = await page.EvaluateAsync<int>("() => window.wemsPlanner.scenario.posts.length");
        await page.FocusAsync("#add-post");
        await page.Keyboard.PressAsync("Enter");
        Assert.True(await page.EvaluateAsync<bool>("() => document.getElementById('map').contains(document.activeElement)"));
        await page.Keyboard.PressAsync("Enter");
        version = await NextTotalsAsync(page, version);
        Assert.Equal(posts + 1, await page.EvaluateAsync<int>("() => window.wemsPlanner.scenario.posts.length"));

        // The address opens the same scenario.
        var hash = await page.EvaluateAsync<string>("location.hash");
        await page.ReloadAsync();
        await session.WaitForMapAsync("ke-analyst");
        await page.WaitForSelectorAsync("#coverage-after");
        Assert.Equal(hash.Split('&')[0], (await page.EvaluateAsync<string>("location.hash")).Split('&')[0]);

        // French: every label of the planner, numbers with a decimal comma.
        await page.SelectOptionAsync("#lang", "fr");
        Assert.Equal("Comparaison", (await page.TextContentAsync("#compare-title"))?.Trim());
        Assert.Equal("Postes actuels", (await page.TextContentAsync("#totals thead th:nth-child(2)"))?.Trim());
        Assert.Equal("Couverture de la frontière", (await page.TextContentAsync("#totals tr[data-total='coverage'] th"))?.Trim());
        Assert.Contains(",", await page.TextContentAsync("#coverage-after") ?? "", StringComparison.Ordinal);
        Assert.Equal("Planification des frontières", (await page.TextContentAsync("nav a[aria-current=page]"))?.Trim());
        await ScreenshotAsync(page, "planner-fr");

        Assert.True(session.Errors.Count == 0, string.Join("\n", session.Errors));
    }

    [Fact]
    public async Task The_planner_is_reachable_from_the_operations_map_and_reads_only_for_an_officer()
    {
        await using var session = await SignInAsync("/planner.html", "ke-officer");
        var page = session.Page;
        Assert.True(await page.IsHiddenAsync("#scenario-new-box"));
        Assert.True(await page.IsVisibleAsync("#edit-readonly") || await page.IsHiddenAsync("#edit-section"));
        await page.ClickAsync("nav a[href='/']");
        await session.WaitForMapAsync("ke-analyst");
        Assert.True(await page.IsVisibleAsync("nav a[href='/planner.html']"));
        Assert.True(await page.IsVisibleAsync("nav a[href='/analyses.html']"));
        Assert.True(session.Errors.Count == 0, string.Join("\n", session.Errors));
    }

    [Fact]
    public async Task An_analysis_run_from_the_page_shows_the_server_s_message_at_its_field_completes_and_draws_its_layer()
    {
        await using var session = await SignInAsync("/analyses.html");
        var page = session.Page;

        // A malformed parameter: the server's 400 names it, and the page shows the message at that field.
        await page.SelectOptionAsync("#run-kind", "hotspots");
        await page.FillAsync("#param-cell-km2", "lots");
        await page.ClickAsync("#run-submit");
        await page.WaitForSelectorAsync("#param-cell-km2[aria-invalid='true']");
        Assert.Contains("cell-km2", await page.TextContentAsync("#param-cell-km2-error") ?? "", StringComparison.Ordinal);
        var refused = session.Errors.RemoveAll(e => e.Contains("400", StringComparison.Ordinal));
        Assert.InRange(refused, 1, 2);

        // Fixed, run: the page polls the job to the end and draws the hotspots of exactly that run.
        await page.FillAsync("#param-cell-km2", "");
        await page.SelectOptionAsync("#param-weight", "kilograms");
        await page.ClickAsync("#run-submit");
        await page.WaitForSelectorAsync("#run-job[data-status='succeeded']", new() { Timeout = 180_000 });
        var job = await page.GetAttributeAsync("#run-job", "data-id");
        var run = await page.EvaluateAsync<long>($"async () => (await (await fetch('/api/analyses/{job}')).json()).runId");
        Assert.Equal("run-hotspots-fill", await page.GetAttributeAsync("body", "data-result-layers"));
        await PollAsync(page, "() => window.wemsMap.loaded() && window.wemsMap.queryRenderedFeatures({ layers: ['run-hotspots-fill'] }).length > 0");
        Assert.Contains(session.Requests, url => url.Contains("/tiles/hotspots/", StringComparison.Ordinal) && url.EndsWith($"run={run}", StringComparison.Ordinal));
        Assert.Equal("1", await page.EvaluateAsync<string>("String(document.getElementById('run-progress').value)"));
        Assert.Contains("weight=kilograms", await page.TextContentAsync("#run-details") ?? "", StringComparison.Ordinal);
        await ScreenshotAsync(page, "analysis-run-hotspots");

        // The run is listed with its parameters and data version; opened again from a fresh page, its layer draws.
        var row = page.Locator($"#runs-list tr[data-job='{job}']");
        Assert.Contains("weight=kilograms", await row.TextContentAsync() ?? "", StringComparison.Ordinal);
        await page.GotoAsync(new Uri(server.BaseAddress, "/analyses.html").ToString());
        await session.WaitForMapAsync("ke-analyst");
        Assert.True(await page.IsHiddenAsync("#run-job"));
        await page.ClickAsync($"#runs-list tr[data-job='{job}'] button[data-open]");
        await page.WaitForSelectorAsync($"#run-job[data-id='{job}'][data-status='succeeded']");
        Assert.Equal("kilograms", await page.InputValueAsync("#param-weight"));
        await PollAsync(page, "() => window.wemsMap.loaded() && window.wemsMap.queryRenderedFeatures({ layers: ['run-hotspots-fill'] }).length > 0");
        Assert.Equal($"#run={job}", await page.EvaluateAsync<string>("location.hash"));

        // French: the form, the status and the legend.
        await page.SelectOptionAsync("#lang", "fr");
        Assert.Equal("Lancer une analyse", (await page.TextContentAsync("#run-new-title"))?.Trim());
        Assert.Equal("Points chauds de détection (Gi*)", await page.EvaluateAsync<string>("document.getElementById('run-kind').selectedOptions[0].textContent"));
        Assert.Contains("terminée", await page.TextContentAsync("#run-status") ?? "", StringComparison.Ordinal);
        Assert.Contains("Point chaud", await page.TextContentAsync("#run-legend") ?? "", StringComparison.Ordinal);
        await ScreenshotAsync(page, "analysis-runs-fr");

        Assert.True(session.Errors.Count == 0, string.Join("\n", session.Errors));
    }
}
