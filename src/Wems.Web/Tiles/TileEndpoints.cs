using System.Globalization;
using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Wems.Gis.Features;
using Wems.Gis.Storage;
using Wems.Gis.Tiles;
using Wems.Tiles;
using Wems.Tiles.Caching;
using Wems.Tiles.Documents;
using Wems.Web.Auth;
using Wems.Web.OgcFeatures;

namespace Wems.Web.Tiles;

/// <summary>Vector tiles (MVT) and their TileJSON under <c>/tiles</c>, cached per layer, tier and filter.</summary>
public static class TileEndpoints
{
    /// <summary>Deepest zoom served: beyond it a client overzooms the last tiles.</summary>
    public const int MaxZoom = 22;

    private static readonly HashSet<string> NoParameters = [];
    private static readonly HashSet<string> CaseParameters = ["datetime", "country", "commodity"];

    public static IServiceCollection AddWemsTiles(this IServiceCollection services)
    {
        services.AddOptions<TileOptions>().BindConfiguration(TileOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(CreateCache);
        services.AddSingleton<TileStore>();
        services.AddSingleton<CaseDataStamp>();
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }

    public static IEndpointRouteBuilder MapTiles(this IEndpointRouteBuilder app)
    {
        var tiles = app.MapGroup("/tiles").WithTags("Vector tiles").AllowAnonymous();
        tiles.MapGet("/{layer}/{z}/{x}/{y}.mvt", GetTile);
        tiles.MapGet("/{layer}.json", GetTileJson);
        return app;
    }

    internal static async Task<IResult> GetTile(string layer, string z, string x, string y, HttpRequest request, ClaimsPrincipal user,
        TileStore store, TileCache cache, CaseDataStamp stamp, IOptions<TileOptions> options, CancellationToken cancellationToken)
    {
        var scope = CallerScopes.From(user);
        var definition = Find(layer, scope);
        var tile = ParseTile(z, x, y);
        var filter = ParseFilter(request, definition);
        var variant = await VariantAsync(definition, scope, filter, stamp, cancellationToken);
        var key = new TileKey(definition.Id, variant, tile);
        if (!cache.TryGet(key, out var cached))
        {
            var version = cache.DataVersion(definition.Id);
            var payload = await store.RenderAsync(definition, tile.Z, tile.X, tile.Y, filter, scope, cancellationToken);
            cached = cache.Set(key, payload, version);
        }

        return new MvtResult(cached, definition.Public,
            definition.Public && !definition.CaseDerived ? options.Value.PublicMaxAgeSeconds : options.Value.PrivateMaxAgeSeconds);
    }

    internal static async Task<IResult> GetTileJson(string layer, HttpRequest request, ClaimsPrincipal user, TileStore store,
        CancellationToken cancellationToken)
    {
        var scope = CallerScopes.From(user);
        var definition = Find(layer, scope);
        var filter = ParseFilter(request, definition);
        var extent = await store.ExtentAsync(definition, scope, cancellationToken);
        var query = new List<KeyValuePair<string, string?>>();
        if (OgcRequest.Single(request, "datetime") is { } datetime)
        {
            query.Add(new("datetime", datetime));
        }

        if (filter.Country is { } country)
        {
            query.Add(new("country", country));
        }

        if (filter.Commodity is { } commodity)
        {
            query.Add(new("commodity", commodity));
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, type) in definition.CellFields)
        {
            fields[name] = $"{type} (cells, zoom < {definition.CellsBelowZoom})";
        }

        foreach (var (name, type) in definition.Fields)
        {
            fields[name] = fields.ContainsKey(name) ? type : definition.CellSql is null ? type : $"{type} (cases, zoom >= {definition.CellsBelowZoom})";
        }

        var document = new TileJson
        {
            Tiles = [OgcRequest.Url(request, $"/tiles/{definition.Id}/{{z}}/{{x}}/{{y}}.mvt", query.Count == 0 ? null : query)],
            VectorLayers = [new VectorLayer { Id = definition.Id, Fields = fields, Description = definition.Description, MinZoom = 0, MaxZoom = MaxZoom }],
            Name = definition.Title,
            Description = definition.Description,
            Attribution = definition.CaseDerived
                ? "WEMS public aggregates of the national enforcement agencies' cases (small counts suppressed)"
                : definition.Public
                ? "Natural Earth (public domain); WEMS curated reference data"
                : "WEMS case data of the national enforcement agencies",
            Bounds = extent is { } e
                ? new Bounds(Math.Max(e.West, -180), Math.Max(e.South, -WebMercator.MaxLatitude), Math.Min(e.East, 180), Math.Min(e.North, WebMercator.MaxLatitude))
                : new Bounds(-180, -WebMercator.MaxLatitude, 180, WebMercator.MaxLatitude),
            MinZoom = 0,
            MaxZoom = MaxZoom,
        };
        return TypedResults.Text(TileDocumentJson.Serialize(document), "application/json");
    }

