using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Distance;
using Wems.Gis.Geography;

namespace Wems.Gis.Tests.Geography;

/// <summary>Checks the committed <c>data/*.geojson</c> files built by <see cref="CountryDataBuilder"/>.</summary>
/// <remarks>
/// Expected lengths were cross-checked by hand against Natural Earth's own
/// <c>ne_10m_admin_0_boundary_lines_land</c> (haversine sums: KE–TZ 762.8 km, KE–UG 748.8 km, CD–CG 1473.1 km,
/// ETH–SOM 858.6 km + ETH–Somaliland 761.3 km).
/// </remarks>
public sealed class CommittedCountryDataTests
{
    private static readonly Lazy<IReadOnlyList<BorderLine>> Borders =
        new(() => CountryFiles.ReadBorders(DataFile(CountryFiles.BordersFileName)));

    private static readonly Lazy<IReadOnlyList<CountryShape>> Region =
        new(() => CountryFiles.ReadCountries(DataFile(CountryFiles.RegionFileName)));

    [Theory]
    [InlineData("KE", "TZ", 740, 790)] // world-atlas 10m: ~763 km
    [InlineData("KE", "UG", 720, 790)] // ~749 km
    [InlineData("CD", "CG", 1440, 1510)] // ~1470 km
    [InlineData("ET", "SO", 1580, 1660)] // ~1619 km, only with Somaliland counted as Somalia
    public void A_border_has_the_length_Natural_Earth_gives(string a, string b, double minKm, double maxKm)
    {
        var border = Border(a, b);

        Assert.InRange(border.LengthKm, minKm, maxKm);
        Assert.Equal(border.LengthKm, BorderDerivation.GeodesicLengthKm(border.Geometry), 0.5);
    }

    [Fact]
    public void Every_border_joins_two_different_countries_in_alphabetical_order()
    {
        Assert.NotEmpty(Borders.Value);
        Assert.All(Borders.Value, b => Assert.True(string.CompareOrdinal(b.Iso2A, b.Iso2B) < 0, $"{b.Iso2A}-{b.Iso2B}"));
        Assert.Equal(Borders.Value.Count, Borders.Value.Select(b => (b.Iso2A, b.Iso2B)).Distinct().Count());
    }

    [Fact]
    public void The_region_file_has_the_partner_countries_with_valid_polygons()
    {
        var codes = Region.Value.Select(c => c.Iso2).ToHashSet();

        Assert.Superset(new HashSet<string> { "KE", "TZ", "UG", "CG", "CD", "CN", "VN" }, codes);
        Assert.All(Region.Value, c => Assert.True(c.Geometry.IsValid, c.Iso2));
        Assert.All(Region.Value, c => Assert.IsAssignableFrom<IPolygonal>(c.Geometry));
    }

    [Fact]
    public void The_two_sides_of_the_Kenya_Tanzania_border_at_Namanga_are_the_right_countries()
    {
        // Namanga town is at about 36.79° E, 2.53° S; the border runs north-west to south-east through it.
        var namanga = new Point(36.79, -2.53) { SRID = 4326 };
        var onBorder = DistanceOp.NearestPoints(Border("KE", "TZ").Geometry, namanga)[0];
        // 5 km of latitude is 5 / 110.6 ≈ 0.0452°; Kenya lies to the north-east, Tanzania to the south-west.
        var north = new Point(onBorder.X, onBorder.Y + 0.0452);
        var south = new Point(onBorder.X, onBorder.Y - 0.0452);

        Assert.True(Country("KE").Contains(north));
        Assert.False(Country("TZ").Contains(north));
        Assert.True(Country("TZ").Contains(south));
        Assert.False(Country("KE").Contains(south));
    }

    [Fact]
    public void Country_names_come_in_English_and_French()
    {
        var congo = Region.Value.Single(c => c.Iso2 == "CG");

        Assert.Equal(("COG", "178"), (congo.Iso3, congo.Numeric));
        Assert.Equal("Republic of the Congo", congo.NameEn);
        Assert.Equal("République du Congo", congo.NameFr);
    }

    private static BorderLine Border(string a, string b) =>
        Borders.Value.Single(border => border.Iso2A == a && border.Iso2B == b);

    private static Geometry Country(string iso2) => Region.Value.Single(c => c.Iso2 == iso2).Geometry;

    private static string DataFile(string name)
    {
        // The committed data folder sits next to Wems.sln at the repository root.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Wems.sln")))
            {
                return Path.Combine(dir.FullName, "data", name);
            }
        }

        throw new InvalidOperationException("Wems.sln not found above " + AppContext.BaseDirectory);
    }
}
