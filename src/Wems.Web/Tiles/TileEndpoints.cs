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
    private static readonly HashSet<string> CaseParameters = ["datetime", "country", "commodity", "species", "agency", "transport_mode"];
    private static readonly HashSet<string> RunParameters = ["run"];

    public static IServiceCollection AddWemsTiles(this IServiceCollection services)
    {
        services.AddOptions<TileOptions>().BindConfiguration(TileOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(CreateCache);
        services.AddSingleton<TileStore>();
        services.AddSingleton<CaseTileInvalidator>();
        services.AddHostedService<CaseTileInvalidationService>();
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

    internal static Task<IResult> GetTile(string layer, string z, string x, string y, HttpRequest request, ClaimsPrincipal user,
        TileStore store, TileCache cache, CaseTileInvalidator invalidator, IOptions<TileOptions> options, CancellationToken cancellationToken)
    {
        var scope = CallerScopes.From(user);
        var definition = Find(layer, scope);
        return ServeAsync(definition, ParseTile(z, x, y), request, scope, store, cache, invalidator, options.Value, NoParameters, cancellationToken);
    }

    /// <summary>
    /// One tile of <paramref name="definition"/> for <paramref name="scope"/>, from the cache or rendered and cached:
    /// the shared core of <c>/tiles/{layer}/{z}/{x}/{y}.mvt</c> and the OGC API – Tiles tile resource.
    /// </summary>
    internal static async Task<IResult> ServeAsync(TileLayer definition, TileCoord tile, HttpRequest request, CallerScope scope,
        TileStore store, TileCache cache, CaseTileInvalidator invalidator, TileOptions options, IReadOnlySet<string> extraParameters,
        CancellationToken cancellationToken)
    {
        var filter = ParseFilter(request, definition, extraParameters);
        var run = await RunAsync(request, definition, scope, store, cancellationToken);
        if (definition.TakesCaseFilters)
        {
            await invalidator.CatchUpAsync(cancellationToken);
        }

        var key = new TileKey(definition.Id, Variant(definition, scope, filter, run), tile);
        var hit = cache.TryGet(key, out var cached);
        if (!hit)
        {
            var version = cache.DataVersion(definition.Id);
            var payload = definition.RunKind is not null && run is null
                ? []
                : await store.RenderAsync(definition, tile.Z, tile.X, tile.Y, filter, scope, run, cancellationToken);
            cached = cache.Set(key, payload, version);
        }

        return new MvtResult(cached!, definition.Public,
            definition.Public && !definition.CaseDerived ? options.PublicMaxAgeSeconds : options.PrivateMaxAgeSeconds, hit);
    }

    internal static async Task<IResult> GetTileJson(string layer, HttpRequest request, ClaimsPrincipal user, TileStore store,
        CancellationToken cancellationToken)
    {
        var scope = CallerScopes.From(user);
        var definition = Find(layer, scope);
        var filter = ParseFilter(request, definition, NoParameters);
        var run = await RunAsync(request, definition, scope, store, cancellationToken);
        var extent = await store.ExtentAsync(definition, scope, run, cancellationToken);
        var query = new List<KeyValuePair<string, string?>>();
        if (OgcRequest.Single(request, "run") is not null && run is { } runId)
        {
            query.Add(new("run", runId.ToString(CultureInfo.InvariantCulture)));
        }

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

        if (filter.Species is { } species)
        {
            query.Add(new("species", species));
        }

        if (filter.Agency is { } agency)
        {
            query.Add(new("agency", agency));
        }

        if (filter.TransportMode is { } mode)
        {
            query.Add(new("transport_mode", mode));
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
                : definition.RunKind is not null
                    ? "WEMS analysis of the case data of the national enforcement agencies"
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
    internal static TileLayer Find(string id, CallerScope scope) =>
        TileCatalog.Find(id, scope) ?? throw new FeatureNotFoundException($"Tile layer '{id}'");

    internal static TileCoord ParseTile(string z, string x, string y)
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

    private static CaseTileFilter ParseFilter(HttpRequest request, TileLayer layer, IReadOnlySet<string> extraParameters)
    {
        var known = layer.TakesCaseFilters ? CaseParameters : layer.RunKind is not null ? RunParameters : NoParameters;
        OgcRequest.OnlyKnown(request, extraParameters.Count == 0 ? known : new HashSet<string>([.. known, .. extraParameters]));
        return layer.TakesCaseFilters
            ? CaseTileFilter.Parse(OgcRequest.Single(request, "datetime"), OgcRequest.Single(request, "country"), OgcRequest.Single(request, "commodity"),
                OgcRequest.Single(request, "species"), OgcRequest.Single(request, "agency"), OgcRequest.Single(request, "transport_mode"))
            : CaseTileFilter.None;
    }

    /// <summary>
    /// The run an analysis layer's tile shows: <c>?run=</c> when given (404 when the caller may not see such a run of
    /// the layer's kind), else the newest one the caller may see (null when there is none: empty tiles). Null for
    /// other layers.
    /// </summary>
    private static async Task<long?> RunAsync(HttpRequest request, TileLayer layer, CallerScope scope, TileStore store,
        CancellationToken cancellationToken)
    {
        if (layer.RunKind is null)
        {
            return null;
        }

        long? requested = OgcRequest.Single(request, "run") is { } text
            ? long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
                ? value
                : throw new InvalidParameterException("run", $"'{text}' is not an analysis run id (a positive whole number).")
            : null;
        var run = await store.ResolveRunAsync(layer, requested, scope, cancellationToken);
        return requested is not null && run is null
            ? throw new FeatureNotFoundException($"Analysis run {requested} of layer '{layer.Id}'")
            : run;
    }

    /// <summary>
    /// The cache variant: everything besides z/x/y that changes a tile's bytes. Reference layers are rendered under the
    /// public tier for everyone; case tiles carry the tier, its country or region and the normalised filter (a case
    /// write evicts exactly the tiles it touches, see <see cref="CaseTileInvalidator"/>); analysis tiles carry the tier
    /// and the run they show (runs never change once stored, so a new run means new keys). No tile is ever served to
    /// another tier, country or region.
    /// </summary>
    internal static string Variant(TileLayer layer, CallerScope scope, CaseTileFilter filter, long? run)
    {
        if (layer.Public)
        {
            return "tier=public";
        }

        var tier = string.Create(CultureInfo.InvariantCulture,
            $"tier={TierSession.RoleOf(scope.Tier)};country={scope.Country};region={scope.Region}");
        return layer.RunKind is not null
            ? string.Create(CultureInfo.InvariantCulture, $"{tier};run={run}")
            : $"{tier};{filter.Variant()}";
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
        // Case tiles are dropped by the CaseTileInvalidator when it starts; analysis tiles are keyed by their run.
        foreach (var layer in ReferenceTileLayers.All.Concat(PublicTileLayers.All))
        {
            cache.InvalidateLayer(layer.Id);
        }

        return cache;
    }
}
