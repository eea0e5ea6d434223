using Wems.Gis.Reports;

namespace Wems.Gis.Tests.Reports;

public sealed class CitesReportColumnsTests
{
    private static readonly CitesReportRow Row = new("KWS-1", new DateOnly(2023, 5, 2), "Kenya Wildlife Service", "JKIA", 36.9278, -1.3192,
        "Loxodonta africana", "TUS", 2, null, 9000m, "USD", "smuggling", "x-ray", "air-passenger", "luggage", "TZ", "KE; AE", "VN",
        "KE; TZ", "WCMA 2013", "Fine", "held-as-evidence", "Case KWS-1; arrests: 1");

    [Fact]
    public void Every_column_has_a_distinct_header()
    {
        Assert.Equal(CitesReport.Columns.Count, CitesReport.Columns.Select(c => c.Header).Distinct().Count());
    }

    [Fact]
    public void The_columns_start_with_the_date_and_end_with_additional_information()
    {
        Assert.Equal("2023-05-02", CitesReport.Text(CitesReport.Columns[0].Value(Row)));
        Assert.Equal("Case KWS-1; arrests: 1", CitesReport.Text(CitesReport.Columns[^1].Value(Row)));
    }

    [Fact]
    public void A_number_of_specimens_leaves_the_unit_blank()
    {
        var unit = CitesReport.Columns.Single(c => c.Header.StartsWith("Unit", StringComparison.Ordinal));

        Assert.Equal("", CitesReport.Text(unit.Value(Row)));
        Assert.Equal("", CitesReport.Text(unit.Value(Row with { Unit = "NO" })));
        Assert.Equal("KIL", CitesReport.Text(unit.Value(Row with { Unit = "KIL" })));
    }

    [Fact]
    public void The_cover_names_the_party_period_and_rows()
    {
        var report = new CitesReport("KE", "Kenya", 2023, "Kenya Wildlife Service", [Row], CasesWithoutConsent: 4);

        var cover = report.Cover.ToDictionary(c => c.Label, c => c.Value);

        Assert.Equal("Kenya (KE)", cover["Party"]);
        Assert.Equal("2023-01-01 to 2023-12-31", cover["Period"]);
        Assert.Equal("1", cover["Number of rows"]);
        Assert.Contains("4 case(s)", cover["ICCWC consent"], StringComparison.Ordinal);
    }
}
