using System.Diagnostics;
using Npgsql;
using Wems.Gis.Storage;

namespace Wems.Gis.AnalysisRuns;

/// <summary>
/// The public detection-hotspot layer (MISSION.md "Three tiers": aggregated only, small counts suppressed): a
/// hotspot run over all cases, stored with tier <c>public</c> so every caller, anonymous included, sees it; hexagons
/// holding fewer than <see cref="DefaultMinimumCount"/> cases are stored without their count (<c>suppressed</c>).
/// </summary>
/// <remarks>
/// It reads every case, so it runs on the owner's connection (no tier role): only the server's background service
/// calls it, never a request. The cases' positions leave the database only as hexagon counts of at least the
/// threshold, and Gi* bins computed over the whole grid.
/// </remarks>
public static class PublicHotspotRun
{
    /// <summary>Smallest count shown in a public hexagon; fewer (but some) cases are suppressed.</summary>
    public const int DefaultMinimumCount = 5;

    private sealed record StoredParameters(string Scope, int MinimumCount, double CellAreaKm2, double DistanceBandKm,
        double ProjectionCenterX, double ProjectionCenterY);

    /// <summary>Computes and stores the public hotspot run; null when there are too few cases (fewer than two places).</summary>
    public static async Task<AnalysisRunSummary?> RunAsync(NpgsqlDataSource dataSource, string actor, int minimumCount = DefaultMinimumCount,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentOutOfRangeException.ThrowIfLessThan(minimumCount, 1);
        var clock = Stopwatch.StartNew();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var inputs = await AnalysisRunStore.LoadCasesAsync(connection, CaseFilter.All, cancellationToken);
        if (inputs.Cases.Select(c => (c.Location.X, c.Location.Y)).Distinct().Take(2).Count() < 2)
        {
            return null;
        }

        var (aggregation, spots, bandMeters) = HotspotRun.Compute(inputs.Cases, new HotspotParameters());
        var stored = new StoredParameters("all cases, aggregated", minimumCount, aggregation.Grid.CellAreaKm2, bandMeters / 1000,
            aggregation.Projection.CenterX, aggregation.Projection.CenterY);
        var runId = await AnalysisRunStore.InsertRunAsync(connection, HotspotRun.Kind, stored, CallerScope.Anonymous, inputs, actor,
            clock.ElapsedMilliseconds, cancellationToken);
        await HotspotRun.InsertCellsAsync(connection, runId, aggregation, spots, minimumCount, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new AnalysisRunSummary(runId, inputs.Cases.Count, aggregation.Bins.Count, inputs.DataVersion, clock.ElapsedMilliseconds);
    }
}
