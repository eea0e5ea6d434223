using System.Globalization;
using Microsoft.Data.Sqlite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Wems.Gis.Features.Exports;

/// <summary>
/// Features as an OGC GeoPackage 1.2 (SQLite): application id <c>GPKG</c>, the required
/// <c>gpkg_spatial_ref_sys</c> rows (-1, 0, 4326) plus the export CRS, <c>gpkg_contents</c> with the layer's
/// extent and <c>gpkg_geometry_columns</c>, and one feature table named after the collection (<c>-</c> becomes
/// <c>_</c>) with <c>fid</c>, <c>geom</c> (GeoPackage binary geometry, x = longitude or easting), <c>id</c> and
/// one column per property (TEXT, INTEGER, REAL, BOOLEAN or DATE).
/// </summary>
public static class GeoPackageExport
{
    private const string Schema = """
        pragma application_id = 1196444487;
        pragma user_version = 10200;
        create table gpkg_spatial_ref_sys (srs_name text not null, srs_id integer primary key, organization text not null,
            organization_coordsys_id integer not null, definition text not null, description text);
        create table gpkg_contents (table_name text not null primary key, data_type text not null, identifier text unique,
            description text default '', last_change datetime not null default (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
            min_x double, min_y double, max_x double, max_y double, srs_id integer references gpkg_spatial_ref_sys(srs_id));
        create table gpkg_geometry_columns (table_name text not null references gpkg_contents(table_name), column_name text not null,
            geometry_type_name text not null, srs_id integer not null references gpkg_spatial_ref_sys(srs_id), z tinyint not null,
            m tinyint not null, primary key (table_name, column_name), unique (table_name));
        insert into gpkg_spatial_ref_sys values ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', null);
        insert into gpkg_spatial_ref_sys values ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', null);
        """;

    /// <summary>
    /// Writes <paramref name="rows"/> (geometries in <paramref name="crs"/>, whose WKT is <paramref name="crsWkt"/>, as
    /// PostGIS <c>spatial_ref_sys.srtext</c> gives it; <paramref name="wgs84Wkt"/> is that of EPSG:4326) to a new
    /// GeoPackage at <paramref name="path"/>.
    /// </summary>
    /// <returns>The number of features written.</returns>
    public static async Task<long> WriteAsync(string path, FeatureCollectionDefinition collection, SupportedCrs crs, string crsWkt,
        string wgs84Wkt, IAsyncEnumerable<ExportRow> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(collection);
        ArgumentNullException.ThrowIfNull(crs);
        ArgumentNullException.ThrowIfNull(rows);
        var table = collection.Id.Replace('-', '_');
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await connection.OpenAsync(cancellationToken);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, Schema);
        await InsertSrsAsync(connection, 4326, "WGS 84", "EPSG", 4326, wgs84Wkt);
        if (crs.Srid != 4326)
        {
            var authority = crs.Uri.Split('/')[^3];
            await InsertSrsAsync(connection, crs.Srid, $"{authority}:{crs.Srid}", authority, crs.Srid, crsWkt);
        }

        var columns = string.Concat(collection.Properties.Select(p => $", \"{p.Name}\" {SqlType(p.Type)}"));
        await ExecuteAsync(connection, $"create table \"{table}\" (fid integer primary key autoincrement, geom {collection.GeometryType.ToUpperInvariant()}, id text{columns})");

        await using var insert = connection.CreateCommand();
        insert.CommandText = $"insert into \"{table}\" values (null, $geom, $id{string.Concat(collection.Properties.Select((_, i) => $", $p{i}"))})";
        var geomParameter = insert.Parameters.Add("$geom", SqliteType.Blob);
        var idParameter = insert.Parameters.Add("$id", SqliteType.Text);
        var valueParameters = collection.Properties.Select((_, i) => insert.Parameters.Add(new SqliteParameter { ParameterName = $"$p{i}" })).ToArray();
        var writer = new GeoPackageGeoWriter { HandleOrdinates = Ordinates.XY };
        var extent = new Envelope();
        long count = 0;
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            geomParameter.Value = row.Geometry is null ? DBNull.Value : writer.Write(row.Geometry);
            if (row.Geometry is not null)
            {
                extent.ExpandToInclude(row.Geometry.EnvelopeInternal);
            }

            idParameter.Value = row.Id;
            for (var i = 0; i < valueParameters.Length; i++)
            {
                valueParameters[i].Value = Value(row.Values[i]);
            }

            await insert.ExecuteNonQueryAsync(cancellationToken);
            count++;
        }

        await using (var contents = connection.CreateCommand())
        {
            contents.CommandText = """
                insert into gpkg_contents (table_name, data_type, identifier, description, min_x, min_y, max_x, max_y, srs_id)
                values ($t, 'features', $t, $d, $x0, $y0, $x1, $y1, $srs);
                insert into gpkg_geometry_columns values ($t, 'geom', $type, $srs, 0, 0);
                """;
            contents.Parameters.AddWithValue("$t", table);
            contents.Parameters.AddWithValue("$d", collection.Description);
            contents.Parameters.AddWithValue("$x0", extent.IsNull ? DBNull.Value : extent.MinX);
            contents.Parameters.AddWithValue("$y0", extent.IsNull ? DBNull.Value : extent.MinY);
            contents.Parameters.AddWithValue("$x1", extent.IsNull ? DBNull.Value : extent.MaxX);
            contents.Parameters.AddWithValue("$y1", extent.IsNull ? DBNull.Value : extent.MaxY);
            contents.Parameters.AddWithValue("$srs", crs.Srid);
            contents.Parameters.AddWithValue("$type", collection.GeometryType.ToUpperInvariant());
            await contents.ExecuteNonQueryAsync(cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
        return count;
    }

    private static string SqlType(PropertyType type) => type switch
    {
        PropertyType.WholeNumber => "INTEGER",
        PropertyType.Number => "REAL",
        PropertyType.Boolean => "BOOLEAN",
        PropertyType.Date => "DATE",
        _ => "TEXT",
    };

    private static object Value(object? value) => value switch
    {
        null => DBNull.Value,
        bool b => b ? 1 : 0,
        short or int or long => Convert.ToInt64(value, CultureInfo.InvariantCulture),
        decimal or double or float => Convert.ToDouble(value, CultureInfo.InvariantCulture),
        _ => CsvExport.Text(value),
    };

    private static async Task InsertSrsAsync(SqliteConnection connection, int srid, string name, string organization, int code, string wkt)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "insert into gpkg_spatial_ref_sys values ($name, $id, $org, $code, $wkt, null)";
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$id", srid);
        command.Parameters.AddWithValue("$org", organization);
        command.Parameters.AddWithValue("$code", code);
        command.Parameters.AddWithValue("$wkt", wkt);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
