using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;
using NetTopologySuite.Geometries;
using Wems.Gis.Analysis.Hotspots;
using Wems.Gis.Cases;
using Wems.Gis.Storage;

namespace Wems.Gis.AnalysisRuns;

/// <summary>What a hotspot run sums per hexagon.</summary>
public enum HotspotWeight
{
    /// <summary>Number of cases (the default).</summary>
    Count,

    /// <summary>Kilograms seized (specimen lines in KIL or GRM; of the filtered commodity group when there is one).</summary>
    Kilograms,
}

/// <summary>How a hotspot run weighs neighbouring hexagons in Gi* (ArcGIS's conceptualizations of spatial relationships).</summary>
public enum HotspotNeighbourhood
{
    /// <summary>Binary weights within a fixed distance band (the default; ArcGIS FIXED_DISTANCE_BAND).</summary>
    Band,

    /// <summary>Weights 1/d^power within the band, d in km and at least 1 km (ArcGIS INVERSE_DISTANCE, _SQUARED with power 2).</summary>
    Inverse,

    /// <summary>Binary weights on the k nearest hexagons (ArcGIS K_NEAREST_NEIGHBORS).</summary>
    Knn,
}

/// <summary>Parameters of a detection-hotspot run; null sizes are derived from the data and recorded as used.</summary>
public sealed record HotspotParameters
{
    /// <summary>Which cases to read.</summary>
    public CaseFilter Filter { get; init; } = CaseFilter.All;

    /// <summary>Hexagon area, km²; null for <see cref="HexAggregation.DefaultCellAreaKm2"/> of the cases.</summary>
    public double? CellAreaKm2 { get; init; }

    /// <summary>Gi* fixed distance band, km; null for the smallest band giving every hexagon a neighbour.</summary>
    public double? DistanceBandKm { get; init; }

    /// <summary>What Gi* runs on: case counts (default) or kilograms.</summary>
    public HotspotWeight Weight { get; init; } = HotspotWeight.Count;

    /// <summary>How neighbours are weighted (default: binary within the band).</summary>
    public HotspotNeighbourhood Neighbourhood { get; init; } = HotspotNeighbourhood.Band;

    /// <summary>Neighbours besides the hexagon itself for <see cref="HotspotNeighbourhood.Knn"/>; null for 8 (ArcGIS's default).</summary>
    public int? K { get; init; }

    /// <summary>Exponent of inverse-distance weights for <see cref="HotspotNeighbourhood.Inverse"/>; null for 1.</summary>
    public double? Power { get; init; }
}

/// <summary>
/// Runs detection-hotspot analysis (MISSION.md "Detection hotspots") over the cases a caller may see and stores
/// the result as a layer: one <c>analysis_run</c> row and one <c>hotspot_cell</c> row per hexagon.
/// </summary>
/// <remarks>
/// Steps: the cases visible to the scope (row-level security) that pass the filter are aggregated to equal-area
/// hexagons (<see cref="HexAggregation"/>, empty cells over the cases' extent included so that quiet areas count
/// as low values); Getis-Ord Gi* with binary fixed-distance-band weights, self included (<see cref="GetisOrd"/>);
/// confidence bins −3..3 on the raw p and on Benjamini–Hochberg adjusted p (<see cref="FalseDiscoveryRate"/>).
/// The stored parameters hold the cell area and band actually used and the equal-area projection's centre, so a
/// run can be reproduced exactly. Everything happens in one transaction under the caller's tier: the run is
/// stored for that scope only, or not at all.
/// </remarks>
public static class HotspotRun
{
    /// <summary>The <c>analysis_run.kind</c> of hotspot runs.</summary>
    public const string Kind = "hotspots";

    /// <summary>Parameters as stored in <c>analysis_run.parameters</c>.</summary>
    private sealed record StoredParameters(
        DateOnly? From, DateOnly? To, string? CommodityGroup, string Weight,
        double? RequestedCellAreaKm2, double? RequestedDistanceBandKm,
        double CellAreaKm2, double? DistanceBandKm, double ProjectionCenterX, double ProjectionCenterY,
        string Weights, int? K, double? Power);

