using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;
using Wems.Gis.Geography;

namespace Wems.Gis.Analysis.Borders;

/// <summary>Options of <see cref="BorderCoverage"/>.</summary>
public sealed record BorderCoverageOptions
{
    /// <summary>The defaults: 20 km around each post, posts of any country.</summary>
    public static BorderCoverageOptions Default { get; } = new();

    /// <summary>A point of the border is covered when a post lies within this distance of it, metres; zero or more.
    /// Default 20 000.</summary>
    public double CoverageDistanceMeters { get; init; } = 20_000;

    /// <summary>
    /// When true a post covers only the borders of its own country (a Kenyan post near the Kenya–Tanzania–Uganda
    /// tripoint does not cover the Tanzania–Uganda border). Default false: coverage is purely geometric.
    /// </summary>
    public bool OwnCountryOnly { get; init; }
}

/// <summary>
/// Enforcement coverage of border segments by posts, with seizures per stretch of border and the gaps between
/// posts, for one configuration of posts (<see cref="Compute"/>) or two (<see cref="CompareScenarios(IReadOnlyList{BorderSegment}, IEnumerable{EnforcementPost}, IEnumerable{EnforcementPost}, BorderCoverageOptions?)"/>).
/// </summary>
/// <remarks>
/// <para>Coverage is fractional: the covered part of a segment is the set of its points within
/// <see cref="BorderCoverageOptions.CoverageDistanceMeters"/> of some post (the segment clipped by the union of
/// the posts' buffers), so a post 10 km from the middle of a 100 km straight border covers about 2·√(20² − 10²) ≈
/// 34.6 km of it. For each post near a segment and each edge of the segment, the stretch of the edge within the
/// distance is solved exactly (a quadratic in the edge parameter) in a local equirectangular frame centred on the
/// post (WGS84 metres per degree at the post's latitude, <see cref="BorderProximity.MetersPerDegree"/>); the
/// stretches are mapped to chainage and merged. The frame's scale of longitude drifts with latitude across the
/// buffer, so the buffer's edge lies within about 0.02 % of the distance (Vincenty) at 20° of latitude, 0.06 % at
/// 45° and 0.1 % at 60° (worst on a diagonal border; none on a meridian or parallel).</para>
/// <para>Gaps are the maximal uncovered runs of each border part, joined across segment boundaries; runs shorter
/// than 1 mm are rounding and are dropped. Seizures are the near-border cases from
/// <see cref="BorderCaseAssignment"/>: a case counts for the segment it was assigned to, and is "on uncovered
/// border" when its nearest border point (<see cref="NearBorderCase.ChainageKm"/>) lies in a gap. Inputs are WGS84,
/// x = longitude, y = latitude; lengths in kilometres.</para>
/// </remarks>
public static partial class BorderCoverage
{
    // Gaps shorter than this (1 mm) come from rounding where two covered stretches meet.
    private const double NegligibleKm = 1e-6;

    /// <summary>Coverage of <paramref name="segments"/> by <paramref name="posts"/>, with seizures and gaps.</summary>
    /// <param name="segments">Segments from <see cref="BorderSegmentation"/>; ids must be unique.</param>
    /// <param name="posts">The enforcement posts (any list; empty gives no coverage).</param>
    /// <param name="nearBorderCases">Near-border cases from <see cref="BorderCaseAssignment"/> (empty for none).</param>
    /// <param name="options">Coverage distance; <see cref="BorderCoverageOptions.Default"/> when null.</param>
    /// <exception cref="ArgumentException">Two segments share an id, or a case names a segment that is not in
    /// <paramref name="segments"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The coverage distance is negative or not finite.</exception>
    public static BorderCoverageResult Compute(
        IReadOnlyList<BorderSegment> segments,
        IEnumerable<EnforcementPost> posts,
        IEnumerable<NearBorderCase> nearBorderCases,
        BorderCoverageOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(segments);
        ArgumentNullException.ThrowIfNull(posts);
        ArgumentNullException.ThrowIfNull(nearBorderCases);
        options ??= BorderCoverageOptions.Default;
        if (!double.IsFinite(options.CoverageDistanceMeters) || options.CoverageDistanceMeters < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.CoverageDistanceMeters, "The coverage distance must be zero or more metres.");
        }

