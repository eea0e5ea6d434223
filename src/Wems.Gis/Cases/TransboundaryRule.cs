using Wems.Gis.Geography;

namespace Wems.Gis.Cases;

/// <summary>How the transboundary (shared with the region) rule is applied.</summary>
public sealed record SharingRule
{
    /// <summary>
    /// A case seized within this distance of an international land border is transboundary. Metres
    /// (see <see cref="BorderProximity"/> for how it is measured). Default 10 km.
    /// </summary>
    public double BorderDistanceMeters { get; init; } = 10_000;

    /// <summary>Location types at which a seizure is transboundary by nature.</summary>
    public IReadOnlySet<string> BorderLocationTypes { get; init; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "airport", "seaport", "land-border-post",
    };
}

/// <summary>
/// The MISSION rule: a case is transboundary when its trade chain names another country, it was seized at
/// an airport, seaport or land border post, or within <see cref="SharingRule.BorderDistanceMeters"/> of an
/// international land border. A national user may also share a case by hand
/// (<see cref="SeizureCase.SharedManually"/>); that is not part of the rule.
/// </summary>
public static class TransboundaryRule
{
    /// <summary>True when the rule marks <paramref name="seizure"/> transboundary.</summary>
    public static bool Applies(SeizureCase seizure, BorderProximity borders, SharingRule rule)
    {
        ArgumentNullException.ThrowIfNull(seizure);
        ArgumentNullException.ThrowIfNull(borders);
        ArgumentNullException.ThrowIfNull(rule);
        if (rule.BorderLocationTypes.Contains(seizure.LocationType))
        {
            return true;
        }

        foreach (var entry in seizure.TradeChain)
        {
            if (entry.Country != seizure.Country)
            {
                return true;
            }
        }

        return borders.IsWithin(seizure.Location, rule.BorderDistanceMeters);
    }
}
