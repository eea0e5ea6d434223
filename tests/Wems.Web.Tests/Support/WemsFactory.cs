using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Wems.Gis.Tests.Support;

namespace Wems.Web.Tests.Support;

/// <summary>
/// The WEMS server in memory, on its own test database (a <see cref="DatabaseFixture"/>). One factory per
/// test class; clients for each role come with the accounts issue.
/// </summary>
public sealed class WemsFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public DatabaseFixture Database { get; } = new();

    public async Task InitializeAsync() => await Database.InitializeAsync();

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
