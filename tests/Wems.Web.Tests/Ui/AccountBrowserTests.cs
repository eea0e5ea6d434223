using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Playwright;
using Wems.Web.Tests.Support;

namespace Wems.Web.Tests.Ui;

/// <summary>
/// The user menu, the access-token page, the admin pages and the chart filters in a real browser (Debian's Chromium,
/// headless, 1366×768), against the seeded UI server.
/// </summary>
public sealed class AccountBrowserTests(UiServer server) : IClassFixture<UiServer>
{
    private async Task<BrowserSession> SignInAsync(string username, string password = WemsFactory.Password)
    {
        var session = await BrowserSession.OpenAsync(server.Browser);
        // Revoking a token asks for confirmation.
        session.Page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await session.SignInAsync(server.BaseAddress, "/", username, password);
        await session.WaitForMapAsync(username);
        return session;
    }

    private static async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(UiServer.ScreenshotFolder, $"{name}.png") });

    private static Task PollAsync(IPage page, string script) => BrowserSession.PollAsync(page, script);

    private HttpClient Client(AuthenticationHeaderValue? authorization = null)
    {
        var client = new HttpClient { BaseAddress = server.BaseAddress };
        client.DefaultRequestHeaders.Authorization = authorization;
        return client;
    }

    private static AuthenticationHeaderValue Basic(string username) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{WemsFactory.Password}")));

    [Fact]
    public async Task The_user_menu_says_who_is_signed_in_and_links_tokens_but_not_administration_for_an_analyst()
    {
        await using var session = await SignInAsync("ke-analyst");
        var page = session.Page;
        await page.ClickAsync("#user-button");

        Assert.Equal("KWS", await page.TextContentAsync("#user-organisation"));
        Assert.Equal("Analyst", await page.TextContentAsync("#user-role"));
        Assert.True(await page.IsVisibleAsync("#menu-tokens"));
        Assert.Equal(0, await page.Locator("#menu-admin").CountAsync());
        // The menu opens with the keyboard focus inside it and closes with Escape, giving the focus back.
        Assert.True(await page.EvaluateAsync<bool>("document.getElementById('user-menu').contains(document.activeElement)"));
        await page.Keyboard.PressAsync("Escape");
        Assert.True(await page.IsHiddenAsync("#user-menu"));
        Assert.Equal("user-button", await page.EvaluateAsync<string>("document.activeElement.id"));

        await page.GotoAsync(new Uri(server.BaseAddress, "/admin.html").ToString());
        await page.WaitForSelectorAsync("#admin-denied:not([hidden])");
        Assert.True(await page.IsHiddenAsync("#admin-body"));
        Assert.True(session.Errors.Count == 0, string.Join("\n", session.Errors));
    }

    [Fact]
    public async Task The_system_administrator_creates_a_user_in_an_organisation_and_that_user_signs_in()
    {
        await using var session = await SignInAsync("admin");
        var page = session.Page;
        await page.ClickAsync("#user-button");
        await page.ClickAsync("#menu-admin");
        await page.WaitForSelectorAsync("#user-create");
        Assert.True(await page.IsVisibleAsync("#tab-regions"));

        await page.FillAsync("#new-username", "ui-new-officer");
        await page.FillAsync("#new-displayName", "New Officer");
        await page.SelectOptionAsync("#new-organisation", "KWS");
        await page.SelectOptionAsync("#new-role", "officer");
        await page.FillAsync("#new-password", "too-short");
        await page.ClickAsync("#user-create button[type=submit]");

        // The server's 400 names the password: its message sits under that field, which is marked and focused.
        await page.WaitForSelectorAsync("#new-password[aria-invalid=true]");
        Assert.Contains("12", await page.TextContentAsync("#new-password-error") ?? "", StringComparison.Ordinal);
        Assert.Equal("new-password", await page.EvaluateAsync<string>("document.activeElement.id"));
        await ScreenshotAsync(page, "admin-user-error");

        await page.FillAsync("#new-password", "a-long-enough-password");
        await page.ClickAsync("#user-create button[type=submit]");
        await page.WaitForSelectorAsync("#users-table tr[data-user='ui-new-officer']");
        await ScreenshotAsync(page, "admin-users");
        Assert.Empty(session.Unexpected("400 "));

        await using var newcomer = await SignInAsync("ui-new-officer", "a-long-enough-password");
        var me = await newcomer.Page.EvaluateAsync<string>("fetch('/api/auth/me').then(r => r.json()).then(m => m.username + '|' + m.organisation + '|' + m.tier)");
        Assert.Equal("ui-new-officer|KWS|national", me);
        Assert.True(newcomer.Errors.Count == 0, string.Join("\n", newcomer.Errors));
    }

    [Fact]
    public async Task An_organisation_admin_sees_and_manages_only_the_users_of_the_organisation()
    {
        using (var admin = Client(Basic("admin")))
        {
            var created = await admin.PostAsJsonAsync("/api/admin/users", new
            {
                username = "ui-kws-admin", displayName = "KWS admin", organisation = "KWS", role = "admin", password = WemsFactory.Password,
            });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        await using var session = await SignInAsync("ui-kws-admin");
        var page = session.Page;
        await page.ClickAsync("#user-button");
        await page.ClickAsync("#menu-admin");
        await page.WaitForSelectorAsync("#users-table");

        var organisations = await page.Locator("#users-table tbody tr td:nth-child(3)").AllTextContentsAsync();
        Assert.NotEmpty(organisations);
        Assert.All(organisations, o => Assert.Equal("KWS", o));
        Assert.Equal(1, await page.Locator("#users-table tr[data-user='ke-analyst']").CountAsync());
        Assert.Equal(0, await page.Locator("#users-table tr[data-user='tz-analyst']").CountAsync());
        Assert.Equal(0, await page.Locator("#users-filter").CountAsync());
        Assert.True(await page.IsHiddenAsync("#tab-regions"));
        Assert.Contains("KWS", await page.TextContentAsync("#admin-scope") ?? "", StringComparison.Ordinal);

        // The page merely leaves out what the API does not give: another organisation's users are not listed even when
        // asked for by name, the organisations are its own, and creating an organisation is the system administrator's (403).
        Assert.Equal("KWS", await page.EvaluateAsync<string>("fetch('/api/admin/organisations').then(r => r.json()).then(o => o.map(x => x.code).join(','))"));
        Assert.Equal("KWS", await page.EvaluateAsync<string>(
            "fetch('/api/admin/users?organisation=LATF').then(r => r.json()).then(u => [...new Set(u.map(x => x.agencyCode))].join(','))"));
        Assert.Equal(403, await page.EvaluateAsync<int>("""
            fetch('/api/admin/organisations', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-TOKEN': sessionStorage.getItem('wems.csrf') },
              body: JSON.stringify({ code: 'UI-ROGUE', name: 'Rogue', country: 'KE' }) }).then(r => r.status)
            """));

        // The audit view lists the organisation's own entries, with a CSV export of the same filter.
        await page.ClickAsync("#tab-audit");
        await page.WaitForSelectorAsync("#audit-table");
        Assert.Equal("/api/admin/audit?f=csv", await page.GetAttributeAsync("#audit-csv", "href"));
        await ScreenshotAsync(page, "admin-organisation-admin");
        Assert.Empty(session.Unexpected("403 "));
    }

    [Fact]
    public async Task A_token_created_on_the_tokens_page_works_as_a_bearer_until_it_is_revoked()
    {
        await using var session = await SignInAsync("tz-analyst");
        var page = session.Page;
        await page.ClickAsync("#user-button");
        await page.ClickAsync("#menu-tokens");
        await page.WaitForSelectorAsync("body[data-ready='true']");

        await page.FillAsync("#token-name", "ui test script");
        await page.FillAsync("#token-days", "400");
        await page.ClickAsync("#token-form button[type=submit]");
        await page.WaitForSelectorAsync("#token-days[aria-invalid=true]");
        Assert.Contains("366", await page.TextContentAsync("#token-days-error") ?? "", StringComparison.Ordinal);

        await page.FillAsync("#token-days", "30");
        await page.ClickAsync("#token-form button[type=submit]");
        await page.WaitForSelectorAsync("#token-created:not([hidden])");
        var token = await page.InputValueAsync("#token-secret");
        Assert.StartsWith("wems_pat_", token, StringComparison.Ordinal);
        await page.WaitForSelectorAsync("#token-table tr[data-token] button[data-revoke]");
        await ScreenshotAsync(page, "tokens");

        using (var bearer = Client(new AuthenticationHeaderValue("Bearer", token)))
        {
            var me = await bearer.GetAsync(new Uri("/api/auth/me", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
            Assert.Contains("tz-analyst", await me.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await page.ClickAsync("#token-table button[data-revoke]");
        await page.WaitForSelectorAsync("#token-table tr[data-token]:not(:has(button[data-revoke]))");
        Assert.Equal("revoked", (await page.TextContentAsync("#token-table .token-state"))?.Trim());
        using (var bearer = Client(new AuthenticationHeaderValue("Bearer", token)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await bearer.GetAsync(new Uri("/api/auth/me", UriKind.Relative))).StatusCode);
        }

        Assert.Empty(session.Unexpected("400 "));
    }

    [Fact]
    public async Task The_transport_mode_and_agency_filters_change_the_charts_through_the_trends_api()
    {
        await using var session = await SignInAsync("ke-analyst");
        var page = session.Page;
        await page.WaitForSelectorAsync("#trends-total[data-count]");
        var all = await page.GetAttributeAsync("#trends-total", "data-count");

        // The first transport mode actually used by the Kenyan cases: the charts must show a part of all of them.
        var mode = await page.EvaluateAsync<string>("""
            fetch('/ogc/collections/cases/items?f=json&limit=200&properties=transport_mode').then(r => r.json())
              .then(p => p.features.map(f => f.properties.transport_mode).find(Boolean))
            """);
        await page.SelectOptionAsync("#mode", mode);
        await PollAsync(page, $"() => document.getElementById('trends-total').dataset.count !== '{all}'");
        var byMode = int.Parse(await page.GetAttributeAsync("#trends-total", "data-count") ?? "-1", CultureInfo.InvariantCulture);

        Assert.InRange(byMode, 1, int.Parse(all!, CultureInfo.InvariantCulture) - 1);
        Assert.Equal("server", await page.GetAttributeAsync("#trends-total", "data-source"));
        Assert.Contains(session.Requests, u => u.Contains("/api/trends/series", StringComparison.Ordinal) && u.Contains($"transport_mode={mode}", StringComparison.Ordinal));
        Assert.Contains(session.Requests, u => u.Contains("/api/trends/data-clock", StringComparison.Ordinal) && u.Contains($"transport_mode={mode}", StringComparison.Ordinal));
        Assert.Contains($"mode={mode}", await page.EvaluateAsync<string>("location.hash"), StringComparison.Ordinal);

        // The side panel's corridors are computed for the same filters: the same cases as the charts.
        await page.ClickAsync("#tab-network");
        await page.WaitForSelectorAsync("#corridors-table[data-cases]");
        Assert.Equal(byMode.ToString(CultureInfo.InvariantCulture), await page.GetAttributeAsync("#corridors-table", "data-cases"));
        Assert.Contains(session.Requests, u => u.Contains("/api/trends/corridors", StringComparison.Ordinal) && u.Contains($"transport_mode={mode}", StringComparison.Ordinal));
        await ScreenshotAsync(page, "corridors-by-mode");

        // The agency list offers Kenya's agencies; choosing one narrows the same charts again (or keeps them, never widens).
        Assert.True(await page.Locator("#agency option[value='KWS']").CountAsync() == 1);
        await page.SelectOptionAsync("#agency", "KWS");
        await PollAsync(page, "() => performance.getEntriesByType('resource').some(e => e.name.includes('/api/trends/series') && e.name.includes('agency=KWS'))");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var byAgency = int.Parse(await page.GetAttributeAsync("#trends-total", "data-count") ?? "-1", CultureInfo.InvariantCulture);
        Assert.InRange(byAgency, 0, byMode);
        await ScreenshotAsync(page, "operations-mode-agency");
        Assert.True(session.Errors.Count == 0, string.Join("\n", session.Errors));
    }

    [Fact]
    public async Task The_account_pages_switch_to_French()
    {
        await using var session = await SignInAsync("admin");
        var page = session.Page;
        await page.GotoAsync(new Uri(server.BaseAddress, "/admin.html").ToString());
        await page.WaitForSelectorAsync("#users-table");
        await page.SelectOptionAsync("#lang", "fr");

        Assert.Equal("Utilisateurs", await page.TextContentAsync("#tab-users"));
        Assert.Equal("Journal d'audit", await page.TextContentAsync("#tab-audit"));
        Assert.Contains("Créer un utilisateur", await page.TextContentAsync("#user-create legend") ?? "", StringComparison.Ordinal);
        await page.ClickAsync("#user-button");
        Assert.Equal("Jetons d'accès", await page.TextContentAsync("#menu-tokens"));
        Assert.Equal("Administrateur système", await page.TextContentAsync("#user-role"));
        await page.Keyboard.PressAsync("Escape");
        await ScreenshotAsync(page, "admin-fr");

        await page.GotoAsync(new Uri(server.BaseAddress, "/tokens.html").ToString());
        await page.WaitForSelectorAsync("body[data-ready='true']");
        Assert.Equal("Jetons d'accès", await page.TextContentAsync("main h2"));
        Assert.Equal("Créer un jeton", await page.TextContentAsync("#token-form button[type=submit]"));
        Assert.True(session.Errors.Count == 0, string.Join("\n", session.Errors));
    }
}
