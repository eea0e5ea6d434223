using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Wems.Gis.Features;

namespace Wems.Web.OgcFeatures;

/// <summary>
/// Small readable HTML pages for every OGC resource, for people following links in a browser. Every text is
/// HTML-encoded; no script is inlined (the Content-Security-Policy allows only scripts of this server). Pages of
/// features and collections show a map: the features (or the extent) go in a JSON data block
/// (<c>&lt;script type="application/geo+json"&gt;</c>, which a browser never runs), drawn by the static
/// <c>/ogc-map.js</c> with MapLibre GL JS from this server over the offline countries basemap.
/// </summary>
internal static class OgcHtml
{
    /// <summary>The id of the map's container element and of the data block the map script reads.</summary>
    public const string MapElementId = "ogc-map";

    public const string MapDataId = "ogc-map-data";

    public static IResult Page(string title, string? description, IReadOnlyList<Link> links, Action<StringBuilder>? body = null,
        string? mapGeoJson = null, string pathBase = "")
    {
        var html = new StringBuilder()
            .Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
            .Append(Encode(title)).Append(" — WEMS</title>")
            .Append("<link rel=\"icon\" href=\"").Append(Encode(pathBase)).Append("/favicon.svg\" type=\"image/svg+xml\">")
            .Append("<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem}table{border-collapse:collapse}")
            .Append("td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:left;font-size:.9rem}")
            .Append('#').Append(MapElementId).Append("{height:24rem;margin:1rem 0;border:1px solid #ccc}</style>");
        if (mapGeoJson is not null)
        {
            html.Append("<link rel=\"stylesheet\" href=\"").Append(Encode(pathBase)).Append("/lib/maplibre-gl/maplibre-gl.css\">")
                .Append("<script type=\"module\" src=\"").Append(Encode(pathBase)).Append("/ogc-map.js\"></script>");
        }

        html.Append("</head><body>").Append("<h1>").Append(Encode(title)).Append("</h1>");
        if (description is not null)
        {
            html.Append("<p>").Append(Encode(description)).Append("</p>");
        }

        if (mapGeoJson is not null)
        {
            // The JSON writer escapes <, > and & (\u003C...), so the data cannot end the script element early.
            html.Append("<div id=\"").Append(MapElementId).Append("\" role=\"img\" aria-label=\"Map of the features\"></div>")
                .Append("<script type=\"application/geo+json\" id=\"").Append(MapDataId).Append("\">").Append(mapGeoJson).Append("</script>");
        }

        body?.Invoke(html);
        html.Append("<h2>Links</h2><ul>");
        foreach (var link in links)
        {
            html.Append("<li><a href=\"").Append(Encode(link.Href)).Append("\">").Append(Encode(link.Title ?? link.Rel))
                .Append("</a> <small>(").Append(Encode(link.Rel)).Append(", ").Append(Encode(link.Type)).Append(")</small></li>");
        }

        html.Append("</ul></body></html>");
        return TypedResults.Content(html.ToString(), "text/html; charset=utf-8");
    }

    public static Action<StringBuilder> FeatureTable(FeatureCollectionDefinition collection, IReadOnlyList<FeatureRow> features, Func<string, string> itemUrl) =>
        html =>
        {
            html.Append("<table><tr><th>id</th>");
            foreach (var property in collection.Properties)
            {
                html.Append("<th>").Append(Encode(property.Name)).Append("</th>");
            }

            html.Append("</tr>");
            foreach (var feature in features)
            {
                html.Append("<tr><td><a href=\"").Append(Encode(itemUrl(feature.Id))).Append("\">").Append(Encode(feature.Id)).Append("</a></td>");
                foreach (var value in feature.Values)
                {
                    html.Append("<td>").Append(Encode(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "")).Append("</td>");
                }

                html.Append("</tr>");
            }

            html.Append("</table>");
        };

    /// <summary>
    /// The features' geometries (CRS84) as a GeoJSON FeatureCollection for the map, ids only (the table shows the
    /// properties); null when the geometries are in another CRS, which a web map cannot draw.
    /// </summary>
    public static string? FeatureMap(IReadOnlyList<FeatureRow> features, SupportedCrs crs)
    {
        if (crs != CrsRegistry.Crs84)
        {
            return null;
        }

        return Json(w =>
        {
            w.WriteStartObject();
            w.WriteString("type", "FeatureCollection");
            w.WriteStartArray("features");
            foreach (var feature in features)
            {
                w.WriteStartObject();
                w.WriteString("type", "Feature");
                w.WriteString("id", feature.Id);
                w.WritePropertyName("geometry");
                if (feature.GeometryJson is null)
                {
                    w.WriteNullValue();
                }
                else
                {
                    w.WriteRawValue(feature.GeometryJson);
                }

                w.WriteStartObject("properties");
                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary>A collection's extent (CRS84) as one rectangle for the map, or an empty collection.</summary>
    public static string ExtentMap(IReadOnlyList<double>? bbox) => Json(w =>
    {
        w.WriteStartObject();
        w.WriteString("type", "FeatureCollection");
        w.WriteStartArray("features");
        if (bbox is [var x0, var y0, var x1, var y1])
        {
            w.WriteStartObject();
            w.WriteString("type", "Feature");
            w.WriteString("id", "extent");
            w.WriteStartObject("geometry");
            w.WriteString("type", "Polygon");
            w.WriteStartArray("coordinates");
            w.WriteStartArray();
            foreach (var (x, y) in new[] { (x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0) })
            {
                w.WriteStartArray();
                w.WriteNumberValue(x);
                w.WriteNumberValue(y);
                w.WriteEndArray();
            }

            w.WriteEndArray();
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteStartObject("properties");
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });

    private static string Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        // The default encoder escapes the HTML-sensitive characters, which keeps the data block inert inside HTML.
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Default }))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
