using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Wems.Gis.Cases;
using Wems.Gis.Demo;
using Wems.Gis.Reports;
using Wems.Gis.Storage;
using Wems.Gis.Tests.Support;
using Wems.Web.Reports;
using Wems.Web.Tests.Support;

namespace Wems.Web.Tests.Reports;

public sealed class EcomessageTests(WemsFactory factory) : IClassFixture<WemsFactory>, IAsyncLifetime
{
    // A second, empty database (reference data and agencies only) that packages are imported into.
    private readonly DatabaseFixture fresh = new();

    private static Uri Export(string query) => new($"/api/exchange/export?{query}", UriKind.Relative);

    private async Task<JsonElement> ExportJsonAsync(string username, string query)
    {
        var response = await factory.BasicClient(username).GetAsync(Export(query));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    private async Task<EcomessagePackage> ValidPackageAsync()
    {
        var response = await factory.BasicClient("ke-analyst").GetAsync(Export("from=2022-01-01&to=2022-06-30"));
        var package = (await response.Content.ReadFromJsonAsync<EcomessagePackage>(Ecomessage.JsonOptions))!;
        // The demo data plant invalid cases (reference ending in -DQ), which an import rightly refuses.
        return package with { Cases = package.Cases!.Where(c => !c.Reference!.EndsWith(DemoCaseGenerator.DataQualitySuffix, StringComparison.Ordinal)).ToList() };
    }

    private EcomessageImporter FreshImporter() => new(
        new ExchangeStore(fresh.DataSource, new CaseRepository(fresh.DataSource, new SharingRule())), new ReferenceStore(fresh.DataSource),
        TimeProvider.System);

    private async Task<T> ScalarAsync<T>(string sql, params object[] values)
    {
        await using var command = fresh.DataSource.CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task A_national_export_validates_against_the_schema()
    {
        var package = await ExportJsonAsync("ke-analyst", "shared=true&from=2021-01-01&to=2021-12-31&nominal=true");

        Assert.NotEmpty(package.GetProperty("cases").EnumerateArray());
        Assert.Empty(SchemaCheck.Errors(SchemaCheck.Load(), package));
    }

    [Fact]
    public async Task A_regional_export_validates_against_the_schema_and_has_no_nominal_field()
    {
        var package = await ExportJsonAsync("latf-analyst", "shared=true&from=2021-01-01&to=2021-12-31");

        var cases = package.GetProperty("cases").EnumerateArray().ToList();
        Assert.NotEmpty(cases);
        Assert.Empty(SchemaCheck.Errors(SchemaCheck.Load(), package));
        Assert.All(cases, c => Assert.False(c.TryGetProperty("nominal", out _)));
        Assert.False(package.GetProperty("origin").TryGetProperty("country", out _));
    }

    [Fact]
    public async Task A_national_export_has_nominal_data_only_when_asked()
    {
        var plain = await ExportJsonAsync("ke-analyst", "from=2021-01-01&to=2021-03-31");
        var nominal = await ExportJsonAsync("ke-analyst", "from=2021-01-01&to=2021-03-31&nominal=true");

        Assert.All(plain.GetProperty("cases").EnumerateArray(), c => Assert.False(c.TryGetProperty("nominal", out _)));
        Assert.All(nominal.GetProperty("cases").EnumerateArray(), c => Assert.True(c.TryGetProperty("nominal", out _)));
        Assert.All(nominal.GetProperty("cases").EnumerateArray(), c => Assert.Equal("KE", c.GetProperty("country").GetString()));
    }

    [Fact]
    public async Task A_regional_analyst_who_asks_for_nominal_data_is_refused()
    {
        var response = await factory.BasicClient("latf-analyst").GetAsync(Export("nominal=true"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Importing_a_package_into_a_fresh_database_creates_its_cases()
    {
        var package = await ValidPackageAsync();

        var report = await FreshImporter().ImportAsync(package, "import-test");

        Assert.NotEmpty(package.Cases!);
        Assert.Equal(package.Cases!.Count, report.Created);
        Assert.Equal(package.Cases!.Count, await ScalarAsync<long>("select count(*) from seizure_case"));
        Assert.Equal(package.Cases!.Sum(c => c.Specimens!.Count), await ScalarAsync<long>("select count(*) from specimen"));
    }

    [Fact]
    public async Task Importing_a_package_again_updates_the_cases_instead_of_duplicating_them()
    {
        var package = await ValidPackageAsync();
        var importer = FreshImporter();
        await importer.ImportAsync(package, "import-test");
        var changed = package.Cases![0] with { PlaceName = "Changed by the second import" };

        var report = await importer.ImportAsync(package with { Cases = [changed, .. package.Cases.Skip(1)] }, "import-test");

        Assert.Equal(0, report.Created);
        Assert.Equal(package.Cases.Count, report.Updated);
        Assert.Equal(package.Cases.Count, await ScalarAsync<long>("select count(*) from seizure_case"));
        Assert.Equal("Changed by the second import", await ScalarAsync<string>(
            "select place_name from seizure_case where agency_code = $1 and reference = $2", changed.AgencyCode!, changed.Reference!));
    }

    [Fact]
    public async Task A_package_from_an_unknown_agency_creates_nothing_and_says_so()
    {
        var package = await ValidPackageAsync();

        var response = await factory.BasicClient("latf-analyst").PostAsJsonAsync(new Uri("/api/exchange/import", UriKind.Relative),
            package with { Origin = new EcomessageOrigin("XX", "NO-SUCH-AGENCY", "elsewhere") }, Ecomessage.JsonOptions);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("NO-SUCH-AGENCY", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validation_errors_are_listed_by_case_index_and_field_and_nothing_is_imported()
    {
        var package = await ValidPackageAsync();
        var bad = package.Cases![1] with { Specimens = [new Web.Cases.SpecimenDto("Loxodonta africana", "TUS", 0, null)], Reference = "EXCHANGE-BAD-1" };

        var response = await factory.BasicClient("latf-analyst").PostAsJsonAsync(new Uri("/api/exchange/import", UriKind.Relative),
            package with { Cases = [package.Cases[0], bad] }, Ecomessage.JsonOptions);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty("cases[1].specimens[0].quantity", out _), errors.ToString());
        await using var command = factory.Database.DataSource.CreateCommand("select count(*) from seizure_case where reference = 'EXCHANGE-BAD-1'");
        Assert.Equal(0L, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_regional_import_drops_nominal_data_and_updates_by_provenance()
    {
        var response = await factory.BasicClient("ke-analyst").GetAsync(Export("shared=true&from=2023-01-01&to=2023-03-31&nominal=true"));
        var package = (await response.Content.ReadFromJsonAsync<EcomessagePackage>(Ecomessage.JsonOptions))!;
        var valid = package with { Cases = package.Cases!.Where(c => !c.Reference!.EndsWith(DemoCaseGenerator.DataQualitySuffix, StringComparison.Ordinal)).ToList() };

        var import = await factory.BasicClient("latf-analyst").PostAsJsonAsync(new Uri("/api/exchange/import", UriKind.Relative), valid,
            Ecomessage.JsonOptions);

        import.EnsureSuccessStatusCode();
        var report = (await import.Content.ReadFromJsonAsync<ImportReportDto>())!;
        Assert.Equal(0, report.Created);
        Assert.Equal(valid.Cases!.Count, report.Updated);
        // The cases came from this server: their nominal data were kept, not replaced by the package's.
        await using var command = factory.Database.DataSource.CreateCommand(
            "select count(*) from case_offender o join seizure_case c on c.id = o.case_id where c.id = any($1)");
        command.Parameters.Add(new NpgsqlParameter { Value = valid.Cases.Select(c => c.Id!.Value).ToArray() });
        var expected = valid.Cases.Sum(c => c.Nominal?.Offenders?.Count ?? 0);
        Assert.Equal((long)expected, await command.ExecuteScalarAsync());
    }

    public Task InitializeAsync() => fresh.InitializeAsync();

    public Task DisposeAsync() => fresh.DisposeAsync();
}
