using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Playwright;
using Wems.Gis.AnalysisRuns;
using Wems.Gis.Cases;
using Wems.Gis.Demo;
using Wems.Gis.Reference;
using Wems.Gis.Storage;
using Wems.Gis.Tests.Support;
using Wems.Web.Cli;
using Wems.Web.Tests.Support;

namespace Wems.Web.Tests.Ui;

/// <summary>
/// The WEMS server on a loopback port for the browser tests: the demo accounts, 2,000 demo cases, one stored run
/// of every analysis for Kenya and the LATF region, and one headless Chromium (Debian's) shared by the tests.
/// </summary>
public sealed class UiServer : WebApplicationFactory<Program>, IAsyncLifetime
{
    private IPlaywright? playwright;

    public DatabaseFixture Database { get; } = new();

    public Uri BaseAddress { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Screenshots of each main view, for review: TestResults/screenshots (git-ignored) under the repository.</summary>
    public static string ScreenshotFolder { get; } = Path.Combine(Path.GetDirectoryName(StyleTests.WebProjectDirectory())!, "..", "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        await DemoAccounts.CreateAsync(new AccountRepository(Database.DataSource), WemsFactory.Password);
        var data = ReferenceDataFiles.FindDataDirectory();
        var world = new DemoWorld(ReferenceDataFiles.LoadSites(data), ReferenceDataFiles.LoadSpecies(data));
        var loader = new CaseBulkLoader(Database.DataSource, new CaseRepository(Database.DataSource, new SharingRule()));
        await loader.LoadAsync(DemoCaseGenerator.Generate(world, new DemoOptions { Cases = 2000, NominalShare = 0.5 }), "test-seed");

        var kenya = CallerScope.National("ke-analyst", "KE", "KWS");
        var latf = CallerScope.Regional("latf-analyst", "LATF");
        foreach (var scope in new[] { kenya, latf })
        {
            await HotspotRun.RunAsync(Database.DataSource, scope, null, "ui-test");
            await CorridorRun.RunAsync(Database.DataSource, scope, null, "ui-test");
        }

        await BorderCoverageRun.RunAsync(Database.DataSource, kenya, null, "ui-test");
        await DensityRun.RunAsync(Database.DataSource, kenya, null, "ui-test");
        await EmergingHotSpotRun.RunAsync(Database.DataSource, kenya, null, "ui-test");

        UseKestrel(0);
        StartServer();
        BaseAddress = ClientOptions.BaseAddress;
        Directory.CreateDirectory(ScreenshotFolder);
        playwright = await Playwright.CreateAsync();
        Browser = await BrowserSession.LaunchChromiumAsync(playwright);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Url", Database.ConnectionString);
        // Every test signs in through the page; the per-address limit on token requests is not under test here.
        builder.UseSetting("Governance:TokenRequestsPerMinute", "1000");
        // No disk level for the tile cache: its case-tile keys carry the audit-trail id, which starts afresh in every
        // test database, so a tile left on disk by an earlier run could answer for this run's data.
        builder.UseSetting("Tiles:DiskCache", "false");
        // The runs the tests need are stored above; the standing "current" results would queue dozens of jobs at start,
        // ahead of the one the analysis runs page starts.
        builder.UseSetting("Analyses:Current:Enabled", "false");
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
        await base.DisposeAsync();
        await Database.DisposeAsync();
    }
}