        var ordinalOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < segments.Count; i++)
        {
            if (!ordinalOf.TryAdd(segments[i].Id, i))
            {
                throw new ArgumentException($"Segment id '{segments[i].Id}' appears twice.", nameof(segments));
            }
        }

        var lines = segments.Select(MeasuredLine.Fit).ToArray();
        var postIndex = IndexPosts(posts);
        var coverage = new (List<ChainageRange> Ranges, List<string> PostIds)[segments.Count];
        for (var i = 0; i < segments.Count; i++)
        {
            coverage[i] = Cover(segments[i], lines[i], postIndex, options);
        }

        var caseIds = segments.Select(_ => new List<string>()).ToArray();
        var uncovered = new List<NearBorderCase>();
        foreach (var c in nearBorderCases)
        {
            if (!ordinalOf.TryGetValue(c.Segment.Id, out var ordinal))
            {
                throw new ArgumentException($"Case '{c.CaseId}' is assigned to segment '{c.Segment.Id}', which is not among the segments.", nameof(nearBorderCases));
            }

            caseIds[ordinal].Add(c.CaseId);
            if (!coverage[ordinal].Ranges.Any(r => c.ChainageKm >= r.FromKm - MeasuredLine.SameKm && c.ChainageKm <= r.ToKm + MeasuredLine.SameKm))
            {
                uncovered.Add(c);
            }
        }

        var gaps = FindGaps(segments, lines, coverage.Select(c => c.Ranges).ToArray(), uncovered);
        var segmentResults = segments
            .Select((s, i) => new SegmentCoverage(s, coverage[i].Ranges.Sum(r => r.LengthKm), coverage[i].Ranges, coverage[i].PostIds, caseIds[i]))
            .ToArray();
        var gapsByPair = gaps.ToLookup(gap => (gap.Iso2A, gap.Iso2B));
        var uncoveredByPair = uncovered.ToLookup(c => (c.Segment.Iso2A, c.Segment.Iso2B), c => c.CaseId);
        var pairs = segmentResults
            .GroupBy(s => (s.Segment.Iso2A, s.Segment.Iso2B))
            .OrderBy(g => g.Key.Iso2A, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Iso2B, StringComparer.Ordinal)
            .Select(g => new PairCoverage(
                g.Key.Iso2A,
                g.Key.Iso2B,
                g.Sum(s => s.Segment.LengthKm),
                g.Sum(s => s.CoveredKm),
                g.Sum(s => s.Seizures),
                [.. gapsByPair[g.Key]],
                [.. uncoveredByPair[g.Key]]))
            .ToArray();
        return new BorderCoverageResult(segmentResults, pairs, gaps, [.. uncovered.Select(c => c.CaseId)]);
    }

    /// <summary><paramref name="count"/> per 100 km of <paramref name="lengthKm"/>; 0 when the length is 0.</summary>
    internal static double Per100Km(int count, double lengthKm) => lengthKm > 0 ? 100 * count / lengthKm : 0;

    private static STRtree<(int Ordinal, EnforcementPost Post)> IndexPosts(IEnumerable<EnforcementPost> posts)
    {
        var tree = new STRtree<(int, EnforcementPost)>();
        var ordinal = 0;
        foreach (var post in posts)
        {
            ArgumentNullException.ThrowIfNull(post, nameof(posts));
            tree.Insert(new Envelope(post.Location.X, post.Location.X, post.Location.Y, post.Location.Y), (ordinal++, post));
        }

        tree.Build();
        return tree;
    }

    /// <summary>The covered chainage ranges of one segment (merged, in order) and the ids of the posts that cover it.</summary>
    private static (List<ChainageRange> Ranges, List<string> PostIds) Cover(
        BorderSegment segment,
        MeasuredLine line,
        STRtree<(int Ordinal, EnforcementPost Post)> posts,
        BorderCoverageOptions options)
    {
        var radius = options.CoverageDistanceMeters;
        var reach = radius * 1.02 + 1;
        var envelope = segment.Geometry.EnvelopeInternal;
        var dLat = reach / BorderProximity.MetersPerDegree(0).Ky;
        var widestLatitude = Math.Min(90, Math.Max(Math.Abs(envelope.MinY), Math.Abs(envelope.MaxY)) + dLat);
        var dLon = Math.Min(180, reach / Math.Max(BorderProximity.MetersPerDegree(widestLatitude).Kx, 1));
        var search = new Envelope(envelope.MinX - dLon, envelope.MaxX + dLon, envelope.MinY - dLat, envelope.MaxY + dLat);

        var ranges = new List<ChainageRange>();
        var covering = new SortedDictionary<int, string>();
        foreach (var (ordinal, post) in BorderSegmentIndex.QueryAcrossAntimeridian(posts, search))
        {
            if (options.OwnCountryOnly && post.Country != segment.Iso2A && post.Country != segment.Iso2B)
            {
                continue;
            }

            var before = ranges.Count;
            AddRangesNear(post, line, radius, ranges);
            if (ranges.Count > before)
            {
                covering.TryAdd(ordinal, post.Id);
            }
        }

        return (Merge(ranges), [.. covering.Values]);
    }

    /// <summary>
    /// Adds, for each edge of <paramref name="line"/>, the chainage range of the points within
    /// <paramref name="radiusMeters"/> of <paramref name="post"/>: |a + t (b − a)|² ≤ r² solved for t in [0, 1] in a
    /// frame centred on the post.
    /// </summary>
    private static void AddRangesNear(EnforcementPost post, MeasuredLine line, double radiusMeters, List<ChainageRange> ranges)
    {
        var (kx, ky) = BorderProximity.MetersPerDegree(post.Location.Y);
        var c = line.Coordinates;
        for (var i = 1; i < c.Length; i++)
        {
            double ax = MeasuredLine.Wrap(c[i - 1].X - post.Location.X) * kx, ay = (c[i - 1].Y - post.Location.Y) * ky;
            double bx = MeasuredLine.Wrap(c[i].X - post.Location.X) * kx, by = (c[i].Y - post.Location.Y) * ky;
            double dx = bx - ax, dy = by - ay;
            var qa = dx * dx + dy * dy;
            var qb = 2 * (ax * dx + ay * dy);
            var qc = ax * ax + ay * ay - radiusMeters * radiusMeters;
            var discriminant = qb * qb - 4 * qa * qc;
            if (qa == 0 || discriminant < 0)
            {
                continue;
            }

            var root = Math.Sqrt(discriminant);
            var t0 = Math.Max(0, (-qb - root) / (2 * qa));
            var t1 = Math.Min(1, (-qb + root) / (2 * qa));
            if (t1 > t0)
            {
                double km0 = line.ChainageKm[i - 1], km1 = line.ChainageKm[i];
                ranges.Add(new ChainageRange(km0 + t0 * (km1 - km0), km0 + t1 * (km1 - km0)));
            }
        }
    }

    private static List<ChainageRange> Merge(List<ChainageRange> ranges)
    {
        var merged = new List<ChainageRange>();
        foreach (var range in ranges.OrderBy(r => r.FromKm))
        {
            if (merged.Count > 0 && range.FromKm <= merged[^1].ToKm + MeasuredLine.SameKm)
            {
                merged[^1] = merged[^1] with { ToKm = Math.Max(merged[^1].ToKm, range.ToKm) };
            }
            else
            {
                merged.Add(range);
            }
        }

        return merged;
    }
}
