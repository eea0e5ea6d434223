using System.Text.Json;
using System.Security.Claims;
using Microsoft.Extensions.Options;
using Wems.Web.Auth;
using Wems.Gis.Features;

namespace Wems.Web.OgcFeatures;

/// <summary>OGC API – Features (Part 1 core, Part 3 queryables) under <c>/ogc</c>.</summary>
public static class OgcEndpoints
{
    private static readonly HashSet<string> FormatOnly = ["f"];
    private static readonly HashSet<string> ItemsParameters = ["f", "bbox", "bbox-crs", "crs", "datetime", "limit", "cursor", "properties", "filter", "filter-lang", "sortby"];
    private static readonly HashSet<string> ItemParameters = ["f", "crs", "properties"];

    public static IServiceCollection AddOgcFeatures(this IServiceCollection services)
    {
        services.AddOptions<OgcOptions>().BindConfiguration(OgcOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<FeatureStore>();
        services.AddSingleton(TimeProvider.System);
        return services;
    }

    public static IEndpointRouteBuilder MapOgcFeatures(this IEndpointRouteBuilder app)
    {
        var ogc = app.MapGroup("/ogc").WithTags("OGC API Features").AllowAnonymous();
        ogc.MapGet("", GetLanding);
        ogc.MapGet("/conformance", GetConformance);
        ogc.MapGet("/collections", GetCollections);
        ogc.MapGet("/collections/{collectionId}", GetCollection);
        ogc.MapGet("/collections/{collectionId}/items", GetItems);
        ogc.MapGet("/collections/{collectionId}/items/{featureId}", GetItem);
        ogc.MapGet("/collections/{collectionId}/queryables", GetQueryables);
        ogc.MapGet("/collections/{collectionId}/schema", GetSchema);
        return app;
    }

    internal static IResult GetLanding(HttpRequest request)
    {
        OgcRequest.OnlyKnown(request, FormatOnly);
        var links = new List<Link>
        {
            new(OgcRequest.Url(request, "/ogc"), "self", "application/json", "This document"),
            new(OgcRequest.Url(request, "/ogc", [new("f", "html")]), "alternate", "text/html", "This document as HTML"),
            new(OgcRequest.Url(request, "/openapi/v1.json"), "service-desc", "application/vnd.oai.openapi+json;version=3.0", "The API definition"),
            new(OgcRequest.Url(request, "/openapi/v1.json"), "service-doc", "application/json", "The API documentation"),
            new(OgcRequest.Url(request, "/ogc/conformance"), "conformance", "application/json", "Conformance classes"),
            new(OgcRequest.Url(request, "/ogc/collections"), "data", "application/json", "Collections"),
            Tiles.OgcTilesEndpoints.LandingLink(request),
        };
        const string title = "WEMS — Wildlife Enforcement Monitoring System";
        const string description = "Seizure cases, detection hotspots, trade routes and border analysis as OGC API – Features.";
        return OgcRequest.Format(request) == OgcFormat.Html
            ? OgcHtml.Page(title, description, links)
            : TypedResults.Json(new LandingPage(title, description, links));
    }

    internal static IResult GetConformance(HttpRequest request)
    {
        OgcRequest.OnlyKnown(request, FormatOnly);
        var self = new Link(OgcRequest.Url(request, "/ogc/conformance"), "self", "application/json", "Conformance classes");
        return OgcRequest.Format(request) == OgcFormat.Html
            ? OgcHtml.Page("Conformance", string.Join(" · ", Conformance.Classes), [self])
            : TypedResults.Json(new ConformanceDeclaration(Conformance.Classes));
    }

    internal static async Task<IResult> GetCollections(HttpRequest request, ClaimsPrincipal user, FeatureStore store, CancellationToken cancellationToken)
    {
        OgcRequest.OnlyKnown(request, FormatOnly);
        var scope = CallerScopes.From(user);
        var documents = new List<CollectionDocument>();
        foreach (var collection in FeatureCatalog.Visible(scope))
        {
            documents.Add(await DescribeAsync(request, store, collection, scope, cancellationToken));
        }

        var links = new List<Link>
        {
            new(OgcRequest.Url(request, "/ogc/collections"), "self", "application/json", "Collections"),
            new(OgcRequest.Url(request, "/ogc/collections", [new("f", "html")]), "alternate", "text/html", "Collections as HTML"),
        };
        return OgcRequest.Format(request) == OgcFormat.Html
            ? OgcHtml.Page("Collections", null, [.. links, .. documents.Select(d => d.Links[0] with { Title = d.Title })])
            : TypedResults.Json(new CollectionsDocument(links, documents));
    }

    internal static async Task<IResult> GetCollection(string collectionId, HttpRequest request, ClaimsPrincipal user, FeatureStore store,
        CancellationToken cancellationToken)
    {
        OgcRequest.OnlyKnown(request, FormatOnly);
        var scope = CallerScopes.From(user);
        var collection = Find(collectionId, scope);
        var document = await DescribeAsync(request, store, collection, scope, cancellationToken);
        return OgcRequest.Format(request) == OgcFormat.Html
            ? OgcHtml.Page(document.Title, document.Description, document.Links,
                mapGeoJson: OgcHtml.ExtentMap(document.Extent?.Spatial.Bbox[0]), pathBase: request.PathBase)
            : TypedResults.Json(document);
    }

    internal static async Task<IResult> GetItems(string collectionId, HttpRequest request, ClaimsPrincipal user, FeatureStore store,
        IOptions<OgcOptions> options, CancellationToken cancellationToken)
    {
        OgcRequest.OnlyKnown(request, ItemsParameters);
        var scope = CallerScopes.From(user);
        var collection = OgcRequest.Project(request, Find(collectionId, scope));
        var format = OgcRequest.Format(request, exports: true);
        var crs = OgcRequest.Crs(request, "crs");
        var query = new FeatureQuery(
            OgcRequest.Single(request, "bbox") is { } bbox ? BoundingBox.Parse(bbox, OgcRequest.Crs(request, "bbox-crs")) : null,
            OgcRequest.Single(request, "datetime") is { } datetime ? DateTimeFilter.Parse(datetime) : null,
            options.Value.ResolveLimit(OgcRequest.Single(request, "limit")),
            OgcRequest.Single(request, "cursor"),
            crs,
            OgcRequest.Single(request, "filter") is { } filter
                ? FeatureFilter.Translate(Find(collectionId, scope), filter, OgcRequest.Single(request, "filter-lang"))
                : null,
            OgcRequest.Single(request, "sortby") is { } sortby ? SortBy.Parse(sortby, Find(collectionId, scope)) : null);
        if (collection.Id == FeatureCatalog.NationalCases.Id && scope.Tier == Gis.Storage.Tier.National)
        {
            await Governance.ExportAudit.RecordAsync(request.HttpContext, scope, collection.Id, cancellationToken);
        }

        if (format is OgcFormat.Csv or OgcFormat.GeoPackage or OgcFormat.Shapefile)
        {
            return await OgcExports.ExportAsync(format, collection, query, scope, store, options.Value, cancellationToken);
        }

        var page = await store.QueryAsync(collection, query, scope, cancellationToken);
        request.HttpContext.Response.Headers["Content-Crs"] = $"<{crs.Uri}>";

        var path = $"/ogc/collections/{collection.Id}/items";
        var kept = request.Query.Where(q => q.Key is not ("cursor" or "f")).Select(q => new KeyValuePair<string, string?>(q.Key, q.Value.ToString())).ToList();
        var links = new List<Link>
        {
            new(OgcRequest.Url(request, path, [.. kept, .. Cursor(query.Cursor), new("f", "json")]), "self", "application/geo+json", "This page"),
            new(OgcRequest.Url(request, path, [.. kept, .. Cursor(query.Cursor), new("f", "html")]), "alternate", "text/html", "This page as HTML"),
            new(OgcRequest.Url(request, $"/ogc/collections/{collection.Id}"), "collection", "application/json", collection.Title),
            new(OgcRequest.Url(request, path, [.. kept, new("f", "csv")]), "alternate", "text/csv", "All matching features as CSV"),
            new(OgcRequest.Url(request, path, [.. kept, new("f", "gpkg")]), "alternate", "application/geopackage+sqlite3", "All matching features as GeoPackage"),
            new(OgcRequest.Url(request, path, [.. kept, new("f", "shp")]), "alternate", "application/zip", "All matching features as zipped Shapefile"),
        };
        if (page.NextCursor is not null)
        {
            links.Add(new(OgcRequest.Url(request, path, [.. kept, new("cursor", page.NextCursor), new("f", format == OgcFormat.Html ? "html" : "json")]),
                "next", format == OgcFormat.Html ? "text/html" : "application/geo+json", "Next page"));
        }

        if (format == OgcFormat.Html)
        {
            return OgcHtml.Page($"{collection.Title}: {page.Features.Count} of {page.NumberMatched}", collection.Description, links,
                OgcHtml.FeatureTable(collection, page.Features, id => OgcRequest.Url(request, $"{path}/{Uri.EscapeDataString(id)}", [new("f", "html")])),
                OgcHtml.FeatureMap(page.Features, crs), request.PathBase);
        }

        return new GeoJsonResult(w => FeatureWriter.WriteCollection(w, collection, page, links));
    }

    internal static async Task<IResult> GetItem(string collectionId, string featureId, HttpRequest request, ClaimsPrincipal user,
        FeatureStore store, CancellationToken cancellationToken)
    {
        OgcRequest.OnlyKnown(request, ItemParameters);
        var scope = CallerScopes.From(user);
        var collection = OgcRequest.Project(request, Find(collectionId, scope));
        var crs = OgcRequest.Crs(request, "crs");
        // Every parameter is checked before the lookup, so that a bad one is a 400 whether or not the feature exists.
        var format = OgcRequest.Format(request);
        var feature = await store.GetAsync(collection, featureId, scope, crs, cancellationToken)
                      ?? throw new FeatureNotFoundException($"Feature '{featureId}' of collection '{collection.Id}'");
        if (collection.Id == FeatureCatalog.NationalCases.Id && scope.Tier == Gis.Storage.Tier.National)
        {
            await Governance.ExportAudit.RecordAsync(request.HttpContext, scope, collection.Id, cancellationToken);
        }

        request.HttpContext.Response.Headers["Content-Crs"] = $"<{crs.Uri}>";
        var path = $"/ogc/collections/{collection.Id}/items/{Uri.EscapeDataString(feature.Id)}";
        var links = new List<Link>
        {
            new(OgcRequest.Url(request, path), "self", "application/geo+json", "This feature"),
            new(OgcRequest.Url(request, path, [new("f", "html")]), "alternate", "text/html", "This feature as HTML"),
            new(OgcRequest.Url(request, $"/ogc/collections/{collection.Id}"), "collection", "application/json", collection.Title),
        };
        return format == OgcFormat.Html
            ? OgcHtml.Page($"{collection.Title}: {feature.Id}", null, links, OgcHtml.FeatureTable(collection, [feature], _ => OgcRequest.Url(request, path)),
                OgcHtml.FeatureMap([feature], crs), request.PathBase)
            : new GeoJsonResult(w => FeatureWriter.WriteFeature(w, collection, feature, links));
    }

    internal static IResult GetQueryables(string collectionId, HttpRequest request, ClaimsPrincipal user) =>
        Schema(collectionId, request, CallerScopes.From(user), "queryables");

    internal static IResult GetSchema(string collectionId, HttpRequest request, ClaimsPrincipal user) =>
        Schema(collectionId, request, CallerScopes.From(user), "schema");

    private static IResult Schema(string collectionId, HttpRequest request, Gis.Storage.CallerScope scope, string resource)
    {
        OgcRequest.OnlyKnown(request, FormatOnly);
        var collection = Find(collectionId, scope);
        var properties = new Dictionary<string, JsonSchemaProperty>
        {
            ["geometry"] = new(null, null, "Geometry", $"{collection.GeometryType} in CRS84", "primary-geometry"),
        };
        foreach (var property in collection.Properties)
        {
            var (type, format) = PropertyTypes.JsonSchema(property.Type);
            properties[property.Name] = new(type, format, property.Name, property.Description);
        }

        var url = OgcRequest.Url(request, $"/ogc/collections/{collection.Id}/{resource}");
        var document = new JsonSchemaDocument("https://json-schema.org/draft/2019-09/schema", url, "object", collection.Title, properties,
            AdditionalProperties: resource == "schema");
        return OgcRequest.Format(request) == OgcFormat.Html
            ? OgcHtml.Page($"{collection.Title}: {resource}", string.Join(", ", properties.Keys), [new(url, "self", "application/schema+json")])
            : TypedResults.Json(document, contentType: "application/schema+json");
    }

    private static IEnumerable<KeyValuePair<string, string?>> Cursor(string? cursor) =>
        cursor is null ? [] : [new("cursor", cursor)];

    // A collection the caller's tier may not see does not exist for that caller: 404, not 403.
    private static FeatureCollectionDefinition Find(string id, Gis.Storage.CallerScope scope) =>
        FeatureCatalog.Find(id, scope) ?? throw new FeatureNotFoundException($"Collection '{id}'");

    private static async Task<CollectionDocument> DescribeAsync(HttpRequest request, FeatureStore store, FeatureCollectionDefinition collection,
        Gis.Storage.CallerScope scope, CancellationToken cancellationToken)
    {
        var path = $"/ogc/collections/{collection.Id}";
        var extent = await store.ExtentAsync(collection, scope, cancellationToken);
        return new CollectionDocument(
            collection.Id,
            collection.Title,
            collection.Description,
            [
                new(OgcRequest.Url(request, path), "self", "application/json", collection.Title),
                new(OgcRequest.Url(request, path, [new("f", "html")]), "alternate", "text/html", "As HTML"),
                new(OgcRequest.Url(request, $"{path}/items"), "items", "application/geo+json", "Features"),
                new(OgcRequest.Url(request, $"{path}/items", [new("f", "html")]), "items", "text/html", "Features as HTML"),
                new(OgcRequest.Url(request, $"{path}/queryables"), "http://www.opengis.net/def/rel/ogc/1.0/queryables", "application/schema+json", "Queryables"),
                new(OgcRequest.Url(request, $"{path}/schema"), "http://www.opengis.net/def/rel/ogc/1.0/schema", "application/schema+json", "Schema"),
                .. Tiles.OgcTilesEndpoints.CollectionLinks(request, collection.Id, scope),
            ],
            extent is { } e ? new CollectionExtent(new SpatialExtent([[e.MinX, e.MinY, e.MaxX, e.MaxY]], Conformance.Crs84)) : null,
            "feature",
            CrsRegistry.All.Select(c => c.Uri).ToArray(),
            Conformance.Crs84);
    }
}

/// <summary>
/// An <c>application/geo+json</c> response written by a callback (no document tree is built), with a strong
/// ETag from the body's SHA-256, so that a client or CDN revalidating with <c>If-None-Match</c> gets a 304.
/// A page is at most <see cref="OgcOptions.MaxLimit"/> features, so the body is buffered to hash it.
/// </summary>
internal sealed class GeoJsonResult(Action<Utf8JsonWriter> write) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        await using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        var etag = $"\"{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(buffer.WrittenSpan))[..32].ToLowerInvariant()}\"";
        httpContext.Response.Headers.ETag = etag;
        if (httpContext.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(t => t.Trim() == etag || t.Trim() == "*")))
        {
            httpContext.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        httpContext.Response.ContentType = "application/geo+json";
        httpContext.Response.ContentLength = buffer.WrittenCount;
        await httpContext.Response.Body.WriteAsync(buffer.WrittenMemory, httpContext.RequestAborted);
    }
}
