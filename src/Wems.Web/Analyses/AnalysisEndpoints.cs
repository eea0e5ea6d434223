using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Wems.Gis.AnalysisRuns;
using Wems.Gis.Features;
using Wems.Gis.Storage;
using Wems.Web.Auth;
using Wems.Web.Cases;

namespace Wems.Web.Analyses;

/// <summary>A link of an analysis resource.</summary>
public sealed record AnalysisLinkDto(string Rel, string Href, string? Title = null);

/// <summary>An analysis job as the API answers it.</summary>
public sealed record AnalysisJobDto(
    Guid Id, string Kind, string Status, double Progress, IReadOnlyDictionary<string, string> Parameters, string Tier, string? Country,
    string? Region, string CreatedBy, DateTime CreatedAt, DateTime? StartedAt, DateTime? FinishedAt, long? RunId, string? DataVersion,
    int? InputCases, int? ResultRows, long? DurationMs, string? Error, IReadOnlyList<AnalysisLinkDto> Links);

/// <summary>A page of analysis jobs.</summary>
public sealed record AnalysisJobListDto(IReadOnlyList<AnalysisJobDto> Items);

/// <summary>
/// <c>/api/analyses</c>: analysts (national <c>analyst</c>/<c>admin</c>, <c>regional-analyst</c>) request an analysis
/// with <c>POST /api/analyses/{kind}</c> (202 with the job's Location); a background worker runs it under their tier.
/// <c>GET /api/analyses/{id}</c> and <c>GET /api/analyses</c> show status, progress, parameters, data version and links
/// to the OGC API collections the result is served as; row-level security shows each caller its scope's jobs (and
/// the public ones, the only ones an anonymous caller gets).
/// </summary>
public static class AnalysisEndpoints
{
    private static readonly HashSet<string> RunningRoles = ["analyst", "admin", "regional-analyst"];

    public static IServiceCollection AddAnalyses(this IServiceCollection services)
    {
        services.AddSingleton<AnalysisJobStore>();
        services.AddSingleton<AnalysisBacklog>();
        services.AddHostedService<AnalysisWorker>();
        services.AddSingleton<ScenarioStore>();
        services.AddSingleton<PostStore>();
        services.AddSingleton<CurrentResultsService>();
        services.AddHostedService(sp => sp.GetRequiredService<CurrentResultsService>());
        return services;
    }

    public static IEndpointRouteBuilder MapAnalyses(this IEndpointRouteBuilder app)
    {
        var analyses = app.MapGroup("/api/analyses").WithTags("Analyses");
        analyses.MapPost("/{kind}", Request).RequireAuthorization();
        analyses.MapGet("/{id:guid}", Get);
        analyses.MapGet("", List);
        app.MapPostsAndScenarios();
        return app;
    }

    /// <summary>Whether the caller may request analyses (and edit posts and scenarios): a national analyst or admin, or a regional analyst.</summary>
    internal static CallerScope Analyst(ClaimsPrincipal user, string what)
    {
        var scope = CallerScopes.From(user);
        if (scope.Tier == Tier.Public || !RunningRoles.Contains(user.FindFirstValue(ClaimTypes.Role) ?? ""))
        {
            throw new CaseAccessDeniedException($"Only analysts {what}.");
        }

        return scope;
    }

    /// <summary>Queues an analysis: 202 with the job and its Location; 400 (field and reason) for a bad parameter.</summary>
    internal static async Task<Accepted<AnalysisJobDto>> Request(string kind, HttpRequest request, ClaimsPrincipal user,
        AnalysisJobStore jobs, AnalysisBacklog queue, CancellationToken cancellationToken)
    {
        var scope = Analyst(user, "run analyses");
        if (!AnalysisRequest.Kinds.Contains(kind))
        {
            throw new InvalidParameterException("kind", $"'{kind}' is not an analysis; one of {string.Join(", ", AnalysisRequest.Kinds)}.");
        }

        var analysis = AnalysisRequest.Parse(kind, await ReadParametersAsync(request, cancellationToken));

        var id = await jobs.CreateAsync(analysis, scope, cancellationToken);
        queue.Enqueue(id);
        var job = await jobs.GetAsync(id, scope, cancellationToken) ?? throw new FeatureNotFoundException($"Analysis {id}");
        return TypedResults.Accepted($"/api/analyses/{id}", ToDto(job));
    }

