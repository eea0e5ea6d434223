using Npgsql;
using NpgsqlTypes;
using Wems.Gis.Analysis.Borders;
using Wems.Gis.Cases;
using Wems.Gis.Geography;
using Wems.Gis.Storage;

namespace Wems.Gis.AnalysisRuns;

/// <summary>A planner's border scenario: a copy of the post set to edit, and the distances its coverage uses.</summary>
/// <param name="Id">Scenario id.</param>
/// <param name="Name">Display name.</param>
/// <param name="SegmentKm">Border segment length, km.</param>
/// <param name="CoverageKm">A border point is covered within this distance of a post, km.</param>
/// <param name="NearKm">A case within this distance of the border counts as a near-border seizure, km.</param>
/// <param name="CreatedBy">Who made it.</param>
/// <param name="CreatedAt">When.</param>
/// <param name="Posts">The scenario's posts.</param>
public sealed record BorderScenario(Guid Id, string Name, double SegmentKm, double CoverageKm, double NearKm, string CreatedBy,
    DateTime CreatedAt, IReadOnlyList<ScenarioPost> Posts);

/// <summary>A post of a scenario.</summary>
/// <param name="Id">Id within the scenario.</param>
/// <param name="SourcePost">The current post it was copied from; null for a post added in the scenario.</param>
/// <param name="Country">Staffing country.</param>
/// <param name="Name">Display name.</param>
/// <param name="Location">WGS84 position.</param>
public sealed record ScenarioPost(Guid Id, Guid? SourcePost, string Country, string Name, GeoPoint Location);

/// <summary>
/// Border scenarios (tables <c>border_scenario</c>, <c>scenario_post</c>, migration 0017): a planner copies the
/// current posts, adds, moves and removes posts in the copy, and compares its coverage with the current posts'
/// (<see cref="ScenarioReport"/>). A scenario belongs to the tier scope that made it (a country or a region);
/// row-level security keeps it there.
/// </summary>
public sealed class ScenarioStore(NpgsqlDataSource dataSource)
{
    private const string ScenarioColumns = "id, name, segment_km, coverage_km, near_km, created_by, created_at";

    /// <summary>Makes a scenario with a copy of the current posts; returns it.</summary>
    /// <exception cref="ArgumentException">The caller is public, or a distance is out of range.</exception>
    public async Task<BorderScenario> CreateAsync(CallerScope scope, string name, double segmentKm = 10, double coverageKm = 20, double nearKm = 50,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.Tier == Tier.Public)
        {
            throw new ArgumentException("Scenarios are made by national and regional analysts.", nameof(scope));
        }

        var id = Guid.NewGuid();
        await using var connection = await OpenAsync(scope, cancellationToken);
        await PostStore.SyncAsync(connection, cancellationToken);
        await using (var insert = new NpgsqlCommand("""
            insert into border_scenario (id, name, tier, country, region, segment_km, coverage_km, near_km, created_by)
            values (@id, @name, @tier, @country, @region, @segment, @coverage, @near, @actor)
            """, connection))
        {
            insert.Parameters.AddWithValue("id", id);
            insert.Parameters.AddWithValue("name", name);
            insert.Parameters.AddWithValue("tier", scope.Tier == Tier.National ? "national" : "regional");
            insert.Parameters.Add(new NpgsqlParameter("country", NpgsqlDbType.Char) { Value = scope.Tier == Tier.National ? scope.Country! : DBNull.Value });
            insert.Parameters.Add(new NpgsqlParameter("region", NpgsqlDbType.Text) { Value = scope.Tier == Tier.Regional ? scope.Region! : DBNull.Value });
            insert.Parameters.AddWithValue("segment", segmentKm);
            insert.Parameters.AddWithValue("coverage", coverageKm);
            insert.Parameters.AddWithValue("near", nearKm);
            insert.Parameters.AddWithValue("actor", scope.Actor);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var copy = new NpgsqlCommand("""
            insert into scenario_post (scenario_id, source_post, country, name, geom)
            select @id, p.id, p.country, p.name, p.geom from enforcement_post p where p.deleted_at is null
            """, connection))
        {
            copy.Parameters.AddWithValue("id", id);
            await copy.ExecuteNonQueryAsync(cancellationToken);
        }

