using System.Globalization;
using System.Text;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Wems.Gis.Features.Exports;

/// <summary>
/// Features as CSV (RFC 4180): a header row <c>id,geometry,property...</c>, CRLF line ends, fields quoted when
/// they hold a comma, quote, CR or LF (quotes doubled). The geometry is WKT in the export CRS, x = longitude or
/// easting; numbers use the invariant culture, dates ISO 8601, booleans <c>true</c>/<c>false</c>, NULL an empty field.
/// </summary>
public static class CsvExport
{
    /// <summary>Writes <paramref name="rows"/> of <paramref name="collection"/> to <paramref name="path"/> (UTF-8, no BOM).</summary>
    /// <returns>The number of features written.</returns>
    public static async Task<long> WriteAsync(string path, FeatureCollectionDefinition collection, IAsyncEnumerable<ExportRow> rows,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(collection);
        ArgumentNullException.ThrowIfNull(rows);
        await using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16) { NewLine = "\r\n" };
        await writer.WriteLineAsync(string.Join(',', collection.Properties.Select(p => p.Name).Prepend("geometry").Prepend("id").Select(Field)));
        var wkt = new WKTWriter { OutputOrdinates = Ordinates.XY };
        var line = new StringBuilder();
        long count = 0;
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            line.Clear().Append(Field(row.Id)).Append(',').Append(row.Geometry is null ? "" : Field(wkt.Write(row.Geometry)));
            foreach (var value in row.Values)
            {
                line.Append(',').Append(Field(Text(value)));
            }

            await writer.WriteLineAsync(line, cancellationToken);
            count++;
        }

        return count;
    }

    /// <summary>A value as export text: invariant numbers, ISO dates, lower-case booleans, empty for NULL.</summary>
    public static string Text(object? value) => value switch
    {
        null => "",
        bool b => b ? "true" : "false",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime d => d.ToString("O", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private static string Field(string text) =>
        text.AsSpan().IndexOfAny(",\"\r\n") < 0 ? text : "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
