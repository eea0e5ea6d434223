using System.Globalization;
using System.Net;
using System.Text;
using Wems.Gis.Features;

namespace Wems.Web.OgcFeatures;

/// <summary>
/// Small readable HTML pages for every OGC resource, for people following links in a browser. Every text is
/// HTML-encoded; no script is inlined.
/// </summary>
internal static class OgcHtml
{
    public static IResult Page(string title, string? description, IReadOnlyList<Link> links, Action<StringBuilder>? body = null)
    {
        var html = new StringBuilder()
            .Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
            .Append(Encode(title)).Append(" — WEMS</title>")
            .Append("<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem}table{border-collapse:collapse}")
            .Append("td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:left;font-size:.9rem}</style></head><body>")
            .Append("<h1>").Append(Encode(title)).Append("</h1>");
        if (description is not null)
        {
            html.Append("<p>").Append(Encode(description)).Append("</p>");
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

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
