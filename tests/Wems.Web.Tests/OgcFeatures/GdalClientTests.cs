using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Wems.Gis.Cases;
using Wems.Gis.Demo;
using Wems.Gis.Reference;
using Wems.Gis.Storage;
using Wems.Gis.Tests.Support;
using Wems.Web.Cli;
using Wems.Web.Tests.Support;

namespace Wems.Web.Tests.OgcFeatures;

/// <summary>
/// The WEMS server on a real loopback port, for clients that cannot use the in-memory test server (GDAL, Chromium),
/// with the demo accounts (password <see cref="WemsFactory.Password"/>) and 2,000 generated demo cases.
/// </summary>
public sealed class KestrelWemsFactory : WebApplicationFactory<Program>, IAsyncLifetime
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
        await loader.LoadAsync(DemoCaseGenerator.Generate(world, new DemoOptions { Cases = 2000, NominalShare = 0.5 }), "test-seed");
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
    private static Task<string> RunAsync(string program, params string[] arguments) => RunAsync(program, null, arguments);

    private static async Task<string> RunAsync(string program, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

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

    /// <summary>GDAL's HTTP Basic settings for a demo account (as a QGIS authentication configuration sends them).</summary>
    private static Dictionary<string, string> BasicAuth(string user) => new()
    {
        ["GDAL_HTTP_AUTH"] = "BASIC",
        ["GDAL_HTTP_USERPWD"] = $"{user}:{WemsFactory.Password}",
    };

    /// <summary>numberMatched of the cases collection for <paramref name="user"/>, read from the API itself.</summary>
    private async Task<long> NumberMatchedAsync(string user)
    {
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{WemsFactory.Password}")));
        using var page = JsonDocument.Parse(await client.GetStringAsync(new Uri("/ogc/collections/cases/items?limit=1&f=json", UriKind.Relative)));
        return page.RootElement.GetProperty("numberMatched").GetInt64();
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var command = server.Database.DataSource.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>One value of a one-row ogrinfo SQL query over the downloaded file (<c>name (Type) = value</c>).</summary>
    private static async Task<string> ScalarAsync(string file, string sql)
    {
        var output = await RunAsync("ogrinfo", "-ro", "-q", file, "-dialect", "SQLite", "-sql", sql);
        var line = output.Split('\n').Single(l => l.Contains(" = ", StringComparison.Ordinal));
        return line[(line.IndexOf(" = ", StringComparison.Ordinal) + 3)..].Trim();
    }

    [Fact]
    public async Task Ogr2ogr_with_national_credentials_downloads_all_the_countrys_cases_with_nominal_fields()
    {
        var target = Path.Combine(Path.GetTempPath(), $"wems-gdal-{Guid.NewGuid():N}.gpkg");
        try
        {
            await RunAsync("ogr2ogr", BasicAuth("ke-analyst"), "-f", "GPKG", target, Ogc, "cases", "-oo", "PAGE_SIZE=100");
            var summary = await RunAsync("ogrinfo", "-ro", "-so", target, "cases");

            var expected = await CountAsync("select count(*) from seizure_case where country = 'KE' and deleted_at is null");
            Assert.True(expected > 100, $"the test needs several pages of Kenyan cases, the seed has {expected}");
            Assert.Equal(expected, await NumberMatchedAsync("ke-analyst"));
            Assert.Contains($"Feature Count: {expected}", summary, StringComparison.Ordinal);
            Assert.Equal(expected.ToString(System.Globalization.CultureInfo.InvariantCulture),
                await ScalarAsync(target, "select count(distinct id) as n from cases"));
            Assert.Equal("0", await ScalarAsync(target, "select count(*) as n from cases where country <> 'KE'"));
            Assert.Contains("offenders: String", summary, StringComparison.Ordinal);
            Assert.Contains("conveyances: String", summary, StringComparison.Ordinal);
            Assert.NotEqual("0", await ScalarAsync(target, "select count(*) as n from cases where offenders is not null"));
        }
        finally
        {
            File.Delete(target);
        }
    }

    [Fact]
    public async Task Ogr2ogr_with_regional_credentials_downloads_exactly_the_shared_cases_without_nominal_fields()
    {
        var target = Path.Combine(Path.GetTempPath(), $"wems-gdal-{Guid.NewGuid():N}.gpkg");
        try
        {
            await RunAsync("ogr2ogr", BasicAuth("latf-analyst"), "-f", "GPKG", target, Ogc, "cases", "-oo", "PAGE_SIZE=100");
            var summary = await RunAsync("ogrinfo", "-ro", "-so", target, "cases");

            var expected = await CountAsync(
                "select count(*) from seizure_case where transboundary and deleted_at is null and country in ('KE', 'TZ', 'UG', 'CG')");
            Assert.True(expected > 100, $"the test needs several pages of shared cases, the seed has {expected}");
            Assert.Equal(expected, await NumberMatchedAsync("latf-analyst"));
            Assert.Contains($"Feature Count: {expected}", summary, StringComparison.Ordinal);
            Assert.Equal("0", await ScalarAsync(target,
                "select count(*) as n from cases where transboundary = 0 or country not in ('KE', 'TZ', 'UG', 'CG')"));
            Assert.DoesNotContain("offenders", summary, StringComparison.Ordinal);
            Assert.DoesNotContain("conveyances", summary, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(target);
        }
    }

    [Fact]
    public async Task Ogr2ogr_with_wrong_credentials_gets_no_cases()
    {
        var target = Path.Combine(Path.GetTempPath(), $"wems-gdal-{Guid.NewGuid():N}.gpkg");
        var start = new ProcessStartInfo("ogr2ogr") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-f", "GPKG", target, Ogc, "cases" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["GDAL_HTTP_AUTH"] = "BASIC";
        start.Environment["GDAL_HTTP_USERPWD"] = "ke-analyst:wrong-password";
        using var process = Process.Start(start)!;
        await process.StandardOutput.ReadToEndAsync();
        await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        File.Delete(target);

        // The credentials are refused, so the caller is anonymous, and anonymous callers have no cases collection.
        Assert.NotEqual(0, process.ExitCode);
    }

    [Fact]
    public async Task Ogr2ogr_with_a_bearer_token_header_downloads_the_cases_of_the_tokens_user()
    {
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        using var tokenResponse = await client.PostAsync(new Uri("/api/auth/token", UriKind.Relative), new StringContent(
            JsonSerializer.Serialize(new { username = "ke-analyst", password = WemsFactory.Password }), Encoding.UTF8, "application/json"));
        tokenResponse.EnsureSuccessStatusCode();
        var token = JsonDocument.Parse(await tokenResponse.Content.ReadAsStringAsync()).RootElement.GetProperty("accessToken").GetString()!;
        var target = Path.Combine(Path.GetTempPath(), $"wems-gdal-{Guid.NewGuid():N}.gpkg");
        try
        {
            await RunAsync("ogr2ogr", new Dictionary<string, string> { ["GDAL_HTTP_HEADERS"] = $"Authorization: Bearer {token}" },
                "-f", "GPKG", target, Ogc, "cases", "-oo", "PAGE_SIZE=250");
            var summary = await RunAsync("ogrinfo", "-ro", "-so", target, "cases");

            var expected = await CountAsync("select count(*) from seizure_case where country = 'KE' and deleted_at is null");
            Assert.Contains($"Feature Count: {expected}", summary, StringComparison.Ordinal);
            Assert.Equal("0", await ScalarAsync(target, "select count(*) as n from cases where country <> 'KE'"));
        }
        finally
        {
            File.Delete(target);
        }
    }
}
