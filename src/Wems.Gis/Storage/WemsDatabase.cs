using Npgsql;

namespace Wems.Gis.Storage;

/// <summary>Builds the one <see cref="NpgsqlDataSource"/> that WEMS uses, with PostGIS types mapped to NetTopologySuite.</summary>
public static class WemsDatabase
{
    /// <summary>Creates a data source for <paramref name="urlOrConnectionString"/> (URL or keyword form).</summary>
    public static NpgsqlDataSource CreateDataSource(string urlOrConnectionString, string applicationName = "wems")
    {
        var builder = new NpgsqlDataSourceBuilder(DatabaseUrl.ToConnectionString(urlOrConnectionString));
        builder.ConnectionStringBuilder.ApplicationName ??= applicationName;
        builder.UseNetTopologySuite();
        return builder.Build();
    }
}
