namespace Wems.Tiles.Caching;

/// <summary>
/// What a cached tile payload is for: one tile of one layer in one variant. Two keys are equal when layer, variant and
/// tile are equal (ordinal, case-sensitive).
/// </summary>
/// <remarks>
/// <para>The <see cref="Variant"/> is an opaque string the caller builds from everything besides the tile that changes
/// the bytes: the access tier, the filter (time range, species, country, ...), the style of aggregation. The caller
/// MUST put the tier in it (e.g. "tier=regional;from=2023-01;species=Loxodonta africana"), so that a tile rendered
/// for one tier is never served to another; build it in one place, from normalised values in a fixed order, so that
/// equal requests give equal variants. The cache never interprets the variant: on disk it only appears hashed.</para>
/// <para>The <see cref="Layer"/> becomes a directory name and is restricted to 1 to 64 ASCII letters, digits, '_',
/// '-' and '.', starting with a letter or digit (so never "." or "..").</para>
/// </remarks>
public sealed record TileKey
{
    /// <summary>Longest accepted layer name, in characters.</summary>
    public const int MaxLayerLength = 64;

    /// <summary>Creates a cache key.</summary>
    /// <param name="layer">Layer id, see <see cref="IsValidLayer"/>.</param>
    /// <param name="variant">Opaque variant string that includes the tier; may be empty, never null.</param>
    /// <param name="tile">The tile.</param>
    /// <exception cref="ArgumentException">The layer name is not valid.</exception>
    public TileKey(string layer, string variant, TileCoord tile)
    {
        if (!IsValidLayer(layer))
        {
            throw new ArgumentException(
                $"Layer '{layer}' must be 1 to {MaxLayerLength} ASCII letters, digits, '_', '-' or '.', starting with a letter or digit.",
                nameof(layer));
        }

        ArgumentNullException.ThrowIfNull(variant);
        (Layer, Variant, Tile) = (layer, variant, tile);
    }

    /// <summary>The layer id, e.g. "cases" or "hotspots".</summary>
    public string Layer { get; }

    /// <summary>The opaque variant string (tier, filter, ...), see the remarks on <see cref="TileKey"/>.</summary>
    public string Variant { get; }

    /// <summary>The tile.</summary>
    public TileCoord Tile { get; }

    /// <summary>True when <paramref name="layer"/> can be used as a layer id (and so as a directory name).</summary>
    /// <param name="layer">Candidate layer id.</param>
    public static bool IsValidLayer(string? layer) =>
        layer is { Length: > 0 and <= MaxLayerLength }
        && char.IsAsciiLetterOrDigit(layer[0])
        && layer.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');
}