    /// <summary>Computes and stores a hotspot run for <paramref name="scope"/>; returns what was stored.</summary>
    /// <param name="dataSource">The WEMS database.</param>
    /// <param name="scope">The caller: a national (one country) or regional (one region) scope.</param>
    /// <param name="parameters">Filter, cell size, band and weight; defaults when null.</param>
    /// <param name="actor">Who runs it, stored in <c>created_by</c>.</param>
    /// <param name="progress">Told the share done, 0..1, after each step (loading, computing, storing).</param>
    /// <param name="cancellationToken">Cancels the run; nothing is stored.</param>
    /// <exception cref="ArgumentException">The scope is public or incomplete; a size is not positive; or no cell size
    /// was given and the cases have fewer than two distinct locations.</exception>
    public static async Task<AnalysisRunSummary> RunAsync(NpgsqlDataSource dataSource, CallerScope scope,
        HotspotParameters? parameters, string actor, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(actor);
        parameters ??= new HotspotParameters();
        CheckPositive(parameters.CellAreaKm2, nameof(parameters.CellAreaKm2));
        CheckPositive(parameters.DistanceBandKm, nameof(parameters.DistanceBandKm));
        CheckPositive(parameters.Power, nameof(parameters.Power));
        if (parameters.K is < 1)
        {
            throw new ArgumentException($"K must be at least 1, not {parameters.K}.", nameof(parameters));
        }

        var clock = Stopwatch.StartNew();
        var (connection, transaction) = await AnalysisRunStore.BeginAsync(dataSource, scope, cancellationToken);
        await using (connection)
        await using (transaction)
        {
            var steps = new List<(string, double)>();
            var inputs = await AnalysisRunStore.LoadCasesAsync(connection, parameters.Filter, cancellationToken,
                kilograms: parameters.Weight == HotspotWeight.Kilograms);
            steps.Add(("load", clock.Elapsed.TotalMilliseconds));
            progress?.Report(0.3);
            var (aggregation, spots, bandMeters) = Compute(inputs.Cases, parameters, steps, clock);
            var stored = new StoredParameters(parameters.Filter.From, parameters.Filter.To, parameters.Filter.CommodityGroup,
                parameters.Weight == HotspotWeight.Kilograms ? "kilograms" : "count",
                parameters.CellAreaKm2, parameters.DistanceBandKm, aggregation.Grid.CellAreaKm2, bandMeters / 1000,
                aggregation.Projection.CenterX, aggregation.Projection.CenterY,
                parameters.Neighbourhood.ToString().ToLowerInvariant(),
                parameters.Neighbourhood == HotspotNeighbourhood.Knn ? parameters.K ?? DefaultK : null,
                parameters.Neighbourhood == HotspotNeighbourhood.Inverse ? parameters.Power ?? 1 : null);
            progress?.Report(0.8);
            var runId = await AnalysisRunStore.InsertRunAsync(connection, Kind, stored, scope, inputs, actor,
                clock.ElapsedMilliseconds, cancellationToken);
            await InsertCellsAsync(connection, runId, aggregation, spots, 0, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            steps.Add(("store", clock.Elapsed.TotalMilliseconds));
            progress?.Report(1);
            return new AnalysisRunSummary(runId, inputs.Cases.Count, aggregation.Bins.Count, inputs.DataVersion, clock.ElapsedMilliseconds)
            {
                Steps = [.. steps.Select((s, i) => (s.Item1, s.Item2 - (i == 0 ? 0 : steps[i - 1].Item2)))],
            };
        }
    }

    /// <summary>Neighbours of a hexagon besides itself with k-nearest weights when none is given (ArcGIS's default).</summary>
    public const int DefaultK = 8;

    /// <summary>The aggregation, the hot spots per hexagon, and the band used in metres (null for k-nearest weights).</summary>
    internal static (HexAggregationResult Aggregation, HotSpot[] Spots, double? BandMeters) Compute(
        IReadOnlyList<CaseInput> cases, HotspotParameters parameters, List<(string Step, double Ms)>? steps = null, Stopwatch? clock = null)
    {
        var points = cases.Select(c => c.Location).ToArray();
        var weights = parameters.Weight == HotspotWeight.Kilograms ? cases.Select(c => c.Kilograms).ToArray() : [];
        if (parameters.CellAreaKm2 is null && points.Select(p => (p.X, p.Y)).Distinct().Take(2).Count() < 2)
        {
            throw new ArgumentException(
                $"The scope and filter leave {points.Length} case(s) at fewer than two distinct locations: no cell size can be derived; give one.",
                nameof(parameters));
        }

        var aggregation = HexAggregation.Aggregate(points, weights,
            new HexAggregationOptions { CellAreaKm2 = parameters.CellAreaKm2, IncludeEmptyCells = true });
        steps?.Add(("aggregate", clock!.Elapsed.TotalMilliseconds));
        var x = aggregation.Bins.Select(b => b.CenterXMeters).ToArray();
        var y = aggregation.Bins.Select(b => b.CenterYMeters).ToArray();
        var values = aggregation.Bins.Select(b => parameters.Weight == HotspotWeight.Kilograms ? b.WeightSum : b.Count).ToArray();
        double? bandMeters = parameters.Neighbourhood == HotspotNeighbourhood.Knn
            ? null
            : parameters.DistanceBandKm * 1000 ?? SpatialWeights.DefaultDistanceBandMeters(x, y);
        var band = bandMeters > 0 ? bandMeters : null;
        var neighbours = parameters.Neighbourhood switch
        {
            HotspotNeighbourhood.Knn => SpatialWeights.KNearestNeighbours(x, y, Math.Min(parameters.K ?? DefaultK, Math.Max(1, x.Length - 1))),
            HotspotNeighbourhood.Inverse => SpatialWeights.InverseDistance(x, y, parameters.Power ?? 1, band),
            _ => SpatialWeights.FixedDistanceBand(x, y, band),
        };
        var spots = HotSpotAnalysis.Run(values, neighbours);
        steps?.Add(("gi* + fdr", clock!.Elapsed.TotalMilliseconds));
        return (aggregation, spots, bandMeters);
    }

    // One statement for all cells: COPY is not allowed on tables with row-level security for a role subject to it.
    // Cells with 1..minCount-1 cases are stored suppressed: no count, no weight (public runs).
    private const string InsertCellsSql = """
        insert into hotspot_cell (run_id, q, r, geom, count, weight, z, p, p_fdr, bin, bin_fdr, suppressed)
        select @run, q, r, geom, case when s then 0 else n end, case when s then 0 else w end, z, p, pfdr, bin, binfdr, s
        from unnest(@q, @r, @geom, @count, @weight, @z, @p, @pfdr, @bin, @binfdr) as u(q, r, geom, n, w, z, p, pfdr, bin, binfdr),
             lateral (select u.n > 0 and u.n < @min) as x(s)
        """;

    internal static async Task InsertCellsAsync(NpgsqlConnection connection, long runId, HexAggregationResult aggregation,
        HotSpot[] spots, int minCount, CancellationToken ct)
    {
        var bins = aggregation.Bins;
        await using var command = new NpgsqlCommand(InsertCellsSql, connection);
        command.Parameters.AddWithValue("run", runId);
        command.Parameters.AddWithValue("min", minCount);
        command.Parameters.AddWithValue("q", bins.Select(b => b.Cell.Q).ToArray());
        command.Parameters.AddWithValue("r", bins.Select(b => b.Cell.R).ToArray());
        command.Parameters.Add(new NpgsqlParameter("geom", NpgsqlDbType.Array | NpgsqlDbType.Geometry)
        {
            Value = bins.Select(b => (Geometry)b.Polygon).ToArray(),
        });
        command.Parameters.AddWithValue("count", bins.Select(b => b.Count).ToArray());
        command.Parameters.AddWithValue("weight", bins.Select(b => b.WeightSum).ToArray());
        command.Parameters.AddWithValue("z", spots.Select(s => AnalysisRunStore.NullIfNaN(s.Z)).ToArray());
        command.Parameters.AddWithValue("p", spots.Select(s => AnalysisRunStore.NullIfNaN(s.P)).ToArray());
        command.Parameters.AddWithValue("pfdr", spots.Select(s => AnalysisRunStore.NullIfNaN(s.PAdjusted)).ToArray());
        command.Parameters.AddWithValue("bin", spots.Select(s => (short)FalseDiscoveryRate.Bin(s.Z, s.P)).ToArray());
        command.Parameters.AddWithValue("binfdr", spots.Select(s => (short)s.Bin).ToArray());
        await command.ExecuteNonQueryAsync(ct);
    }

    private static void CheckPositive(double? value, string name)
    {
        if (value is { } v && (!double.IsFinite(v) || v <= 0))
        {
            throw new ArgumentException($"{name} must be a positive number, not {v}.", name);
        }
    }
}
