using System.Text.Json;
using NetTopologySuite.Geometries;

namespace Wems.Gis.Geography;

/// <summary>
/// One geometry object of a TopoJSON topology, decoded: its id, properties, geometry and the arcs it uses.
/// </summary>
/// <param name="Id">The object's <c>id</c> as text (a number is given as its JSON text), or null when absent.
/// Natural Earth data from <c>world-atlas</c> uses ISO 3166-1 numeric codes such as "404".</param>
/// <param name="Properties">The object's <c>properties</c> (cloned, usable after the document is gone);
/// empty when absent.</param>
/// <param name="Geometry">The decoded geometry in WGS84 (SRID 4326, x = longitude, y = latitude), or null for a
/// TopoJSON null geometry or a polygon whose rings all collapsed.</param>
/// <param name="ArcIndices">The distinct arc indices the geometry references, ascending; a reversed reference
/// <c>~i</c> (that is <c>-i - 1</c>) is reported as <c>i</c>. Empty for points and null geometries.</param>
public sealed record TopoFeature(
    string? Id,
    IReadOnlyDictionary<string, JsonElement> Properties,
    Geometry? Geometry,
    IReadOnlyList<int> ArcIndices)
{
    /// <summary>The string property <c>name</c>, or null when it is absent or not a string.</summary>
    public string? Name =>
        Properties.TryGetValue("name", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null;
}

/// <summary>A decoded TopoJSON topology: absolute arcs and the named objects built from them.</summary>
/// <param name="Arcs">Every arc as an absolute WGS84 line (SRID 4326), after the quantization transform and
/// delta decoding, in the order of the topology's <c>arcs</c> array, so that index i here is arc i there.</param>
/// <param name="Objects">Each entry of the topology's <c>objects</c>: a GeometryCollection becomes its list of
/// member geometries; any other geometry becomes a list of one.</param>
public sealed record Topology(
    IReadOnlyList<LineString> Arcs,
    IReadOnlyDictionary<string, IReadOnlyList<TopoFeature>> Objects)
{
    /// <summary>The features of the named object (e.g. "countries").</summary>
    /// <exception cref="KeyNotFoundException">The topology has no object of that name.</exception>
    public IReadOnlyList<TopoFeature> Features(string objectName) =>
        Objects.TryGetValue(objectName, out var features)
            ? features
            : throw new KeyNotFoundException($"TopoJSON topology has no object named '{objectName}'.");
}

/// <summary>
/// Decodes TopoJSON (https://github.com/topojson/topojson-specification) into NetTopologySuite geometries.
/// </summary>
/// <remarks>
/// <para>Quantized topologies (with a <c>transform</c>) store arcs as delta-encoded integers: position k of an
/// arc is the running sum of the first k+1 pairs, mapped to x = Σdx · scale[0] + translate[0] and
/// y = Σdy · scale[1] + translate[1]. Point coordinates are quantized but not delta-encoded. Without a
/// transform every position is absolute.</para>
/// <para>A ring or line is the concatenation of its arcs; an index i &lt; 0 means arc ~i (= -i - 1) reversed;
/// the first position of each following arc repeats the last of the one before and is dropped. The first ring
/// of a polygon is its shell, the others its holes. Rings with fewer than four positions (collapsed by
/// quantization) are dropped; a polygon whose shell collapsed is dropped. Coordinates are taken as WGS84
/// longitude/latitude degrees and the result has SRID 4326. Ring orientation is kept as stored.</para>
/// <para>Supported types: Point, MultiPoint, LineString, MultiLineString, Polygon, MultiPolygon,
/// GeometryCollection (nested) and null.</para>
/// </remarks>
public static class TopoJson
{
    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    /// <summary>Decodes a TopoJSON topology from UTF-8 JSON bytes.</summary>
    /// <exception cref="FormatException">The text is not a valid TopoJSON topology.</exception>
    public static Topology Parse(ReadOnlyMemory<byte> utf8Json)
    {
        using var document = Parse(() => JsonDocument.Parse(utf8Json));
        return DecodeChecked(document.RootElement);
    }

    /// <summary>Decodes a TopoJSON topology from JSON text.</summary>
    /// <exception cref="FormatException">The text is not a valid TopoJSON topology.</exception>
    public static Topology Parse(string json)
    {
        using var document = Parse(() => JsonDocument.Parse(json));
        return DecodeChecked(document.RootElement);
    }

    private static JsonDocument Parse(Func<JsonDocument> parse)
    {
        try
        {
            return parse();
        }
        catch (JsonException e)
        {
            throw new FormatException("TopoJSON is not valid JSON: " + e.Message, e);
        }
    }

    // A member of the wrong JSON kind or a missing member surfaces from System.Text.Json as one of these.
    private static Topology DecodeChecked(JsonElement root)
    {
        try
        {
            return Decode(root);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException
                                      or ArgumentOutOfRangeException)
        {
            throw new FormatException("TopoJSON topology is malformed: " + e.Message, e);
        }
    }

    private static Topology Decode(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var type)
            || type.GetString() != "Topology")
        {
            throw new FormatException("TopoJSON root must be an object of type \"Topology\".");
        }

        var transform = ReadTransform(root);
        var arcs = new List<LineString>();
        if (root.TryGetProperty("arcs", out var arcsElement))
        {
            foreach (var arc in arcsElement.EnumerateArray())
            {
                arcs.Add(Factory.CreateLineString(DecodeArc(arc, transform)));
            }
        }

        var decoder = new GeometryDecoder(arcs, transform);
        var objects = new SortedDictionary<string, IReadOnlyList<TopoFeature>>(StringComparer.Ordinal);
        if (root.TryGetProperty("objects", out var objectsElement))
        {
            foreach (var entry in objectsElement.EnumerateObject())
            {
                objects[entry.Name] = IsType(entry.Value, "GeometryCollection")
                    ? [.. Members(entry.Value).Select(decoder.Feature)]
                    : [decoder.Feature(entry.Value)];
            }
        }

        return new Topology(arcs, objects);
    }

    private static (double Kx, double Ky, double Dx, double Dy)? ReadTransform(JsonElement root)
    {
        if (!root.TryGetProperty("transform", out var transform) || transform.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var scale = transform.GetProperty("scale");
        var translate = transform.GetProperty("translate");
        return (scale[0].GetDouble(), scale[1].GetDouble(), translate[0].GetDouble(), translate[1].GetDouble());
    }

    private static Coordinate[] DecodeArc(JsonElement arc, (double Kx, double Ky, double Dx, double Dy)? transform)
    {
        var coordinates = new Coordinate[arc.GetArrayLength()];
        double x = 0, y = 0;
        var i = 0;
        foreach (var position in arc.EnumerateArray())
        {
            if (transform is { } t)
            {
                x += position[0].GetDouble();
                y += position[1].GetDouble();
                coordinates[i++] = new Coordinate(x * t.Kx + t.Dx, y * t.Ky + t.Dy);
            }
            else
            {
                coordinates[i++] = new Coordinate(position[0].GetDouble(), position[1].GetDouble());
            }
        }

        if (coordinates.Length < 2)
        {
            throw new FormatException("TopoJSON arc has fewer than two positions.");
        }

        return coordinates;
    }

    private static bool IsType(JsonElement geometry, string type) =>
        geometry.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == type;

    private static JsonElement[] Members(JsonElement collection) =>
        collection.TryGetProperty("geometries", out var members) ? [.. members.EnumerateArray()] : [];

    /// <summary>Builds geometries from arc references; keeps the set of arcs used by the current object.</summary>
    private sealed class GeometryDecoder(
        List<LineString> arcs,
        (double Kx, double Ky, double Dx, double Dy)? transform)
    {
        private readonly SortedSet<int> _used = [];

        public TopoFeature Feature(JsonElement element)
        {
            _used.Clear();
            var geometry = Geometry(element);
            string? id = null;
            if (element.TryGetProperty("id", out var idElement))
            {
                id = idElement.ValueKind == JsonValueKind.String ? idElement.GetString() : idElement.GetRawText();
            }

            var properties = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            if (element.TryGetProperty("properties", out var props) && props.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in props.EnumerateObject())
                {
                    properties[property.Name] = property.Value.Clone();
                }
            }

            return new TopoFeature(id, properties, geometry, [.. _used]);
        }

        private Geometry? Geometry(JsonElement element)
        {
            var type = element.TryGetProperty("type", out var t) ? t.GetString() : null;
            return type switch
            {
                null => null,
                "Point" => Factory.CreatePoint(Position(element.GetProperty("coordinates"))),
                "MultiPoint" => Factory.CreateMultiPointFromCoords(
                    [.. element.GetProperty("coordinates").EnumerateArray().Select(Position)]),
                "LineString" => Factory.CreateLineString(Line(element.GetProperty("arcs"))),
                "MultiLineString" => Factory.CreateMultiLineString(
                    [.. element.GetProperty("arcs").EnumerateArray().Select(l => Factory.CreateLineString(Line(l)))]),
                "Polygon" => Polygon(element.GetProperty("arcs")),
                "MultiPolygon" => MultiPolygon(element.GetProperty("arcs")),
                "GeometryCollection" => Factory.CreateGeometryCollection(
                    [.. Members(element).Select(Geometry).OfType<Geometry>()]),
                _ => throw new FormatException($"Unsupported TopoJSON geometry type '{type}'."),
            };
        }

        private MultiPolygon? MultiPolygon(JsonElement polygons)
        {
            var parts = polygons.EnumerateArray().Select(Polygon).OfType<Polygon>().ToArray();
            return parts.Length == 0 ? null : Factory.CreateMultiPolygon(parts);
        }

        private Polygon? Polygon(JsonElement rings)
        {
            var decoded = rings.EnumerateArray().Select(Line).ToList();
            if (decoded.Count == 0 || decoded[0].Length < 4)
            {
                return null;
            }

            var shell = Ring(decoded[0]);
            var holes = decoded.Skip(1).Where(r => r.Length >= 4).Select(Ring).ToArray();
            return Factory.CreatePolygon(shell, holes);
        }

        private static LinearRing Ring(Coordinate[] coordinates) =>
            coordinates[0].Equals2D(coordinates[^1])
                ? Factory.CreateLinearRing(coordinates)
                : throw new FormatException("TopoJSON polygon ring is not closed.");

        private Coordinate[] Line(JsonElement references)
        {
            var line = new List<Coordinate>();
            foreach (var reference in references.EnumerateArray())
            {
                var index = reference.GetInt32();
                var arcIndex = index < 0 ? ~index : index;
                if (arcIndex >= arcs.Count)
                {
                    throw new FormatException($"TopoJSON arc reference {index} is out of range.");
                }

                _used.Add(arcIndex);
                var arc = arcs[arcIndex].Coordinates;
                var step = index < 0 ? -1 : 1;
                var start = index < 0 ? arc.Length - 1 : 0;
                for (var k = line.Count == 0 ? 0 : 1; k < arc.Length; k++)
                {
                    line.Add(arc[start + step * k].Copy());
                }
            }

            return [.. line];
        }

        private Coordinate Position(JsonElement position) =>
            transform is { } t
                ? new Coordinate(position[0].GetDouble() * t.Kx + t.Dx, position[1].GetDouble() * t.Ky + t.Dy)
                : new Coordinate(position[0].GetDouble(), position[1].GetDouble());
    }
}
