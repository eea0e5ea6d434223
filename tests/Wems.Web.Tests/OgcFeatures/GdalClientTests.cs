using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Wems.Gis.Tests.Support;

namespace Wems.Web.Tests.OgcFeatures;

/// <summary>The WEMS server on a real loopback port, for clients that cannot use the in-memory test server.</summary>
public sealed class KestrelWemsFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public DatabaseFixture Database { get; } = new();

    public Uri BaseAddress { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        UseKestrel(0);
        StartServer();
        BaseAddress = ClientOptions.BaseAddress;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Url", Database.ConnectionString);
        builder.UseSetting("Analyses:Current:Enabled", "false");
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
    }
}

/// <summary>GDAL's OAPIF driver (Debian gdal-bin, as QGIS uses it) against the running server.</summary>
public sealed class GdalClientTests(KestrelWemsFactory server) : IClassFixture<KestrelWemsFactory>
{
    private static async Task<string> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{program} failed: {error}");
        return output;
    }

    private string Ogc => $"OAPIF:{new Uri(server.BaseAddress, "/ogc")}";

    [Fact]
    public async Task Ogrinfo_lists_the_reference_collections()
    {
        var listing = await RunAsync("ogrinfo", "-ro", "-q", Ogc);

        Assert.Contains("countries", listing, StringComparison.Ordinal);
        Assert.Contains("border-posts", listing, StringComparison.Ordinal);
        Assert.DoesNotContain("cases", listing, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ogr2ogr_downloads_a_whole_collection_page_by_page()
    {
        var target = Path.Combine(Path.GetTempPath(), $"wems-gdal-{Guid.NewGuid():N}.gpkg");
        try
        {
            // A page size far below the collection size makes GDAL follow rel=next many times.
            await RunAsync("ogr2ogr", "-f", "GPKG", target, Ogc, "countries", "-oo", "PAGE_SIZE=25");
            var summary = await RunAsync("ogrinfo", "-ro", "-so", target, "countries");

            await using var command = server.Database.DataSource.CreateCommand("select count(*) from country");
            var expected = (long)(await command.ExecuteScalarAsync())!;
            Assert.Contains($"Feature Count: {expected}", summary, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(target);
        }
    }
}