    /// <summary>One job, when the caller's tier may see it; otherwise 404.</summary>
    internal static async Task<Ok<AnalysisJobDto>> Get(Guid id, ClaimsPrincipal user, AnalysisJobStore jobs, CancellationToken cancellationToken)
    {
        var job = await jobs.GetAsync(id, CallerScopes.From(user), cancellationToken) ?? throw new FeatureNotFoundException($"Analysis {id}");
        return TypedResults.Ok(ToDto(job));
    }

    /// <summary>The newest jobs the caller may see (<c>limit</c> 1..500, default 100; <c>kind</c> to choose one kind).</summary>
    internal static async Task<Ok<AnalysisJobListDto>> List(HttpRequest request, ClaimsPrincipal user, AnalysisJobStore jobs,
        CancellationToken cancellationToken)
    {
        var limit = 100;
        if (request.Query.TryGetValue("limit", out var l)
            && (!int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 500))
        {
            throw new InvalidParameterException("limit", $"'{l}' is not a whole number from 1 to 500.");
        }

        string? kind = null;
        if (request.Query.TryGetValue("kind", out var k))
        {
            kind = AnalysisRequest.KindOf(k.ToString()) ?? throw new InvalidParameterException("kind", $"'{k}' is not an analysis.");
        }

        var list = await jobs.ListAsync(CallerScopes.From(user), kind, limit, cancellationToken);
        return TypedResults.Ok(new AnalysisJobListDto(list.Select(ToDto).ToList()));
    }

    internal static AnalysisJobDto ToDto(AnalysisJob job)
    {
        var links = new List<AnalysisLinkDto> { new("self", $"/api/analyses/{job.Id}") };
        if (job.Status == "succeeded")
        {
            foreach (var collection in AnalysisRequest.CollectionsOf(job.Kind))
            {
                // The collection serves the newest run of the kind for the caller's scope; run_id tells which one it is.
                links.Add(new("collection", $"/ogc/collections/{collection}", collection));
                links.Add(new("items", $"/ogc/collections/{collection}/items", collection));
            }
        }

        var scope = job.Scope;
        return new AnalysisJobDto(job.Id, job.Kind, job.Status, job.Progress, job.Parameters, scope.Tier.ToString().ToLowerInvariant(),
            scope.Country, scope.Region, job.CreatedBy, job.CreatedAt, job.StartedAt, job.FinishedAt, job.RunId, job.Summary?.DataVersion,
            job.Summary?.InputCases, job.Summary?.ResultRows, job.Summary?.DurationMs, job.Error, links);
    }

    /// <summary>
    /// The JSON body as parameter names and text values: an object whose members are strings, numbers or booleans
    /// (true/false read as yes/no); names as the CLI's (<c>cell-km2</c>) or camelCase (<c>cellKm2</c>). An empty body is no
    /// parameters.
    /// </summary>
    internal static async Task<Dictionary<string, string>> ReadParametersAsync(HttpRequest request, CancellationToken ct)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        if (request.ContentLength == 0)
        {
            return parameters;
        }

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
        }
        catch (JsonException e)
        {
            throw new InvalidParameterException("body", $"not JSON: {e.Message}");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidParameterException("body", "expected a JSON object of parameters.");
            }

            foreach (var member in document.RootElement.EnumerateObject())
            {
                var name = Kebab(member.Name);
                parameters[name] = member.Value.ValueKind switch
                {
                    JsonValueKind.String => member.Value.GetString()!,
                    JsonValueKind.Number => member.Value.GetRawText(),
                    JsonValueKind.True => "yes",
                    JsonValueKind.False => "no",
                    _ => throw new InvalidParameterException(name, "expected a string, number or boolean."),
                };
            }
        }

        return parameters;
    }

    private static string Kebab(string name)
    {
        var text = new StringBuilder(name.Length + 4);
        foreach (var c in name)
        {
            if (char.IsUpper(c))
            {
                text.Append('-').Append(char.ToLowerInvariant(c));
            }
            else
            {
                text.Append(c == '_' ? '-' : c);
            }
        }

        return text.ToString();
    }
}
