using System.Net;
using System.Text.Json;
using Wems.Gis.Governance;
using Wems.Web.Tests.Tiers;

namespace Wems.Web.Tests.Governance;

/// <summary>Every read that takes nominal data out of the server leaves an EXPORT entry: who, when, what, from where.</summary>
[Collection(TierServerGroup.Name)]
public sealed class ExportAuditTests(TierServer server)
{
    private static Uri Url(string path) => new(path, UriKind.Relative);

    private Task<long> ExportsAsync(string actor, string subject) => server.ScalarAsync<long>(
        $"select count(*) from audit_log where operation = 'EXPORT' and actor = '{actor}' and table_name = '{subject}'");

    private async Task<JsonElement> LatestExportAsync(string actor)
    {
        var json = await server.ScalarAsync<string>(
            $"select jsonb_build_object('at', at, 'subject', table_name, 'after', after)::text from audit_log where operation = 'EXPORT' and actor = '{actor}' order by id desc limit 1");
        return JsonDocument.Parse(json).RootElement;
    }

    [Theory]
    [InlineData("json")]
    [InlineData("csv")]
    [InlineData("gpkg")]
    [InlineData("shp")]
    public async Task A_national_users_read_of_cases_items_in_any_format_is_recorded_with_endpoint_query_and_address(string format)
    {
        var before = await ExportsAsync("ke-officer", "cases");

        var response = await server.Client("ke-officer").GetAsync(Url($"/ogc/collections/cases/items?f={format}&bbox=33,-5,42,5&limit=3"));
        var entry = await LatestExportAsync("ke-officer");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(before + 1, await ExportsAsync("ke-officer", "cases"));
        Assert.Equal("/ogc/collections/cases/items", entry.GetProperty("after").GetProperty("endpoint").GetString());
        Assert.Equal($"?f={format}&bbox=33,-5,42,5&limit=3", entry.GetProperty("after").GetProperty("query").GetString());
        Assert.False(string.IsNullOrEmpty(entry.GetProperty("after").GetProperty("remote").GetString()));
        Assert.Equal("KE", entry.GetProperty("after").GetProperty("country").GetString());
    }

    [Fact]
    public async Task A_national_users_read_of_one_case_feature_is_recorded()
    {
        var id = await server.ScalarAsync<Guid>("select id from seizure_case where country = 'KE' and deleted_at is null order by id limit 1");
        var before = await ExportsAsync("ke-officer", "cases");

        var response = await server.Client("ke-officer").GetAsync(Url($"/ogc/collections/cases/items/{id}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(before + 1, await ExportsAsync("ke-officer", "cases"));
        Assert.Equal($"/ogc/collections/cases/items/{id}", (await LatestExportAsync("ke-officer")).GetProperty("after").GetProperty("endpoint").GetString());
    }

    [Fact]
    public async Task A_regional_users_read_has_no_nominal_data_and_is_no_export_entry()
    {
        var before = await ExportsAsync("latf-analyst", "cases");

        await server.Client("latf-analyst").GetAsync(Url("/ogc/collections/cases/items?f=csv"));

        Assert.Equal(before, await ExportsAsync("latf-analyst", "cases"));
    }

    [Fact]
    public async Task An_ecomessage_package_is_recorded_when_it_has_nominal_fields_only()
    {
        var before = await ExportsAsync("ke-analyst", "ecomessage");

        var plain = await server.Client("ke-analyst").GetAsync(Url("/api/exchange/export?from=2020-01-01&to=2020-03-31"));
        var afterPlain = await ExportsAsync("ke-analyst", "ecomessage");
        var nominal = await server.Client("ke-analyst").GetAsync(Url("/api/exchange/export?from=2020-01-01&to=2020-03-31&nominal=true"));

        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.Equal(HttpStatusCode.OK, nominal.StatusCode);
        Assert.Equal(before, afterPlain);
        Assert.Equal(before + 1, await ExportsAsync("ke-analyst", "ecomessage"));
        Assert.Contains("nominal=true", (await LatestExportAsync("ke-analyst")).GetProperty("after").GetProperty("query").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cites_report_is_recorded()
    {
        var before = await ExportsAsync("tz-analyst", "cites-ait");

        var response = await server.Client("tz-analyst").GetAsync(Url("/api/reports/cites-ait?country=TZ&year=2022&format=csv"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(before + 1, await ExportsAsync("tz-analyst", "cites-ait"));
    }

    [Fact]
    public async Task Export_entries_join_the_hash_chain_which_still_verifies()
    {
        await server.Client("ug-analyst").GetAsync(Url("/ogc/collections/cases/items?limit=1"));

        var report = await AuditChain.VerifyAsync(server.Factory.Database.DataSource);

        Assert.True(report.Intact, $"chain broken at {report.BrokenAt}");
        Assert.True(await server.ScalarAsync<long>("select count(*) from audit_log where operation = 'EXPORT' and row_hash is not null") > 0);
    }
}
