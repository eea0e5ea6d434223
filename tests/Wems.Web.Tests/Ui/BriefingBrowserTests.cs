using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Playwright;
using Wems.Gis.Cases;
using Wems.Gis.Demo;
using Wems.Gis.Reference;
using Wems.Gis.Storage;
using Wems.Gis.Tests.Support;
using Wems.Web.Cli;
using Wems.Web.Tests.Support;

namespace Wems.Web.Tests.Ui;

/// <summary>The WEMS server on a real port with the demo accounts and 2,000 demo cases, for a browser to load pages from.</summary>
public sealed class SeededKestrelFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public DatabaseFixture Database { get; } = new();

    public Uri BaseAddress { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        await DemoAccounts.CreateAsync(new AccountRepository(Database.DataSource), WemsFactory.Password);
        var data = ReferenceDataFiles.FindDataDirectory();
        var world = new DemoWorld(ReferenceDataFiles.LoadSites(data), ReferenceDataFiles.LoadSpecies(data));
        var loader = new CaseBulkLoader(Database.DataSource, new CaseRepository(Database.DataSource, new SharingRule()));
        await loader.LoadAsync(DemoCaseGenerator.Generate(world, new DemoOptions { Cases = 2000 }), "test-seed");
        UseKestrel(0);
        StartServer();
        BaseAddress = ClientOptions.BaseAddress;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Url", Database.ConnectionString);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
    }
}

/// <summary>The briefing in Debian's Chromium, headless, driven by Playwright: rendered, screenshotted and printed to PDF.</summary>
public sealed class BriefingBrowserTests(SeededKestrelFactory server) : IClassFixture<SeededKestrelFactory>
{
    // Under bin/, which git ignores.
    private static readonly string Artifacts = Path.Combine(AppContext.BaseDirectory, "briefing-artifacts");

    [Fact]
    public async Task The_briefing_renders_with_a_visible_map_and_no_console_error_and_prints_to_a_pdf()
    {
        Directory.CreateDirectory(Artifacts);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserSession.LaunchChromiumAsync(playwright);
        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"ke-analyst:{WemsFactory.Password}"));
        await using var session = await BrowserSession.OpenAsync(browser, 1280, 900,
            new Dictionary<string, string> { ["Authorization"] = $"Basic {credentials}" });
        var page = session.Page;
        var errors = session.Errors;

        var response = await page.GotoAsync(new Uri(server.BaseAddress, "/api/reports/briefing?country=KE&from=2023-01-01&to=2023-12-31").ToString());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Artifacts, "briefing-ke.png"), FullPage = true });
        var map = await page.Locator("#hotspot-map").BoundingBoxAsync();
        var hexagons = await page.Locator("#hotspot-map path.hex").CountAsync();
        var background = await page.Locator("svg .bin0, svg .bar").First.EvaluateAsync<string>("e => getComputedStyle(e).fill");
        var pdf = await page.PdfAsync(new PagePdfOptions { Path = Path.Combine(Artifacts, "briefing-ke.pdf"), Format = "A4", PrintBackground = true });

        Assert.Equal(200, response!.Status);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        Assert.NotNull(map);
        Assert.True(map.Width > 100 && map.Height > 100, $"map box {map.Width}×{map.Height}");
        Assert.True(hexagons > 0);
        Assert.NotEqual("rgb(0, 0, 0)", background); // the stylesheet loaded: SVG fill is black without it
        Assert.True(pdf.Length > 10_000, $"PDF of {pdf.Length} bytes");
        Assert.Equal("%PDF", Encoding.ASCII.GetString(pdf, 0, 4));
    }
}
