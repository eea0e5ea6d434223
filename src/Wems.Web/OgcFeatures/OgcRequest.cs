using Wems.Gis.Features;

namespace Wems.Web.OgcFeatures;

/// <summary>What the client wants back: JSON (GeoJSON for features), an HTML page, or (items only) a file export.</summary>
public enum OgcFormat
{
    Json,
    Html,
    Csv,
    GeoPackage,
    Shapefile,
}

/// <summary>Parsing of OGC API query parameters at the edge: unknown or malformed parameters are a 400.</summary>
internal static class OgcRequest
{
    /// <summary>
    /// The format from <c>f</c> or, without it, from the Accept header (browsers get HTML). With
    /// <paramref name="exports"/> (the items resource) also <c>csv</c>, <c>gpkg</c> and <c>shp</c>, or their media types.
    /// </summary>
    public static OgcFormat Format(HttpRequest request, bool exports = false)
    {
        var f = request.Query["f"].ToString();
        var format = f switch
        {
            "" => FromAccept(request.Headers.Accept.ToString(), exports),
            "json" or "geojson" or "application/json" or "application/geo+json" => OgcFormat.Json,
            "html" or "text/html" => OgcFormat.Html,
            "csv" or "text/csv" => OgcFormat.Csv,
            "gpkg" or "geopackage" or "application/geopackage+sqlite3" => OgcFormat.GeoPackage,
            "shp" or "shapefile" or "application/zip" => OgcFormat.Shapefile,
            _ => (OgcFormat?)null,
        };
        return format is { } known && (exports || known is OgcFormat.Json or OgcFormat.Html)
            ? known
            : throw new InvalidParameterException("f", $"'{f}' is not a supported format; use json or html{(exports ? ", csv, gpkg or shp" : "")}.");
    }

    // The formats a client can ask for with Accept, in the order that breaks ties (JSON first: GIS clients often send */*).
    private static readonly (OgcFormat Format, string[] MediaTypes, bool Export)[] Offered =
    [
        (OgcFormat.Json, ["application/geo+json", "application/json", "application/schema+json"], false),
        (OgcFormat.Html, ["text/html"], false),
        (OgcFormat.Csv, ["text/csv"], true),
        (OgcFormat.GeoPackage, ["application/geopackage+sqlite3"], true),
        (OgcFormat.Shapefile, ["application/zip"], true),
    ];

    /// <summary>
    /// Content negotiation (RFC 9110 §12.5.1): each offered format gets the quality of the most specific media range
    /// of the Accept header that matches it (<c>type/subtype</c> over <c>type/*</c> over <c>*/*</c>), and the highest
    /// quality wins; JSON when there is no Accept header or nothing acceptable. Exports are chosen only by their own
    /// media type, never by a wildcard.
    /// </summary>
    private static OgcFormat FromAccept(string accept, bool exports)
    {
        if (string.IsNullOrWhiteSpace(accept)
            || !Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParseList(accept.Split(','), out var ranges))
        {
            return OgcFormat.Json;
        }

        var best = OgcFormat.Json;
        var bestQuality = 0.0;
        foreach (var (format, mediaTypes, export) in Offered)
        {
            if (export && !exports)
            {
                continue;
            }

            var quality = mediaTypes.Max(type => Quality(ranges, type, allowWildcards: !export));
            if (quality > bestQuality)
            {
                (best, bestQuality) = (format, quality);
            }
        }

        return best;
    }

    private static double Quality(IList<Microsoft.Net.Http.Headers.MediaTypeHeaderValue> ranges, string mediaType, bool allowWildcards)
    {
        var slash = mediaType.IndexOf('/', StringComparison.Ordinal);
        var (specificity, quality) = (-1, 0.0);
        foreach (var range in ranges)
        {
            var type = range.Type.Value ?? "";
            var subType = range.SubType.Value ?? "";
            var level = type == "*" && subType == "*" ? 0
                : subType == "*" && string.Equals(type, mediaType[..slash], StringComparison.OrdinalIgnoreCase) ? 1
                : string.Equals(range.MediaType.Value, mediaType, StringComparison.OrdinalIgnoreCase) ? 2
                : -1;
            if (level < 0 || (level < 2 && !allowWildcards) || level < specificity)
            {
                continue;
            }

            var q = range.Quality ?? 1.0;
            quality = level > specificity ? q : Math.Max(quality, q);
            specificity = level;
        }

        return quality;
    }

    /// <summary>Refuses any parameter outside <paramref name="allowed"/>, naming it.</summary>
    public static void OnlyKnown(HttpRequest request, IReadOnlySet<string> allowed)
    {
        foreach (var key in request.Query.Keys)
        {
            if (!allowed.Contains(key))
            {
                throw new InvalidParameterException(key, $"unknown parameter; this resource takes {string.Join(", ", allowed.Order(StringComparer.Ordinal))}.");
            }
        }
    }

    /// <summary>The single value of a parameter, or null; a repeated parameter is an error.</summary>
    public static string? Single(HttpRequest request, string name)
    {
        var values = request.Query[name];
        return values.Count switch
        {
            0 => null,
            1 => values[0],
            _ => throw new InvalidParameterException(name, "given more than once."),
        };
    }

    /// <summary>The CRS named by parameter <paramref name="name"/> (<c>crs</c> or <c>bbox-crs</c>), CRS84 when absent.</summary>
    public static SupportedCrs Crs(HttpRequest request, string name) =>
        Single(request, name) is { } uri ? CrsRegistry.Find(uri, name) : CrsRegistry.Crs84;

    /// <summary>
    /// The collection with only the properties named in <c>properties</c> (comma-separated, in the order
    /// given); all of them when the parameter is absent. A name that is not a property is a 400.
    /// </summary>
    public static FeatureCollectionDefinition Project(HttpRequest request, FeatureCollectionDefinition collection)
    {
        if (Single(request, "properties") is not { } list)
        {
            return collection;
        }

        var names = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var chosen = new List<FeatureProperty>();
        foreach (var name in names)
        {
            var property = collection.Properties.FirstOrDefault(p => p.Name == name)
                           ?? throw new InvalidParameterException("properties",
                               $"'{name}' is not a property of {collection.Id}; it has {string.Join(", ", collection.Properties.Select(p => p.Name))}.");
            if (!chosen.Contains(property))
            {
                chosen.Add(property);
            }
        }

        return collection with { Properties = chosen };
    }

    /// <summary>The absolute URL of <paramref name="path"/> on this server, with the given query.</summary>
    public static string Url(HttpRequest request, string path, IEnumerable<KeyValuePair<string, string?>>? query = null)
    {
        var url = $"{request.Scheme}://{request.Host}{request.PathBase}{path}";
        return query is null ? url : Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(url, query);
    }
}
