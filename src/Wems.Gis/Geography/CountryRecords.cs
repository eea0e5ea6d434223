using NetTopologySuite.Geometries;

namespace Wems.Gis.Geography;

/// <summary>A country's polygon with its ISO 3166-1 codes and names, as stored in the country GeoJSON files.</summary>
/// <param name="Iso2">ISO 3166-1 alpha-2 code ("KE"); "XK" for Kosovo (user-assigned, as i18n-iso-countries).</param>
/// <param name="Iso3">ISO 3166-1 alpha-3 code ("KEN").</param>
/// <param name="Numeric">ISO 3166-1 numeric code as three digits ("404").</param>
/// <param name="NameEn">English short name (i18n-iso-countries, first listed form).</param>
/// <param name="NameFr">French short name (i18n-iso-countries, first listed form).</param>
/// <param name="Geometry">Polygon or MultiPolygon in WGS84 (SRID 4326, x = longitude, y = latitude).</param>
public sealed record CountryShape(
    string Iso2,
    string Iso3,
    string Numeric,
    string NameEn,
    string NameFr,
    Geometry Geometry);

/// <summary>An international land border between two countries, keyed by the country pair.</summary>
/// <param name="Iso2A">Alpha-2 code of the first country; ordinally less than <paramref name="Iso2B"/>.</param>
/// <param name="Iso2B">Alpha-2 code of the second country.</param>
/// <param name="Geometry">The border as merged lines in WGS84 (SRID 4326, x = longitude, y = latitude).</param>
/// <param name="LengthKm">Geodesic length on the WGS84 ellipsoid, kilometres
/// (see <see cref="BorderDerivation.GeodesicLengthKm"/>).</param>
public sealed record BorderLine(string Iso2A, string Iso2B, MultiLineString Geometry, double LengthKm);
