using Wems.Gis.Reference;

namespace Wems.Gis.Tests.Reference;

public sealed class CsvTests
{
    [Fact]
    public void Parsing_a_quoted_field_keeps_commas_and_doubled_quotes()
    {
        var records = Csv.Parse("name,source\nNamanga,\"one-stop post, \"\"OSBP\"\"\"\n", "t.csv");

        Assert.Equal(["Namanga", "one-stop post, \"OSBP\""], records[1].Fields);
    }

    [Fact]
    public void A_quoted_field_may_span_lines_and_the_next_record_keeps_its_line_number()
    {
        var records = Csv.Parse("a,b\n1,\"two\nlines\"\n3,4\n", "t.csv");

        Assert.Equal("two\nlines", records[1].Fields[1]);
        Assert.Equal([1, 2, 4], records.Select(r => r.LineNumber));
    }

    [Fact]
    public void Crlf_and_lf_line_endings_give_the_same_records()
    {
        var lf = Csv.Parse("a,b\n1,2\n", "t.csv");
        var crlf = Csv.Parse("a,b\r\n1,2\r\n", "t.csv");

        Assert.Equal(lf.Select(r => string.Join('|', r.Fields)), crlf.Select(r => string.Join('|', r.Fields)));
    }

    [Fact]
    public void A_byte_order_mark_is_ignored()
    {
        var table = Csv.ParseTable("\uFEFFcode,label\nKIL,kilograms\n", "t.csv");

        Assert.Equal(["code", "label"], table.Columns);
    }

    [Fact]
    public void Blank_lines_are_skipped_and_keep_later_line_numbers_right()
    {
        var records = Csv.Parse("a,b\n\n1,2\n\n", "t.csv");

        Assert.Equal(2, records.Count);
        Assert.Equal(3, records[1].LineNumber);
    }

    [Fact]
    public void A_missing_final_line_break_keeps_the_last_record()
    {
        var records = Csv.Parse("a,b\n1,\"2\"", "t.csv");

        Assert.Equal(["1", "2"], records[1].Fields);
    }

    [Fact]
    public void Empty_fields_are_kept_as_empty_strings()
    {
        var records = Csv.Parse("a,b,c\n,\"\",\n", "t.csv");

        Assert.Equal(["", "", ""], records[1].Fields);
    }

    [Fact]
    public void An_unclosed_quote_is_reported_with_the_line_where_the_record_starts()
    {
        var error = Assert.Throws<CsvFormatException>(() => Csv.Parse("a,b\n1,\"open\n2,3\n", "t.csv"));

        Assert.Equal(("t.csv", 2), (error.SourceName, error.LineNumber));
    }

    [Fact]
    public void A_quote_inside_an_unquoted_field_is_rejected()
    {
        var error = Assert.Throws<CsvFormatException>(() => Csv.Parse("a,b\n1,5\"\n", "t.csv"));

        Assert.Equal(2, error.LineNumber);
    }

    [Fact]
    public void Text_after_a_closing_quote_is_rejected()
    {
        Assert.Throws<CsvFormatException>(() => Csv.Parse("a,b\n\"1\"x,2\n", "t.csv"));
    }

    [Fact]
    public void A_row_with_the_wrong_number_of_fields_is_reported_with_its_line()
    {
        var error = Assert.Throws<CsvFormatException>(() => Csv.ParseTable("a,b\n1,2\n3\n", "t.csv"));

        Assert.Equal(3, error.LineNumber);
        Assert.Contains("t.csv, line 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_repeated_header_column_is_rejected()
    {
        Assert.Throws<CsvFormatException>(() => Csv.ParseTable("x,y,x\n1,2,3\n", "t.csv"));
    }

    [Fact]
    public void A_malformed_number_is_reported_with_file_and_line()
    {
        var row = Csv.ParseTable("name,x\nNamanga,36.79\nBusia,34.1O6\n", "border_posts.csv").Rows[1];

        var error = Assert.Throws<CsvFormatException>(() => row.GetNumber("x"));

        Assert.Equal(("border_posts.csv", 3, "x"), (error.SourceName, error.LineNumber, error.Column));
        Assert.Contains("border_posts.csv, line 3, column 'x'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1,5")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("1 000")]
    public void Numbers_in_another_culture_or_not_finite_are_rejected(string text)
    {
        var row = Csv.ParseTable($"x\n\"{text}\"\n", "t.csv").Rows[0];

        Assert.Throws<CsvFormatException>(() => row.GetNumber("x"));
    }

    [Fact]
    public void Numbers_use_a_dot_as_decimal_separator_and_may_have_a_sign_and_exponent()
    {
        var row = Csv.ParseTable("x,y,z\n-4.0531,39.6221,1.5e3\n", "t.csv").Rows[0];

        Assert.Equal(-4.0531, row.GetNumber("x"), 1e-12);
        Assert.Equal(39.6221, row.GetNumber("y"), 1e-12);
        Assert.Equal(1500, row.GetNumber("z"), 1e-12);
    }

    [Fact]
    public void An_empty_optional_value_is_null_and_values_are_trimmed()
    {
        var row = Csv.ParseTable("a,b,c\n  KE ,,\n", "t.csv").Rows[0];

        Assert.Equal("KE", row.GetText("a"));
        Assert.Null(row.GetOptionalText("b"));
        Assert.Null(row.GetOptionalNumber("c"));
        Assert.Null(row.GetOptionalWholeNumber("c"));
    }

    [Fact]
    public void An_empty_required_value_is_reported_with_its_column()
    {
        var row = Csv.ParseTable("name,country\nNamanga,\n", "t.csv").Rows[0];

        var error = Assert.Throws<CsvFormatException>(() => row.GetText("country"));

        Assert.Equal("country", error.Column);
    }

    [Fact]
    public void A_missing_required_column_is_reported_with_the_file_name()
    {
        var table = Csv.ParseTable("name,x\nNamanga,36.79\n", "border_posts.csv");

        var error = Assert.Throws<CsvFormatException>(() => table.RequireColumns("name", "x", "y"));

        Assert.Equal(("border_posts.csv", "y"), (error.SourceName, error.Column));
    }

    [Fact]
    public void A_whole_number_with_a_fraction_is_rejected()
    {
        var row = Csv.ParseTable("population\n1200.5\n", "t.csv").Rows[0];

        Assert.Throws<CsvFormatException>(() => row.GetOptionalWholeNumber("population"));
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("False", false)]
    public void Flags_are_true_or_false_in_any_letter_case(string text, bool expected)
    {
        var row = Csv.ParseTable($"approximate\n{text}\n", "t.csv").Rows[0];

        Assert.Equal(expected, row.GetFlag("approximate"));
    }

    [Fact]
    public void A_flag_that_is_not_true_or_false_is_rejected()
    {
        var row = Csv.ParseTable("approximate\nyes\n", "t.csv").Rows[0];

        Assert.Throws<CsvFormatException>(() => row.GetFlag("approximate"));
    }

    [Fact]
    public void A_file_without_a_header_is_rejected()
    {
        Assert.Throws<CsvFormatException>(() => Csv.ParseTable("\n\n", "t.csv"));
    }
}
