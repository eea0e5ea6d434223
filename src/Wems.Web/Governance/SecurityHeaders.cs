namespace Wems.Web.Governance;

/// <summary>Security headers on every response, errors included.</summary>
public static class SecurityHeaders
{
    // MapLibre GL JS runs its workers from blob: URLs and draws sprites from data:/blob: images; everything else
    // comes from this server (no CDN at run time).
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; worker-src 'self' blob:; img-src 'self' data: blob:; " +
        "style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'";

    /// <summary>
    /// Adds the headers when the response starts, so they survive the exception handler, which clears the
    /// headers of a failed response before writing its ProblemDetails.
    /// </summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(static state =>
        {
            var headers = ((HttpContext)state).Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.XFrameOptions = "DENY";
            return Task.CompletedTask;
        }, context);
        return next(context);
    });
}
