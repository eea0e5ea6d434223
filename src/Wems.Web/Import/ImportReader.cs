using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using MiniExcelLibs;
using Wems.Gis.Cases;
using Wems.Gis.Reference;
using Wems.Web.Cases;

namespace Wems.Web.Import;

/// <summary>The file formats an import reads.</summary>
public enum ImportFormat
{
    Csv,
    Xlsx,
    GeoJson,
}

/// <summary>One case of an import file: its request as the case API would receive it, where it came from, and what was wrong reading it.</summary>
/// <param name="Reference">The case reference (grouping key of the rows).</param>
/// <param name="Row">The case's first row (CSV/XLSX: the spreadsheet row, header = 1; GeoJSON: the feature number from 1).</param>
/// <param name="LineRows">The row of each specimen line.</param>
/// <param name="Request">The case.</param>
/// <param name="Problems">Problems found while reading cells, by the case API's field path.</param>
public sealed record ImportCase(string Reference, int Row, IReadOnlyList<int> LineRows, CaseRequest Request, IReadOnlyList<FieldProblem> Problems);

/// <summary>The cases of a file, the problems that belong to no case (header, a row without reference), and the number of data rows.</summary>
/// <param name="Cases">The cases, in file order.</param>
/// <param name="FileProblems">Problems of no case.</param>
/// <param name="Rows">Data rows (CSV/XLSX) or features (GeoJSON).</param>
/// <param name="Unusable">The file cannot be imported at all (not readable, or a header problem that would lose data).</param>
public sealed record ImportFile(IReadOnlyList<ImportCase> Cases, IReadOnlyList<ImportProblem> FileProblems, int Rows, bool Unusable = false);

/// <summary>Reads an import file (CSV, XLSX or GeoJSON) into cases; never throws for bad content, it reports it.</summary>
public static partial class ImportReader
{
    /// <summary>The sheet of an XLSX file that holds the cases (else the first sheet is read).</summary>
    public const string Sheet = "cases";

    // As the case API reads its body: web names, and no silently dropped unknown field.
    internal static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>The format named by a file name's extension or a content type; null when neither is known.</summary>
    public static ImportFormat? FormatOf(string? fileName, string? contentType)
    {
        var extension = Path.GetExtension(fileName ?? "").ToLowerInvariant();
        var media = (contentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        return (extension, media) switch
        {
            (".csv", _) or (_, "text/csv") => ImportFormat.Csv,
            (".xlsx", _) or (_, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet") => ImportFormat.Xlsx,
            (".geojson" or ".json", _) or (_, "application/geo+json" or "application/json") => ImportFormat.GeoJson,
            _ => null,
        };
    }

    public static string Code(ImportFormat format) => format switch
    {
        ImportFormat.Csv => "csv",
        ImportFormat.Xlsx => "xlsx",
        _ => "geojson",
    };

    public static ImportFormat Parse(string code) => code switch
    {
        "csv" => ImportFormat.Csv,
        "xlsx" => ImportFormat.Xlsx,
        "geojson" => ImportFormat.GeoJson,
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, "not an import format"),
    };

    /// <summary>Reads <paramref name="content"/> as <paramref name="format"/>.</summary>
    public static ImportFile Read(byte[] content, ImportFormat format)
    {
        ArgumentNullException.ThrowIfNull(content);
        return format switch
        {
            ImportFormat.Csv => ReadCsv(content),
            ImportFormat.Xlsx => ReadXlsx(content),
            _ => ReadGeoJson(content),
        };
    }

    private static ImportFile ReadCsv(byte[] content)
    {
        IReadOnlyList<CsvRecord> records;
        try
        {
            records = Csv.Parse(new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(content), "import");
        }
        catch (Exception e) when (e is CsvFormatException or DecoderFallbackException)
        {
            var line = e is CsvFormatException f ? f.LineNumber : 1;
            return new ImportFile([], [new ImportProblem(line, null, "*", $"the file is not UTF-8 CSV (RFC 4180): {e.Message}")], 0, Unusable: true);
        }

        return records.Count == 0
            ? new ImportFile([], [new ImportProblem(1, null, "*", "the file is empty: the first row must name the columns.")], 0, Unusable: true)
            : ReadTable(records[0].Fields, records.Skip(1).Select(r => (r.LineNumber, (IReadOnlyList<string>)r.Fields)));
    }

    private static ImportFile ReadXlsx(byte[] content)
    {
        List<(int Row, IReadOnlyList<string> Cells)> rows;
        try
        {
            using var stream = new MemoryStream(content, writable: false);
            var sheets = MiniExcel.GetSheetNames(stream);
            stream.Position = 0;
            var sheet = sheets.Contains(Sheet) ? Sheet : sheets.FirstOrDefault();
            rows = MiniExcel.Query(stream, useHeaderRow: false, sheetName: sheet, excelType: ExcelType.XLSX)
                .Select((row, i) => (i + 1, (IReadOnlyList<string>)((IDictionary<string, object?>)row).Values.Select(Text).ToList()))
                .ToList();
        }
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException or IOException or System.Xml.XmlException
                                      or IndexOutOfRangeException)
        {
            return new ImportFile([], [new ImportProblem(1, null, "*", $"the file is not an XLSX workbook: {e.Message}")], 0, Unusable: true);
        }

        if (rows.Count == 0)
        {
            return new ImportFile([], [new ImportProblem(1, null, "*", "the sheet is empty: the first row must name the columns.")], 0, Unusable: true);
        }

        var header = rows[0].Cells.ToList();
        while (header.Count > 0 && header[^1].Length == 0)
        {
            header.RemoveAt(header.Count - 1);
        }

        // Trailing empty cells (formatting beyond the data) and blank rows are not data.
        return ReadTable(header, rows.Skip(1).Where(r => r.Cells.Any(c => c.Length > 0))
            .Select(r => (r.Row, (IReadOnlyList<string>)r.Cells.Take(Math.Max(header.Count, LastFilled(r.Cells) + 1)).ToList())));
    }

