using Wems.Gis.Storage;

namespace Wems.Gis.Tiles;

/// <summary>Which tile layers a caller's tier can see.</summary>
public static class TileCatalog
{
    /// <summary>The layers <paramref name="scope"/> may see: the reference layers and the public aggregates, and cases for national and regional callers.</summary>
    /// <param name="scope">The caller.</param>
    public static IReadOnlyList<TileLayer> Visible(CallerScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return scope.Tier switch
        {
            Tier.National => [CaseTileLayers.National, .. ReferenceTileLayers.All, PublicTileLayers.Hotspots],
            Tier.Regional => [CaseTileLayers.Regional, .. ReferenceTileLayers.All, PublicTileLayers.Hotspots],
            _ => [.. ReferenceTileLayers.All, PublicTileLayers.Hotspots],
        };
    }

    /// <summary>The layer <paramref name="id"/> as <paramref name="scope"/> sees it, or null when it does not exist or the tier may not see it.</summary>
    /// <param name="id">Layer id.</param>
    /// <param name="scope">The caller.</param>
    public static TileLayer? Find(string id, CallerScope scope) => Visible(scope).FirstOrDefault(l => l.Id == id);
}
