using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace Wems.Gis.Geography;

/// <summary>
/// Reads (and, for <see cref="CountryDataBuilder"/>, writes) the committed country and border GeoJSON files of
/// the <c>data</c> folder: <see cref="WorldFileName"/>, <see cref="RegionFileName"/> and <see cref="BordersFileName"/>.
/// </summary>
/// <remarks>
/// The files are RFC 7946 FeatureCollections in WGS84 longitude/latitude (CRS84 axis order), one feature per line,
/// polygon shells counter-clockwise and holes clockwise. Country features carry the properties
/// <c>iso2, iso3, numeric, name_en, name_fr</c> and the id <c>iso2</c>; border features carry
/// <c>iso2_a, iso2_b, name_a, name_b, length_km</c> and the id <c>"{iso2_a}-{iso2_b}"</c>.
/// Geometries read back have SRID 4326.
/// </remarks>
public static class CountryFiles
{
    /// <summary>All countries of the world, Natural Earth 1:110m.</summary>
    public const string WorldFileName = "countries-world.geojson";

    /// <summary>The countries of <see cref="CountryDataBuilder.RegionAlpha2"/>, Natural Earth 1:10m.</summary>
    public const string RegionFileName = "countries-region.geojson";

    /// <summary>Land borders between two countries of the region set, Natural Earth 1:10m.</summary>
    public const string BordersFileName = "borders.geojson";

    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    // Names such as "Côte d'Ivoire" stay readable; the files are data, never embedded in HTML.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly JsonSerializerOptions GeoJsonOptions = new()
    {
        Converters = { new GeoJsonConverterFactory(Factory, false, "id", RingOrientationOption.EnforceRfc9746) },
    };

    /// <summary>Reads a country file (<see cref="WorldFileName"/> or <see cref="RegionFileName"/>).</summary>
    /// <param name="path">Path of the GeoJSON file.</param>
    /// <returns>The countries in file order (ascending alpha-2 code for files written by the builder).</returns>
    /// <exception cref="FormatException">A feature lacks a property or a geometry.</exception>
    public static IReadOnlyList<CountryShape> ReadCountries(string path) =>
        ReadFeatures(path, (properties, geometry) => new CountryShape(
            Text(properties, "iso2"),
            Text(properties, "iso3"),
            Text(properties, "numeric"),
            Text(properties, "name_en"),
            Text(properties, "name_fr"),
            geometry));

    /// <summary>Reads <see cref="BordersFileName"/>; each geometry is a MultiLineString.</summary>
    /// <param name="path">Path of the GeoJSON file.</param>
    /// <returns>The borders in file order (ascending country pair for files written by the builder).</returns>
    /// <exception cref="FormatException">A feature lacks a property or is not a MultiLineString.</exception>
    public static IReadOnlyList<BorderLine> ReadBorders(string path) =>
        ReadFeatures(path, (properties, geometry) => new BorderLine(
            Text(properties, "iso2_a"),
            Text(properties, "iso2_b"),
            geometry as MultiLineString ?? throw new FormatException("Border geometry must be a MultiLineString."),
            properties.GetProperty("length_km").GetDouble()));

    /// <summary>Writes countries as a FeatureCollection, one feature per line, in the given order.</summary>
    internal static void WriteCountries(string path, IEnumerable<CountryShape> countries) =>
        WriteFeatures(path, countries.Select(c => Feature(c.Iso2, c.Geometry, writer =>
        {
            writer.WriteString("iso2", c.Iso2);
            writer.WriteString("iso3", c.Iso3);
            writer.WriteString("numeric", c.Numeric);
            writer.WriteString("name_en", c.NameEn);
            writer.WriteString("name_fr", c.NameFr);
        })));

    /// <summary>Writes borders as a FeatureCollection, one feature per line; length rounded to 1 m.</summary>
    internal static void WriteBorders(string path, IEnumerable<BorderLine> borders, Func<string, string> nameOf) =>
        WriteFeatures(path, borders.Select(b => Feature($"{b.Iso2A}-{b.Iso2B}", b.Geometry, writer =>
        {
            writer.WriteString("iso2_a", b.Iso2A);
            writer.WriteString("iso2_b", b.Iso2B);
            writer.WriteString("name_a", nameOf(b.Iso2A));
            writer.WriteString("name_b", nameOf(b.Iso2B));
            writer.WriteNumber("length_km", Math.Round(b.LengthKm, 3));
        })));

    private static List<T> ReadFeatures<T>(string path, Func<JsonElement, Geometry, T> create)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var features = new List<T>();
        foreach (var feature in document.RootElement.GetProperty("features").EnumerateArray())
        {
            var geometry = feature.GetProperty("geometry").Deserialize<Geometry>(GeoJsonOptions)
                ?? throw new FormatException($"A feature of {path} has no geometry.");
            features.Add(create(feature.GetProperty("properties"), geometry));
        }

        return features;
    }

    private static string Text(JsonElement properties, string name) =>
        properties.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new FormatException($"Feature property '{name}' is missing or not a string.");

    private static byte[] Feature(string id, Geometry geometry, Action<Utf8JsonWriter> writeProperties)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "Feature");
            writer.WriteString("id", id);
            writer.WriteStartObject("properties");
            writeProperties(writer);
            writer.WriteEndObject();
            writer.WritePropertyName("geometry");
            JsonSerializer.Serialize(writer, geometry, GeoJsonOptions);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteFeatures(string path, IEnumerable<byte[]> features)
    {
        using var stream = File.Create(path);
        stream.Write("{\"type\":\"FeatureCollection\",\"features\":[\n"u8);
        var first = true;
        foreach (var feature in features)
        {
            if (!first)
            {
                stream.Write(",\n"u8);
            }

            stream.Write(feature);
            first = false;
        }

        stream.Write("\n]}\n"u8);
    }
}
