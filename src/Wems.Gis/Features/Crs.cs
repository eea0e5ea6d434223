using NetTopologySuite.Geometries;
using ProjNet.CoordinateSystems;
using ProjNet.CoordinateSystems.Transformations;

namespace Wems.Gis.Features;

/// <summary>
/// A coordinate reference system that the OGC API serves (Part 2, CRS by reference), with the ProjNet
/// transformation from and to WGS84 longitude/latitude (the storage CRS).
/// </summary>
/// <param name="Uri">OGC URI (<c>http://www.opengis.net/def/crs/EPSG/0/32637</c>).</param>
/// <param name="Srid">The SRID PostGIS uses for it (for cross-checks).</param>
/// <param name="LatitudeFirst">True when the CRS's axis order is latitude, longitude (EPSG:4326).</param>
/// <param name="Projected">True for a projected CRS (coordinates in metres).</param>
public sealed record SupportedCrs(string Uri, int Srid, bool LatitudeFirst, bool Projected)
{
    /// <summary>Decimals written for coordinates: 7 for degrees (~1 cm), 3 for metres (1 mm).</summary>
    public int Decimals => Projected ? 3 : 7;

    /// <summary>True for CRS84 and EPSG:4326: no reprojection, at most an axis swap.</summary>
    public bool IsWgs84 => Srid == 4326;
}

/// <summary>The CRS list of every collection, and coordinate transformation between them with ProjNet.</summary>
public static class CrsRegistry
{
    public const string Crs84Uri = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";

    public static SupportedCrs Crs84 { get; } = new(Crs84Uri, 4326, false, false);

    /// <summary>
    /// CRS84 (storage), EPSG:4326 (latitude first), EPSG:3857 (web maps), EPSG:32636 and EPSG:32637 (UTM
    /// zones of East Africa) and ESRI:102022 (Africa Albers Equal Area Conic, for areas).
    /// </summary>
    public static IReadOnlyList<SupportedCrs> All { get; } =
    [
        Crs84,
        new("http://www.opengis.net/def/crs/EPSG/0/4326", 4326, true, false),
        new("http://www.opengis.net/def/crs/EPSG/0/3857", 3857, false, true),
        new("http://www.opengis.net/def/crs/EPSG/0/32636", 32636, false, true),
        new("http://www.opengis.net/def/crs/EPSG/0/32637", 32637, false, true),
        new("http://www.opengis.net/def/crs/ESRI/0/102022", 102022, false, true),
    ];

    // Projection parameters as PostGIS 3.3's spatial_ref_sys (EPSG 10.x / ESRI) gives them.
    private static readonly Dictionary<int, string> Wkt = new()
    {
        [32636] = Utm(33, 36),
        [32637] = Utm(39, 37),
        [102022] = """
            PROJCS["Africa_Albers_Equal_Area_Conic",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],
            PRIMEM["Greenwich",0],UNIT["Degree",0.0174532925199433]],PROJECTION["Albers_Conic_Equal_Area"],
            PARAMETER["latitude_of_center",0],PARAMETER["longitude_of_center",25],PARAMETER["standard_parallel_1",20],
            PARAMETER["standard_parallel_2",-23],PARAMETER["false_easting",0],PARAMETER["false_northing",0],UNIT["metre",1]]
            """,
    };

    private static string Utm(int centralMeridian, int zone) =>
        $"PROJCS[\"WGS 84 / UTM zone {zone}N\",GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,298.257223563]]," +
        "PRIMEM[\"Greenwich\",0],UNIT[\"degree\",0.0174532925199433]],PROJECTION[\"Transverse_Mercator\"]," +
        $"PARAMETER[\"latitude_of_origin\",0],PARAMETER[\"central_meridian\",{centralMeridian}],PARAMETER[\"scale_factor\",0.9996]," +
        "PARAMETER[\"false_easting\",500000],PARAMETER[\"false_northing\",0],UNIT[\"metre\",1]]";

