using System.Text.Json;
using System.Text.Json.Serialization;

namespace Wems.Tiles.Documents;

/// <summary>
/// JSON serialisation of the tile documents (<see cref="TileJson"/>, <see cref="TileMatrixSet"/>) with the
/// System.Text.Json source generator: spec property names, nulls omitted, no indentation.
/// </summary>
public static class TileDocumentJson
{
    /// <summary>
    /// Serializer options that know the tile document types; pass them to a JSON result in the web tier so that the
    /// output is the same as <see cref="Serialize(TileJson)"/>. Read-only.
    /// </summary>
    public static JsonSerializerOptions Options => TileDocumentJsonContext.Default.Options;

    /// <summary>The TileJSON document as JSON text.</summary>
    /// <param name="document">The document.</param>
    public static string Serialize(TileJson document) =>
        JsonSerializer.Serialize(document, TileDocumentJsonContext.Default.TileJson);

    /// <summary>The tile matrix set document as JSON text.</summary>
    /// <param name="document">The document.</param>
    public static string Serialize(TileMatrixSet document) =>
        JsonSerializer.Serialize(document, TileDocumentJsonContext.Default.TileMatrixSet);
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TileJson))]
[JsonSerializable(typeof(TileMatrixSet))]
internal sealed partial class TileDocumentJsonContext : JsonSerializerContext;

/// <summary>Writes <see cref="Bounds"/> as the TileJSON array [west, south, east, north].</summary>
internal sealed class BoundsArrayConverter : JsonConverter<Bounds>
{
    public override Bounds Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var values = NumberArray.Read(ref reader, 4);
        return new Bounds(values[0], values[1], values[2], values[3]);
    }

    public override void Write(Utf8JsonWriter writer, Bounds value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartArray();
        writer.WriteNumberValue(value.MinX);
        writer.WriteNumberValue(value.MinY);
        writer.WriteNumberValue(value.MaxX);
        writer.WriteNumberValue(value.MaxY);
        writer.WriteEndArray();
    }
}

/// <summary>Writes <see cref="TileJsonCenter"/> as the TileJSON array [longitude, latitude, zoom].</summary>
internal sealed class TileJsonCenterConverter : JsonConverter<TileJsonCenter>
{
    public override TileJsonCenter Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var values = NumberArray.Read(ref reader, 3);
        return new TileJsonCenter(values[0], values[1], checked((int)values[2]));
    }

    public override void Write(Utf8JsonWriter writer, TileJsonCenter value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartArray();
        writer.WriteNumberValue(value.X);
        writer.WriteNumberValue(value.Y);
        writer.WriteNumberValue(value.Zoom);
        writer.WriteEndArray();
    }
}

internal static class NumberArray
{
    public static double[] Read(ref Utf8JsonReader reader, int count)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"Expected an array of {count} numbers.");
        }

        var values = new List<double>(count);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            values.Add(reader.GetDouble());
        }

        return values.Count == count ? [.. values] : throw new JsonException($"Expected an array of {count} numbers.");
    }
}
