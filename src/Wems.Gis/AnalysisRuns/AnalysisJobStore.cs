using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Wems.Gis.Storage;

namespace Wems.Gis.AnalysisRuns;

/// <summary>A requested analysis and how far it got (table <c>analysis_job</c>, migration 0017).</summary>
/// <param name="Id">Job id (the API's result id).</param>
/// <param name="Kind">hotspots, density, emerging, corridors or border.</param>
/// <param name="Status">queued, running, succeeded or failed.</param>
/// <param name="Progress">Share done, 0..1, as the run reported it.</param>
/// <param name="Parameters">The parameters as requested.</param>
/// <param name="Scope">The tier scope the job was asked for and runs under.</param>
/// <param name="RunId">The stored run, once succeeded.</param>
/// <param name="Summary">The run's summary (input_cases, result_rows, data_version, duration_ms), once succeeded.</param>
/// <param name="Error">Why it failed.</param>
/// <param name="CreatedBy">Who asked.</param>
/// <param name="CreatedAt">When.</param>
/// <param name="StartedAt">When the worker took it.</param>
/// <param name="FinishedAt">When it succeeded or failed.</param>
public sealed record AnalysisJob(
    Guid Id, string Kind, string Status, double Progress, IReadOnlyDictionary<string, string> Parameters, CallerScope Scope,
    long? RunId, AnalysisRunSummary? Summary, string? Error, string CreatedBy, DateTime CreatedAt, DateTime? StartedAt, DateTime? FinishedAt);

/// <summary>
/// Stores analysis jobs. Requesting, reading and listing run under the caller's tier (row-level security shows a
/// national caller its country's jobs, a regional one its region's, everyone the public ones); the worker's
/// updates (status, progress, result) run on the owner's connection.
/// </summary>
public sealed class AnalysisJobStore(NpgsqlDataSource dataSource)
{
    private const string Columns = """
        id, kind, status, progress, parameters::text, tier, country, agency, region, run_id, summary::text, error,
        created_by, created_at, started_at, finished_at
        """;

    private const string InsertSql = """
        insert into analysis_job (id, kind, parameters, tier, country, agency, region, created_by)
        values (@id, @kind, @parameters, @tier, @country, @agency, @region, @actor)
        """;

    /// <summary>Queues <paramref name="request"/> for <paramref name="scope"/>; returns the job id.</summary>
    /// <exception cref="ArgumentException">The scope is public: analyses read case locations, which the public tier does not see.</exception>
    public async Task<Guid> CreateAsync(AnalysisRequest request, CallerScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.Tier == Tier.Public)
        {
            throw new ArgumentException("Analyses are run for national and regional users only.", nameof(scope));
        }

