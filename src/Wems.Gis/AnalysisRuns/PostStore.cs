using Npgsql;
using Wems.Gis.Cases;
using Wems.Gis.Storage;

namespace Wems.Gis.AnalysisRuns;

/// <summary>An enforcement post of the current post set (table <c>enforcement_post</c>, migration 0017).</summary>
/// <param name="Id">Post id.</param>
/// <param name="Country">ISO alpha-2 code of the country that staffs it.</param>
/// <param name="Name">Display name.</param>
/// <param name="Location">WGS84 position.</param>
/// <param name="FromReference">True when it was copied from the curated border posts.</param>
public sealed record StoredPost(Guid Id, string Country, string Name, GeoPoint Location, bool FromReference);

/// <summary>
/// The current enforcement posts that border coverage uses: the curated border posts (synced in on first use) as the
/// analysts of each country edit them. Every tier reads them; row-level security lets a national caller add, move
/// and delete only its own country's posts. Deleting keeps a tombstone so the curated post does not come back.
/// </summary>
public sealed class PostStore(NpgsqlDataSource dataSource)
{
    private const string Columns = "id, country, name, ST_X(geom), ST_Y(geom), source_site is not null";

    /// <summary>The current posts, optionally of one country, ordered by country and name.</summary>
    public async Task<List<StoredPost>> ListAsync(CallerScope scope, string? country, CancellationToken cancellationToken = default)
    {
        return await InScopeAsync(scope, async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand(
                $"select {Columns} from enforcement_post where deleted_at is null and (@country::text is null or country = @country) order by country, name, id",
                connection);
            command.Parameters.Add(new NpgsqlParameter("country", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)country?.ToUpperInvariant() ?? DBNull.Value });
            return await ReadAsync(command, ct);
        }, cancellationToken);
    }

    /// <summary>One current post, or null.</summary>
    public async Task<StoredPost?> GetAsync(CallerScope scope, Guid id, CancellationToken cancellationToken = default) =>
        (await InScopeAsync(scope, async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand($"select {Columns} from enforcement_post where id = @id and deleted_at is null", connection);
            command.Parameters.AddWithValue("id", id);
            return await ReadAsync(command, ct);
        }, cancellationToken)).SingleOrDefault();

    /// <summary>Adds a post of the caller's country.</summary>
    /// <exception cref="ArgumentException">The caller is not national.</exception>
    public async Task<StoredPost> CreateAsync(CallerScope scope, string name, GeoPoint location, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.Tier != Tier.National)
        {
            throw new ArgumentException("Posts are edited by national users, for their own country.", nameof(scope));
        }

        return (await InScopeAsync(scope, async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand($"""
                insert into enforcement_post (country, name, geom, created_by)
                values (@country, @name, ST_SetSRID(ST_MakePoint(@x, @y), 4326), @actor)
                returning {Columns}
                """, connection);
            command.Parameters.AddWithValue("country", scope.Country!);
            command.Parameters.AddWithValue("name", name);
            command.Parameters.AddWithValue("x", location.X);
            command.Parameters.AddWithValue("y", location.Y);
            command.Parameters.AddWithValue("actor", scope.Actor);
            return await ReadAsync(command, ct);
        }, cancellationToken)).Single();
    }

    /// <summary>Renames or moves a post of the caller's country; null when there is no such post the caller may change.</summary>
    public async Task<StoredPost?> UpdateAsync(CallerScope scope, Guid id, string name, GeoPoint location, CancellationToken cancellationToken = default) =>
        (await InScopeAsync(scope, async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand($"""
                update enforcement_post set name = @name, geom = ST_SetSRID(ST_MakePoint(@x, @y), 4326), updated_at = now()
                where id = @id and deleted_at is null
                returning {Columns}
                """, connection);
            command.Parameters.AddWithValue("id", id);
            command.Parameters.AddWithValue("name", name);
            command.Parameters.AddWithValue("x", location.X);
            command.Parameters.AddWithValue("y", location.Y);
            return await ReadAsync(command, ct);
        }, cancellationToken)).SingleOrDefault();

    /// <summary>Deletes a post of the caller's country (a tombstone); false when there is no such post the caller may change.</summary>
    public async Task<bool> DeleteAsync(CallerScope scope, Guid id, CancellationToken cancellationToken = default) =>
        (await InScopeAsync(scope, async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand($"""
                update enforcement_post set deleted_at = now(), updated_at = now()
                where id = @id and deleted_at is null
                returning {Columns}
                """, connection);
            command.Parameters.AddWithValue("id", id);
            return await ReadAsync(command, ct);
        }, cancellationToken)).Count == 1;

    private async Task<List<StoredPost>> InScopeAsync(CallerScope scope, Func<NpgsqlConnection, CancellationToken, Task<List<StoredPost>>> work,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await TierSession.ApplyAsync(connection, scope, ct);
        await SyncAsync(connection, ct);
        var result = await work(connection, ct);
        await transaction.CommitAsync(ct);
        return result;
    }

    /// <summary>Copies curated border posts not yet in the post set (a security-definer function of migration 0017).</summary>
    internal static async Task SyncAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var sync = new NpgsqlCommand("select sync_enforcement_posts()", connection);
        await sync.ExecuteScalarAsync(ct);
    }

    internal static async Task<List<StoredPost>> ReadAsync(NpgsqlCommand command, CancellationToken ct)
    {
        var posts = new List<StoredPost>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            posts.Add(new StoredPost(reader.GetGuid(0), reader.GetString(1), reader.GetString(2),
                new GeoPoint(reader.GetDouble(3), reader.GetDouble(4)), reader.GetBoolean(5)));
        }

        return posts;
    }

    /// <summary>A WGS84 point from longitude and latitude.</summary>
    /// <exception cref="ArgumentException">Out of range.</exception>
    public static GeoPoint Location(double longitude, double latitude) =>
        double.IsFinite(longitude) && double.IsFinite(latitude) && longitude is >= -180 and <= 180 && latitude is >= -90 and <= 90
            ? new GeoPoint(longitude, latitude)
            : throw new ArgumentException($"({longitude}, {latitude}) is not a WGS84 longitude/latitude.");
}
