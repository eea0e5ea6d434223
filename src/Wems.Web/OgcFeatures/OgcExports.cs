using Wems.Gis.Features;
using Wems.Gis.Features.Exports;
using Wems.Gis.Storage;

namespace Wems.Web.OgcFeatures;

/// <summary>
/// File exports of an items query (<c>f=csv|gpkg|shp</c> or the matching Accept header): the same filters,
/// bbox, datetime, crs, properties and sortby as GeoJSON, run through the same <see cref="FeatureStore"/> under
/// the caller's tier, but every matching feature (not one page; <c>limit</c> and <c>cursor</c> are ignored) up to
/// <see cref="OgcOptions.MaxExportFeatures"/>. The file is written to <see cref="Path.GetTempPath"/> first (so a
/// too-large export is a clean 400, and GeoPackage and Shapefile need a file anyway), then streamed and deleted.
/// </summary>
internal static class OgcExports
{
    public static async Task<IResult> ExportAsync(OgcFormat format, FeatureCollectionDefinition collection, FeatureQuery query,
        CallerScope scope, FeatureStore store, OgcOptions options, CancellationToken cancellationToken)
    {
        var crs = query.Crs ?? CrsRegistry.Crs84;
        var (extension, mediaType) = format switch
        {
            OgcFormat.Csv => ("csv", "text/csv"),
            OgcFormat.GeoPackage => ("gpkg", "application/geopackage+sqlite3"),
            _ => ("zip", "application/zip"),
        };
        var path = Path.Combine(Path.GetTempPath(), $"wems-export-{Guid.NewGuid():N}.{extension}");
        try
        {
            var rows = store.StreamAsync(collection, query, scope, options.MaxExportFeatures, cancellationToken);
            switch (format)
            {
                case OgcFormat.Csv:
                    await CsvExport.WriteAsync(path, collection, rows, cancellationToken);
                    break;
                case OgcFormat.GeoPackage:
                    var wgs84 = await store.SpatialReferenceWktAsync(4326, cancellationToken) ?? "undefined";
                    var wkt = await store.SpatialReferenceWktAsync(crs.Srid, cancellationToken) ?? "undefined";
                    await GeoPackageExport.WriteAsync(path, collection, crs, wkt, wgs84, rows, cancellationToken);
                    break;
                default:
                    var prj = await store.SpatialReferenceWktAsync(crs.Srid, cancellationToken) ?? "";
                    await ShapefileExport.WriteAsync(path, collection, prj, rows, cancellationToken);
                    break;
            }

            // DeleteOnClose: the file goes when the response has been sent (or aborted) and the stream is disposed.
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16,
                FileOptions.Asynchronous | FileOptions.DeleteOnClose);
            return TypedResults.Stream(stream, mediaType, $"{collection.Id}.{(format == OgcFormat.Shapefile ? "zip" : extension)}");
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }
}
