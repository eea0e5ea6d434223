using NetTopologySuite.Geometries;

namespace Wems.Gis.Analysis.Borders;

public static partial class BorderCoverage
{
    /// <summary>
    /// The maximal uncovered runs of each border part, joined across consecutive segments, with the uncovered
    /// cases placed in them; longest first, lengths compared to the millimetre so that equal gaps come in chainage
    /// order.
    /// </summary>
    private static List<CoverageGap> FindGaps(
        IReadOnlyList<BorderSegment> segments,
        MeasuredLine[] lines,
        List<ChainageRange>[] covered,
        List<NearBorderCase> uncoveredCases)
    {
        var order = Enumerable.Range(0, segments.Count)
            .OrderBy(i => segments[i].Iso2A, StringComparer.Ordinal)
            .ThenBy(i => segments[i].Iso2B, StringComparer.Ordinal)
            .ThenBy(i => segments[i].Part)
            .ThenBy(i => segments[i].ChainageStartKm);
        var builders = new List<GapBuilder>();
        GapBuilder? open = null;
        BorderSegment? previous = null;
        foreach (var i in order)
        {
            var segment = segments[i];
            if (previous is null || (previous.Iso2A, previous.Iso2B, previous.Part) != (segment.Iso2A, segment.Iso2B, segment.Part))
            {
                Close(open, builders);
                open = null;
            }

            var cursor = segment.ChainageStartKm;
            foreach (var range in covered[i])
            {
                Extend(ref open, builders, segment, i, cursor, range.FromKm);
                Close(open, builders);
                open = null;
                cursor = Math.Max(cursor, range.ToKm);
            }

            Extend(ref open, builders, segment, i, cursor, segment.ChainageEndKm);
            previous = segment;
        }

        Close(open, builders);
        PlaceCases(builders, uncoveredCases);
        return [.. builders
            .Select(b => b.Build(segments[b.Pieces[0].Ordinal].Geometry.Factory, lines))
            .OrderByDescending(g => Math.Round(g.LengthKm, 6))
            .ThenBy(g => g.Iso2A, StringComparer.Ordinal)
            .ThenBy(g => g.Iso2B, StringComparer.Ordinal)
            .ThenBy(g => g.Part)
            .ThenBy(g => g.FromKm)];
    }

    /// <summary>Adds the uncovered run [from, to] of a segment to the open gap, or opens a new one.</summary>
    private static void Extend(ref GapBuilder? open, List<GapBuilder> builders, BorderSegment segment, int ordinal, double fromKm, double toKm)
    {
        if (toKm <= fromKm)
        {
            return;
        }

        // A gap continues into the next segment only where the two meet (a caller may pass a subset of segments).
        if (open is null || fromKm > open.ToKm + MeasuredLine.SameKm)
        {
            Close(open, builders);
            open = new GapBuilder(segment.Iso2A, segment.Iso2B, segment.Part, fromKm);
        }

        open.Pieces.Add((ordinal, fromKm, toKm));
        open.ToKm = toKm;
    }

    private static void Close(GapBuilder? gap, List<GapBuilder> builders)
    {
        if (gap is not null && gap.ToKm - gap.FromKm >= NegligibleKm)
        {
            builders.Add(gap);
        }
    }

    /// <summary>Puts each uncovered case into the gap of its part that contains its chainage.</summary>
    private static void PlaceCases(List<GapBuilder> builders, List<NearBorderCase> uncoveredCases)
    {
        // Builders are in (pair, part, chainage) order, so each part's gaps are sorted by FromKm.
        var byPart = builders.ToLookup(b => (b.Iso2A, b.Iso2B, b.Part));
        var sorted = byPart.ToDictionary(g => g.Key, g => g.ToArray());
        foreach (var c in uncoveredCases)
        {
            if (!sorted.TryGetValue((c.Segment.Iso2A, c.Segment.Iso2B, c.Segment.Part), out var gaps))
            {
                continue;
            }

            var lo = 0;
            var hi = gaps.Length - 1;
            while (lo < hi)
            {
                var mid = (lo + hi + 1) / 2;
                if (gaps[mid].FromKm <= c.ChainageKm + NegligibleKm)
                {
                    lo = mid;
                }
                else
                {
                    hi = mid - 1;
                }
            }

            var gap = gaps[lo];
            if (c.ChainageKm >= gap.FromKm - NegligibleKm && c.ChainageKm <= gap.ToKm + NegligibleKm)
            {
                gap.CaseIds.Add(c.CaseId);
            }
        }
    }

    private sealed class GapBuilder(string iso2A, string iso2B, int part, double fromKm)
    {
        public string Iso2A { get; } = iso2A;

        public string Iso2B { get; } = iso2B;

        public int Part { get; } = part;

        public double FromKm { get; } = fromKm;

        public double ToKm { get; set; } = fromKm;

        public List<(int Ordinal, double FromKm, double ToKm)> Pieces { get; } = [];

        public List<string> CaseIds { get; } = [];

        public CoverageGap Build(GeometryFactory factory, MeasuredLine[] lines)
        {
            var coordinates = new List<Coordinate>();
            foreach (var (ordinal, from, to) in Pieces)
            {
                foreach (var coordinate in lines[ordinal].Slice(from, to))
                {
                    if (coordinates.Count == 0 || !coordinates[^1].Equals2D(coordinate))
                    {
                        coordinates.Add(coordinate);
                    }
                }
            }

            // A gap shorter than a coordinate's precision may collapse to one point; a LineString needs two.
            if (coordinates.Count == 1)
            {
                coordinates.Add(coordinates[0].Copy());
            }

            return new CoverageGap(Iso2A, Iso2B, Part, FromKm, ToKm, factory.CreateLineString([.. coordinates]), CaseIds);
        }
    }
}
