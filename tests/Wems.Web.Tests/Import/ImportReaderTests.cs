using System.Text;
using Wems.Web.Cases;
using Wems.Web.Import;

namespace Wems.Web.Tests.Import;

/// <summary>Reading import files, without a database.</summary>
public sealed class ImportReaderTests
{
    [Fact]
    public void The_compact_trade_chain_reads_back_what_it_was_written_from()
    {
        List<TradeChainEntryDto> chain = [new("KE", "origin"), new("TZ", "transit", Custody: true), new("CN", "destination", Intended: true)];

        var text = ImportColumns.FormatChain(chain);

        Assert.Equal("KE:origin>TZ:transit+custody>CN:destination+intended", text);
        Assert.Equal(chain, ImportColumns.ParseChain(text, out var error));
        Assert.Null(error);
    }

    [Theory]
    [InlineData("KE-origin")]
    [InlineData("KE:origin>TZ")]
    [InlineData("KE:origin+seized")]
    public void A_malformed_trade_chain_is_an_error(string text)
    {
        Assert.Null(ImportColumns.ParseChain(text, out var error));
        Assert.NotNull(error);
    }

    [Fact]
    public void Rows_with_the_same_reference_are_one_case_with_one_specimen_line_each()
    {
        var csv = "reference,date,specimens.scientificName,specimens.quantity\r\nA,2024-01-02,Loxodonta africana,1\r\nB,2024-01-03,Loxodonta africana,2\r\nA,,Smutsia temminckii,3\r\n";

        var file = ImportReader.Read(Encoding.UTF8.GetBytes(csv), ImportFormat.Csv);

        Assert.Equal(3, file.Rows);
        var a = Assert.Single(file.Cases, c => c.Reference == "A");
        Assert.Equal([2, 4], a.LineRows);
        Assert.Equal(["Loxodonta africana", "Smutsia temminckii"], a.Request.Specimens!.Select(s => s.ScientificName));
        Assert.Equal(new DateOnly(2024, 1, 2), a.Request.Date);
        Assert.Empty(a.Problems);
    }

    [Fact]
    public void A_case_column_that_differs_on_a_later_row_is_reported_on_that_row()
    {
        var csv = "reference,date,specimens.scientificName\r\nA,2024-01-02,Loxodonta africana\r\nA,2024-01-05,Loxodonta africana\r\n";
        var file = ImportReader.Read(Encoding.UTF8.GetBytes(csv), ImportFormat.Csv);
        var source = Assert.Single(file.Cases);

        var problem = ImportChecker.Locate(Assert.Single(source.Problems), source, tabular: true);

        Assert.Equal((3, "A", "date"), (problem.Row, problem.Reference, problem.Column));
    }

    [Fact]
    public void A_row_with_a_wrong_number_of_cells_and_a_row_without_reference_are_file_problems()
    {
        var csv = "reference,date\r\nA,2024-01-02,extra\r\n,2024-01-02\r\n";

        var file = ImportReader.Read(Encoding.UTF8.GetBytes(csv), ImportFormat.Csv);

        Assert.Equal([(2, "*"), (3, "reference")], file.FileProblems.Select(p => (p.Row, p.Column)));
        Assert.Empty(file.Cases);
    }

    [Fact]
    public void A_file_that_is_not_csv_is_unusable_with_the_line_of_the_fault()
    {
        var file = ImportReader.Read(Encoding.UTF8.GetBytes("reference,date\r\nA,\"2024\r\n"), ImportFormat.Csv);

        Assert.True(file.Unusable);
        Assert.Equal(2, Assert.Single(file.FileProblems).Row);
    }

    [Theory]
    [InlineData("cases.csv", null, ImportFormat.Csv)]
    [InlineData("cases.XLSX", null, ImportFormat.Xlsx)]
    [InlineData("cases.geojson", null, ImportFormat.GeoJson)]
    [InlineData(null, "application/geo+json", ImportFormat.GeoJson)]
    [InlineData(null, "text/csv; charset=utf-8", ImportFormat.Csv)]
    public void The_format_comes_from_the_file_name_or_the_content_type(string? name, string? contentType, ImportFormat expected) =>
        Assert.Equal(expected, ImportReader.FormatOf(name, contentType));

    [Fact]
    public async Task Typed_spreadsheet_cells_read_as_their_text_form()
    {
        // A workbook as a spreadsheet program saves it: the date and the numbers as typed cells, not text.
        using var sheet = new System.Data.DataTable("cases");
        sheet.Columns.Add("reference", typeof(string));
        sheet.Columns.Add("date", typeof(DateTime));
        sheet.Columns.Add("location.x", typeof(double));
        sheet.Columns.Add("specimens.quantity", typeof(double));
        sheet.Rows.Add("X-1", new DateTime(2024, 3, 14), 36.8402, 12.5);
        using var buffer = new MemoryStream();
        await MiniExcelLibs.MiniExcel.SaveAsAsync(buffer, new Dictionary<string, object> { ["cases"] = sheet }, excelType: MiniExcelLibs.ExcelType.XLSX);

        var file = ImportReader.Read(buffer.ToArray(), ImportFormat.Xlsx);

        var c = Assert.Single(file.Cases);
        Assert.Empty(c.Problems);
        Assert.Equal((new DateOnly(2024, 3, 14), 36.8402, 12.5m), (c.Request.Date!.Value, c.Request.Location!.X!.Value, c.Request.Specimens![0].Quantity!.Value));
    }
}
