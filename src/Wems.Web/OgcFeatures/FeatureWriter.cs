using System.Globalization;
using System.Text.Json;
using Wems.Gis.Features;

namespace Wems.Web.OgcFeatures;

/// <summary>
/// Writes features as GeoJSON (RFC 7946) straight to the response stream: the geometry comes from PostGIS
/// as GeoJSON text and is copied, not re-parsed.
/// </summary>
internal static class FeatureWriter
{
    public static void WriteCollection(Utf8JsonWriter w, FeatureCollectionDefinition collection, FeaturePage page,
        IReadOnlyList<Link> links)
    {
        w.WriteStartObject();
        w.WriteString("type", "FeatureCollection");
        w.WriteNumber("numberMatched", page.NumberMatched);
        w.WriteNumber("numberReturned", page.Features.Count);
        // No timeStamp: it is optional in OGC API – Features, and it would change the body (and so the ETag) every
        // second, defeating revalidation by clients and CDNs.
        w.WritePropertyName("features");
        w.WriteStartArray();
        foreach (var feature in page.Features)
        {
            WriteFeature(w, collection, feature, null);
        }

        w.WriteEndArray();
        WriteLinks(w, links);
        w.WriteEndObject();
    }

    public static void WriteFeature(Utf8JsonWriter w, FeatureCollectionDefinition collection, FeatureRow feature, IReadOnlyList<Link>? links)
    {
        w.WriteStartObject();
        w.WriteString("type", "Feature");
        if (collection.NumericId)
        {
            w.WriteNumber("id", long.Parse(feature.Id, CultureInfo.InvariantCulture));
        }
        else
        {
            w.WriteString("id", feature.Id);
        }

        w.WritePropertyName("geometry");
        if (feature.GeometryJson is null)
        {
            w.WriteNullValue();
        }
        else
        {
            w.WriteRawValue(feature.GeometryJson, skipInputValidation: true);
        }

        w.WritePropertyName("properties");
        w.WriteStartObject();
        for (var i = 0; i < collection.Properties.Count; i++)
        {
            w.WritePropertyName(collection.Properties[i].Name);
            WriteValue(w, feature.Values[i]);
        }

        w.WriteEndObject();
        if (links is not null)
        {
            WriteLinks(w, links);
        }

        w.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter w, object? value)
    {
        switch (value)
        {
            case null: w.WriteNullValue(); break;
            case string s: w.WriteStringValue(s); break;
            case bool b: w.WriteBooleanValue(b); break;
            case int n: w.WriteNumberValue(n); break;
            case long n: w.WriteNumberValue(n); break;
            case short n: w.WriteNumberValue(n); break;
            case double d: w.WriteNumberValue(d); break;
            case decimal d: w.WriteNumberValue(d); break;
            case DateOnly d: w.WriteStringValue(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)); break;
            case DateTime d: w.WriteStringValue(d.ToString("O", CultureInfo.InvariantCulture)); break;
            default: w.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
        }
    }

    private static void WriteLinks(Utf8JsonWriter w, IReadOnlyList<Link> links)
    {
        w.WritePropertyName("links");
        w.WriteStartArray();
        foreach (var link in links)
        {
            w.WriteStartObject();
            w.WriteString("href", link.Href);
            w.WriteString("rel", link.Rel);
            w.WriteString("type", link.Type);
            if (link.Title is not null)
            {
                w.WriteString("title", link.Title);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
