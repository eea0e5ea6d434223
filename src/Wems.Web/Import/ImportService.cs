using System.Security.Cryptography;
using System.Text.Json;
using Npgsql;
using Wems.Gis.Cases;
using Wems.Gis.Storage;
using Wems.Web.Cases;

namespace Wems.Web.Import;

/// <summary>How to import: check only, or store all-or-nothing or case by case.</summary>
/// <param name="DryRun">Check every row and report, store nothing.</param>
/// <param name="Mode"><see cref="ImportService.AllOrNothing"/> (default) or <see cref="ImportService.PerCase"/>.</param>
public sealed record ImportOptions(bool DryRun = false, string Mode = ImportService.AllOrNothing);

/// <summary>An uploaded file.</summary>
public sealed record ImportUpload(string FileName, ImportFormat Format, byte[] Content);

/// <summary>
/// Bulk import of case files: records the import (<see cref="SubmitAsync"/>), then runs it (<see cref="RunAsync"/>,
/// in the background for the API, in the foreground for the CLI): read, check every case with the case API's rules,
/// and store with <see cref="CaseBulkLoader"/> (binary COPY). All-or-nothing is one transaction; per case, the valid
/// cases are stored in chunks of whole cases, each chunk its own transaction. A crash mid-import leaves whole cases
/// only, and running the same import again (same file) skips the cases it already stored (their ids derive from the
/// file's hash: <see cref="ImportRepository.CaseId"/>).
/// </summary>
public sealed partial class ImportService(ImportRepository jobs, CaseBulkLoader loader, CaseValidation validation, ILogger<ImportService> logger)
{
    public const string AllOrNothing = "all-or-nothing";
    public const string PerCase = "per-case";

    /// <summary>Cases per transaction in per-case mode: a crash loses at most one chunk's work, never half a case.</summary>
    public const int ChunkCases = 1000;

    /// <summary>
    /// Records an import of <paramref name="upload"/> for <paramref name="scope"/> and says whether it should be run.
    /// The same file again (same agency, mode, hash) is not imported twice: a finished import is returned as it is,
    /// an unfinished one (queued, running, or interrupted by a crash) is returned to be resumed.
    /// </summary>
    /// <exception cref="CaseAccessDeniedException">The caller is not a national user (regional and public users cannot import).</exception>
    public async Task<(ImportJob Job, bool Run)> SubmitAsync(ImportUpload upload, CallerScope scope, ImportOptions options,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(upload);
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(options);
        if (scope.Tier != Tier.National || scope.Agency is null || scope.Country is null)
        {
            throw new CaseAccessDeniedException("Only the users of a national agency import cases, into their own agency and country.");
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(upload.Content));
        var format = ImportReader.Code(upload.Format);
        if (!options.DryRun)
        {
            if (await jobs.FindCompletedAsync(scope.Agency, hash, options.Mode, cancellationToken) is { } done)
            {
                return (done, false);
            }

            if (await jobs.FindUnfinishedAsync(scope.Agency, hash, options.Mode, cancellationToken) is { } unfinished)
            {
                return (unfinished, !await jobs.IsLockedAsync(unfinished.Id, cancellationToken));
            }
        }

        var id = await jobs.CreateAsync(hash, upload.FileName, format, upload.Content, scope.Agency, scope.Country, options.Mode,
            options.DryRun, scope.Actor, cancellationToken);
        var job = id is { } created
            ? await jobs.GetAsync(created, cancellationToken)
            : await jobs.FindUnfinishedAsync(scope.Agency, hash, options.Mode, cancellationToken);
        return (job ?? throw new InvalidOperationException("The import was recorded but cannot be read back."), id is not null);
    }