    private static int LastFilled(IReadOnlyList<string> cells)
    {
        for (var i = cells.Count - 1; i >= 0; i--)
        {
            if (cells[i].Length > 0)
            {
                return i;
            }
        }

        return -1;
    }

    // Spreadsheet cells arrive typed: dates as DateTime, numbers as double.
    private static string Text(object? value) => value switch
    {
        null => "",
        DateTime d when d.TimeOfDay == TimeSpan.Zero => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime d when d.Date == new DateTime(1899, 12, 31) || d.Date == new DateTime(1899, 12, 30) => d.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
        DateTime d => d.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        TimeSpan t => t.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture),
        double n => n.ToString("R", CultureInfo.InvariantCulture),
        decimal n => n.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString()?.Trim() ?? "",
    };

    /// <summary>Rows of cells under a header into cases, grouped by reference.</summary>
    private static ImportFile ReadTable(IReadOnlyList<string> header, IEnumerable<(int Row, IReadOnlyList<string> Cells)> rows)
    {
        var fileProblems = new List<ImportProblem>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Count; i++)
        {
            var name = header[i].Trim();
            if (!ImportColumns.All.Contains(name))
            {
                fileProblems.Add(new ImportProblem(1, null, name.Length == 0 ? $"#{i + 1}" : name,
                    "is not a column of the import template (see GET /api/import/templates/csv)."));
            }
            else if (!index.TryAdd(name, i))
            {
                fileProblems.Add(new ImportProblem(1, null, name, "appears twice in the header."));
            }
        }

        if (!index.ContainsKey(ImportColumns.Reference))
        {
            fileProblems.Add(new ImportProblem(1, null, ImportColumns.Reference, "the column is missing: rows are grouped into cases by reference."));
        }

        var headerProblems = fileProblems.Count;

        var builders = new Dictionary<string, CaseBuilder>(StringComparer.Ordinal);
        var count = 0;
        foreach (var (row, cells) in rows)
        {
            count++;
            if (cells.Count != header.Count)
            {
                fileProblems.Add(new ImportProblem(row, null, "*", $"has {cells.Count} cells where the header names {header.Count} columns."));
                continue;
            }

            string Cell(string column) => index.TryGetValue(column, out var i) ? cells[i].Trim() : "";
            var reference = Cell(ImportColumns.Reference);
            if (reference.Length == 0)
            {
                if (index.ContainsKey(ImportColumns.Reference))
                {
                    fileProblems.Add(new ImportProblem(row, null, ImportColumns.Reference, "is required: rows are grouped into cases by reference."));
                }

                continue;
            }

            if (!builders.TryGetValue(reference, out var builder))
            {
                builders[reference] = builder = new CaseBuilder(reference, row, ImportColumns.CaseColumns.Select(Cell).ToArray());
            }
            else
            {
                builder.Continue(row, ImportColumns.CaseColumns.Select(Cell).ToArray());
            }

            builder.AddLine(row, ImportColumns.SpecimenColumns.Select(Cell).ToArray());
        }

        // A misspelt or missing column would drop its values silently: the header must be right before anything is stored.
        return new ImportFile(builders.Values.Select(b => b.Build()).ToList(), fileProblems, count, Unusable: headerProblems > 0);
    }

    /// <summary>Collects the rows of one case and reads their cells into a <see cref="CaseRequest"/>.</summary>
    private sealed class CaseBuilder(string reference, int row, string[] head)
    {
        private readonly List<FieldProblem> problems = [];
        private readonly List<int> lineRows = [];
        private readonly List<SpecimenDto> specimens = [];
        private readonly List<(int Row, string Column, string Message)> rowProblems = [];

        public void Continue(int at, string[] cells)
        {
            for (var i = 0; i < cells.Length; i++)
            {
                if (cells[i].Length > 0 && cells[i] != head[i])
                {
                    rowProblems.Add((at, ImportColumns.CaseColumns[i],
                        $"'{cells[i]}' differs from '{head[i]}' on row {row.ToString(CultureInfo.InvariantCulture)} of the same case; leave it blank or repeat it."));
                }
            }
        }

        public void AddLine(int at, string[] cells)
        {
            // A case's first row may carry no specimen (the validator then says a line is needed); later rows must.
            if (cells.All(c => c.Length == 0) && lineRows.Count == 0 && at == row)
            {
                return;
            }

            var field = $"specimens[{specimens.Count.ToString(CultureInfo.InvariantCulture)}]";
            lineRows.Add(at);
            specimens.Add(new SpecimenDto(Blank(cells[0]), Blank(cells[1]), Decimal(cells[2], $"{field}.quantity"), Blank(cells[3]),
                Decimal(cells[4], $"{field}.estimatedValue"), Blank(cells[5])));
        }

        public ImportCase Build()
        {
            string Head(string column) => head[IndexOf(column)];
            var x = Double(Head("location.x"), "location.x");
            var y = Double(Head("location.y"), "location.y");
            List<TradeChainEntryDto>? chain = null;
            if (Head(ImportColumns.TradeChain) is { Length: > 0 } chainText)
            {
                chain = ImportColumns.ParseChain(chainText, out var error);
                if (error is not null)
                {
                    problems.Add(new FieldProblem(ImportColumns.TradeChain, error));
                }
            }

            var request = new CaseRequest
            {
                Reference = reference,
                Date = Date(Head("date")),
                Time = Time(Head("time")),
                Country = Blank(Head("country")),
                AgencyCode = Blank(Head("agencyCode")),
                PlaceName = Blank(Head("placeName")),
                Location = x is null && y is null ? null : new LocationDto(x, y),
                LocationPrecision = Blank(Head("locationPrecision")),
                LocationType = Blank(Head("locationType")),
                DetectingAgency = Blank(Head("detectingAgency")),
                Reason = Blank(Head("reason")),
                DetectionMethod = Blank(Head("detectionMethod")),
                TransportMode = Blank(Head("transportMode")),
                Concealment = Blank(Head("concealment")),
                TradeChain = chain,
                Outcome = new OutcomeDto(Int(Head("outcome.arrests"), "outcome.arrests") ?? 0, Blank(Head("outcome.charges")),
                    Blank(Head("outcome.law")), Blank(Head("outcome.courtOutcome")), Blank(Head("outcome.sanctions")),
                    Blank(Head("outcome.disposal"))),
                SharedManually = Bool(Head("sharedManually"), "sharedManually"),
                IccwcConsent = Bool(Head("iccwcConsent"), "iccwcConsent"),
                Specimens = specimens,
            };
            var all = problems.Concat(rowProblems.Select(p => new FieldProblem(RowField(p.Row, p.Column), p.Message))).ToList();
            return new ImportCase(reference, row, lineRows, request, all);
        }

        // A continuation row's problem is carried as a pseudo field path "@row:column" and resolved by ImportProblems.
        private static string RowField(int at, string column) => $"@{at.ToString(CultureInfo.InvariantCulture)}:{column}";

        private static int IndexOf(string column)
        {
            for (var i = 0; i < ImportColumns.CaseColumns.Count; i++)
            {
                if (ImportColumns.CaseColumns[i] == column)
                {
                    return i;
                }
            }

            throw new ArgumentOutOfRangeException(nameof(column));
        }

        private static string? Blank(string cell) => cell.Length == 0 ? null : cell;

        private DateOnly? Date(string cell)
        {
            if (cell.Length == 0)
            {
                return null;
            }

            if (DateOnly.TryParseExact(cell, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return date;
            }

            problems.Add(new FieldProblem("date", $"'{cell}' is not a date (yyyy-MM-dd)."));
            return null;
        }

        private TimeOnly? Time(string cell)
        {
            if (cell.Length == 0)
            {
                return null;
            }

            if (TimeOnly.TryParseExact(cell, ["HH:mm", "HH:mm:ss", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
            {
                return time;
            }

            problems.Add(new FieldProblem("time", $"'{cell}' is not a time (HH:mm)."));
            return null;
        }

        private double? Double(string cell, string field)
        {
            if (cell.Length == 0)
            {
                return null;
            }

            if (double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }

            problems.Add(new FieldProblem(field, $"'{cell}' is not a number (decimal degrees, with a point)."));
            return double.NaN;
        }

        private decimal? Decimal(string cell, string field)
        {
            if (cell.Length == 0)
            {
                return null;
            }

            if (decimal.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }

            problems.Add(new FieldProblem(field, $"'{cell}' is not a number (with a decimal point, no thousands separator)."));
            return null;
        }

        private int? Int(string cell, string field)
        {
            if (cell.Length == 0)
            {
                return null;
            }

            if (int.TryParse(cell, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }

            problems.Add(new FieldProblem(field, $"'{cell}' is not a whole number."));
            return null;
        }

        private bool Bool(string cell, string field)
        {
            switch (cell.ToLowerInvariant())
            {
                case "" or "false" or "no" or "0":
                    return false;
                case "true" or "yes" or "1":
                    return true;
                default:
                    problems.Add(new FieldProblem(field, $"'{cell}' is not true or false."));
                    return false;
            }
        }
    }
}
