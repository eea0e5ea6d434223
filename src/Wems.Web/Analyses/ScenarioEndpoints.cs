using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Wems.Gis.AnalysisRuns;
using Wems.Gis.Features;
using Wems.Gis.Storage;
using Wems.Web.Auth;
using Wems.Web.Cases;

namespace Wems.Web.Analyses;

/// <summary>A post to add or change: name and WGS84 position (country only for a post added to a scenario).</summary>
public sealed record PostRequest(string? Name, double? Longitude, double? Latitude, string? Country);

/// <summary>A post as the API answers it.</summary>
public sealed record PostDto(Guid Id, string Country, string Name, double Longitude, double Latitude, bool FromReference, Guid? SourcePost = null);

/// <summary>A scenario to make: its name and, optionally, the distances of its coverage (km).</summary>
public sealed record ScenarioRequest(string? Name, double? SegmentKm, double? CoverageKm, double? NearKm);

/// <summary>A scenario with its posts.</summary>
public sealed record ScenarioDto(Guid Id, string Name, double SegmentKm, double CoverageKm, double NearKm, string CreatedBy, DateTime CreatedAt,
    IReadOnlyList<PostDto> Posts, IReadOnlyList<AnalysisLinkDto> Links);

/// <summary>
/// Enforcement posts (<c>/api/posts</c>: everyone reads; national analysts and admins add, move and delete their
/// country's posts) and border scenarios (<c>/api/scenarios</c>: analysts copy the posts, edit the copy, and compare
/// its coverage with the current posts at <c>/api/scenarios/{id}/comparison</c>).
/// </summary>
public static class ScenarioEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    internal static IEndpointRouteBuilder MapPostsAndScenarios(this IEndpointRouteBuilder app)
    {
        var posts = app.MapGroup("/api/posts").WithTags("Border scenarios");
        posts.MapGet("", ListPosts);
        posts.MapGet("/{id:guid}", GetPost);
        posts.MapPost("", CreatePost).RequireAuthorization();
        posts.MapPut("/{id:guid}", UpdatePost).RequireAuthorization();
        posts.MapDelete("/{id:guid}", DeletePost).RequireAuthorization();

        var scenarios = app.MapGroup("/api/scenarios").WithTags("Border scenarios").RequireAuthorization();
        scenarios.MapPost("", CreateScenario);
        scenarios.MapGet("", ListScenarios);
        scenarios.MapGet("/{id:guid}", GetScenario);
        scenarios.MapDelete("/{id:guid}", DeleteScenario);
        scenarios.MapPost("/{id:guid}/posts", AddScenarioPost);
        scenarios.MapPut("/{id:guid}/posts/{postId:guid}", UpdateScenarioPost);
        scenarios.MapDelete("/{id:guid}/posts/{postId:guid}", RemoveScenarioPost);
        scenarios.MapGet("/{id:guid}/comparison", Compare);
        return app;
    }

    internal static async Task<Ok<List<PostDto>>> ListPosts(string? country, ClaimsPrincipal user, PostStore store, CancellationToken ct)
    {
        if (country is not null && (country.Length != 2 || !country.All(char.IsAsciiLetter)))
        {
            throw new InvalidParameterException("country", $"'{country}' is not an ISO alpha-2 code.");
        }

        return TypedResults.Ok((await store.ListAsync(CallerScopes.From(user), country, ct)).Select(ToDto).ToList());
    }

    internal static async Task<Ok<PostDto>> GetPost(Guid id, ClaimsPrincipal user, PostStore store, CancellationToken ct) =>
        TypedResults.Ok(ToDto(await store.GetAsync(CallerScopes.From(user), id, ct) ?? throw new FeatureNotFoundException($"Post {id}")));

    internal static async Task<Created<PostDto>> CreatePost(HttpRequest request, ClaimsPrincipal user, PostStore store, CancellationToken ct)
    {
        var scope = NationalAnalyst(user);
        var (name, location) = CheckPost(await ReadAsync<PostRequest>(request, ct));
        var post = await store.CreateAsync(scope, name, location, ct);
        return TypedResults.Created($"/api/posts/{post.Id}", ToDto(post));
    }

    internal static async Task<Ok<PostDto>> UpdatePost(Guid id, HttpRequest request, ClaimsPrincipal user, PostStore store, CancellationToken ct)
    {
        var scope = NationalAnalyst(user);
        var (name, location) = CheckPost(await ReadAsync<PostRequest>(request, ct));
        var post = await store.UpdateAsync(scope, id, name, location, ct) ?? throw new FeatureNotFoundException($"Post {id} of your country");
        return TypedResults.Ok(ToDto(post));
    }

    internal static async Task<NoContent> DeletePost(Guid id, ClaimsPrincipal user, PostStore store, CancellationToken ct)
    {
        var scope = NationalAnalyst(user);
        return await store.DeleteAsync(scope, id, ct) ? TypedResults.NoContent() : throw new FeatureNotFoundException($"Post {id} of your country");
    }

    internal static async Task<Created<ScenarioDto>> CreateScenario(HttpRequest request, ClaimsPrincipal user, ScenarioStore store, CancellationToken ct)
    {
        var scope = AnalysisEndpoints.Analyst(user, "make scenarios");
        var body = await ReadAsync<ScenarioRequest>(request, ct);
        var name = CheckName(body.Name);
        var segment = CheckKm("segmentKm", body.SegmentKm, 10, positive: true);
        var coverage = CheckKm("coverageKm", body.CoverageKm, 20, positive: false);
        var near = CheckKm("nearKm", body.NearKm, 50, positive: false);
        var scenario = await store.CreateAsync(scope, name, segment, coverage, near, ct);
        return TypedResults.Created($"/api/scenarios/{scenario.Id}", ToDto(scenario));
    }

    internal static async Task<Ok<List<ScenarioDto>>> ListScenarios(ClaimsPrincipal user, ScenarioStore store, CancellationToken ct) =>
        TypedResults.Ok((await store.ListAsync(Reader(user), ct)).Select(ToDto).ToList());

    internal static async Task<Ok<ScenarioDto>> GetScenario(Guid id, ClaimsPrincipal user, ScenarioStore store, CancellationToken ct) =>
        TypedResults.Ok(ToDto(await store.GetAsync(Reader(user), id, ct) ?? throw new FeatureNotFoundException($"Scenario {id}")));

    internal static async Task<NoContent> DeleteScenario(Guid id, ClaimsPrincipal user, ScenarioStore store, CancellationToken ct) =>
        await store.DeleteAsync(AnalysisEndpoints.Analyst(user, "change scenarios"), id, ct)
            ? TypedResults.NoContent()
            : throw new FeatureNotFoundException($"Scenario {id}");

    internal static async Task<Created<PostDto>> AddScenarioPost(Guid id, HttpRequest request, ClaimsPrincipal user, ScenarioStore store, CancellationToken ct)
    {
        var scope = AnalysisEndpoints.Analyst(user, "change scenarios");
        var body = await ReadAsync<PostRequest>(request, ct);
        var (name, location) = CheckPost(body);
        var country = body.Country ?? scope.Country
            ?? throw new InvalidParameterException("country", "required: the country that would staff the post (ISO alpha-2).");
        if (country.Length != 2 || !country.All(char.IsAsciiLetter))
        {
            throw new InvalidParameterException("country", $"'{country}' is not an ISO alpha-2 code.");
        }

        var post = await store.AddPostAsync(scope, id, country, name, location, ct) ?? throw new FeatureNotFoundException($"Scenario {id}");
        return TypedResults.Created($"/api/scenarios/{id}/posts/{post.Id}", ToDto(post));
    }

    internal static async Task<Ok<PostDto>> UpdateScenarioPost(Guid id, Guid postId, HttpRequest request, ClaimsPrincipal user, ScenarioStore store,
        CancellationToken ct)
    {
        var scope = AnalysisEndpoints.Analyst(user, "change scenarios");
        var (name, location) = CheckPost(await ReadAsync<PostRequest>(request, ct));
        var post = await store.UpdatePostAsync(scope, id, postId, name, location, ct) ?? throw new FeatureNotFoundException($"Post {postId} of scenario {id}");
        return TypedResults.Ok(ToDto(post));
    }

    internal static async Task<NoContent> RemoveScenarioPost(Guid id, Guid postId, ClaimsPrincipal user, ScenarioStore store, CancellationToken ct) =>
        await store.RemovePostAsync(AnalysisEndpoints.Analyst(user, "change scenarios"), id, postId, ct)
            ? TypedResults.NoContent()
            : throw new FeatureNotFoundException($"Post {postId} of scenario {id}");

    internal static async Task<Ok<ScenarioReport>> Compare(Guid id, ClaimsPrincipal user, ScenarioStore store, CancellationToken ct) =>
        TypedResults.Ok(await store.CompareAsync(Reader(user), id, ct) ?? throw new FeatureNotFoundException($"Scenario {id}"));

    private static CallerScope Reader(ClaimsPrincipal user)
    {
        var scope = CallerScopes.From(user);
        return scope.Tier == Tier.Public ? throw new CaseAccessDeniedException("Scenarios are for national and regional users.") : scope;
    }

    private static CallerScope NationalAnalyst(ClaimsPrincipal user)
    {
        var scope = AnalysisEndpoints.Analyst(user, "edit posts");
        return scope.Tier == Tier.National ? scope : throw new CaseAccessDeniedException("Posts are edited by the analysts of the post's country.");
    }

    private static (string Name, Wems.Gis.Cases.GeoPoint Location) CheckPost(PostRequest body)
    {
        var name = CheckName(body.Name);
        var lon = body.Longitude ?? throw new InvalidParameterException("longitude", "required (WGS84 degrees).");
        var lat = body.Latitude ?? throw new InvalidParameterException("latitude", "required (WGS84 degrees).");
        if (!(lon is >= -180 and <= 180))
        {
            throw new InvalidParameterException("longitude", $"{lon} is not within -180..180.");
        }

        if (!(lat is >= -90 and <= 90))
        {
            throw new InvalidParameterException("latitude", $"{lat} is not within -90..90.");
        }

        return (name, PostStore.Location(lon, lat));
    }

    private static string CheckName(string? name) =>
        string.IsNullOrWhiteSpace(name) ? throw new InvalidParameterException("name", "required.")
        : name.Trim().Length > 200 ? throw new InvalidParameterException("name", "at most 200 characters.")
        : name.Trim();

    private static double CheckKm(string field, double? value, double fallback, bool positive) => value switch
    {
        null => fallback,
        var v when double.IsFinite(v.Value) && (positive ? v > 0 : v >= 0) && v <= 1000 => v.Value,
        var v => throw new InvalidParameterException(field, $"{v} is not a distance {(positive ? "above" : "from")} 0 to 1000 km."),
    };

    private static async Task<T> ReadAsync<T>(HttpRequest request, CancellationToken ct)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(request.Body, Json, ct) ?? throw new InvalidParameterException("body", "expected a JSON object.");
        }
        catch (JsonException e)
        {
            throw new InvalidParameterException(e.Path is { Length: > 2 } path ? path[2..] : "body", $"not valid JSON here: {e.Message}");
        }
    }

    private static PostDto ToDto(StoredPost p) => new(p.Id, p.Country, p.Name, p.Location.X, p.Location.Y, p.FromReference);

    private static PostDto ToDto(ScenarioPost p) => new(p.Id, p.Country, p.Name, p.Location.X, p.Location.Y, p.SourcePost is not null, p.SourcePost);

    private static ScenarioDto ToDto(BorderScenario s) => new(s.Id, s.Name, s.SegmentKm, s.CoverageKm, s.NearKm, s.CreatedBy, s.CreatedAt,
        s.Posts.Select(ToDto).ToList(),
        [new("self", $"/api/scenarios/{s.Id}"), new("comparison", $"/api/scenarios/{s.Id}/comparison")]);
}