        var scenario = await ReadAsync(connection, id, cancellationToken);
        await connection.CommitAsync(cancellationToken);
        return scenario!;
    }

    /// <summary>The scenario, when it belongs to the caller's scope; otherwise null.</summary>
    public async Task<BorderScenario?> GetAsync(CallerScope scope, Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(scope, cancellationToken);
        return await ReadAsync(connection, id, cancellationToken);
    }

    /// <summary>The caller's scope's scenarios, newest first, without their posts.</summary>
    public async Task<List<BorderScenario>> ListAsync(CallerScope scope, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(scope, cancellationToken);
        await using var command = new NpgsqlCommand($"select {ScenarioColumns} from border_scenario order by created_at desc, id", connection);
        var list = new List<BorderScenario>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(ReadScenario(reader, []));
        }

        return list;
    }

    /// <summary>Deletes a scenario of the caller's scope; false when there is none.</summary>
    public async Task<bool> DeleteAsync(CallerScope scope, Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(scope, cancellationToken);
        await using var command = new NpgsqlCommand("delete from border_scenario where id = @id", connection);
        command.Parameters.AddWithValue("id", id);
        var deleted = await command.ExecuteNonQueryAsync(cancellationToken) == 1;
        await connection.CommitAsync(cancellationToken);
        return deleted;
    }

    /// <summary>Adds a post to a scenario of the caller's scope; null when there is no such scenario.</summary>
    public async Task<ScenarioPost?> AddPostAsync(CallerScope scope, Guid scenarioId, string country, string name, GeoPoint location,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(scope, cancellationToken);
        if (await ReadAsync(connection, scenarioId, cancellationToken) is null)
        {
            return null;
        }

        await using var command = new NpgsqlCommand("""
            insert into scenario_post (scenario_id, country, name, geom)
            values (@scenario, @country, @name, ST_SetSRID(ST_MakePoint(@x, @y), 4326))
            returning id, source_post, country, name, ST_X(geom), ST_Y(geom)
            """, connection);
        command.Parameters.AddWithValue("scenario", scenarioId);
        command.Parameters.Add(new NpgsqlParameter("country", NpgsqlDbType.Char) { Value = country.ToUpperInvariant() });
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("x", location.X);
        command.Parameters.AddWithValue("y", location.Y);
        var post = (await ReadPostsAsync(command, cancellationToken)).Single();
        await connection.CommitAsync(cancellationToken);
        return post;
    }

    /// <summary>Moves or renames a post of a scenario; null when there is no such post in a scenario of the caller's scope.</summary>
    public async Task<ScenarioPost?> UpdatePostAsync(CallerScope scope, Guid scenarioId, Guid postId, string name, GeoPoint location,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(scope, cancellationToken);
        await using var command = new NpgsqlCommand("""
            update scenario_post set name = @name, geom = ST_SetSRID(ST_MakePoint(@x, @y), 4326)
            where id = @post and scenario_id = @scenario
            returning id, source_post, country, name, ST_X(geom), ST_Y(geom)
            """, connection);
        command.Parameters.AddWithValue("scenario", scenarioId);
        command.Parameters.AddWithValue("post", postId);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("x", location.X);
        command.Parameters.AddWithValue("y", location.Y);
        var post = (await ReadPostsAsync(command, cancellationToken)).SingleOrDefault();
        await connection.CommitAsync(cancellationToken);
        return post;
    }

    /// <summary>Removes a post from a scenario; false when there is no such post in a scenario of the caller's scope.</summary>
    public async Task<bool> RemovePostAsync(CallerScope scope, Guid scenarioId, Guid postId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(scope, cancellationToken);
        await using var command = new NpgsqlCommand("delete from scenario_post where id = @post and scenario_id = @scenario", connection);
        command.Parameters.AddWithValue("scenario", scenarioId);
        command.Parameters.AddWithValue("post", postId);
        var removed = await command.ExecuteNonQueryAsync(cancellationToken) == 1;
        await connection.CommitAsync(cancellationToken);
        return removed;
    }

    /// <summary>
    /// Coverage of the scope's borders with the current posts (before) and the scenario's (after), with the
    /// near-border cases the caller's tier sees; null when there is no such scenario.
    /// </summary>
    public async Task<ScenarioReport?> CompareAsync(CallerScope scope, Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(scope, cancellationToken);
        var scenario = await ReadAsync(connection, id, cancellationToken);
        if (scenario is null)
        {
            return null;
        }

        var countries = await BorderCoverageRun.ScopeCountriesAsync(connection.Connection, scope, cancellationToken);
        var borders = await BorderCoverageRun.LoadBordersAsync(connection.Connection, countries, cancellationToken);
        var current = await BorderCoverageRun.LoadPostsAsync(connection.Connection, cancellationToken);
        var inputs = await AnalysisRunStore.LoadCasesAsync(connection.Connection, CaseFilter.All, cancellationToken);
        var proposal = scenario.Posts.Select(p => new EnforcementPost(p.Id.ToString(), p.Name, p.Country, p.Location)).ToList();
        return ScenarioReport.Build(scenario, borders, current, proposal,
            inputs.Cases.Select(c => new CasePoint(c.Id.ToString(), c.Location)), inputs.DataVersion);
    }

    private sealed class ScopedConnection(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
    {
        public NpgsqlConnection Connection { get; } = connection;

        public Task CommitAsync(CancellationToken ct) => transaction.CommitAsync(ct);

        public async ValueTask DisposeAsync()
        {
            await transaction.DisposeAsync();
            await Connection.DisposeAsync();
        }

        public static implicit operator NpgsqlConnection(ScopedConnection c) => c.Connection;
    }

    private async Task<ScopedConnection> OpenAsync(CallerScope scope, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var connection = await dataSource.OpenConnectionAsync(ct);
        try
        {
            var transaction = await connection.BeginTransactionAsync(ct);
            await TierSession.ApplyAsync(connection, scope, ct);
            return new ScopedConnection(connection, transaction);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static async Task<BorderScenario?> ReadAsync(NpgsqlConnection connection, Guid id, CancellationToken ct)
    {
        BorderScenario? scenario = null;
        await using (var command = new NpgsqlCommand($"select {ScenarioColumns} from border_scenario where id = @id", connection))
        {
            command.Parameters.AddWithValue("id", id);
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct))
            {
                scenario = ReadScenario(reader, []);
            }
        }

        if (scenario is null)
        {
            return null;
        }

        await using var posts = new NpgsqlCommand(
            "select id, source_post, country, name, ST_X(geom), ST_Y(geom) from scenario_post where scenario_id = @id order by country, name, id", connection);
        posts.Parameters.AddWithValue("id", id);
        return scenario with { Posts = await ReadPostsAsync(posts, ct) };
    }

    private static BorderScenario ReadScenario(NpgsqlDataReader r, IReadOnlyList<ScenarioPost> posts) =>
        new(r.GetGuid(0), r.GetString(1), r.GetDouble(2), r.GetDouble(3), r.GetDouble(4), r.GetString(5), r.GetDateTime(6), posts);

    private static async Task<List<ScenarioPost>> ReadPostsAsync(NpgsqlCommand command, CancellationToken ct)
    {
        var posts = new List<ScenarioPost>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            posts.Add(new ScenarioPost(reader.GetGuid(0), reader.IsDBNull(1) ? null : reader.GetGuid(1), reader.GetString(2), reader.GetString(3),
                new GeoPoint(reader.GetDouble(4), reader.GetDouble(5))));
        }

        return posts;
    }
}
