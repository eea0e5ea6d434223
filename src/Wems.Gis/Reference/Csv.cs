using System.Globalization;
using System.Text;

namespace Wems.Gis.Reference;

/// <summary>
/// A small RFC 4180 CSV reader for the hand-curated reference files: comma-separated fields, fields in double
/// quotes may hold commas, line breaks and doubled quotes (<c>""</c> stands for one quote).
/// </summary>
/// <remarks>
/// Records may end with CRLF or LF; a UTF-8 byte-order mark is ignored; blank lines (outside quotes) are
/// skipped, so a file may end with or without a line break. Anything else that RFC 4180 does not allow is an
/// error: a quote inside an unquoted field, text after a closing quote, a quoted field that never closes, or a
/// record with more or fewer fields than the header. Every error is a <see cref="CsvFormatException"/> that
/// names the file and the line.
/// </remarks>
public static class Csv
{
    /// <summary>Splits CSV text into records.</summary>
    /// <param name="text">The whole file content.</param>
    /// <param name="sourceName">File name used in error messages.</param>
    /// <returns>The records in file order, each with the 1-based line on which it starts.</returns>
    /// <exception cref="CsvFormatException">The text is not valid RFC 4180.</exception>
    public static IReadOnlyList<CsvRecord> Parse(string text, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(sourceName);
        var records = new List<CsvRecord>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var position = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        var line = 1;
        var recordLine = 1;
        var quoted = false;
        var afterClosingQuote = false;

        void EndField()
        {
            fields.Add(field.ToString());
            field.Clear();
            afterClosingQuote = false;
        }

        void EndRecord()
        {
            EndField();
            // A blank line is one empty field: skip it rather than report a record of the wrong width.
            if (fields.Count > 1 || fields[0].Length > 0)
            {
                records.Add(new CsvRecord(recordLine, [.. fields]));
            }

            fields.Clear();
        }

        for (; position < text.Length; position++)
        {
            var c = text[position];
            if (quoted)
            {
                if (c == '"')
                {
                    if (position + 1 < text.Length && text[position + 1] == '"')
                    {
                        field.Append('"');
                        position++;
                    }
                    else
                    {
                        quoted = false;
                        afterClosingQuote = true;
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }

                    field.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case ',':
                    EndField();
                    break;
                case '\r' when position + 1 < text.Length && text[position + 1] == '\n':
                    break;
                case '\n':
                    EndRecord();
                    line++;
                    recordLine = line;
                    break;
                case '"' when field.Length == 0 && !afterClosingQuote:
                    quoted = true;
                    break;
                case '"':
                    throw new CsvFormatException(sourceName, line, null, "a double quote inside an unquoted field (quote the whole field and double the quote)");
                default:
                    if (afterClosingQuote)
                    {
                        throw new CsvFormatException(sourceName, line, null, "text after the closing quote of a field");
                    }

                    field.Append(c);
                    break;
            }
        }

        if (quoted)
        {
            throw new CsvFormatException(sourceName, recordLine, null, "a quoted field is not closed before the end of the file");
        }

        if (field.Length > 0 || fields.Count > 0 || afterClosingQuote)
        {
            EndRecord();
        }

        return records;
    }

    /// <summary>Reads a CSV file whose first record is a header of column names.</summary>
    /// <param name="path">Path of a UTF-8 CSV file.</param>
    /// <returns>The header and the data rows.</returns>
    /// <exception cref="CsvFormatException">The file is empty, not valid RFC 4180, has a blank or repeated column name,
    /// or a row whose width differs from the header.</exception>
    public static CsvTable ReadTable(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return ParseTable(File.ReadAllText(path, Encoding.UTF8), Path.GetFileName(path));
    }

    /// <summary>Parses CSV text whose first record is a header of column names.</summary>
    /// <param name="text">The whole file content.</param>
    /// <param name="sourceName">File name used in error messages.</param>
    /// <returns>The header and the data rows.</returns>
    /// <exception cref="CsvFormatException">As <see cref="ReadTable"/>.</exception>
    public static CsvTable ParseTable(string text, string sourceName)
    {
        var records = Parse(text, sourceName);
        if (records.Count == 0)
        {
            throw new CsvFormatException(sourceName, 1, null, "the file has no header");
        }

        var header = records[0].Fields;
        var names = new List<string>(header.Count);
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Count; i++)
        {
            var name = header[i].Trim();
            names.Add(name);
            if (name.Length == 0 || !columns.TryAdd(name, i))
            {
                throw new CsvFormatException(sourceName, records[0].LineNumber, null, $"column {i + 1} of the header is blank or repeated ('{name}')");
            }
        }

        var rows = new List<CsvRow>(records.Count - 1);
        foreach (var record in records.Skip(1))
        {
            if (record.Fields.Count != header.Count)
            {
                throw new CsvFormatException(sourceName, record.LineNumber, null,
                    $"the row has {record.Fields.Count} fields where the header has {header.Count}");
            }

            rows.Add(new CsvRow(sourceName, record.LineNumber, record.Fields, columns));
        }

        return new CsvTable(sourceName, names, rows);
    }
}

/// <summary>One CSV record: its fields and the 1-based line on which it starts.</summary>
/// <param name="LineNumber">Line of the file where the record starts (a quoted field may span lines).</param>
/// <param name="Fields">The field values, unquoted.</param>
public sealed record CsvRecord(int LineNumber, IReadOnlyList<string> Fields);

