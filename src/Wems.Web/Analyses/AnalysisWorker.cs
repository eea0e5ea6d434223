using System.Threading.Channels;
using Npgsql;
using Wems.Gis.AnalysisRuns;

namespace Wems.Web.Analyses;

/// <summary>The ids of analysis jobs waiting for the worker.</summary>
public sealed class AnalysisBacklog
{
    private readonly Channel<Guid> channel = Channel.CreateUnbounded<Guid>(new UnboundedChannelOptions { SingleReader = false });

    /// <summary>Adds a job for the worker.</summary>
    public void Enqueue(Guid id) => channel.Writer.TryWrite(id);

    internal ChannelReader<Guid> Reader => channel.Reader;
}

/// <summary>
/// Runs queued analysis jobs in the background, at most <c>Analyses:Concurrency</c> at a time (default 1: the
/// analyses are CPU-bound and the server has other work). Each job runs under the tier scope it was requested
/// for, reports its progress to <c>analysis_job</c>, and ends succeeded with its run or failed with the reason.
/// Jobs left queued or running by a stopped server are taken up again at start.
/// </summary>
public sealed partial class AnalysisWorker(AnalysisBacklog queue, AnalysisJobStore jobs, NpgsqlDataSource dataSource,
    IConfiguration configuration, ILogger<AnalysisWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            foreach (var id in await jobs.OpenJobsAsync(stoppingToken))
            {
                queue.Enqueue(id);
            }
        }
        catch (NpgsqlException e)
        {
            LogNoDatabase(logger, e);
        }

        var concurrency = Math.Clamp(configuration.GetValue("Analyses:Concurrency", 1), 1, 16);
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => ConsumeAsync(stoppingToken)));
    }

    private async Task ConsumeAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var id in queue.Reader.ReadAllAsync(stoppingToken))
            {
                await RunAsync(id, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping; unfinished jobs stay open and are taken up at the next start.
        }
    }

    /// <summary>Runs one job to its end (exposed for tests and the current-results service).</summary>
    internal async Task RunAsync(Guid id, CancellationToken stoppingToken)
    {
        var job = await jobs.StartAsync(id, stoppingToken);
        if (job is null)
        {
            return;
        }

        try
        {
            var request = AnalysisRequest.Parse(job.Kind, job.Parameters);
            var progress = new JobProgress(jobs, id);
            var summary = await request.RunAsync(dataSource, job.Scope, job.CreatedBy, progress, stoppingToken);
            await progress.FlushAsync();
            await jobs.SucceedAsync(id, summary, CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            LogFailed(logger, id, e.Message);
            await jobs.FailAsync(id, e.Message, CancellationToken.None);
        }
    }

    /// <summary>Writes the run's progress reports to the job row, one after the other.</summary>
    private sealed class JobProgress(AnalysisJobStore jobs, Guid id) : IProgress<double>
    {
        private Task last = Task.CompletedTask;

        public void Report(double value)
        {
            lock (this)
            {
                last = last.ContinueWith(_ => jobs.ReportProgressAsync(id, value), TaskScheduler.Default).Unwrap();
            }
        }

        public Task FlushAsync()
        {
            lock (this)
            {
                return last;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Analysis job {Id} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, Guid id, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Analysis worker could not read open jobs at start")]
    private static partial void LogNoDatabase(ILogger logger, Exception exception);
}