    /// <summary>
    /// Runs (or resumes) import <paramref name="id"/> to its end and returns it as finished. When another process is
    /// running it, returns it as it stands. <paramref name="progress"/> hears of every case as it is handled.
    /// </summary>
    public async Task<ImportJob> RunAsync(Guid id, Action<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        await using var runLock = await jobs.TryLockAsync(id, cancellationToken);
        var job = await jobs.GetAsync(id, cancellationToken) ?? throw new ArgumentException($"There is no import {id}.", nameof(id));
        if (runLock is null || job.Status is "completed" or "failed")
        {
            return job;
        }

        using var tracker = new ProgressTracker(jobs, id, progress);
        try
        {
            await RunLockedAsync(job, tracker, cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or ArgumentException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
        {
            LogFailed(logger, e, id);
            await tracker.StopAsync();
            await jobs.FinishAsync(id, "failed", tracker.Current, 1, 0, "[]",
                $"The import stopped: {e.Message} Cases stored before the error are whole; run the same file again to resume.", CancellationToken.None);
        }

        return await jobs.GetAsync(id, CancellationToken.None) ?? job;
    }

    private async Task RunLockedAsync(ImportJob job, ProgressTracker tracker, CancellationToken cancellationToken)
    {
        var content = await jobs.ContentAsync(job.Id, cancellationToken)
                      ?? throw new InvalidOperationException("The uploaded file is no longer stored; upload it again.");
        tracker.Start("reading", 0, 0);
        var format = ImportReader.Parse(job.Format);
        var file = ImportReader.Read(content, format);
        var scope = CallerScope.National(job.CreatedBy, job.Country, job.AgencyCode);
        tracker.Start("checking", file.Rows, file.Cases.Count);

        var references = await jobs.ReferencesAsync(job.AgencyCode, file.Cases.Select(c => c.Reference).ToList(), cancellationToken);
        var dates = file.Cases.Where(c => c.Request.Date is not null).Select(c => c.Request.Date!.Value).ToList();
        var fingerprints = dates.Count == 0
            ? new Dictionary<string, ExistingCase>()
            : await jobs.FingerprintsAsync(job.Country, dates.Min(), dates.Max(), cancellationToken);
        var check = ImportChecker.Check(file, format != ImportFormat.GeoJson, scope, await validation.ContextAsync(), validation.Today,
            job.FileSha256, references, fingerprints);
        var problems = JsonSerializer.Serialize(check.Problems, ImportReader.JsonOptions);
        tracker.Checked(check);

        if (job.DryRun || file.Unusable || (job.Mode == AllOrNothing && check.Errors > 0) || check.ToStore.Count == 0)
        {
            await tracker.StopAsync();
            var refused = file.Unusable || (!job.DryRun && job.Mode == AllOrNothing && check.Errors > 0);
            var message = job.DryRun
                ? $"Dry run: {check.ToStore.Count} case(s) would be stored, {check.Failed.Count} have errors; nothing was stored."
                : refused
                    ? $"{check.Errors} error(s): nothing was stored (all-or-nothing). Fix them, or import per case."
                    : $"Nothing to store: {check.AlreadyStored.Count} case(s) already stored by this import, {check.Failed.Count} with errors.";
            await jobs.FinishAsync(job.Id, file.Unusable || (refused && !job.DryRun) ? "failed" : "completed",
                tracker.Final(rowsProcessed: file.Rows), check.Errors, check.Warnings, problems, message, CancellationToken.None);
            return;
        }

        tracker.Start("storing", file.Rows, file.Cases.Count);
        var storeFailures = new List<ImportProblem>();
        if (job.Mode == AllOrNothing)
        {
            await loader.LoadAsync(tracker.Track(check.ToStore), job.CreatedBy, cancellationToken: cancellationToken);
            tracker.Commit();
        }
        else
        {
            foreach (var chunk in check.ToStore.Chunk(ChunkCases))
            {
                await StoreChunkAsync(chunk, job.CreatedBy, tracker, storeFailures, cancellationToken);
            }
        }

        await tracker.StopAsync();
        var all = check.Problems.Concat(storeFailures).OrderBy(p => p.Row).ToList();
        var stored = tracker.Current.CasesStored;
        await jobs.FinishAsync(job.Id, "completed", tracker.Final(rowsProcessed: file.Rows), check.Errors + storeFailures.Count, check.Warnings,
            JsonSerializer.Serialize(all, ImportReader.JsonOptions),
            $"{stored} case(s) stored, {check.AlreadyStored.Count} already stored by this import, {check.Failed.Count + storeFailures.Count} not stored because of errors.",
            CancellationToken.None);
    }

    // A chunk is one transaction. If the database refuses it (e.g. a case API user took a reference meanwhile), its
    // cases are stored one by one so that only the refused case fails.
    private async Task StoreChunkAsync(PlannedCase[] chunk, string actor, ProgressTracker tracker, List<ImportProblem> failures,
        CancellationToken cancellationToken)
    {
        try
        {
            await loader.LoadAsync(tracker.Track(chunk), actor, cancellationToken: cancellationToken);
            tracker.Commit();
            return;
        }
        catch (PostgresException)
        {
            tracker.Rewind();
        }

        foreach (var one in chunk)
        {
            try
            {
                await loader.LoadAsync(tracker.Track([one]), actor, cancellationToken: cancellationToken);
                tracker.Commit();
            }
            catch (PostgresException e)
            {
                tracker.Rewind();
                tracker.Fail(one.Source);
                failures.Add(new ImportProblem(one.Source.Row, one.Source.Reference, ImportColumns.Reference,
                    $"the database refused the case: {e.MessageText}"));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Import {Id} stopped")]
    private static partial void LogFailed(ILogger logger, Exception exception, Guid id);
}
