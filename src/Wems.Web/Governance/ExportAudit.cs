using Wems.Gis.Governance;
using Wems.Gis.Storage;
using Wems.Web.Auth;

namespace Wems.Web.Governance;

/// <summary>
/// Records a read that takes nominal data out of the server (OGC items of <c>cases</c> by a national user in any format,
/// an Ecomessage package with nominal fields, a CITES report): who, when, what (endpoint and query) and from where
/// (remote address), as an EXPORT entry of the audit trail. Written before the data leave: no audit, no export.
/// </summary>
public static class ExportAudit
{
    /// <summary>Writes the EXPORT entry of this request under <paramref name="subject"/> (e.g. <c>cases</c>).</summary>
    public static Task RecordAsync(HttpContext context, CallerScope scope, string subject, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(scope);
        var audit = context.RequestServices.GetRequiredService<AuditLog>();
        return audit.WriteAsync(scope.Actor, AuditOperations.Export, subject, new
        {
            endpoint = context.Request.Path.Value,
            query = context.Request.QueryString.Value,
            method = context.Request.Method,
            tier = scope.Tier.ToString().ToLowerInvariant(),
            country = scope.Country,
            remote = AccessTokens.RemoteAddress(context),
        }, cancellationToken);
    }
}
