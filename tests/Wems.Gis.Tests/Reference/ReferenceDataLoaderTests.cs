using Wems.Gis.Reference;

namespace Wems.Gis.Tests.Reference;

/// <summary>Behaviour of the loader itself, on scratch data folders written by each test.</summary>
public sealed class ReferenceDataLoaderTests
{
    private const string SiteHeader = "name,country,x,y,radius_km,approximate,code,neighbour,population,source\n";

    private static readonly string Data = ReferenceDataFiles.FindDataDirectory();

    [Fact]
    public void FindDataDirectory_walks_up_from_the_test_binaries_to_the_repository_data_folder()
    {
        Assert.Equal("data", Path.GetFileName(Data));
        Assert.True(File.Exists(Path.Combine(Data, ReferenceDataFiles.SpeciesFileName)));
    }

    [Fact]
    public void FindDataDirectory_started_inside_the_data_folder_finds_that_folder()
    {
        Assert.Equal(Data, ReferenceDataFiles.FindDataDirectory(Path.Combine(Data, "sites")));
    }

    [Fact]
    public void FindDataDirectory_names_the_start_folder_when_no_data_folder_is_found()
    {
        using var folder = new TempFolder();

        var error = Assert.Throws<InvalidOperationException>(() => ReferenceDataFiles.FindDataDirectory(folder.Path));

        Assert.Contains(folder.Path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_protected_area_radius_in_kilometres_is_read_in_metres()
    {
        using var folder = new TempFolder();
        folder.Write("sites/protected_areas.csv", SiteHeader + "Amboseli National Park,KE,37.26,-2.65,11.2,true,,,,test\n");

        var park = Assert.Single(ReferenceDataFiles.LoadSites(folder.Path, SiteKind.ProtectedArea));

        Assert.Equal(11_200, park.RadiusMeters!.Value, 1e-9);
        Assert.Equal((37.26, -2.65), (park.Location.X, park.Location.Y));
        Assert.Equal(SiteKind.ProtectedArea, park.Kind);
    }

    [Fact]
    public void A_latitude_out_of_range_is_reported_with_file_and_line()
    {
        using var folder = new TempFolder();
        folder.Write("sites/cities.csv", SiteHeader + "Nairobi,KE,36.8,-1.3,,false,,,3000000,test\nSwapped,KE,-1.3,136.8,,false,,,1000,test\n");

        var error = Assert.Throws<CsvFormatException>(() => ReferenceDataFiles.LoadSites(folder.Path, SiteKind.City));

        Assert.Equal(("cities.csv", 3, "y"), (error.SourceName, error.LineNumber, error.Column));
    }

    [Fact]
    public void A_border_post_without_a_neighbour_is_rejected()
    {
        using var folder = new TempFolder();
        folder.Write("sites/border_posts.csv", SiteHeader + "Namanga,KE,36.79,-2.55,,false,,,,test\n");

        var error = Assert.Throws<CsvFormatException>(() => ReferenceDataFiles.LoadSites(folder.Path, SiteKind.BorderPost));

        Assert.Equal("neighbour", error.Column);
    }

    [Fact]
    public void A_country_that_is_not_an_alpha_2_code_is_rejected()
    {
        using var folder = new TempFolder();
        folder.Write("sites/airports.csv", SiteHeader + "Entebbe,UGA,32.44,0.04,,false,EBB,,,test\n");

        var error = Assert.Throws<CsvFormatException>(() => ReferenceDataFiles.LoadSites(folder.Path, SiteKind.Airport));

        Assert.Equal("country", error.Column);
    }

    [Fact]
    public void A_site_file_without_the_population_column_is_reported()
    {
        using var folder = new TempFolder();
        folder.Write("sites/seaports.csv", "name,country,x,y,radius_km,approximate,code,neighbour,source\nLamu,KE,40.9,-2.27,,false,KELAU,,test\n");

        var error = Assert.Throws<CsvFormatException>(() => ReferenceDataFiles.LoadSites(folder.Path, SiteKind.Seaport));

        Assert.Equal(("seaports.csv", "population"), (error.SourceName, error.Column));
    }

    [Theory]
    [InlineData("Manis gigantea,Giant pangolin,Pangolin géant,pangolin,IV,test\n")]
    [InlineData("Manis gigantea,Giant pangolin,Pangolin géant,pangolin,I,test\nManis gigantea,Giant pangolin,Pangolin géant,pangolin,I,test\n")]
    public void A_species_with_an_unknown_appendix_or_listed_twice_is_rejected(string rows)
    {
        using var folder = new TempFolder();
        folder.Write("species.csv", "scientific_name,common_name_en,common_name_fr,group,cites_appendix,source\n" + rows);

        Assert.Throws<CsvFormatException>(() => ReferenceDataFiles.LoadSpecies(folder.Path));
    }

    [Fact]
    public void A_code_listed_twice_is_reported_with_its_line()
    {
        using var folder = new TempFolder();
        folder.Write("codes/transport_modes.csv", "code,label_en,label_fr,source\nrail,Rail,Chemin de fer,test\nrail,Rail,Rail,test\n");

        var error = Assert.Throws<CsvFormatException>(() => ReferenceDataFiles.LoadCodeList(folder.Path, CodeListNames.TransportModes));

        Assert.Equal(3, error.LineNumber);
    }

    [Theory]
    [InlineData("../species")]
    [InlineData("Transport_Modes")]
    public void A_code_list_name_that_is_not_a_plain_name_is_rejected(string listName)
    {
        Assert.Throws<ArgumentException>(() => ReferenceDataFiles.LoadCodeList(Data, listName));
    }

    /// <summary>A scratch data folder, deleted on dispose.</summary>
    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("wems-ref-").FullName;

        public void Write(string relativePath, string content)
        {
            var file = System.IO.Path.Combine(Path, relativePath);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
            File.WriteAllText(file, content);
        }

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
