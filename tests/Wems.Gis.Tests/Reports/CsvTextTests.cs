using Wems.Gis.Reference;
using Wems.Gis.Reports;

namespace Wems.Gis.Tests.Reports;

public sealed class CsvTextTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\r\nlines", "\"two\r\nlines\"")]
    [InlineData("", "")]
    public void A_field_is_quoted_only_when_it_must_be(string value, string expected) => Assert.Equal(expected, CsvText.Field(value));

    [Fact]
    public async Task Written_csv_has_a_bom_crlf_records_and_parses_back()
    {
        using var stream = new MemoryStream();

        await CsvText.WriteAsync(stream, ["A", "B"], [["1,5", "Ngoro \"Gate\""], ["é", ""]]);

        var bytes = stream.ToArray();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var text = System.Text.Encoding.UTF8.GetString(bytes);
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        var records = Csv.Parse(text, "test.csv");
        Assert.Equal(["1,5", "Ngoro \"Gate\""], records[1].Fields);
        Assert.Equal(["é", ""], records[2].Fields);
    }
}
