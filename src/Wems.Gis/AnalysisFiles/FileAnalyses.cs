using System.Globalization;
using Wems.Gis.Analysis;
using Wems.Gis.Analysis.Borders;
using Wems.Gis.Analysis.Density;
using Wems.Gis.Analysis.Hotspots;
using Wems.Gis.AnalysisRuns;
using Wems.Gis.Analysis.Trends;
using Wems.Gis.Cases;
using Wems.Gis.Geography;

namespace Wems.Gis.AnalysisFiles;

/// <summary>Neighbourhoods for Gi* on a file.</summary>
public enum FileWeights
{
    /// <summary>Binary weights within a fixed distance band (the default).</summary>
    Fixed,

    /// <summary>Inverse distance within the band.</summary>
    Inverse,

    /// <summary>Inverse distance squared within the band.</summary>
    InverseSquared,

    /// <summary>The k nearest neighbours.</summary>
    Knn,
}

/// <summary>Options of <see cref="FileAnalyses.GiStar"/>.</summary>
public sealed record GiStarFileOptions
{
    /// <summary>The column with the values; null to give every row 1 (then every feature is equal: a Gi* of counts needs aggregation).</summary>
    public string? ValueColumn { get; init; }

    /// <summary>Distance band in the data's distance unit (km for lon/lat, own units for planar); null for the smallest that gives every feature a neighbour.</summary>
    public double? Band { get; init; }

    /// <summary>The neighbourhood.</summary>
    public FileWeights Weights { get; init; } = FileWeights.Fixed;

    /// <summary>Neighbours for <see cref="FileWeights.Knn"/>.</summary>
    public int K { get; init; } = 8;

    /// <summary>The distance unit of inverse-distance weights, in the data's distance unit; null for 1 km (lon/lat) or 1,000 units (planar, a km in metres).</summary>
    public double? InverseDistanceUnit { get; init; }
}