    /// <summary>The CRS for <paramref name="uri"/> (also accepts <c>EPSG:3857</c>-style short forms).</summary>
    /// <exception cref="InvalidParameterException">Not a CRS this server offers; the message lists them.</exception>
    public static SupportedCrs Find(string uri, string parameter)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var match = All.FirstOrDefault(c => c.Uri == uri.Trim('<', '>', '[', ']'))
                    ?? All.FirstOrDefault(c => $"{c.Uri.Split('/')[^3]}:{c.Uri.Split('/')[^1]}".Equals(uri, StringComparison.OrdinalIgnoreCase));
        return match ?? throw new InvalidParameterException(parameter,
            $"'{uri}' is not a supported CRS; use one of {string.Join(", ", All.Select(c => c.Uri))}.");
    }

    /// <summary>
    /// A transformation from WGS84 longitude/latitude to <paramref name="crs"/> (or back, with
    /// <paramref name="inverse"/>); null for the WGS84 CRSs, which need at most an axis swap.
    /// </summary>
    /// <remarks>ProjNet transformations are not documented as thread-safe: create one per request.</remarks>
    public static MathTransform? Transform(SupportedCrs crs, bool inverse = false)
    {
        ArgumentNullException.ThrowIfNull(crs);
        if (crs.IsWgs84)
        {
            return null;
        }

        var target = crs.Srid == 3857
            ? (CoordinateSystem)ProjectedCoordinateSystem.WebMercator
            : new CoordinateSystemFactory().CreateFromWkt(Wkt[crs.Srid]);
        var transform = new CoordinateTransformationFactory().CreateFromCoordinateSystems(GeographicCoordinateSystem.WGS84, target).MathTransform;
        if (inverse)
        {
            transform.Invert();
        }

        return transform;
    }

    /// <summary>
    /// <paramref name="geometry"/> (WGS84 lon/lat) in <paramref name="crs"/>, with x and y swapped for a
    /// latitude-first CRS so that a writer can emit coordinates in the CRS's axis order.
    /// </summary>
    public static Geometry ToCrs(Geometry geometry, SupportedCrs crs, MathTransform? transform)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(crs);
        var copy = geometry.Copy();
        copy.Apply(new CoordinateFilter(c =>
        {
            if (transform is not null)
            {
                var (x, y) = transform.Transform(c.X, c.Y);
                c.X = x;
                c.Y = y;
            }

            if (crs.LatitudeFirst)
            {
                (c.X, c.Y) = (c.Y, c.X);
            }
        }));
        copy.GeometryChanged();
        return copy;
    }

    /// <summary>
    /// A bbox given in <paramref name="crs"/> (axis order of that CRS) as a CRS84 box: the corners and edge
    /// midpoints are transformed (a projected box's edges are curves in longitude/latitude) and enclosed.
    /// </summary>
    public static BoundingBox BboxToCrs84(double a0, double a1, double b0, double b1, SupportedCrs crs)
    {
        ArgumentNullException.ThrowIfNull(crs);
        if (crs.IsWgs84)
        {
            return crs.LatitudeFirst ? new BoundingBox(a1, a0, b1, b0) : new BoundingBox(a0, a1, b0, b1);
        }

        var inverse = Transform(crs, inverse: true)!;
        double minX = double.MaxValue, minY = double.MaxValue, maxX = double.MinValue, maxY = double.MinValue;
        const int steps = 8;
        for (var i = 0; i <= steps; i++)
        {
            var t = (double)i / steps;
            foreach (var (x, y) in new[] { (a0 + t * (b0 - a0), a1), (a0 + t * (b0 - a0), b1), (a0, a1 + t * (b1 - a1)), (b0, a1 + t * (b1 - a1)) })
            {
                var (lon, lat) = inverse.Transform(x, y);
                minX = Math.Min(minX, lon);
                minY = Math.Min(minY, lat);
                maxX = Math.Max(maxX, lon);
                maxY = Math.Max(maxY, lat);
            }
        }

        return new BoundingBox(Math.Max(minX, -180), Math.Max(minY, -90), Math.Min(maxX, 180), Math.Min(maxY, 90));
    }

    private sealed class CoordinateFilter(Action<Coordinate> action) : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq)
        {
            for (var i = 0; i < seq.Count; i++)
            {
                var c = seq.GetCoordinate(i);
                action(c);
                seq.SetX(i, c.X);
                seq.SetY(i, c.Y);
            }
        }
    }
}
