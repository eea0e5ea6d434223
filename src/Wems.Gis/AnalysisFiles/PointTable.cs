using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using NetTopologySuite.IO.Converters;
using Wems.Gis.Reference;
using Wems.Gis.Reports;

namespace Wems.Gis.AnalysisFiles;

/// <summary>How the coordinates of a <see cref="PointTable"/> are to be read.</summary>
public enum CoordinateKind
{
    /// <summary>WGS84 longitude/latitude in degrees: distances are measured in km after an equal-area projection.</summary>
    Geographic,

    /// <summary>Planar (a projected CRS, or <c>planar</c>): distances are in the coordinates' own units.</summary>
    Planar,
}

/// <summary>
/// An analyst's own table of points, read from CSV (columns <c>x</c>/<c>y</c>, <c>lon</c>/<c>lat</c> (also
/// <c>lng</c>, <c>long</c>, <c>longitude</c>, <c>latitude</c>), or a WKT column <c>wkt</c>/<c>geometry</c>/<c>geom</c>)
/// or GeoJSON (a FeatureCollection); polygons and lines stand at their centroid. Every input column is kept and written
/// back, with the analysis's columns added, as CSV or GeoJSON.
/// </summary>
public sealed class PointTable
{
    private static readonly JsonSerializerOptions GeoJson = new() { Converters = { new GeoJsonConverterFactory() } };

    private static readonly string[] XNames = ["x", "lon", "lng", "long", "longitude"];
    private static readonly string[] YNames = ["y", "lat", "latitude"];
    private static readonly string[] WktNames = ["wkt", "geometry", "geom", "the_geom"];

    private PointTable(IReadOnlyList<string> columns, List<string?[]> rows, double[] x, double[] y, CoordinateKind kind, List<Geometry?>? geometries,
        string? crs)
    {
        Crs = string.IsNullOrWhiteSpace(crs) ? null : crs.Trim();
        Columns = columns;
        Rows = rows;
        X = x;
        Y = y;
        Kind = kind;
        Geometries = geometries;
    }

    /// <summary>Input column names (CSV header, or GeoJSON property names in first-seen order).</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Input values per row, in <see cref="Columns"/> order (null for a GeoJSON property that a feature lacks or has as null).</summary>
    public IReadOnlyList<string?[]> Rows { get; }

    /// <summary>x (or longitude) per row.</summary>
    public double[] X { get; }

    /// <summary>y (or latitude) per row.</summary>
    public double[] Y { get; }

    /// <summary>How to measure distances between the points.</summary>
    public CoordinateKind Kind { get; }

    /// <summary>The GeoJSON input's geometries, to write back unchanged; null for CSV input.</summary>
    public IReadOnlyList<Geometry?>? Geometries { get; }

    /// <summary>Number of rows.</summary>
    public int Count => X.Length;

    /// <summary>The <c>--crs</c> given (e.g. <c>EPSG:32737</c>, <c>planar</c>), or null when it was inferred.</summary>
    public string? Crs { get; }

    /// <summary>
    /// WGS84 longitude/latitude of every row: the coordinates themselves for lon/lat input; for planar input in a
    /// projected CRS that WEMS serves (<see cref="Features.CrsRegistry"/>: EPSG:3857, 32636, 32637, ESRI:102022),
    /// unprojected with ProjNet; null for <c>planar</c> or another CRS, whose place on the earth is unknown.
    /// </summary>
    public (double[] Lon, double[] Lat)? LonLat()
    {
        if (Kind == CoordinateKind.Geographic)
        {
            return (X, Y);
        }

        Features.SupportedCrs crs;
        try
        {
            crs = Features.CrsRegistry.Find(Crs ?? "planar", "crs");
        }
        catch (Features.InvalidParameterException)
        {
            return null;
        }

        var inverse = Features.CrsRegistry.Transform(crs, inverse: true);
        var lon = new double[Count];
        var lat = new double[Count];
        for (var i = 0; i < Count; i++)
        {
            (lon[i], lat[i]) = inverse is null ? (X[i], Y[i]) : inverse.Transform(X[i], Y[i]);
        }

        return (lon, lat);
    }

    /// <summary>
    /// Reads a CSV or GeoJSON file (by extension: <c>.csv</c>, <c>.geojson</c>/<c>.json</c>). <paramref name="crs"/>:
    /// null to infer (lon/lat columns and GeoJSON are WGS84; x/y and WKT are planar), <c>EPSG:4326</c>/<c>CRS84</c>
    /// for WGS84, <c>planar</c> or any other code (a projected CRS) for planar units.
    /// </summary>
    /// <exception cref="FormatException">The file cannot be read as points (names the row and the reason).</exception>
    public static PointTable Read(string path, string? crs)
    {
        var text = File.ReadAllText(path);
        var extension = Path.GetExtension(path).ToLowerInvariant();
        return extension switch
        {
            ".csv" or ".txt" => ReadCsv(text, Path.GetFileName(path), crs),
            ".geojson" or ".json" => ReadGeoJson(text, crs),
            _ => throw new FormatException($"{path}: expected a .csv or .geojson file."),
        };
    }

