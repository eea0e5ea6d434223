using System.Text;

namespace Wems.Gis.Reports;

/// <summary>
/// Writes RFC 4180 CSV: fields separated by commas, records ended by CRLF, a field quoted when it holds a comma,
/// a double quote, CR or LF (a quote inside is doubled). Encoded as UTF-8 with a byte-order mark, which
/// Excel needs to read non-ASCII text correctly.
/// </summary>
public static class CsvText
{
    /// <summary>The encoding of the files written here: UTF-8 with BOM.</summary>
    public static Encoding Encoding { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);

    /// <summary>Writes a header record and one record per row.</summary>
    public static async Task WriteAsync(Stream stream, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        await using var writer = new StreamWriter(stream, Encoding, bufferSize: 64 * 1024, leaveOpen: true) { NewLine = "\r\n" };
        await writer.WriteLineAsync(Record(header).AsMemory(), cancellationToken);
        foreach (var row in rows)
        {
            await writer.WriteLineAsync(Record(row).AsMemory(), cancellationToken);
        }

        await writer.FlushAsync(cancellationToken);
    }

    /// <summary>One record, without its line break.</summary>
    public static string Record(IEnumerable<string> fields) => string.Join(',', fields.Select(Field));

    /// <summary>One field, quoted when it must be.</summary>
    public static string Field(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
