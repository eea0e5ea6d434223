using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Linemerge;

namespace Wems.Gis.Geography;

/// <summary>
/// Derives international land borders from the shared arcs of a TopoJSON country topology.
/// </summary>
/// <remarks>
/// In a TopoJSON topology two adjacent polygons reference the same arc, so the boundary between two countries is
/// exactly the set of arcs that both use. Coastlines are arcs used by one feature only and are never borders.
/// </remarks>
public static class BorderDerivation
{
    private const double SemiMajorAxisMeters = 6378137.0;
    private const double Flattening = 1 / 298.257223563;
    private const double SemiMinorAxisMeters = SemiMajorAxisMeters * (1 - Flattening);
    private const double MeanRadiusMeters = 6371008.8;

    /// <summary>
    /// Alpha-2 codes for Natural Earth features that have no ISO numeric id in <c>world-atlas</c>, by their
    /// Natural Earth <c>name</c> property.
    /// </summary>
    /// <remarks>
    /// Somaliland → Somalia "SO" (so that the Ethiopia–Somalia and Djibouti–Somalia borders are complete);
    /// N. Cyprus and the Cyprus U.N. Buffer Zone → Cyprus "CY"; Kosovo → "XK" (user-assigned code, as used by
    /// i18n-iso-countries and the European Commission); Baikonur (leased by Russia, Kazakh territory) → "KZ".
    /// This follows ISO 3166-1, which lists states, and takes no position on the disputes. Other features without
    /// an id are left unmapped (Siachen Glacier, Dhekelia, Akrotiri, Guantanamo, Spratly Is., Scarborough Reef,
    /// reefs and banks, Indian Ocean Ter.): their arcs never form a border, so for example the India–Pakistan
    /// border has a gap along the Siachen Glacier.
    /// </remarks>
    public static IReadOnlyDictionary<string, string> UnidentifiedFeatureCodes { get; } =
        new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Somaliland"] = "SO",
            ["N. Cyprus"] = "CY",
            ["Cyprus U.N. Buffer Zone"] = "CY",
            ["Kosovo"] = "XK",
            ["Baikonur"] = "KZ",
        };

    /// <summary>
    /// The ISO alpha-2 code of a Natural Earth country feature: its numeric id looked up in
    /// <paramref name="alpha2ByNumeric"/>, else its name looked up in <see cref="UnidentifiedFeatureCodes"/>,
    /// else null.
    /// </summary>
    /// <param name="feature">A member of the <c>countries</c> object of a world-atlas topology.</param>
    /// <param name="alpha2ByNumeric">ISO 3166-1 numeric code ("404") to alpha-2 code ("KE").</param>
    public static string? CountryCode(TopoFeature feature, IReadOnlyDictionary<string, string> alpha2ByNumeric)
    {
        ArgumentNullException.ThrowIfNull(feature);
        ArgumentNullException.ThrowIfNull(alpha2ByNumeric);
        if (feature.Id is { } id && alpha2ByNumeric.TryGetValue(id, out var alpha2))
        {
            return alpha2;
        }

        return feature.Id is null && feature.Name is { } name && UnidentifiedFeatureCodes.TryGetValue(name, out var code)
            ? code
            : null;
    }

    /// <summary>
    /// Land borders between countries: every arc used by exactly two features that belong to two different
    /// countries, grouped by country pair and merged into lines.
    /// </summary>
    /// <param name="topology">The topology whose arcs <paramref name="features"/> reference.</param>
    /// <param name="features">The country features (e.g. <c>topology.Features("countries")</c>).</param>
    /// <param name="countryOf">The country key of a feature (an alpha-2 code), or null for a feature that belongs to
    /// no country. Several features may share a key (Somalia and Somaliland are both "SO").</param>
    /// <returns>One <see cref="BorderLine"/> per country pair that shares at least one arc, ordered by
    /// (<see cref="BorderLine.Iso2A"/>, <see cref="BorderLine.Iso2B"/>) with A &lt; B in ordinal order.</returns>
    /// <remarks>
    /// Arcs used by two features of the same country, by a country and an unmapped feature, or by one feature only
    /// (coasts) are not borders. The arcs of a pair are merged with the NTS <see cref="LineMerger"/>, so each
    /// returned line is a maximal chain of arcs; the lines are ordered by their first coordinate (x, then y) so
    /// output is deterministic. <see cref="BorderLine.LengthKm"/> is <see cref="GeodesicLengthKm"/> of the merged
    /// lines.
    /// </remarks>
    public static IReadOnlyList<BorderLine> Derive(
        Topology topology,
        IReadOnlyList<TopoFeature> features,
        Func<TopoFeature, string?> countryOf)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(countryOf);

        // For each arc, the country key of every feature that uses it (unmapped features count as null).
        var users = new List<string?>[topology.Arcs.Count];
        foreach (var feature in features)
        {
            var country = countryOf(feature);
            foreach (var arc in feature.ArcIndices)
            {
                (users[arc] ??= []).Add(country);
            }
        }

        var arcsByPair = new SortedDictionary<(string A, string B), List<LineString>>();
        for (var arc = 0; arc < users.Length; arc++)
        {
            if (users[arc] is [{ } first, { } second] && !string.Equals(first, second, StringComparison.Ordinal))
            {
                var pair = string.CompareOrdinal(first, second) < 0 ? (first, second) : (second, first);
                if (!arcsByPair.TryGetValue(pair, out var lines))
                {
                    arcsByPair[pair] = lines = [];
                }

                lines.Add(topology.Arcs[arc]);
            }
        }

        return [.. arcsByPair.Select(entry => Border(entry.Key.A, entry.Key.B, entry.Value))];
    }

    private static BorderLine Border(string a, string b, List<LineString> arcs)
    {
        var merger = new LineMerger();
        merger.Add(arcs);
        var merged = merger.GetMergedLineStrings()
            .Cast<LineString>()
            .OrderBy(line => line.StartPoint.X)
            .ThenBy(line => line.StartPoint.Y)
            .ToArray();
        var geometry = arcs[0].Factory.CreateMultiLineString(merged);
        return new BorderLine(a, b, geometry, GeodesicLengthKm(geometry));
    }

    /// <summary>
    /// Length of a lineal geometry in kilometres, as the sum over its segments of the geodesic distance between
    /// consecutive vertices on the WGS84 ellipsoid (<see cref="GeodesicDistanceMeters"/>).
    /// </summary>
    /// <param name="lineal">A LineString or MultiLineString (any geometry: its line components are summed) with
    /// x = longitude and y = latitude in degrees (EPSG:4326).</param>
    /// <remarks>
    /// Each segment is taken as the geodesic between its end points, which for Natural Earth 10m vertices (a few
    /// hundred metres apart) differs from a rhumb or plate-carrée segment by far less than the data's accuracy.
    /// A spherical haversine on the mean radius would differ by up to ±0.5 % depending on latitude and direction.
    /// </remarks>
    public static double GeodesicLengthKm(Geometry lineal)
    {
        ArgumentNullException.ThrowIfNull(lineal);
        var meters = 0.0;
        for (var i = 0; i < lineal.NumGeometries; i++)
        {
            if (lineal.GetGeometryN(i) is LineString line)
            {
                var sequence = line.CoordinateSequence;
                for (var k = 1; k < sequence.Count; k++)
                {
                    meters += GeodesicDistanceMeters(sequence.GetCoordinate(k - 1), sequence.GetCoordinate(k));
                }
            }
        }

        return meters / 1000.0;
    }

    /// <summary>
    /// Geodesic distance in metres between two WGS84 positions (x = longitude, y = latitude, degrees) on the WGS84
    /// ellipsoid, by Vincenty's inverse formula (T. Vincenty, Survey Review 23(176), 1975), iterated to 1e-12 rad.
    /// </summary>
    /// <remarks>
    /// Accurate to well under a millimetre. For nearly antipodal points, where the iteration may not converge, it
    /// falls back to the haversine distance on the mean Earth radius (6 371 008.8 m); border segments never get
    /// there. Identical positions give 0.
    /// </remarks>
    public static double GeodesicDistanceMeters(Coordinate a, Coordinate b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var l = NormalizeRadians(ToRadians(b.X - a.X));
        var u1 = Math.Atan((1 - Flattening) * Math.Tan(ToRadians(a.Y)));
        var u2 = Math.Atan((1 - Flattening) * Math.Tan(ToRadians(b.Y)));
        double sinU1 = Math.Sin(u1), cosU1 = Math.Cos(u1), sinU2 = Math.Sin(u2), cosU2 = Math.Cos(u2);

        var lambda = l;
        for (var iteration = 0; iteration < 200; iteration++)
        {
            double sinLambda = Math.Sin(lambda), cosLambda = Math.Cos(lambda);
            var sinSigma = Math.Sqrt(Square(cosU2 * sinLambda) + Square(cosU1 * sinU2 - sinU1 * cosU2 * cosLambda));
            if (sinSigma == 0)
            {
                return 0;
            }

            var cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosLambda;
            var sigma = Math.Atan2(sinSigma, cosSigma);
            var sinAlpha = cosU1 * cosU2 * sinLambda / sinSigma;
            var cosSqAlpha = 1 - sinAlpha * sinAlpha;
            // On the equator cos²α = 0 and the term is undefined; its limit is 0.
            var cos2SigmaM = cosSqAlpha == 0 ? 0 : cosSigma - 2 * sinU1 * sinU2 / cosSqAlpha;
            var c = Flattening / 16 * cosSqAlpha * (4 + Flattening * (4 - 3 * cosSqAlpha));
            var previous = lambda;
            lambda = l + (1 - c) * Flattening * sinAlpha
                * (sigma + c * sinSigma * (cos2SigmaM + c * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)));
            if (Math.Abs(lambda - previous) < 1e-12)
            {
                var uSq = cosSqAlpha * (Square(SemiMajorAxisMeters) - Square(SemiMinorAxisMeters))
                    / Square(SemiMinorAxisMeters);
                var bigA = 1 + uSq / 16384 * (4096 + uSq * (-768 + uSq * (320 - 175 * uSq)));
                var bigB = uSq / 1024 * (256 + uSq * (-128 + uSq * (74 - 47 * uSq)));
                var deltaSigma = bigB * sinSigma * (cos2SigmaM + bigB / 4 * (cosSigma * (-1 + 2 * Square(cos2SigmaM))
                    - bigB / 6 * cos2SigmaM * (-3 + 4 * Square(sinSigma)) * (-3 + 4 * Square(cos2SigmaM))));
                return SemiMinorAxisMeters * bigA * (sigma - deltaSigma);
            }
        }

        return Haversine(a, b);
    }

    private static double Haversine(Coordinate a, Coordinate b)
    {
        var h = Square(Math.Sin(ToRadians(b.Y - a.Y) / 2))
            + Math.Cos(ToRadians(a.Y)) * Math.Cos(ToRadians(b.Y)) * Square(Math.Sin(ToRadians(b.X - a.X) / 2));
        return 2 * MeanRadiusMeters * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }

    private static double ToRadians(double degrees) => degrees * Math.PI / 180;

    private static double NormalizeRadians(double radians) =>
        radians > Math.PI ? radians - 2 * Math.PI : radians < -Math.PI ? radians + 2 * Math.PI : radians;

    private static double Square(double value) => value * value;
}
