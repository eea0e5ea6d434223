namespace Wems.Gis.Storage;

/// <summary>How the transboundary (shared with the region) rule is applied.</summary>
public sealed record SharingRule
{
    /// <summary>
    /// A case seized within this distance of an international land border is transboundary. Metres,
    /// measured on the WGS84 spheroid (PostGIS geography). Default 10 km.
    /// </summary>
    public double BorderDistanceMeters { get; init; } = 10_000;

    /// <summary>Location types at which a seizure is transboundary by nature.</summary>
    public IReadOnlyList<string> BorderLocationTypes { get; init; } = ["airport", "seaport", "land-border-post"];
}
