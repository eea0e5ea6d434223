using Npgsql;

namespace Wems.Gis.Storage;

/// <summary>
/// Turns the database location operators give (a <c>postgresql://user:password@host:port/db?param=value</c>
/// URL, as <c>psql</c> takes it, or an Npgsql keyword connection string) into an Npgsql connection string.
/// </summary>
public static class DatabaseUrl
{
    /// <summary>Converts <paramref name="urlOrConnectionString"/> to an Npgsql connection string.</summary>
    /// <exception cref="ArgumentException">The value is empty or not a valid PostgreSQL URL.</exception>
    public static string ToConnectionString(string urlOrConnectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(urlOrConnectionString);
        var value = urlOrConnectionString.Trim();
        if (!value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            && !value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return new NpgsqlConnectionStringBuilder(value).ConnectionString;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new ArgumentException($"'{Redact(value)}' is not a valid PostgreSQL URL.", nameof(urlOrConnectionString));
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')) is { Length: > 0 } db ? db : "postgres",
        };
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2)
            {
                builder.Password = Uri.UnescapeDataString(parts[1]);
            }
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            var key = Uri.UnescapeDataString(kv[0]);
            var val = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "";
            builder[key.Equals("sslmode", StringComparison.OrdinalIgnoreCase) ? "SSL Mode" : key] = val;
        }

        return builder.ConnectionString;
    }

    /// <summary>The same URL or connection string with any password replaced by <c>***</c>, for logs.</summary>
    public static string Redact(string urlOrConnectionString)
    {
        if (urlOrConnectionString.Contains("://", StringComparison.Ordinal))
        {
            var at = urlOrConnectionString.IndexOf('@', StringComparison.Ordinal);
            var scheme = urlOrConnectionString.IndexOf("://", StringComparison.Ordinal) + 3;
            var colon = urlOrConnectionString.IndexOf(':', scheme);
            return at > 0 && colon > 0 && colon < at
                ? string.Concat(urlOrConnectionString.AsSpan(0, colon + 1), "***", urlOrConnectionString.AsSpan(at))
                : urlOrConnectionString;
        }

        var builder = new NpgsqlConnectionStringBuilder(urlOrConnectionString);
        if (!string.IsNullOrEmpty(builder.Password))
        {
            builder.Password = "***";
        }

        return builder.ConnectionString;
    }
}
