using System.Buffers;
using System.Text;
using System.Text.Json;
using NetTopologySuite.Geometries;

namespace Wems.Gis.Features;

/// <summary>
/// Writes a geometry as a GeoJSON geometry object with coordinates rounded to a number of decimals, in the
/// geometry's own x/y order (the caller has already put them in the CRS's axis order).
/// </summary>
public static class GeoJsonGeometry
{
    /// <summary>The GeoJSON text of <paramref name="geometry"/>.</summary>
    public static string ToJson(Geometry geometry, int decimals)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, geometry, decimals);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Write(Utf8JsonWriter w, Geometry g, int decimals)
    {
        w.WriteStartObject();
        w.WriteString("type", g.GeometryType);
        if (g is GeometryCollection and not (MultiPoint or MultiLineString or MultiPolygon))
        {
            w.WritePropertyName("geometries");
            w.WriteStartArray();
            for (var i = 0; i < g.NumGeometries; i++)
            {
                Write(w, g.GetGeometryN(i), decimals);
            }

            w.WriteEndArray();
            w.WriteEndObject();
            return;
        }

        w.WritePropertyName("coordinates");
        switch (g)
        {
            case Point p: Position(w, p.Coordinate, decimals); break;
            case LineString l: Positions(w, l.Coordinates, decimals); break;
            case Polygon p: Rings(w, p, decimals); break;
            case MultiPoint m:
                w.WriteStartArray();
                foreach (var part in m.Geometries)
                {
                    Position(w, part.Coordinate, decimals);
                }

                w.WriteEndArray();
                break;
            case MultiLineString m:
                w.WriteStartArray();
                foreach (var part in m.Geometries)
                {
                    Positions(w, part.Coordinates, decimals);
                }

                w.WriteEndArray();
                break;
            case MultiPolygon m:
                w.WriteStartArray();
                foreach (var part in m.Geometries)
                {
                    Rings(w, (Polygon)part, decimals);
                }

                w.WriteEndArray();
                break;
            default:
                throw new ArgumentException($"Unsupported geometry type {g.GeometryType}.", nameof(g));
        }

        w.WriteEndObject();
    }

    private static void Rings(Utf8JsonWriter w, Polygon p, int decimals)
    {
        w.WriteStartArray();
        Positions(w, p.ExteriorRing.Coordinates, decimals);
        foreach (var hole in p.InteriorRings)
        {
            Positions(w, hole.Coordinates, decimals);
        }

        w.WriteEndArray();
    }

    private static void Positions(Utf8JsonWriter w, Coordinate[] coordinates, int decimals)
    {
        w.WriteStartArray();
        foreach (var c in coordinates)
        {
            Position(w, c, decimals);
        }

        w.WriteEndArray();
    }

    private static void Position(Utf8JsonWriter w, Coordinate c, int decimals)
    {
        w.WriteStartArray();
        w.WriteNumberValue(Math.Round(c.X, decimals));
        w.WriteNumberValue(Math.Round(c.Y, decimals));
        w.WriteEndArray();
    }
}
