using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Wems.Gis.Governance;

namespace Wems.Web.Governance;

/// <summary>The <c>Public</c> configuration section: what the public tier is shown.</summary>
public sealed class PublicOptions
{
    public const string Section = "Public";

    /// <summary>Groups with fewer cases than this are suppressed from the public statistics.</summary>
    [Range(1, 1000)]
    public int MinCount { get; set; } = 3;
}

/// <summary>The <c>Governance</c> configuration section: request limits.</summary>
public sealed class GovernanceOptions
{
    public const string Section = "Governance";

    /// <summary>Token requests (<c>POST /api/auth/token</c>) one client address may make per minute.</summary>
    [Range(1, 10_000)]
    public int TokenRequestsPerMinute { get; set; } = 10;

    /// <summary>Largest request body Kestrel accepts, bytes.</summary>
    [Range(1024, 1L << 32)]
    public long MaxRequestBodyBytes { get; set; } = 10 * 1024 * 1024;
}

/// <summary>
/// Governance of the data and the server: case sharing, public statistics, security headers, rate limiting of
/// sign-in and the request size limit.
/// </summary>
public static class GovernanceSetup
{
    public static IServiceCollection AddGovernance(this IServiceCollection services)
    {
        services.AddOptions<PublicOptions>().BindConfiguration(PublicOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<GovernanceOptions>().BindConfiguration(GovernanceOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<CaseSharing>();
        services.AddSingleton<PublicStatistics>();
        services.AddOptions<KestrelServerOptions>()
            .Configure<Microsoft.Extensions.Options.IOptions<GovernanceOptions>>((kestrel, governance) =>
                kestrel.Limits.MaxRequestBodySize = governance.Value.MaxRequestBodyBytes);
        services.AddSignInRateLimit();
        services.AddHostedService<PublicSettingSync>();
        return services;
    }

    /// <summary>Security headers on every response and the sign-in rate limit; call right after the problem handler.</summary>
    public static WebApplication UseGovernance(this WebApplication app)
    {
        app.UseSecurityHeaders();
        app.UseRateLimiter();
        // A NUL character is never a meaningful parameter value, and PostgreSQL refuses it in text: refuse it at the edge.
        app.Use((context, next) =>
        {
            foreach (var (key, values) in context.Request.Query)
            {
                if (key.Contains('\0', StringComparison.Ordinal) || values.Any(v => v?.Contains('\0', StringComparison.Ordinal) == true))
                {
                    throw new Wems.Gis.Features.InvalidParameterException(key.Replace("\0", "", StringComparison.Ordinal), "must not contain a NUL character.");
                }
            }

            return next(context);
        });
        return app;
    }

    public static IEndpointRouteBuilder MapGovernance(this IEndpointRouteBuilder app)
    {
        app.MapSharing();
        app.MapPublicStatistics();
        app.MapAdmin();
        return app;
    }
}

/// <summary>
/// Writes <see cref="PublicOptions.MinCount"/> to the database at start (migration 0013's <c>public_setting</c>), so the
/// public views suppress with the configured threshold whichever code path reads them (OGC, tiles, statistics).
/// </summary>
internal sealed class PublicSettingSync(Npgsql.NpgsqlDataSource dataSource, Microsoft.Extensions.Options.IOptions<PublicOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("update public_setting set min_count = @min where min_count <> @min");
        command.Parameters.AddWithValue("min", options.Value.MinCount);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
