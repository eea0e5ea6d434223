using Wems.Gis.Cases;
using Wems.Gis.Storage;

namespace Wems.Web.Import;

/// <summary>
/// Counts an import's progress as the loader pulls cases, tells the caller of every step (the CLI's progress bar) and
/// writes the figures to the import's row twice a second, for <c>GET /api/imports/{id}</c>. Cases pulled by the loader
/// count as stored for the progress figures; only a committed transaction makes them count in the final report.
/// </summary>
internal sealed class ProgressTracker(ImportRepository jobs, Guid id, Action<ImportProgress>? listener) : IDisposable
{
    private readonly Lock gate = new();
    private readonly CancellationTokenSource stop = new();
    private Task? writer;
    private string phase = "queued";
    private int rowsTotal, casesTotal, rowsDone, committed, skipped, failed, pulledCases, pulledRows;

    public ImportProgress Current
    {
        get
        {
            lock (gate)
            {
                return new ImportProgress(phase, rowsTotal, Math.Min(rowsTotal, rowsDone + pulledRows), casesTotal, committed + pulledCases,
                    skipped, failed);
            }
        }
    }

    /// <summary>The final figures: only committed cases count as stored.</summary>
    public ImportProgress Final(int rowsProcessed)
    {
        lock (gate)
        {
            return new ImportProgress("done", rowsTotal, rowsProcessed, casesTotal, committed, skipped, failed);
        }
    }

    public void Start(string newPhase, int rows, int cases)
    {
        lock (gate)
        {
            (phase, rowsTotal, casesTotal) = (newPhase, rows, cases);
        }

        writer ??= WriteLoopAsync();
        Notify();
    }

    /// <summary>Cases already stored by an earlier run and cases with errors count as processed at once.</summary>
    public void Checked(ImportCheck check)
    {
        lock (gate)
        {
            skipped = check.AlreadyStored.Count;
            failed = check.Failed.Count;
            rowsDone = check.AlreadyStored.Concat(check.Failed).Sum(Rows);
        }

        Notify();
    }

    /// <summary>The cases of <paramref name="cases"/>, counted as the loader takes them.</summary>
    public IEnumerable<SeizureCase> Track(IEnumerable<PlannedCase> cases)
    {
        foreach (var c in cases)
        {
            lock (gate)
            {
                pulledCases++;
                pulledRows += Rows(c.Source);
            }

            Notify();
            yield return c.Case;
        }
    }

    /// <summary>The cases pulled since the last commit are stored.</summary>
    public void Commit()
    {
        lock (gate)
        {
            committed += pulledCases;
            rowsDone += pulledRows;
            (pulledCases, pulledRows) = (0, 0);
        }

        Notify();
    }

    /// <summary>The cases pulled since the last commit were rolled back.</summary>
    public void Rewind()
    {
        lock (gate)
        {
            (pulledCases, pulledRows) = (0, 0);
        }
    }

    public void Fail(ImportCase source)
    {
        lock (gate)
        {
            failed++;
            rowsDone += Rows(source);
        }

        Notify();
    }

    public async Task StopAsync()
    {
        await stop.CancelAsync();
        if (writer is not null)
        {
            await writer;
        }
    }

    public void Dispose() => stop.Dispose();

    private static int Rows(ImportCase c) => Math.Max(1, c.LineRows.Count);

    private void Notify() => listener?.Invoke(Current);

    private async Task WriteLoopAsync()
    {
        ImportProgress? last = null;
        while (!stop.IsCancellationRequested)
        {
            var now = Current;
            if (now != last)
            {
                await jobs.ProgressAsync(id, now, CancellationToken.None);
                last = now;
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), stop.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }
}
