using Npgsql;
using Wems.Gis.Storage;
using Wems.Web.Infrastructure;

namespace Wems.Web.Health;

/// <summary>The health answer: 200 when the database answers and its schema is current, else 503.</summary>
public sealed record HealthReport(string Status, string Database, string Migrations, IReadOnlyList<string> Pending, IReadOnlyList<string> Unknown);

public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", GetHealth).WithName("health").WithTags("Health").AllowAnonymous();
        return app;
    }

    internal static async Task<IResult> GetHealth(NpgsqlDataSource dataSource, DatabaseConnection database, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = dataSource.CreateCommand("select 1");
            await command.ExecuteScalarAsync(cancellationToken);
        }
        catch (NpgsqlException e)
        {
            return TypedResults.Json(new HealthReport("unhealthy", $"unreachable: {e.Message}", "unknown", [], []),
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var state = Migrator.Inspect(database.ConnectionString);
        var report = new HealthReport(
            state.IsCurrent ? "healthy" : "unhealthy",
            "reachable",
            state.IsCurrent ? "current" : state.Unknown.Count > 0 ? "database is newer than this WEMS" : "pending",
            state.Pending,
            state.Unknown);
        return TypedResults.Json(report, statusCode: state.IsCurrent ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}
