using System.Diagnostics;
using Npgsql;
using Wems.Gis.Storage;

namespace Wems.Gis.AnalysisRuns;

/// <summary>
/// The public detection-hotspot layer (MISSION.md "Three tiers": aggregated only, small counts suppressed): a
/// hotspot run over all cases, stored with tier <c>public</c> so every caller, anonymous included, sees it; hexagons
/// holding fewer cases than the public threshold (<c>public_min_count()</c>, migration 0013: the server's
/// <c>Public:MinCount</c>, the same one the public statistics and layers apply) are stored without their count
/// (<c>suppressed</c>).
/// </summary>
/// <remarks>
/// It reads every case, so it runs on the owner's connection (no tier role): only the server's background service
/// calls it, never a request. The cases' positions leave the database only as hexagon counts of at least the
/// threshold, and Gi* bins computed over the whole grid.
/// </remarks>
public static class PublicHotspotRun
{
    private sealed record StoredParameters(string Scope, int MinimumCount, double CellAreaKm2, double? DistanceBandKm,
        double ProjectionCenterX, double ProjectionCenterY);

    /// <summary>
    /// Computes and stores the public hotspot run; null when there are too few cases (fewer than two places).
    /// <paramref name="minimumCount"/> overrides the configured public threshold (tests).
    /// </summary>
    public static async Task<AnalysisRunSummary?> RunAsync(NpgsqlDataSource dataSource, string actor, int? minimumCount = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        if (minimumCount is { } given)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(given, 1, nameof(minimumCount));
        }

        var clock = Stopwatch.StartNew();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var threshold = minimumCount ?? await ThresholdAsync(connection, cancellationToken);
        var inputs = await AnalysisRunStore.LoadCasesAsync(connection, CaseFilter.All, cancellationToken);
        if (inputs.Cases.Select(c => (c.Location.X, c.Location.Y)).Distinct().Take(2).Count() < 2)
        {
            return null;
        }

        var (aggregation, spots, bandMeters) = HotspotRun.Compute(inputs.Cases, new HotspotParameters());
        var stored = new StoredParameters("all cases, aggregated", threshold, aggregation.Grid.CellAreaKm2, bandMeters / 1000,
            aggregation.Projection.CenterX, aggregation.Projection.CenterY);
        var runId = await AnalysisRunStore.InsertRunAsync(connection, HotspotRun.Kind, stored, CallerScope.Anonymous, inputs, actor,
            clock.ElapsedMilliseconds, cancellationToken);
        await HotspotRun.InsertCellsAsync(connection, runId, aggregation, spots, threshold, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new AnalysisRunSummary(runId, inputs.Cases.Count, aggregation.Bins.Count, inputs.DataVersion, clock.ElapsedMilliseconds);
    }

    private const string ThresholdSql = "select public_min_count()";

    private static async Task<int> ThresholdAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(ThresholdSql, connection);
        return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
