using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
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
    public async Task Exports_of_nominal_data_are_audited_before_the_file_is_written_and_others_are_not()
    {
        var before = await CliExportEntriesAsync();

        await ExportCommand.RunAsync(factory.Services, ["ecomessage", "--country", "KE", "--shared", "--out", Path.Combine(folder, "plain.json")]);
        var afterPlain = await CliExportEntriesAsync();
        await ExportCommand.RunAsync(factory.Services, ["ecomessage", "--country", "KE", "--nominal", "--out", Path.Combine(folder, "nominal.json")]);
        await ExportCommand.RunAsync(factory.Services, ["cites", "--country", "KE", "--year", "2020", "--out", Path.Combine(folder, "cites.csv")]);
        var after = await CliExportEntriesAsync();

        Assert.Equal(before, afterPlain);
        var added = after.Skip(before.Count).ToList();
        Assert.Equal(["cases", "cites-ait"], added.Select(e => e.Subject));
        Assert.All(added, e => Assert.Equal($"cli:{Environment.UserName}", e.Actor));
        Assert.Contains("--nominal", added[0].Details, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(folder, "nominal.json"), added[0].Details, StringComparison.Ordinal);
    }

    private async Task<List<(string Actor, string Subject, string Details)>> CliExportEntriesAsync()
    {
        var dataSource = factory.Services.GetRequiredService<Npgsql.NpgsqlDataSource>();
        await using var command = dataSource.CreateCommand(
            "select actor, table_name, after::text from audit_log where operation = 'EXPORT' and actor like 'cli:%' order by id");
        await using var reader = await command.ExecuteReaderAsync();
        var entries = new List<(string, string, string)>();
        while (await reader.ReadAsync())
        {
            entries.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        return entries;
    }

    [Fact]
    public async Task Export_without_an_output_file_prints_the_usage()
    {
        Assert.Equal(2, await ExportCommand.RunAsync(factory.Services, ["cites", "--country", "KE", "--year", "2020"]));
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
