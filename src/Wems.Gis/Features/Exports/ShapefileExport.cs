using System.IO.Compression;
using System.Text;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Esri;
using NetTopologySuite.IO.Esri.Shapefiles.Writers;

namespace Wems.Gis.Features.Exports;

/// <summary>
/// Features as a zipped ESRI Shapefile set (<c>.shp .shx .dbf .prj .cpg</c>, UTF-8 attributes) named after the
/// collection. dBASE limits a field name to 10 characters: <see cref="FieldNames"/> truncates each name to 10
/// and, where two names would collide, replaces the end of the later one with <c>_2</c>, <c>_3</c>, ...
/// (in property order, so the same collection always gives the same names). Text values are cut at 254
/// characters (the dBASE maximum). Geometries: Point, PolyLine for (multi)lines, Polygon for (multi)polygons.
/// </summary>
public static class ShapefileExport
{
    private const int MaxFieldName = 10;
    private const int MaxText = 254;

    /// <summary>The dBASE field names of <c>id</c> and then each property, unique and at most 10 characters.</summary>
    public static IReadOnlyList<string> FieldNames(FeatureCollectionDefinition collection)
    {
        ArgumentNullException.ThrowIfNull(collection);
        var names = new List<string>();
        foreach (var name in collection.Properties.Select(p => p.Name).Prepend("id"))
        {
            var candidate = name.Length <= MaxFieldName ? name : name[..MaxFieldName];
            for (var n = 2; names.Contains(candidate, StringComparer.OrdinalIgnoreCase); n++)
            {
                var suffix = $"_{n}";
                candidate = (name.Length + suffix.Length <= MaxFieldName ? name : name[..(MaxFieldName - suffix.Length)]) + suffix;
            }

            names.Add(candidate);
        }

        return names;
    }

    /// <summary>
    /// Writes <paramref name="rows"/> as a zipped Shapefile set to <paramref name="zipPath"/>, with
    /// <paramref name="projectionWkt"/> as the <c>.prj</c> file.
    /// </summary>
    /// <returns>The number of features written.</returns>
    public static async Task<long> WriteAsync(string zipPath, FeatureCollectionDefinition collection, string projectionWkt,
        IAsyncEnumerable<ExportRow> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(collection);
        ArgumentNullException.ThrowIfNull(rows);
        var directory = Directory.CreateTempSubdirectory("wems-shp-");
        try
        {
            var layer = collection.Id.Replace('-', '_');
            var names = FieldNames(collection);
            var options = new ShapefileWriterOptions(ShapeTypeOf(collection.GeometryType)) { Encoding = Encoding.UTF8, Projection = projectionWkt };
            options.AddCharacterField(names[0], MaxText);
            for (var i = 0; i < collection.Properties.Count; i++)
            {
                var name = names[i + 1];
                switch (collection.Properties[i].Type)
                {
                    case PropertyType.WholeNumber: options.AddNumericInt64Field(name); break;
                    case PropertyType.Number: options.AddNumericDoubleField(name); break;
                    case PropertyType.Boolean: options.AddLogicalField(name); break;
                    case PropertyType.Date: options.AddDateField(name); break;
                    default: options.AddCharacterField(name, MaxText); break;
                }
            }

            long count = 0;
            var shp = Path.Combine(directory.FullName, layer + ".shp");
            using (var writer = Shapefile.OpenWrite(shp, options))
            {
                await foreach (var row in rows.WithCancellation(cancellationToken))
                {
                    writer.Geometry = row.Geometry;
                    writer.Fields[names[0]].Value = row.Id;
                    for (var i = 0; i < row.Values.Length; i++)
                    {
                        writer.Fields[names[i + 1]].Value = Value(row.Values[i]);
                    }

                    writer.Write();
                    count++;
                }
            }

            var cpg = Path.ChangeExtension(shp, ".cpg");
            if (!File.Exists(cpg))
            {
                await File.WriteAllTextAsync(cpg, "UTF-8", cancellationToken);
            }

            File.Delete(zipPath);
            ZipFile.CreateFromDirectory(directory.FullName, zipPath);
            return count;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static ShapeType ShapeTypeOf(string geometryType) => geometryType switch
    {
        "Point" => ShapeType.Point,
        "MultiPoint" => ShapeType.MultiPoint,
        "LineString" or "MultiLineString" => ShapeType.PolyLine,
        _ => ShapeType.Polygon,
    };

    private static object? Value(object? value) => value switch
    {
        null => null,
        string s => s.Length <= MaxText ? s : s[..MaxText],
        short or int or long => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture),
        decimal or float => Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture),
        DateOnly d => d.ToDateTime(TimeOnly.MinValue),
        _ => value,
    };
}
