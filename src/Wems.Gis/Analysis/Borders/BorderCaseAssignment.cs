using Wems.Gis.Cases;

namespace Wems.Gis.Analysis.Borders;

/// <summary>A case to place against the border: its id and where it happened.</summary>
/// <param name="CaseId">The case's id (any text the caller can join back on).</param>
/// <param name="Location">WGS84 position, x = longitude, y = latitude.</param>
public readonly record struct CasePoint(string CaseId, GeoPoint Location);

/// <summary>A case that lies within the assignment distance of a border, with its nearest segment.</summary>
/// <param name="CaseId">The case's id, as given in <see cref="CasePoint.CaseId"/>.</param>
/// <param name="Location">The case's WGS84 position, x = longitude, y = latitude.</param>
/// <param name="Segment">The nearest border segment.</param>
/// <param name="DistanceMeters">Geodesic distance from the case to the segment on the WGS84 ellipsoid, metres.</param>
/// <param name="ChainageKm">Chainage along the segment's part of the border point nearest to the case,
/// kilometres; tells whether the case faces a covered stretch or a gap.</param>
public sealed record NearBorderCase(
    string CaseId,
    GeoPoint Location,
    BorderSegment Segment,
    double DistanceMeters,
    double ChainageKm);

/// <summary>Options of <see cref="BorderCaseAssignment"/>.</summary>
public sealed record BorderCaseAssignmentOptions
{
    /// <summary>The defaults: cases within 50 km of a border.</summary>
    public static BorderCaseAssignmentOptions Default { get; } = new();

    /// <summary>A case farther than this from every segment is not near the border, metres; zero or more.
    /// Default 50 000.</summary>
    public double MaxDistanceMeters { get; init; } = 50_000;
}

/// <summary>
/// Assigns each case to the nearest border segment within a maximum distance: which stretch of border a
/// seizure belongs to, and how far from it the seizure was made.
/// </summary>
/// <remarks>
/// Uses a <see cref="BorderSegmentIndex"/> (STR-tree of segment edges, candidates measured in a local frame, the
/// winner measured by Vincenty on the WGS84 ellipsoid; agrees with PostGIS <c>ST_Distance(geography)</c> to about
/// 0.03 % on the committed borders). Cases farther than <see cref="BorderCaseAssignmentOptions.MaxDistanceMeters"/> from every segment
/// are left out of the result. Points are WGS84, x = longitude, y = latitude.
/// </remarks>
public static class BorderCaseAssignment
{
    /// <summary>The near-border cases with their nearest segment, in input order.</summary>
    /// <param name="segments">Segments from <see cref="BorderSegmentation"/>.</param>
    /// <param name="cases">The cases to place.</param>
    /// <param name="options">Maximum distance; <see cref="BorderCaseAssignmentOptions.Default"/> when null.</param>
    /// <returns>One entry per case within the maximum distance of a segment; other cases are omitted.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The maximum distance is negative or not finite.</exception>
    public static IReadOnlyList<NearBorderCase> Assign(
        IEnumerable<BorderSegment> segments,
        IEnumerable<CasePoint> cases,
        BorderCaseAssignmentOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(segments);
        return Assign(new BorderSegmentIndex(segments), cases, options);
    }

    /// <summary>
    /// The near-border cases with their nearest segment, in input order, reusing an index built once for many
    /// calls.
    /// </summary>
    /// <param name="index">The segments to assign to.</param>
    /// <param name="cases">The cases to place.</param>
    /// <param name="options">Maximum distance; <see cref="BorderCaseAssignmentOptions.Default"/> when null.</param>
    /// <returns>One entry per case within the maximum distance of a segment; other cases are omitted.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The maximum distance is negative or not finite.</exception>
    public static IReadOnlyList<NearBorderCase> Assign(
        BorderSegmentIndex index,
        IEnumerable<CasePoint> cases,
        BorderCaseAssignmentOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(cases);
        var maxMeters = (options ?? BorderCaseAssignmentOptions.Default).MaxDistanceMeters;
        if (!double.IsFinite(maxMeters) || maxMeters < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), maxMeters, "The maximum distance must be zero or more metres.");
        }

        var result = new List<NearBorderCase>();
        foreach (var c in cases)
        {
            if (index.Nearest(c.Location, maxMeters) is { } nearest)
            {
                result.Add(new NearBorderCase(c.CaseId, c.Location, nearest.Segment, nearest.DistanceMeters, nearest.ChainageKm));
            }
        }

        return result;
    }
}
