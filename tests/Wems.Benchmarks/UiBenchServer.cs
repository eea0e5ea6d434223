using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Wems.Gis.Tiles;
using Wems.Tiles.Caching;

namespace Wems.Benchmarks;

/// <summary>
/// The WEMS server (its own Program, on Kestrel at a loopback port) over the benchmark database, with the tile cache in
/// memory only: <see cref="EmptyTileCache"/> makes the next page load a cold one.
/// </summary>
/// <remarks>
/// The factory's type argument only names the server's assembly, whose entry point it runs; this project's own top-level
/// <c>Program</c> hides Wems.Web's, so a public type of Wems.Web stands in for it.
/// </remarks>
internal sealed class UiBenchServer(string connectionString) : WebApplicationFactory<Wems.Web.Tiles.TileOptions>
{
    public Uri BaseAddress { get; private set; } = null!;

    public void Start()
    {
        // The factory looks for the server's content root in a manifest in the current directory, which ./wems bench does
        // not run from; the build output holds what the server reads (wwwroot, styles), as it does for the real host.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_WEMS_WEB", AppContext.BaseDirectory);
        UseKestrel(0);
        StartServer();
        BaseAddress = ClientOptions.BaseAddress;
    }

    /// <summary>
    /// Drops every cached tile of every layer (what a data change does to the layers it touches) and checks that the
    /// cache is empty, so that a layer added later cannot make a "cold" run a warm one unnoticed.
    /// </summary>
    public void EmptyTileCache()
    {
        var cache = Services.GetRequiredService<TileCache>();
        var layers = new[] { CaseTileLayers.National, CaseTileLayers.Regional }
            .Concat(ReferenceTileLayers.All).Concat(PublicTileLayers.All).Concat(AnalysisTileLayers.All)
            .Select(l => l.Id).Distinct();
        foreach (var layer in layers)
        {
            cache.InvalidateLayer(layer);
        }

        var left = cache.Statistics;
        if (left.MemoryEntries != 0 || left.DiskEntries != 0)
        {
            throw new InvalidOperationException(
                $"The tile cache still holds {left.MemoryEntries} tiles in memory and {left.DiskEntries} on disk after every known layer was invalidated.");
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("Database:Url", connectionString);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // No disk level: a cold run must find no tile anywhere (and none of an earlier benchmark database).
        builder.UseSetting("Tiles:DiskCache", "false");
        // Every run signs in; the per-address limit on sign-ins is not what is measured.
        builder.UseSetting("Governance:TokenRequestsPerMinute", "1000");
        // No background refresh of analysis results while the page loads: the database is loaded before the server starts.
        builder.UseSetting("Analyses:Current:Enabled", "false");
    }
}
