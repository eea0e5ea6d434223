using Npgsql;
using Wems.Gis.AnalysisRuns;
using Wems.Gis.Storage;

namespace Wems.Web.Analyses;

/// <summary>
/// Keeps a "current" result of every analysis layer, so the map is never stale: every
/// <c>Analyses:Current:CheckSeconds</c> (30) it reads the data stamp of the cases (count, newest change, deletions);
/// when it changed and the last refresh is at least <c>Analyses:Current:MinIntervalSeconds</c> (300) old, it queues
/// the five analyses with default parameters for each country with cases and each region (as jobs by
/// <see cref="Actor"/>, run by <see cref="AnalysisWorker"/> under that scope) and recomputes the public hotspot layer.
/// Several changes in a row make one refresh (debounced). Off with <c>Analyses:Current:Enabled=false</c>.
/// </summary>
public sealed partial class CurrentResultsService(NpgsqlDataSource dataSource, AnalysisJobStore jobs, AnalysisBacklog queue,
    IConfiguration configuration, TimeProvider time, ILogger<CurrentResultsService> logger) : BackgroundService
{
    /// <summary>The <c>created_by</c> of the current results' jobs and runs.</summary>
    public const string Actor = "wems-current";

    private string? lastStamp;
    private DateTimeOffset lastRefresh = DateTimeOffset.MinValue;

    private const string StampSql = """
        select count(*) filter (where deleted_at is null) || ':' || coalesce(max(updated_at)::text, '') || ':' || coalesce(max(deleted_at)::text, '')
        from seizure_case
        """;

    // The scopes that get current results: each country with cases (under one of its agencies) and each region.
    private const string ScopesSql = """
        select 'national', c.country, (select a.code from agency a where a.country = c.country order by a.code limit 1)
        from (select distinct country from seizure_case where deleted_at is null) c
        union all
        select 'regional', r.code, null from region r
        order by 1, 2
        """;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue("Analyses:Current:Enabled", true))
        {
            return;
        }

        var check = TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Analyses:Current:CheckSeconds", 30)));
        using var timer = new PeriodicTimer(check, time);
        try
        {
            do
            {
                try
                {
                    await RefreshAsync(force: false, stoppingToken);
                }
                catch (NpgsqlException e)
                {
                    LogFailed(logger, e);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>
    /// Queues the current results when the data changed since the last refresh and the minimum interval has passed
    /// (or always with <paramref name="force"/>); returns the jobs queued (empty when nothing was due).
    /// </summary>
    public async Task<IReadOnlyList<Guid>> RefreshAsync(bool force, CancellationToken cancellationToken = default)
    {
        var stamp = await StampAsync(cancellationToken);
        var minInterval = TimeSpan.FromSeconds(Math.Max(0, configuration.GetValue("Analyses:Current:MinIntervalSeconds", 300)));
        var now = time.GetUtcNow();
        if (!force && (stamp == lastStamp || now - lastRefresh < minInterval))
        {
            return [];
        }

        lastStamp = stamp;
        lastRefresh = now;
        var queued = new List<Guid>();
        foreach (var scope in await ScopesAsync(cancellationToken))
        {
            foreach (var kind in AnalysisRequest.Kinds)
            {
                var id = await jobs.CreateAsync(AnalysisRequest.Parse(kind, new Dictionary<string, string>()), scope, cancellationToken);
                queue.Enqueue(id);
                queued.Add(id);
            }
        }

        try
        {
            await PublicHotspotRun.RunAsync(dataSource, Actor, cancellationToken: cancellationToken);
        }
        catch (ArgumentException e)
        {
            LogPublicFailed(logger, e.Message);
        }

        return queued;
    }

    private async Task<string> StampAsync(CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(StampSql);
        return (string)(await command.ExecuteScalarAsync(ct))!;
    }

    private async Task<List<CallerScope>> ScopesAsync(CancellationToken ct)
    {
        var scopes = new List<CallerScope>();
        await using var command = dataSource.CreateCommand(ScopesSql);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            if (reader.GetString(0) == "regional")
            {
                scopes.Add(CallerScope.Regional(Actor, reader.GetString(1)));
            }
            else if (!reader.IsDBNull(2))
            {
                scopes.Add(CallerScope.National(Actor, reader.GetString(1), reader.GetString(2)));
            }
        }

        return scopes;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Current analysis results could not be refreshed")]
    private static partial void LogFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The public hotspot layer was not recomputed: {Reason}")]
    private static partial void LogPublicFailed(ILogger logger, string reason);
}
