using System.Text.Json;
using Wems.Gis.Reference;
using Wems.Gis.Reports;
using Wems.Web.Cli;
using Wems.Web.Tests.Support;

namespace Wems.Web.Tests.Reports;

public sealed class ExportCommandTests(WemsFactory factory) : IClassFixture<WemsFactory>, IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("wems-export-").FullName;

    [Fact]
    public async Task Export_cites_writes_the_csv_report_of_the_country_and_year()
    {
        var output = Path.Combine(folder, "ke-2020.csv");

        var code = await ExportCommand.RunAsync(factory.Services, ["cites", "--country", "KE", "--year", "2020", "--out", output]);

        Assert.Equal(0, code);
        var records = Csv.Parse(await File.ReadAllTextAsync(output), output);
        Assert.Equal(CitesReport.Columns.Select(c => c.Header), records[0].Fields);
        Assert.True(records.Count > 1);
    }

    [Fact]
    public async Task Export_ecomessage_writes_a_package_that_validates_against_the_schema()
    {
        var output = Path.Combine(folder, "ke.json");

        var code = await ExportCommand.RunAsync(factory.Services, ["ecomessage", "--country", "KE", "--shared", "--from", "2022-01-01", "--out", output]);

        Assert.Equal(0, code);
        var package = JsonDocument.Parse(await File.ReadAllTextAsync(output)).RootElement;
        Assert.NotEmpty(package.GetProperty("cases").EnumerateArray());
        Assert.All(package.GetProperty("cases").EnumerateArray(), c => Assert.False(c.TryGetProperty("nominal", out _)));
        Assert.Empty(SchemaCheck.Errors(SchemaCheck.Load(), package));
    }

    [Fact]
    public async Task Export_without_an_output_file_prints_the_usage()
    {
        Assert.Equal(2, await ExportCommand.RunAsync(factory.Services, ["cites", "--country", "KE", "--year", "2020"]));
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
