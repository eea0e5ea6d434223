using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Wems.Gis.Storage;
using Wems.Web.Auth;
using Wems.Web.Tiles;

namespace Wems.Web.Cases;

/// <summary>
/// The case API under <c>/api/cases</c>: national users record and change their agency's cases, national and
/// regional users read what their tier may see. Every database access runs under the caller's tier
/// (<see cref="TierSession"/>), so PostgreSQL's row-level security has the last word. After a write the case tile
/// queue is read at once (<see cref="CaseTileInvalidator.RefreshAsync"/>), so the writer's next tile request already
/// shows the change instead of waiting for the next poll.
/// </summary>
public static class CaseEndpoints
{
    public static IServiceCollection AddCaseApi(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<CaseValidation>();
        return services;
    }

    public static IEndpointRouteBuilder MapCaseApi(this IEndpointRouteBuilder app)
    {
        var cases = app.MapGroup("/api/cases").WithTags("Cases").RequireAuthorization();
        cases.MapPost("", Create).Accepts<CaseRequest>("application/json");
        cases.MapGet("", List);
        cases.MapGet("/{id:guid}", Get);
        cases.MapPut("/{id:guid}", Update).Accepts<CaseRequest>("application/json");
        cases.MapPost("/{id:guid}/close", Close);
        cases.MapDelete("/{id:guid}", Delete);
        return app;
    }

    /// <summary>
    /// Records a case for the caller's agency: 201 with its Location and ETag. Creating is idempotent on the
    /// case reference: the identical request again answers 200 with the same case, another case under a
    /// reference in use 409.
    /// </summary>
    internal static async Task<Results<Created<NationalCaseDto>, Ok<NationalCaseDto>>> Create(HttpRequest request, ClaimsPrincipal user,
        CaseRepository cases, CaseValidation validation, CaseTileInvalidator tiles, CancellationToken cancellationToken)
    {
        var scope = CaseHttp.Writer(user);
        var (seizure, warnings) = await validation.CheckAsync(await CaseHttp.ReadBodyAsync(request, cancellationToken), scope);
        var result = Written(await cases.CreateAsync(seizure, scope, cancellationToken), seizure.Reference);
        await tiles.RefreshAsync(cancellationToken);
        var dto = await ReadBackAsync(request.HttpContext, cases, validation, result.Id, scope, warnings, cancellationToken);
        return result.Outcome == CaseWriteOutcome.Created ? TypedResults.Created($"/api/cases/{result.Id}", dto) : TypedResults.Ok(dto);
    }

    /// <summary>A case as the caller's tier sees it: national with nominal data, regional without; otherwise 404.</summary>
    internal static async Task<Results<Ok<NationalCaseDto>, Ok<RegionalCaseDto>>> Get(Guid id, HttpContext context, ClaimsPrincipal user,
        CaseRepository cases, CaseValidation validation, CancellationToken cancellationToken)
    {
        var scope = CallerScopes.From(user);
        var stored = await cases.GetAsync(id, scope, cancellationToken) ?? throw new CaseNotFoundException(id);
        context.Response.Headers.ETag = CaseHttp.ETag(stored.Version);
        if (scope.Tier == Tier.National)
        {
            return TypedResults.Ok(CaseMapping.ToNational(stored, await validation.WarningsAsync(stored.Case)));
        }

        return TypedResults.Ok(CaseMapping.ToRegional(stored));
    }

    /// <summary>The cases the caller's tier sees, by id, <c>limit</c> (1..1000, default 100) at a time.</summary>
    internal static async Task<Ok<CaseListDto>> List(HttpRequest request, ClaimsPrincipal user, CaseRepository cases,
        CancellationToken cancellationToken)
    {
        var scope = CallerScopes.From(user);
        if (scope.Tier == Tier.Public)
        {
            throw new CaseAccessDeniedException("Cases are listed for national and regional users only.");
        }

        var (limit, after) = CaseHttp.ListQuery(request);
        var page = await cases.ListAsync(scope, limit, after, cancellationToken);
        var next = page.Next is { } cursor ? $"/api/cases?limit={limit}&cursor={cursor}" : null;
        return TypedResults.Ok(new CaseListDto(page.Items.Select(CaseMapping.ToSummary).ToList(), next));
    }

