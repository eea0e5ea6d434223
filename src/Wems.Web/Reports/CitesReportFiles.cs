using System.Data;
using MiniExcelLibs;
using Wems.Gis.Reports;

namespace Wems.Web.Reports;

/// <summary>The CITES Annual Illegal Trade Report as files: XLSX (cover and data sheets) or CSV (data only).</summary>
public static class CitesReportFiles
{
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string CsvContentType = "text/csv; charset=utf-8";

    /// <summary>The sheet with one row per specimen line, headed by <see cref="CitesReport.Columns"/>.</summary>
    public const string DataSheet = "Data";

    /// <summary>The sheet with the party, period, agency, number of rows and ICCWC note.</summary>
    public const string CoverSheet = "Cover";

    /// <summary>The file name of the report of a country and year in a format (<c>xlsx</c> or <c>csv</c>).</summary>
    public static string FileName(CitesReport report, string format)
    {
        ArgumentNullException.ThrowIfNull(report);
        return $"cites-ait-{report.Country}-{report.Year}.{format}";
    }

    /// <summary>Writes the workbook: the cover sheet first, then the data sheet.</summary>
    public static async Task WriteXlsxAsync(Stream stream, CitesReport report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var data = new DataTable(DataSheet);
        foreach (var column in CitesReport.Columns)
        {
            data.Columns.Add(column.Header, typeof(object));
        }

        foreach (var row in report.Rows)
        {
            data.Rows.Add(CitesReport.Columns.Select(c => c.Value(row) ?? DBNull.Value).ToArray());
        }

        using var cover = new DataTable(CoverSheet);
        cover.Columns.Add("Field", typeof(string));
        cover.Columns.Add("Value", typeof(string));
        foreach (var (label, value) in report.Cover)
        {
            cover.Rows.Add(label, value);
        }

        // MiniExcel writes a zip package, which needs a seekable stream: build it in memory, then copy.
        using var buffer = new MemoryStream();
        var sheets = new Dictionary<string, object> { [CoverSheet] = cover, [DataSheet] = data };
        await MiniExcel.SaveAsAsync(buffer, sheets, excelType: ExcelType.XLSX, cancellationToken: cancellationToken);
        buffer.Position = 0;
        await buffer.CopyToAsync(stream, cancellationToken);
    }

    /// <summary>Writes the data as RFC 4180 CSV, UTF-8 with BOM, headed by <see cref="CitesReport.Columns"/>.</summary>
    public static Task WriteCsvAsync(Stream stream, CitesReport report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        return CsvText.WriteAsync(stream, CitesReport.Columns.Select(c => c.Header).ToList(),
            report.Rows.Select(row => (IReadOnlyList<string>)CitesReport.Columns.Select(c => CitesReport.Text(c.Value(row))).ToList()),
            cancellationToken);
    }

    /// <summary>Writes the report in <paramref name="format"/> (<c>xlsx</c> or <c>csv</c>).</summary>
    public static Task WriteAsync(Stream stream, CitesReport report, string format, CancellationToken cancellationToken = default) =>
        format == "csv" ? WriteCsvAsync(stream, report, cancellationToken) : WriteXlsxAsync(stream, report, cancellationToken);
}