/// <summary>A CSV file read with its header (see <see cref="Csv.ReadTable"/>).</summary>
/// <param name="SourceName">File name used in error messages.</param>
/// <param name="Columns">Column names in header order, trimmed.</param>
/// <param name="Rows">The data rows in file order.</param>
public sealed record CsvTable(string SourceName, IReadOnlyList<string> Columns, IReadOnlyList<CsvRow> Rows)
{
    /// <summary>Checks that the header has every column the caller needs.</summary>
    /// <param name="names">Required column names.</param>
    /// <exception cref="CsvFormatException">A column is missing; the message names it and the file.</exception>
    public void RequireColumns(params string[] names)
    {
        ArgumentNullException.ThrowIfNull(names);
        foreach (var name in names)
        {
            if (!Columns.Contains(name, StringComparer.Ordinal))
            {
                throw new CsvFormatException(SourceName, 1, name, "the header has no such column");
            }
        }
    }
}

/// <summary>
/// One data row of a <see cref="CsvTable"/>, read by column name. Values are trimmed; numbers use the invariant
/// culture (a dot as decimal separator, no thousands separators).
/// </summary>
public sealed class CsvRow
{
    private readonly IReadOnlyList<string> fields;
    private readonly IReadOnlyDictionary<string, int> columns;

    internal CsvRow(string sourceName, int lineNumber, IReadOnlyList<string> fields, IReadOnlyDictionary<string, int> columns)
    {
        SourceName = sourceName;
        LineNumber = lineNumber;
        this.fields = fields;
        this.columns = columns;
    }

    /// <summary>File name used in error messages.</summary>
    public string SourceName { get; }

    /// <summary>1-based line of the file where the row starts.</summary>
    public int LineNumber { get; }

    /// <summary>The trimmed value of a column that must not be empty.</summary>
    /// <param name="column">Column name.</param>
    /// <exception cref="CsvFormatException">The column is missing from the header or the value is empty.</exception>
    public string GetText(string column)
    {
        var value = GetOptionalText(column);
        return value ?? throw CreateError(column, "a value is required");
    }

    /// <summary>The trimmed value of a column, or null when it is empty.</summary>
    /// <param name="column">Column name.</param>
    /// <exception cref="CsvFormatException">The column is missing from the header.</exception>
    public string? GetOptionalText(string column)
    {
        ArgumentNullException.ThrowIfNull(column);
        if (!columns.TryGetValue(column, out var index))
        {
            throw CreateError(column, "the header has no such column");
        }

        var value = fields[index].Trim();
        return value.Length == 0 ? null : value;
    }

    /// <summary>A finite decimal number that must be present.</summary>
    /// <param name="column">Column name.</param>
    /// <exception cref="CsvFormatException">The value is empty, malformed or not finite.</exception>
    public double GetNumber(string column) =>
        GetOptionalNumber(column) ?? throw CreateError(column, "a number is required");

    /// <summary>A finite decimal number, or null when the value is empty.</summary>
    /// <param name="column">Column name.</param>
    /// <exception cref="CsvFormatException">The value is malformed or not finite.</exception>
    public double? GetOptionalNumber(string column)
    {
        var text = GetOptionalText(column);
        if (text is null)
        {
            return null;
        }

        if (!double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
                CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw CreateError(column, $"'{text}' is not a number (use a dot as decimal separator)");
        }

        return value;
    }

    /// <summary>A whole number (digits with an optional sign), or null when the value is empty.</summary>
    /// <param name="column">Column name.</param>
    /// <exception cref="CsvFormatException">The value is not a 32-bit whole number.</exception>
    public int? GetOptionalWholeNumber(string column)
    {
        var text = GetOptionalText(column);
        if (text is null)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            throw CreateError(column, $"'{text}' is not a whole number");
        }

        return value;
    }

    /// <summary>A required flag written <c>true</c> or <c>false</c> (any letter case).</summary>
    /// <param name="column">Column name.</param>
    /// <exception cref="CsvFormatException">The value is empty or another word.</exception>
    public bool GetFlag(string column)
    {
        var text = GetText(column);
        if (text.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (text.Equals("false", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        throw CreateError(column, $"'{text}' is not true or false");
    }

    /// <summary>An error about a value of this row, naming the file, the line and the column.</summary>
    /// <param name="column">Column name.</param>
    /// <param name="problem">What is wrong, as a sentence fragment.</param>
    /// <returns>The exception, for the caller to throw.</returns>
    public CsvFormatException CreateError(string column, string problem) => new(SourceName, LineNumber, column, problem);
}

/// <summary>A malformed CSV file or value; the message and the properties say where.</summary>
public sealed class CsvFormatException : FormatException
{
    /// <summary>Creates an exception with a message and no location.</summary>
    public CsvFormatException()
    {
    }

    /// <summary>Creates an exception with a message and no location.</summary>
    /// <param name="message">What is wrong.</param>
    public CsvFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message, an inner exception and no location.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public CsvFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception that names the file, the line and, where known, the column.</summary>
    /// <param name="sourceName">File name.</param>
    /// <param name="lineNumber">1-based line.</param>
    /// <param name="column">Column name, or null when the problem is not in one column.</param>
    /// <param name="problem">What is wrong, as a sentence fragment.</param>
    public CsvFormatException(string sourceName, int lineNumber, string? column, string problem)
        : base(column is null
            ? $"{sourceName}, line {lineNumber}: {problem}."
            : $"{sourceName}, line {lineNumber}, column '{column}': {problem}.")
    {
        SourceName = sourceName;
        LineNumber = lineNumber;
        Column = column;
    }

    /// <summary>File name, when known.</summary>
    public string? SourceName { get; }

    /// <summary>1-based line, or 0 when unknown.</summary>
    public int LineNumber { get; }

    /// <summary>Column name, when the problem is in one column.</summary>
    public string? Column { get; }
}
