using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Wems.Gis.Governance;
using Wems.Gis.Storage;
using Wems.Web.Auth;
using Wems.Web.Cases;

namespace Wems.Web.Governance;

/// <summary>The sharing state of a case, as answered by share and un-share.</summary>
public sealed record ShareStateDto(Guid Id, bool SharedByRule, bool SharedManually, bool Transboundary, int Version);

/// <summary>
/// <c>POST /api/cases/{id}/share</c> and <c>/unshare</c>: national analysts and admins of the case's country
/// share a case with the region by hand, or take that share back. A case the sharing rule shares stays shared
/// (409). The change is audited with the caller as actor.
/// </summary>
public static class SharingEndpoints
{
    private static readonly HashSet<string> SharingRoles = ["analyst", "admin"];

    public static IEndpointRouteBuilder MapSharing(this IEndpointRouteBuilder app)
    {
        var cases = app.MapGroup("/api/cases").WithTags("Sharing").RequireAuthorization();
        cases.MapPost("/{id:guid}/share", Share);
        cases.MapPost("/{id:guid}/unshare", Unshare);
        return app;
    }

    /// <summary>Shares the case with the region: 200 with its sharing state; 404 when not a case of the caller's country.</summary>
    internal static Task<Results<Ok<ShareStateDto>, ProblemHttpResult>> Share(Guid id, HttpContext context, ClaimsPrincipal user,
        CaseSharing sharing, CancellationToken cancellationToken) => SetAsync(id, true, context, user, sharing, cancellationToken);

    /// <summary>Takes back a share by hand: 200; 409 when the sharing rule shares the case.</summary>
    internal static Task<Results<Ok<ShareStateDto>, ProblemHttpResult>> Unshare(Guid id, HttpContext context, ClaimsPrincipal user,
        CaseSharing sharing, CancellationToken cancellationToken) => SetAsync(id, false, context, user, sharing, cancellationToken);

    private static async Task<Results<Ok<ShareStateDto>, ProblemHttpResult>> SetAsync(Guid id, bool shared, HttpContext context,
        ClaimsPrincipal user, CaseSharing sharing, CancellationToken cancellationToken)
    {
        var scope = CallerScopes.From(user);
        if (scope.Tier != Tier.National || !SharingRoles.Contains(user.FindFirstValue(ClaimTypes.Role) ?? ""))
        {
            throw new CaseAccessDeniedException("Only national analysts and admins of the case's country share cases with the region.");
        }

        var result = await sharing.SetSharedAsync(id, shared, scope, cancellationToken);
        switch (result.Outcome)
        {
            case ShareOutcome.NotFound:
                throw new CaseNotFoundException(id);
            case ShareOutcome.SharedByRule:
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Shared by rule",
                    detail: $"Case {id} is shared by the sharing rule (its trade chain names another country, it was seized at an " +
                            "airport, seaport or border post, or near an international border); only a change to the case itself can unshare it.",
                    extensions: new Dictionary<string, object?> { ["sharedByRule"] = true });
            default:
                context.Response.Headers.ETag = CaseHttp.ETag(result.Version);
                return TypedResults.Ok(new ShareStateDto(id, result.SharedByRule, result.SharedManually, result.Transboundary, result.Version));
        }
    }
}
