using System.Net;
using MiniExcelLibs;
using Npgsql;
using Wems.Gis.Reference;
using Wems.Gis.Reports;
using Wems.Web.Tests.Support;

namespace Wems.Web.Tests.Reports;

public sealed class CitesReportTests(WemsFactory factory) : IClassFixture<WemsFactory>
{
    private const int Year = 2020;

    private static Uri Report(string country, string format) =>
        new($"/api/reports/cites-ait?country={country}&year={Year}&format={format}", UriKind.Relative);

    private const string ExpectedRowsSql = """
        select count(*)::int from specimen p join seizure_case c on c.id = p.case_id
        where c.country = 'KE' and c.iccwc_consent and c.deleted_at is null
          and c.event_date >= make_date(@year, 1, 1) and c.event_date < make_date(@year + 1, 1, 1)
        """;

    private async Task<int> ExpectedRowsAsync()
    {
        await using var command = factory.Database.DataSource.CreateCommand(ExpectedRowsSql);
        command.Parameters.AddWithValue("year", Year);
        return (int)(await command.ExecuteScalarAsync())!;
    }

    private async Task<IReadOnlyList<CsvRecord>> CsvAsync()
    {
        var response = await factory.BasicClient("ke-analyst").GetAsync(Report("KE", "csv"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        return Csv.Parse(System.Text.Encoding.UTF8.GetString(bytes), "report.csv");
    }

    [Fact]
    public async Task The_report_has_one_row_per_specimen_line_of_the_consented_cases_of_the_country_and_year()
    {
        var records = await CsvAsync();

        var expected = await ExpectedRowsAsync();
        Assert.True(expected > 0, "the demo data should hold consented Kenyan cases in the year");
        Assert.Equal(expected, records.Count - 1);
    }

    [Fact]
    public async Task The_csv_parses_back_with_the_header_in_the_defined_order()
    {
        var records = await CsvAsync();

        Assert.Equal(CitesReport.Columns.Select(c => c.Header), records[0].Fields);
        Assert.All(records.Skip(1), r => Assert.StartsWith(Year + "-", r.Fields[0], StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_xlsx_opens_back_with_the_header_in_the_defined_order_and_a_cover_sheet()
    {
        var response = await factory.BasicClient("ke-analyst").GetAsync(Report("KE", "xlsx"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var file = new MemoryStream(await response.Content.ReadAsByteArrayAsync());

        Assert.Equal(["Cover", "Data"], MiniExcel.GetSheetNames(file));
        file.Position = 0;
        var header = MiniExcel.Query(file, sheetName: "Data").Cast<IDictionary<string, object?>>().First().Values.Select(v => v?.ToString());
        Assert.Equal(CitesReport.Columns.Select(c => c.Header), header);
        file.Position = 0;
        var cover = MiniExcel.Query(file, useHeaderRow: true, sheetName: "Cover").Cast<IDictionary<string, object?>>()
            .ToDictionary(r => r["Field"]!.ToString()!, r => r["Value"]?.ToString());
        Assert.Equal("Kenya (KE)", cover["Party"]);
        Assert.Equal($"{Year}-01-01 to {Year}-12-31", cover["Period"]);
        Assert.Equal("Kenya Wildlife Service", cover["Agency"]);
        Assert.Equal((await ExpectedRowsAsync()).ToString(System.Globalization.CultureInfo.InvariantCulture), cover["Number of rows"]);
        Assert.Contains("ICCWC consent", cover["ICCWC consent"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tz-analyst")]
    [InlineData("latf-analyst")]
    public async Task Another_countrys_or_a_regional_analyst_is_refused_the_report(string username)
    {
        var response = await factory.BasicClient(username).GetAsync(Report("KE", "csv"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task An_anonymous_caller_is_asked_to_sign_in()
    {
        var response = await factory.CreateClient().GetAsync(Report("KE", "csv"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task An_unknown_format_is_a_bad_request()
    {
        var response = await factory.BasicClient("ke-analyst").GetAsync(Report("KE", "pdf"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
