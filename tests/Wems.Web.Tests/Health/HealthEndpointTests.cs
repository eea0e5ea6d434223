using System.Net;
using System.Net.Http.Json;
using Wems.Web.Health;
using Wems.Web.Tests.Support;

namespace Wems.Web.Tests.Health;

public sealed class HealthEndpointTests(WemsFactory factory) : IClassFixture<WemsFactory>
{
    [Fact]
    public async Task Health_is_200_when_the_database_answers_and_the_schema_is_current()
    {
        var response = await factory.CreateClient().GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.Content.ReadFromJsonAsync<HealthReport>();
        Assert.Equal("healthy", report!.Status);
        Assert.Equal("current", report.Migrations);
    }

    [Fact]
    public async Task The_openapi_document_lists_the_health_endpoint()
    {
        var json = await factory.CreateClient().GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));

        Assert.Contains("\"/healthz\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_path_is_answered_with_problem_details()
    {
        var response = await factory.CreateClient().GetAsync(new Uri("/no-such-thing", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}

public sealed class HealthWithoutDatabaseTests
{
    [Fact]
    public async Task Health_is_503_with_the_reason_when_the_database_is_unreachable()
    {
        // Port 1 on loopback: nothing listens there.
        var dataSource = Gis.Storage.WemsDatabase.CreateDataSource("Host=127.0.0.1;Port=1;Username=x;Timeout=2");

        var result = await HealthEndpoints.GetHealth(dataSource, new Infrastructure.DatabaseConnection(dataSource.ConnectionString), CancellationToken.None);

        var json = Assert.IsType<Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<HealthReport>>(result);
        Assert.Equal(503, json.StatusCode);
        Assert.StartsWith("unreachable", json.Value!.Database, StringComparison.Ordinal);
        await dataSource.DisposeAsync();
    }
}