    /// <summary>Replaces a case; <c>If-Match: "&lt;version&gt;"</c> is required (428 without, 412 when stale).</summary>
    internal static async Task<Ok<NationalCaseDto>> Update(Guid id, HttpRequest request, ClaimsPrincipal user, CaseRepository cases,
        CaseValidation validation, CaseTileInvalidator tiles, CancellationToken cancellationToken)
    {
        var scope = CaseHttp.Writer(user);
        var version = CaseHttp.IfMatch(request) ?? throw new CasePreconditionRequiredException();
        var (seizure, warnings) = await validation.CheckAsync(await CaseHttp.ReadBodyAsync(request, cancellationToken), scope);
        Written(await cases.UpdateAsync(id, seizure, version, scope, cancellationToken), seizure.Reference);
        await tiles.RefreshAsync(cancellationToken);
        return TypedResults.Ok(await ReadBackAsync(request.HttpContext, cases, validation, id, scope, warnings, cancellationToken));
    }

    /// <summary>Closes a case (checked against <c>If-Match</c> when sent).</summary>
    internal static async Task<Ok<NationalCaseDto>> Close(Guid id, HttpRequest request, ClaimsPrincipal user, CaseRepository cases,
        CaseValidation validation, CaseTileInvalidator tiles, CancellationToken cancellationToken)
    {
        var scope = CaseHttp.Writer(user);
        Written(await cases.CloseAsync(id, CaseHttp.IfMatch(request), scope, cancellationToken), null);
        await tiles.RefreshAsync(cancellationToken);
        return TypedResults.Ok(await ReadBackAsync(request.HttpContext, cases, validation, id, scope, null, cancellationToken));
    }

    /// <summary>Deletes a case softly (checked against <c>If-Match</c> when sent); the audit trail keeps it.</summary>
    internal static async Task<NoContent> Delete(Guid id, HttpRequest request, ClaimsPrincipal user, CaseRepository cases,
        CaseTileInvalidator tiles, CancellationToken cancellationToken)
    {
        var scope = CaseHttp.Writer(user);
        Written(await cases.DeleteAsync(id, CaseHttp.IfMatch(request), scope, cancellationToken), null);
        await tiles.RefreshAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static CaseWriteResult Written(CaseWriteResult result, string? reference) => result.Outcome switch
    {
        CaseWriteOutcome.NotFound => throw new CaseNotFoundException(result.Id),
        CaseWriteOutcome.NotWritable => throw new CaseAccessDeniedException($"Case {result.Id} belongs to another agency, which alone changes it."),
        CaseWriteOutcome.VersionMismatch => throw new CaseVersionConflictException(result.Id, result.Version),
        CaseWriteOutcome.DuplicateReference => throw new DuplicateCaseReferenceException(reference ?? "", result.Id),
        _ => result,
    };

    // The stored case, as the response to a write: what the client would read next, with the new ETag. The
    // warnings are those of the request when there was one, else those of the stored case.
    private static async Task<NationalCaseDto> ReadBackAsync(HttpContext context, CaseRepository cases, CaseValidation validation, Guid id,
        CallerScope scope, IReadOnlyList<FieldMessage>? warnings, CancellationToken cancellationToken)
    {
        var stored = await cases.GetAsync(id, scope, cancellationToken) ?? throw new CaseNotFoundException(id);
        context.Response.Headers.ETag = CaseHttp.ETag(stored.Version);
        return CaseMapping.ToNational(stored, warnings ?? await validation.WarningsAsync(stored.Case));
    }
}
