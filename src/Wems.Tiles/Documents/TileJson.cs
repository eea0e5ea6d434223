using System.Text.Json.Serialization;

namespace Wems.Tiles.Documents;

/// <summary>
/// A TileJSON 3.0.0 document (https://github.com/mapbox/tilejson-spec/tree/master/3.0.0) describing one vector tile
/// set. Serialise it with <see cref="TileDocumentJson.Serialize(TileJson)"/>: properties carry the exact names of
/// the spec (<c>tilejson</c>, <c>tiles</c>, <c>vector_layers</c>, <c>minzoom</c>, ...) and null ones are left out.
/// </summary>
/// <remarks>
/// All coordinates are WGS84 degrees, x = longitude then y = latitude. The spec requires <see cref="Tiles"/> and, for
/// vector tiles, <see cref="VectorLayers"/>; zooms run from 0 to 30 in the spec and to
/// <see cref="TileCoord.MaxZoom"/> in WEMS. Cross-field rules of the spec (minzoom ≤ maxzoom, center inside bounds)
/// are the caller's to keep.
/// </remarks>
public sealed record TileJson
{
    /// <summary>The TileJSON version this model implements, "3.0.0".</summary>
    public const string SpecVersion = "3.0.0";

    private readonly IReadOnlyList<string> _tiles = [];

    /// <summary>The <c>tilejson</c> member: always <see cref="SpecVersion"/>.</summary>
    [JsonPropertyName("tilejson")]
    public string TileJsonVersion { get; } = SpecVersion;

    /// <summary>
    /// The <c>tiles</c> member: at least one absolute http(s) URL template with <c>{z}</c>, <c>{x}</c> and <c>{y}</c>
    /// placeholders, e.g. "https://wems.example/tiles/cases/{z}/{x}/{y}.mvt". The spec requires absolute URLs, so
    /// build them from the request's scheme and host.
    /// </summary>
    /// <exception cref="ArgumentException">The list is empty or a template is not an absolute http(s) URL.</exception>
    [JsonPropertyName("tiles")]
    public required IReadOnlyList<string> Tiles
    {
        get => _tiles;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            if (value.Count == 0)
            {
                throw new ArgumentException("TileJSON needs at least one tile URL template.", nameof(value));
            }

            foreach (var template in value)
            {
                if (!Uri.TryCreate(template, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                {
                    throw new ArgumentException($"Tile URL template '{template}' is not an absolute http(s) URL.", nameof(value));
                }
            }

            _tiles = value;
        }
    }

    /// <summary>The <c>vector_layers</c> member: one entry per layer inside the tiles (the MVT layer names).</summary>
    [JsonPropertyName("vector_layers")]
    public required IReadOnlyList<VectorLayer> VectorLayers { get; init; }

    /// <summary>The <c>attribution</c> member: text or HTML credit shown with the map, or null.</summary>
    [JsonPropertyName("attribution")]
    public string? Attribution { get; init; }

    /// <summary>
    /// The <c>bounds</c> member: the area covered at every zoom, written as [west, south, east, north] in WGS84
    /// degrees; null means the whole world.
    /// </summary>
    [JsonPropertyName("bounds")]
    [JsonConverter(typeof(BoundsArrayConverter))]
    public Bounds? Bounds { get; init; }

    /// <summary>The <c>center</c> member: default view as [longitude, latitude, zoom], or null.</summary>
    [JsonPropertyName("center")]
    public TileJsonCenter? Center { get; init; }

    /// <summary>The <c>description</c> member: plain text, or null.</summary>
    [JsonPropertyName("description")]
    public string? Description { get; init; }

    /// <summary>The <c>maxzoom</c> member: deepest zoom with tiles, or null (spec default 30).</summary>
    [JsonPropertyName("maxzoom")]
    public int? MaxZoom { get; init; }

    /// <summary>The <c>minzoom</c> member: shallowest zoom with tiles, or null (spec default 0).</summary>
    [JsonPropertyName("minzoom")]
    public int? MinZoom { get; init; }

    /// <summary>The <c>name</c> member: a human-readable name, or null.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }
}

/// <summary>One entry of TileJSON <c>vector_layers</c>: an MVT layer found in the tiles.</summary>
public sealed record VectorLayer
{
    /// <summary>The <c>id</c> member: the layer name as written in the MVT.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>
    /// The <c>fields</c> member: attribute name → a short description of its type, conventionally "String",
    /// "Number" or "Boolean" (or a sentence such as "One of: open, closed"). Written in the dictionary's order.
    /// </summary>
    [JsonPropertyName("fields")]
    public required IReadOnlyDictionary<string, string> Fields { get; init; }

    /// <summary>The <c>description</c> member, or null.</summary>
    [JsonPropertyName("description")]
    public string? Description { get; init; }

    /// <summary>The <c>minzoom</c> member: shallowest zoom at which the layer appears, or null.</summary>
    [JsonPropertyName("minzoom")]
    public int? MinZoom { get; init; }

    /// <summary>The <c>maxzoom</c> member: deepest zoom at which the layer appears, or null.</summary>
    [JsonPropertyName("maxzoom")]
    public int? MaxZoom { get; init; }
}

/// <summary>TileJSON <c>center</c>: the default view, written as the array [longitude, latitude, zoom].</summary>
/// <param name="X">Longitude in degrees (WGS84).</param>
/// <param name="Y">Latitude in degrees (WGS84).</param>
/// <param name="Zoom">Zoom level, an integer between the document's minzoom and maxzoom.</param>
[JsonConverter(typeof(TileJsonCenterConverter))]
public readonly record struct TileJsonCenter(double X, double Y, int Zoom);
