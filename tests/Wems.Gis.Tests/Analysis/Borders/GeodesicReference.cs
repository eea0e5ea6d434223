using NetTopologySuite.Geometries;
using Wems.Gis.Cases;
using Wems.Gis.Geography;

namespace Wems.Gis.Tests.Analysis.Borders;

/// <summary>
/// A slow, independent point-to-line distance for checking the fast one: on every edge, the minimum over the edge
/// parameter of the Vincenty distance to the point (golden-section search, 80 steps), no projection at all.
/// </summary>
internal static class GeodesicReference
{
    private static readonly double InverseGolden = (Math.Sqrt(5) - 1) / 2;

    public static double DistanceMeters(GeoPoint point, LineString line)
    {
        var p = new Coordinate(point.X, point.Y);
        var c = line.Coordinates;
        var best = double.MaxValue;
        for (var i = 1; i < c.Length; i++)
        {
            double At(double t) => BorderDerivation.GeodesicDistanceMeters(
                p, new Coordinate(c[i - 1].X + t * (c[i].X - c[i - 1].X), c[i - 1].Y + t * (c[i].Y - c[i - 1].Y)));

            double lo = 0, hi = 1;
            for (var step = 0; step < 80; step++)
            {
                var m1 = hi - InverseGolden * (hi - lo);
                var m2 = lo + InverseGolden * (hi - lo);
                if (At(m1) < At(m2))
                {
                    hi = m2;
                }
                else
                {
                    lo = m1;
                }
            }

            best = Math.Min(best, Math.Min(At((lo + hi) / 2), Math.Min(At(0), At(1))));
        }

        return best;
    }
}