/// <summary>
/// The analyses on an analyst's own file (<c>wems analyse gistar|density|emerging|border --in FILE --out FILE</c>):
/// each returns the columns to add to the input's rows.
/// </summary>
/// <remarks>
/// Lon/lat input is projected to a Lambert azimuthal equal-area projection centred on its extent
/// (<see cref="EqualAreaProjection"/>) and distances are given and reported in kilometres; planar input (a projected
/// CRS or <c>planar</c>) is used as it is, distances in its own units.
/// </remarks>
public static class FileAnalyses
{
    private static string F(double v) => double.IsNaN(v) ? "" : v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Getis-Ord Gi* per row: <c>gi_z</c>, <c>gi_p</c>, <c>gi_bin</c> (−3..3 on p), <c>gi_bin_fdr</c> (on Benjamini–Hochberg p), <c>gi_neighbours</c>.</summary>
    public static IReadOnlyList<(string Name, string?[] Values)> GiStar(PointTable table, GiStarFileOptions options)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(options);
        var values = table.Values(options.ValueColumn);
        var (x, y, scale) = Planar(table);
        var band = options.Band * scale;
        var unit = (options.InverseDistanceUnit ?? (table.Kind == CoordinateKind.Geographic ? 1 : 1000)) * scale;
        var weights = options.Weights switch
        {
            FileWeights.Inverse => SpatialWeights.InverseDistance(x, y, 1, band, unit),
            FileWeights.InverseSquared => SpatialWeights.InverseDistance(x, y, 2, band, unit),
            FileWeights.Knn => SpatialWeights.KNearestNeighbours(x, y, options.K),
            _ => SpatialWeights.FixedDistanceBand(x, y, band),
        };
        var gi = GetisOrd.LocalGStar(values, weights);
        var z = gi.Select(g => g.Z).ToArray();
        var p = gi.Select(g => g.P).ToArray();
        var bins = FalseDiscoveryRate.Bins(z, p, false);
        var fdr = FalseDiscoveryRate.Bins(z, p, true);
        return
        [
            ("gi_z", [.. z.Select(F)]),
            ("gi_p", [.. p.Select(F)]),
            ("gi_bin", [.. bins.Select(b => b.ToString(CultureInfo.InvariantCulture))]),
            ("gi_bin_fdr", [.. fdr.Select(b => b.ToString(CultureInfo.InvariantCulture))]),
            ("gi_neighbours", [.. gi.Select(g => g.NeighbourCount.ToString(CultureInfo.InvariantCulture))]),
        ];
    }

    /// <summary>
    /// Quartic kernel density (ArcGIS formula and default radius) at each row: the value of the grid cell holding the
    /// point, per km² (lon/lat) or per square unit (planar); <c>kde_radius</c> is the search radius used.
    /// </summary>
    /// <param name="table">The points.</param>
    /// <param name="populationColumn">A population (weight) column, or null.</param>
    /// <param name="radius">Search radius in the data's distance unit; null for ArcGIS's default.</param>
    /// <param name="cellSize">Grid cell size in the data's distance unit; null for the default.</param>
    public static IReadOnlyList<(string Name, string?[] Values)> Density(PointTable table, string? populationColumn, double? radius, double? cellSize)
    {
        ArgumentNullException.ThrowIfNull(table);
        var (x, y, scale) = Planar(table);
        var population = populationColumn is null ? [] : table.Values(populationColumn);
        var grid = KernelDensity.Estimate(x, y, population, new KernelDensityOptions
        {
            SearchRadiusMeters = radius * scale,
            CellSizeMeters = cellSize * scale,
            AreaUnit = table.Kind == CoordinateKind.Geographic ? DensityAreaUnit.SquareKilometers : DensityAreaUnit.SquareMeters,
        });
        var values = new string?[table.Count];
        for (var i = 0; i < table.Count; i++)
        {
            var column = Math.Clamp((int)Math.Floor((x[i] - grid.OriginX) / grid.CellSizeMeters), 0, grid.Columns - 1);
            var row = Math.Clamp((int)Math.Floor((grid.OriginY - y[i]) / grid.CellSizeMeters), 0, grid.Rows - 1);
            values[i] = F(grid[row, column]);
        }

        return [("kde", values), ("kde_radius", [.. Enumerable.Repeat(F(grid.SearchRadiusMeters / scale), table.Count)])];
    }

    /// <summary>
    /// Emerging hot spots on dated points: hexagons × years or quarters, Gi* per slice with the previous slice,
    /// Mann–Kendall per hexagon; each row gets its hexagon's <c>ehs_pattern</c>, <c>ehs_trend_z</c>, <c>ehs_trend_p</c>.
    /// </summary>
    /// <remarks>
    /// Lon/lat input: equal-area hexagons, <paramref name="cellArea"/> in km² and <paramref name="band"/> in km. Planar
    /// input: hexagons on the data's own plane, sizes in its own units (units², units). The plane is carried through the
    /// same pipeline by placing it, centred on its extent, on a Lambert azimuthal equal-area projection centred at
    /// (0, 0), which maps it back exactly (to ~1 mm): so the extent must lie within about 6,000,000 units of its centre.
    /// </remarks>
    /// <exception cref="FormatException">A date does not parse.</exception>
    public static IReadOnlyList<(string Name, string?[] Values)> Emerging(PointTable table, string dateColumn, EmergingHotSpotStep step,
        double? cellArea, double? band)
    {
        ArgumentNullException.ThrowIfNull(table);
        var dates = table.Texts(dateColumn).Select((d, i) =>
            DateOnly.TryParse(d?.Length >= 10 ? d[..10] : d, CultureInfo.InvariantCulture, out var date)
                ? date
                : throw new FormatException($"row {i + 1}: {dateColumn} '{d}' is not a date YYYY-MM-DD.")).ToArray();
        GeoPoint[] points;
        EqualAreaProjection? plane = null;
        double? cellAreaKm2 = cellArea, bandKm = band;
        if (table.Kind == CoordinateKind.Geographic)
        {
            points = [.. table.X.Select((x, i) => new GeoPoint(x, table.Y[i]))];
        }
        else
        {
            var (midX, midY) = ((table.X.Min() + table.X.Max()) / 2, (table.Y.Min() + table.Y.Max()) / 2);
            if (table.X.Max() - midX > 6e6 || table.Y.Max() - midY > 6e6)
            {
                throw new FormatException("emerging hot spots on planar data need an extent within 6,000,000 units of its centre.");
            }

            plane = new EqualAreaProjection(0, 0);
            var xs = table.X.Select(x => x - midX).ToArray();
            var ys = table.Y.Select(y => y - midY).ToArray();
            plane.InverseInPlace(xs, ys);
            points = [.. xs.Select((x, i) => new GeoPoint(x, ys[i]))];
            (cellAreaKm2, bandKm) = (cellArea / 1e6, band / 1000);
        }

        var parameters = new EmergingHotSpotParameters { CellAreaKm2 = cellAreaKm2, DistanceBandKm = bandKm, Step = step };
        var cube = EmergingHotSpotRun.Cube(points, dates, parameters, plane);
        var cx = cube.Aggregation.Bins.Select(c => c.CenterXMeters).ToArray();
        var cy = cube.Aggregation.Bins.Select(c => c.CenterYMeters).ToArray();
        var space = SpatialWeights.FixedDistanceBand(cx, cy, bandKm * 1000 ?? SpatialWeights.DefaultDistanceBandMeters(cx, cy));
        var results = EmergingHotSpotRun.Classify(cube.Counts, cx.Length, space, parameters.Significance);
        var index = new Dictionary<HexCell, int>();
        for (var i = 0; i < cube.Aggregation.Bins.Count; i++)
        {
            index[cube.Aggregation.Bins[i].Cell] = i;
        }

        var cellOf = points.Select(p =>
        {
            var (xm, ym) = cube.Aggregation.Projection.Forward(p.X, p.Y);
            return index[cube.Aggregation.Grid.CellAt(xm, ym)];
        }).ToArray();
        return
        [
            ("ehs_pattern", [.. cellOf.Select(c => EmergingHotSpotRun.PatternName(results[c].Pattern))]),
            ("ehs_trend_z", [.. cellOf.Select(c => F(results[c].Trend.Z))]),
            ("ehs_trend_p", [.. cellOf.Select(c => F(results[c].Trend.PValue))]),
        ];
    }

    /// <summary>
    /// Nearest international land border of each row within <paramref name="maxKm"/>: <c>border_km</c> (geodesic),
    /// <c>border_pair</c>, <c>border_segment</c>, <c>border_chainage_km</c>; empty beyond. Rows are lon/lat, or planar
    /// in a projected CRS that <see cref="PointTable.LonLat"/> can unproject.
    /// </summary>
    /// <exception cref="FormatException">Planar input in <c>planar</c> units or a CRS WEMS cannot unproject: its place on the earth is unknown.</exception>
    public static IReadOnlyList<(string Name, string?[] Values)> Border(PointTable table, IEnumerable<BorderLine> borders, double segmentKm, double maxKm)
    {
        ArgumentNullException.ThrowIfNull(table);
        var (lon, lat) = table.LonLat() ?? throw new FormatException(
            $"border distances need places on the earth: give lon/lat, or x/y with --crs of a projected CRS WEMS knows " +
            $"({string.Join(", ", Features.CrsRegistry.All.Where(c => c.Projected).Select(c => $"{c.Uri.Split('/')[^3]}:{c.Uri.Split('/')[^1]}"))}), not '{table.Crs ?? "planar"}'.");

        var segments = BorderSegmentation.Split(borders, new BorderSegmentationOptions { SegmentLengthKm = segmentKm });
        var near = BorderCaseAssignment.Assign(segments,
            lon.Select((x, i) => new CasePoint(i.ToString(CultureInfo.InvariantCulture), new GeoPoint(x, lat[i]))),
            new BorderCaseAssignmentOptions { MaxDistanceMeters = maxKm * 1000 }).ToDictionary(n => int.Parse(n.CaseId, CultureInfo.InvariantCulture));
        string?[] Column(Func<NearBorderCase, string> value) => [.. Enumerable.Range(0, table.Count).Select(i => near.TryGetValue(i, out var n) ? value(n) : null)];
        return
        [
            ("border_km", Column(n => F(n.DistanceMeters / 1000))),
            ("border_pair", Column(n => n.Segment.PairId)),
            ("border_segment", Column(n => n.Segment.Id)),
            ("border_chainage_km", Column(n => F(n.ChainageKm))),
        ];
    }

    /// <summary>Planar coordinates in metres-like units and the factor from the data's distance unit to them.</summary>
    private static (double[] X, double[] Y, double Scale) Planar(PointTable table)
    {
        if (table.Kind == CoordinateKind.Planar)
        {
            return (table.X, table.Y, 1);
        }

        var projection = EqualAreaProjection.ForExtent(table.X.Min(), table.Y.Min(), table.X.Max(), table.Y.Max());
        var x = new double[table.Count];
        var y = new double[table.Count];
        for (var i = 0; i < table.Count; i++)
        {
            (x[i], y[i]) = projection.Forward(table.X[i], table.Y[i]);
        }

        return (x, y, 1000);
    }
}