    /// <summary>Reads CSV text; lines starting with <c>#</c> before the header are comments.</summary>
    public static PointTable ReadCsv(string text, string sourceName, string? crs)
    {
        var lines = text.Split('\n');
        var skip = lines.TakeWhile(l => l.StartsWith('#')).Count();
        var records = Csv.Parse(string.Join('\n', lines.Skip(skip)), sourceName);
        if (records.Count == 0)
        {
            throw new FormatException($"{sourceName}: no header.");
        }

        var columns = records[0].Fields.Select(f => f.Trim()).ToArray();
        int Find(string[] names) => Array.FindIndex(columns, c => names.Contains(c, StringComparer.OrdinalIgnoreCase));
        var (xi, yi, wi) = (Find(XNames), Find(YNames), Find(WktNames));
        if ((xi < 0 || yi < 0) && wi < 0)
        {
            throw new FormatException($"{sourceName}: no coordinate columns: give x and y, lon and lat, or a WKT column (wkt, geometry).");
        }

        var lonLat = xi >= 0 && !columns[xi].Equals("x", StringComparison.OrdinalIgnoreCase);
        var kind = KindOf(crs, xi >= 0 && yi >= 0 ? lonLat : false);
        var rows = new List<string?[]>();
        var x = new List<double>();
        var y = new List<double>();
        var reader = new WKTReader();
        foreach (var record in records.Skip(1))
        {
            if (record.Fields.Count != columns.Length)
            {
                throw new FormatException($"{sourceName} line {record.LineNumber}: {record.Fields.Count} fields where the header has {columns.Length}.");
            }

            double px, py;
            if (xi >= 0 && yi >= 0)
            {
                px = Number(record.Fields[xi], sourceName, record.LineNumber, columns[xi]);
                py = Number(record.Fields[yi], sourceName, record.LineNumber, columns[yi]);
            }
            else
            {
                Geometry geometry;
                try
                {
                    geometry = reader.Read(record.Fields[wi]);
                }
                catch (ParseException e)
                {
                    throw new FormatException($"{sourceName} line {record.LineNumber}: column {columns[wi]} is not WKT ({e.Message}).", e);
                }

                (px, py) = Position(geometry, $"{sourceName} line {record.LineNumber}");
            }

            rows.Add([.. record.Fields]);
            x.Add(px);
            y.Add(py);
        }

        var table = new PointTable(columns, rows, [.. x], [.. y], kind, null, crs);
        table.Check(sourceName);
        return table;
    }