        var id = Guid.CreateVersion7();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await TierSession.ApplyAsync(connection, scope, cancellationToken);
        await using var command = new NpgsqlCommand(InsertSql, connection, transaction);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("kind", request.Kind);
        command.Parameters.Add(new NpgsqlParameter("parameters", NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(request.Parameters) });
        command.Parameters.AddWithValue("tier", scope.Tier == Tier.National ? "national" : "regional");
        command.Parameters.Add(Nullable("country", scope.Tier == Tier.National ? scope.Country : null));
        command.Parameters.Add(Nullable("agency", scope.Tier == Tier.National ? scope.Agency : null));
        command.Parameters.Add(Nullable("region", scope.Tier == Tier.Regional ? scope.Region : null));
        command.Parameters.AddWithValue("actor", scope.Actor);
        await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return id;
    }

    /// <summary>The job, when the caller's tier may see it; otherwise null.</summary>
    public async Task<AnalysisJob?> GetAsync(Guid id, CallerScope scope, CancellationToken cancellationToken = default)
    {
        var jobs = await QueryAsync(scope, $"select {Columns} from analysis_job where id = @id", c => c.Parameters.AddWithValue("id", id), cancellationToken);
        return jobs.Count == 1 ? jobs[0] : null;
    }

    /// <summary>The newest <paramref name="limit"/> jobs the caller's tier may see, optionally of one kind.</summary>
    public Task<List<AnalysisJob>> ListAsync(CallerScope scope, string? kind, int limit, CancellationToken cancellationToken = default) =>
        QueryAsync(scope, $"select {Columns} from analysis_job where (@kind::text is null or kind = @kind) order by created_at desc, id desc limit @limit",
            c =>
            {
                c.Parameters.Add(Nullable("kind", kind));
                c.Parameters.AddWithValue("limit", limit);
            }, cancellationToken);

    private async Task<List<AnalysisJob>> QueryAsync(CallerScope scope, string sql, Action<NpgsqlCommand> bind, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await TierSession.ApplyAsync(connection, scope, ct);
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        bind(command);
        var jobs = new List<AnalysisJob>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                jobs.Add(Read(reader));
            }
        }

        await transaction.CommitAsync(ct);
        return jobs;
    }

    // ---- The worker's side: the owner's connection, no tier role. ----

    private const string OpenSql = "select id from analysis_job where status in ('queued', 'running') order by created_at";

    /// <summary>Jobs queued or left running (by a server that stopped), oldest first: the worker takes them up at start.</summary>
    public async Task<List<Guid>> OpenJobsAsync(CancellationToken cancellationToken = default)
    {
        var ids = new List<Guid>();
        await using var command = dataSource.CreateCommand(OpenSql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    private const string StartSql = $"""
        update analysis_job set status = 'running', progress = 0, started_at = now()
        where id = @id and status in ('queued', 'running')
        returning {Columns}
        """;

    /// <summary>Marks the job running and returns it; null when it is unknown or already finished.</summary>
    public async Task<AnalysisJob?> StartAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(StartSql);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>Records the share done (0..1) of a running job.</summary>
    public async Task ReportProgressAsync(Guid id, double progress, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("update analysis_job set progress = @p where id = @id and status = 'running'");
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("p", Math.Clamp(progress, 0, 1));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Marks the job succeeded with its stored run.</summary>
    public async Task SucceedAsync(Guid id, AnalysisRunSummary summary, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(summary);
        await using var command = dataSource.CreateCommand("""
            update analysis_job set status = 'succeeded', progress = 1, run_id = @run, summary = @summary, finished_at = now()
            where id = @id
            """);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("run", summary.RunId);
        command.Parameters.Add(new NpgsqlParameter("summary", NpgsqlDbType.Jsonb)
        {
            Value = JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["input_cases"] = summary.InputCases,
                ["result_rows"] = summary.ResultRows,
                ["data_version"] = summary.DataVersion,
                ["duration_ms"] = summary.DurationMs,
            }),
        });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Marks the job failed with the reason, for the caller to read.</summary>
    public async Task FailAsync(Guid id, string error, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("update analysis_job set status = 'failed', error = @error, finished_at = now() where id = @id");
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("error", error);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static AnalysisJob Read(NpgsqlDataReader r)
    {
        var tier = r.GetString(5);
        var actor = r.GetString(12);
        var scope = tier switch
        {
            "national" => CallerScope.National(actor, r.GetString(6), r.GetString(7)),
            "regional" => CallerScope.Regional(actor, r.GetString(8)),
            _ => CallerScope.Anonymous with { Actor = actor },
        };
        var parameters = JsonSerializer.Deserialize<Dictionary<string, string>>(r.GetString(4)) ?? [];
        AnalysisRunSummary? summary = null;
        if (!r.IsDBNull(10))
        {
            using var json = JsonDocument.Parse(r.GetString(10));
            var s = json.RootElement;
            summary = new AnalysisRunSummary(r.GetInt64(9), s.GetProperty("input_cases").GetInt32(), s.GetProperty("result_rows").GetInt32(),
                s.GetProperty("data_version").GetString() ?? "", s.GetProperty("duration_ms").GetInt64());
        }

        return new AnalysisJob(r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetDouble(3), parameters, scope,
            r.IsDBNull(9) ? null : r.GetInt64(9), summary, r.IsDBNull(11) ? null : r.GetString(11), actor,
            r.GetDateTime(13), r.IsDBNull(14) ? null : r.GetDateTime(14), r.IsDBNull(15) ? null : r.GetDateTime(15));
    }

    private static NpgsqlParameter Nullable(string name, string? value) => new(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value };
}
