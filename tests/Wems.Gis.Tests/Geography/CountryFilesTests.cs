using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using Wems.Gis.Geography;

namespace Wems.Gis.Tests.Geography;

public sealed class CountryFilesTests
{
    [Fact]
    public void A_written_country_file_reads_back_with_its_codes_names_and_geometry()
    {
        var square = new WKTReader().Read("POLYGON ((36 0, 36.1 0, 36.1 0.1, 36 0.1, 36 0))");
        var kenya = new CountryShape("KE", "KEN", "404", "Kenya", "Kenya", square);
        var path = Path.GetTempFileName();
        try
        {
            CountryFiles.WriteCountries(path, [kenya]);
            var read = Assert.Single(CountryFiles.ReadCountries(path));

            Assert.Equal(kenya with { Geometry = read.Geometry }, read);
            Assert.True(read.Geometry.EqualsExact(square, 1e-12));
            Assert.Equal(4326, read.Geometry.SRID);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_written_border_file_reads_back_with_its_pair_and_length()
    {
        var line = (MultiLineString)new WKTReader().Read("MULTILINESTRING ((36 0, 36.1 0))");
        var border = new BorderLine("KE", "TZ", line, 11.1319491);
        var path = Path.GetTempFileName();
        try
        {
            CountryFiles.WriteBorders(path, [border], code => code == "KE" ? "Kenya" : "Tanzania");
            var read = Assert.Single(CountryFiles.ReadBorders(path));

            Assert.Equal(("KE", "TZ"), (read.Iso2A, read.Iso2B));
            Assert.Equal(11.132, read.LengthKm, 1e-9);
            Assert.True(read.Geometry.EqualsExact(line, 1e-12));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
