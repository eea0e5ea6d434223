using Microsoft.Playwright;

namespace Wems.Web.Tests.Support;

/// <summary>
/// A page of Debian's Chromium (headless, driven by Playwright, which cannot download a browser of its own here) that
/// records what the UI tests check after every step: console errors, uncaught page errors, responses with a status of
/// 400 or more, and the URLs requested. Closing it closes its browser context.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    /// <summary>How long a page may take to draw its map (<c>body[data-map-ready]</c>) on the shared, busy machine.</summary>
    public const float MapTimeout = 60_000;

    private static readonly string[] ChromiumFlags =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    private readonly IBrowserContext context;

    private BrowserSession(IBrowserContext context, IPage page)
    {
        this.context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                Errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => Errors.Add(error);
        page.Request += (_, request) => Requests.Add(request.Url);
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                Errors.Add($"{response.Status} {response.Url}");
            }
        };
    }

    public IPage Page { get; }

    /// <summary>Console errors, page errors and failed responses ("status URL"), in order.</summary>
    public List<string> Errors { get; } = [];

    public List<string> Requests { get; } = [];

    /// <summary>Launches Debian's Chromium headless, with the flags this machine needs.</summary>
    public static Task<IBrowser> LaunchChromiumAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = "/usr/bin/chromium", Args = ChromiumFlags });

    /// <summary>A new page in a new context of <paramref name="browser"/> (no cookies), <paramref name="width"/> × <paramref name="height"/>.</summary>
    public static async Task<BrowserSession> OpenAsync(IBrowser browser, int width = 1366, int height = 768,
        IEnumerable<KeyValuePair<string, string>>? headers = null)
    {
        ArgumentNullException.ThrowIfNull(browser);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            ExtraHTTPHeaders = headers,
        });
        return new BrowserSession(context, await context.NewPageAsync());
    }

    /// <summary>
    /// Opens <paramref name="path"/> of <paramref name="server"/>, which sends an anonymous visitor to the sign-in page, and
    /// signs in there as <paramref name="username"/>.
    /// </summary>
    public async Task SignInAsync(Uri server, string path, string username, string password = WemsFactory.Password)
    {
        await Page.GotoAsync(new Uri(server, path).ToString());
        await Page.WaitForURLAsync("**/signin.html**", new PageWaitForURLOptions { Timeout = MapTimeout });
        await Page.FillAsync("#username", username);
        await Page.FillAsync("#password", password);
        await Page.ClickAsync("#signin-form button[type=submit]");
    }

    /// <summary>Waits for the page's map to be drawn; on a timeout the test fails with the errors recorded so far.</summary>
    public async Task WaitForMapAsync(string who, float timeout = MapTimeout)
    {
        try
        {
            await Page.WaitForSelectorAsync("body[data-map-ready='true']", new PageWaitForSelectorOptions { Timeout = timeout });
        }
        catch (TimeoutException e)
        {
            Assert.Fail($"{who}: {e.Message}\n{string.Join("\n", Errors)}");
        }
    }

    /// <summary>The errors recorded, leaving out those containing one of <paramref name="expected"/> (provoked on purpose).</summary>
    public string[] Unexpected(params string[] expected) =>
        [.. Errors.Where(e => !expected.Any(x => e.Contains(x, StringComparison.Ordinal)))];

    /// <summary>
    /// Polls <paramref name="script"/> until it returns true. Playwright's WaitForFunction compiles its predicate in the
    /// page, which the UI's Content-Security-Policy (no 'unsafe-eval') forbids; Evaluate does not need to.
    /// </summary>
    public static async Task PollAsync(IPage page, string script, int timeoutMs = 30_000)
    {
        ArgumentNullException.ThrowIfNull(page);
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!await page.EvaluateAsync<bool>(script))
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {script}");
            await Task.Delay(200);
        }
    }

    public ValueTask DisposeAsync() => new(context.CloseAsync());
}
