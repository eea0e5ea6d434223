using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Wems.Web.Governance;

/// <summary>
/// Rate limit of <c>POST /api/auth/token</c> and <c>POST /api/auth/signin</c> (one budget for both): a fixed window of a minute per client address
/// (<see cref="GovernanceOptions.TokenRequestsPerMinute"/>, default 10), on top of the per-account lockout, so
/// one address cannot try passwords across many accounts. Other requests are not limited. A refused request is
/// a 429 ProblemDetails with <c>Retry-After</c>.
/// </summary>
public static class SignInRateLimit
{
    public const string TokenPath = "/api/auth/token";

    /// <summary>The UI's cookie sign-in: limited together with the token endpoint (one budget per address).</summary>
    public const string SignInPath = "/api/auth/signin";

    public static IServiceCollection AddSignInRateLimit(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<GovernanceOptions>>((limiter, governance) =>
        {
            var permits = governance.Value.TokenRequestsPerMinute;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                HttpMethods.IsPost(context.Request.Method) && (context.Request.Path.Equals(TokenPath, StringComparison.OrdinalIgnoreCase)
                                                                  || context.Request.Path.Equals(SignInPath, StringComparison.OrdinalIgnoreCase))
                    ? RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                    : RateLimitPartition.GetNoLimiter(""));
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = OnRejectedAsync;
        });
        return services;
    }

    private static async ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = $"Too many sign-in attempts from this address; try again in {seconds} s.",
            },
        });
    }
}