    /// <summary>Reads a GeoJSON FeatureCollection; properties become columns.</summary>
    public static PointTable ReadGeoJson(string text, string? crs)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            throw new FormatException($"not JSON: {e.Message}", e);
        }

        if (root?["type"]?.GetValue<string>() != "FeatureCollection" || root["features"] is not JsonArray features)
        {
            throw new FormatException("expected a GeoJSON FeatureCollection.");
        }

        var columns = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var feature in features)
        {
            if (feature?["properties"] is JsonObject properties)
            {
                foreach (var (name, _) in properties)
                {
                    if (seen.Add(name))
                    {
                        columns.Add(name);
                    }
                }
            }
        }

        var rows = new List<string?[]>();
        var geometries = new List<Geometry?>();
        var x = new List<double>();
        var y = new List<double>();
        for (var i = 0; i < features.Count; i++)
        {
            var feature = features[i];
            var geometryJson = feature?["geometry"]?.ToJsonString() ?? throw new FormatException($"feature {i}: no geometry.");
            var geometry = JsonSerializer.Deserialize<Geometry>(geometryJson, GeoJson) ?? throw new FormatException($"feature {i}: no geometry.");
            var (px, py) = Position(geometry, $"feature {i}");
            var properties = feature["properties"] as JsonObject;
            rows.Add([.. columns.Select(c => properties?[c] is { } v ? (v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : v.ToJsonString()) : null)]);
            geometries.Add(geometry);
            x.Add(px);
            y.Add(py);
        }

        var table = new PointTable(columns, rows, [.. x], [.. y], KindOf(crs, true), geometries, crs);
        table.Check("GeoJSON");
        return table;
    }

    private static CoordinateKind KindOf(string? crs, bool lonLatByDefault) => crs?.Trim().ToUpperInvariant() switch
    {
        null or "" => lonLatByDefault ? CoordinateKind.Geographic : CoordinateKind.Planar,
        "EPSG:4326" or "4326" or "CRS84" or "OGC:CRS84" or "WGS84" => CoordinateKind.Geographic,
        _ => CoordinateKind.Planar,
    };

    private void Check(string source)
    {
        if (Kind == CoordinateKind.Geographic)
        {
            for (var i = 0; i < Count; i++)
            {
                if (X[i] is < -180 or > 180 || Y[i] is < -90 or > 90)
                {
                    throw new FormatException($"{source} row {i + 1}: ({X[i]}, {Y[i]}) is not a longitude/latitude; give --crs planar (or the projected CRS) for planar data.");
                }
            }
        }
    }

    private static (double X, double Y) Position(Geometry geometry, string where)
    {
        if (geometry.IsEmpty)
        {
            throw new FormatException($"{where}: empty geometry.");
        }

        var point = geometry as Point ?? geometry.Centroid;
        return (point.X, point.Y);
    }

    private static double Number(string text, string source, int line, string column) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
            ? v
            : throw new FormatException($"{source} line {line}: {column} '{text}' is not a number.");

    /// <summary>The values of a numeric column, or 1 for every row when <paramref name="column"/> is null (counts).</summary>
    /// <exception cref="FormatException">The column is missing or a value is not a number.</exception>
    public double[] Values(string? column)
    {
        if (column is null)
        {
            return [.. Enumerable.Repeat(1.0, Count)];
        }

        var index = Columns.ToList().IndexOf(column);
        if (index < 0)
        {
            throw new FormatException($"no column '{column}'; the columns are {string.Join(", ", Columns)}.");
        }

        return [.. Rows.Select((r, i) => double.TryParse(r[index], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
            ? v
            : throw new FormatException($"row {i + 1}: {column} '{r[index]}' is not a number."))];
    }

    /// <summary>The text values of a column.</summary>
    /// <exception cref="FormatException">The column is missing.</exception>
    public string?[] Texts(string column)
    {
        var index = Columns.ToList().IndexOf(column);
        return index < 0
            ? throw new FormatException($"no column '{column}'; the columns are {string.Join(", ", Columns)}.")
            : [.. Rows.Select(r => r[index])];
    }

    /// <summary>Writes the table with <paramref name="added"/> columns (name, text per row) as CSV or GeoJSON (by extension).</summary>
    public void Write(string path, IReadOnlyList<(string Name, string?[] Values)> added)
    {
        ArgumentNullException.ThrowIfNull(added);
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is ".geojson" or ".json")
        {
            File.WriteAllText(path, ToGeoJson(added), new UTF8Encoding(false));
        }
        else if (extension is ".csv" or ".txt")
        {
            File.WriteAllText(path, ToCsv(added), new UTF8Encoding(false));
        }
        else
        {
            throw new FormatException($"{path}: expected a .csv or .geojson output file.");
        }
    }

    /// <summary>The table and the added columns as CSV text (LF line ends).</summary>
    public string ToCsv(IReadOnlyList<(string Name, string?[] Values)> added)
    {
        ArgumentNullException.ThrowIfNull(added);
        var text = new StringBuilder();
        var geometryColumn = Geometries is not null && !Columns.Contains("wkt") ? new[] { "wkt" } : [];
        text.Append(CsvText.Record([.. Columns, .. geometryColumn, .. added.Select(a => a.Name)])).Append('\n');
        var writer = new WKTWriter();
        for (var i = 0; i < Count; i++)
        {
            var geometry = geometryColumn.Length > 0 ? [Geometries![i] is { } g ? writer.Write(g) : ""] : Array.Empty<string>();
            text.Append(CsvText.Record([.. Rows[i].Select(v => v ?? ""), .. geometry, .. added.Select(a => a.Values[i] ?? "")])).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>The table and the added columns as a GeoJSON FeatureCollection (numbers as numbers where they parse).</summary>
    public string ToGeoJson(IReadOnlyList<(string Name, string?[] Values)> added)
    {
        ArgumentNullException.ThrowIfNull(added);
        var features = new JsonArray();
        for (var i = 0; i < Count; i++)
        {
            var properties = new JsonObject();
            for (var c = 0; c < Columns.Count; c++)
            {
                properties[Columns[c]] = Value(Rows[i][c]);
            }

            foreach (var (name, values) in added)
            {
                properties[name] = Value(values[i]);
            }

            var geometry = Geometries?[i] is { } g ? JsonSerializer.SerializeToNode(g, GeoJson) : new JsonObject
            {
                ["type"] = "Point",
                ["coordinates"] = new JsonArray(X[i], Y[i]),
            };
            features.Add(new JsonObject { ["type"] = "Feature", ["geometry"] = geometry, ["properties"] = properties });
        }

        return new JsonObject { ["type"] = "FeatureCollection", ["features"] = features }.ToJsonString();
    }

    private static JsonValue? Value(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        // "007" stays text: a code, not a number.
        var leadingZero = text.Length > 1 && text[0] == '0' && char.IsAsciiDigit(text[1]);
        return !leadingZero && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n)
            ? JsonValue.Create(n)
            : JsonValue.Create(text);
    }
}