    // A layer the caller's tier may not see does not exist for that caller: 404, not 403.
    private static TileLayer Find(string id, CallerScope scope) =>
        TileCatalog.Find(id, scope) ?? throw new FeatureNotFoundException($"Tile layer '{id}'");

    private static TileCoord ParseTile(string z, string x, string y)
    {
        var zoom = Whole("z", z);
        var column = Whole("x", x);
        var row = Whole("y", y);
        if (!TileCoord.TryCreate(zoom, column, row, MaxZoom, out var tile, out var error))
        {
            var parameter = error[..error.IndexOf(' ', StringComparison.Ordinal)];
            throw new InvalidParameterException(parameter, error[(parameter.Length + 1)..]);
        }

        return tile;
    }

    private static int Whole(string name, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidParameterException(name, $"'{text}' is not a whole number.");

    private static CaseTileFilter ParseFilter(HttpRequest request, TileLayer layer)
    {
        OgcRequest.OnlyKnown(request, layer.TakesCaseFilters ? CaseParameters : NoParameters);
        return layer.TakesCaseFilters
            ? CaseTileFilter.Parse(OgcRequest.Single(request, "datetime"), OgcRequest.Single(request, "country"), OgcRequest.Single(request, "commodity"))
            : CaseTileFilter.None;
    }

    /// <summary>
    /// The cache variant: everything besides z/x/y that changes a tile's bytes. Reference layers are rendered under the
    /// public tier for everyone; public aggregates carry the case data stamp; case tiles carry the tier, its country or region, the normalised filter and the case
    /// data stamp, so no tile is ever served to another tier, country or region, or after a write.
    /// </summary>
    internal static async ValueTask<string> VariantAsync(TileLayer layer, CallerScope scope, CaseTileFilter filter, CaseDataStamp stamp,
        CancellationToken cancellationToken)
    {
        if (layer.Public && !layer.CaseDerived)
        {
            return "tier=public";
        }

        var data = await stamp.CurrentAsync(cancellationToken);
        if (layer.Public)
        {
            // Public aggregates are the same for every caller: one copy per case data version.
            return string.Create(CultureInfo.InvariantCulture, $"tier=public;data={data}");
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"tier={TierSession.RoleOf(scope.Tier)};country={scope.Country};region={scope.Region};{filter.Variant()};data={data}");
    }

    private static TileCache CreateCache(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<TileOptions>>().Value;
        var folder = options.CacheFolder ?? Path.Combine(services.GetRequiredService<IHostEnvironment>().ContentRootPath, ".wems", "tile-cache");
        var cache = new TileCache(new TileCacheOptions
        {
            MemoryMaxBytes = options.MemoryMaxBytes,
            DiskRoot = options.DiskCache ? folder : null,
            DiskMaxBytes = options.DiskMaxBytes,
        });

        // Reference data may have been reloaded while the server was down, and nothing records that: start afresh.
        // Case tiles need no such care, their variant carries the case data stamp.
        foreach (var layer in ReferenceTileLayers.All)
        {
            cache.InvalidateLayer(layer.Id);
        }

        return cache;
    }
}
