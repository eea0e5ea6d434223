using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Wems.Gis.Cases;
using Wems.Gis.Demo;
using Wems.Gis.Reference;
using Wems.Gis.Storage;
using Wems.Gis.Tests.Support;
using Wems.Web.Cli;

namespace Wems.Web.Tests.Support;

/// <summary>
/// The WEMS server in memory, on its own test database (a <see cref="DatabaseFixture"/>). One factory per
/// test class, with the demo accounts (password <see cref="Password"/>) and 2,000 generated demo cases.
/// </summary>
public sealed class WemsFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    /// <summary>The demo accounts' password in tests.</summary>
    public const string Password = "test-password-not-for-production";

    public DatabaseFixture Database { get; } = new();

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        await DemoAccounts.CreateAsync(new AccountRepository(Database.DataSource), Password);
        var data = ReferenceDataFiles.FindDataDirectory();
        var world = new DemoWorld(ReferenceDataFiles.LoadSites(data), ReferenceDataFiles.LoadSpecies(data));
        var loader = new CaseBulkLoader(Database.DataSource, new CaseRepository(Database.DataSource, new SharingRule()));
        await loader.LoadAsync(DemoCaseGenerator.Generate(world, new DemoOptions { Cases = 2000, NominalShare = 0.5 }), "test-seed");
    }

    /// <summary>A client that sends HTTP Basic credentials of a demo account, as QGIS or GDAL would.</summary>
    public HttpClient BasicClient(string username, string password = Password)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}")));
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Url", Database.ConnectionString);
        // Tests run their analyses themselves; current results are refreshed by the tests that check them.
        builder.UseSetting("Analyses:Current:Enabled", "false");
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
    }
}
