using System.Diagnostics;
using System.Text.RegularExpressions;
using Npgsql;
using NpgsqlTypes;
using NetTopologySuite.Geometries;
using Wems.Gis.Analysis;
using Wems.Gis.Analysis.Hotspots;
using Wems.Gis.Analysis.Trends;
using Wems.Gis.Cases;
using Wems.Gis.Storage;

namespace Wems.Gis.AnalysisRuns;

/// <summary>The time step of an emerging hot spot cube.</summary>
public enum EmergingHotSpotStep
{
    /// <summary>Calendar year (the default).</summary>
    Year,

    /// <summary>Calendar quarter.</summary>
    Quarter,
}

/// <summary>Parameters of an emerging hot spot run; null sizes are derived from the data and recorded as used.</summary>
public sealed record EmergingHotSpotParameters
{
    /// <summary>Which cases to read.</summary>
    public CaseFilter Filter { get; init; } = CaseFilter.All;

    /// <summary>
    /// Hexagon area, km²; null for <see cref="DefaultCellShare"/> of <see cref="HexAggregation.DefaultCellAreaKm2"/> of all
    /// the cases (the hotspot default aims at one case per cell over the cases' hull; a cube spreads them over its time steps too).
    /// </summary>
    public double? CellAreaKm2 { get; init; }

    /// <summary>Spatial distance band, km; null for the smallest band giving every hexagon a neighbour.</summary>
    public double? DistanceBandKm { get; init; }

    /// <summary>Time step of the cube (default: year).</summary>
    public EmergingHotSpotStep Step { get; init; } = EmergingHotSpotStep.Year;

    /// <summary>Significance levels of the hot/cold bins and of the Mann–Kendall trend (default 0.05 both).</summary>
    public EmergingHotSpotOptions Significance { get; init; } = new();

    /// <summary>
    /// The default cell area as a multiple of the hotspot default: 3, about three cases per cell over the whole period,
    /// so that each cell of a cube of ten steps holds a case every few steps where cases cluster.
    /// </summary>
    public const double DefaultCellShare = 3;
}

/// <summary>
/// Runs emerging hot spot analysis (MISSION.md "Emerging hot spots") over the cases a caller may see and stores it as
/// a layer: one <c>analysis_run</c> row and one <c>emerging_hotspot_cell</c> row per hexagon.
/// </summary>
/// <remarks>
/// <para>
/// The cube: the cases visible to the scope that pass the filter are binned to equal-area hexagons
/// (<see cref="HexAggregation"/>, empty cells over the cases' extent included) and to time steps (years or quarters,
/// from the first case's step to the last case's, empty steps included); each bin holds its number of cases.
/// </para>
/// <para>
/// Space-time weights (<see cref="SpaceTimeWeights"/>): the neighbours of bin (cell i, step t) are, with binary
/// weight 1, the bin itself, the bins (j, t) of every hexagon j whose centre lies within the fixed distance band
/// of i's (the same step), and the bin (i, t − 1) of the same hexagon in the previous step. Spatial neighbours in
/// the previous step are not included, so the time neighbourhood is one step deep and one cell wide. Gi* (self
/// included, <see cref="GetisOrd"/>) is computed once over all bins of the cube, so the mean and standard deviation
/// are those of the whole cube, as ArcGIS does, and a step is judged against the whole period.
/// </para>
/// <para>
/// Per hexagon, the Gi* z-scores and raw p-values of its steps, oldest first, go to
/// <see cref="EmergingHotSpots.Classify(ReadOnlySpan{double}, ReadOnlySpan{double}, EmergingHotSpotOptions?)"/>
/// (Mann–Kendall trend of the z-scores, then one of the 16 patterns or none). A bin whose Gi* is undefined (all
/// values equal) counts as z = 0, p = 1: not significant. No FDR correction is applied to the bins.
/// </para>
/// </remarks>
public static class EmergingHotSpotRun
{
    /// <summary>The <c>analysis_run.kind</c> of emerging hot spot runs.</summary>
    public const string Kind = "emerging-hotspots";

    private sealed record StoredParameters(
        DateOnly? From, DateOnly? To, string? CommodityGroup, string Step, DateOnly FirstStep, int Steps,
        double? RequestedCellAreaKm2, double? RequestedDistanceBandKm, double CellAreaKm2, double DistanceBandKm,
        double Alpha, double TrendAlpha, string TimeNeighbours, double ProjectionCenterX, double ProjectionCenterY);

    /// <summary>Computes and stores an emerging hot spot run for <paramref name="scope"/>; returns what was stored.</summary>
    /// <param name="dataSource">The WEMS database.</param>
    /// <param name="scope">The caller: a national (one country) or regional (one region) scope.</param>
    /// <param name="parameters">Filter, cell size, band, step and significance; defaults when null.</param>
    /// <param name="actor">Who runs it, stored in <c>created_by</c>.</param>
    /// <param name="progress">Told the share done, 0..1, after each step (loading, computing, storing).</param>
    /// <param name="cancellationToken">Cancels the run; nothing is stored.</param>
    /// <exception cref="ArgumentException">The scope is public or incomplete; a size is not positive; the cases fall in
    /// fewer than two time steps; or no cell size was given and the cases have fewer than two distinct locations.</exception>
    public static async Task<AnalysisRunSummary> RunAsync(NpgsqlDataSource dataSource, CallerScope scope,
        EmergingHotSpotParameters? parameters, string actor, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(actor);
        parameters ??= new EmergingHotSpotParameters();
        if (parameters.CellAreaKm2 is { } a && !(a > 0 && double.IsFinite(a)) || parameters.DistanceBandKm is { } b && !(b > 0 && double.IsFinite(b)))
        {
            throw new ArgumentException("The cell area and distance band must be positive numbers.", nameof(parameters));
        }

        var clock = Stopwatch.StartNew();
        var (connection, transaction) = await AnalysisRunStore.BeginAsync(dataSource, scope, cancellationToken);
        await using (connection)
        await using (transaction)
        {
            var inputs = await AnalysisRunStore.LoadCasesAsync(connection, parameters.Filter, cancellationToken);
            progress?.Report(0.3);
            var facts = await AnalysisRunStore.LoadCaseFactsAsync(connection, inputs.Cases, cancellationToken);
            var cube = Cube(inputs.Cases, facts, parameters);
            var x = cube.Aggregation.Bins.Select(c => c.CenterXMeters).ToArray();
            var y = cube.Aggregation.Bins.Select(c => c.CenterYMeters).ToArray();
            var bandMeters = parameters.DistanceBandKm * 1000 ?? SpatialWeights.DefaultDistanceBandMeters(x, y);
            var space = SpatialWeights.FixedDistanceBand(x, y, bandMeters);
            var results = Classify(cube.Counts, x.Length, space, parameters.Significance);

            var stored = new StoredParameters(parameters.Filter.From, parameters.Filter.To, parameters.Filter.CommodityGroup,
                parameters.Step.ToString().ToLowerInvariant(), StepStart(cube.FirstStep, parameters.Step), cube.Steps,
                parameters.CellAreaKm2, parameters.DistanceBandKm, cube.Aggregation.Grid.CellAreaKm2, bandMeters / 1000,
                parameters.Significance.Alpha, parameters.Significance.TrendAlpha, "same cell, previous step",
                cube.Aggregation.Projection.CenterX, cube.Aggregation.Projection.CenterY);
            progress?.Report(0.8);
            var runId = await AnalysisRunStore.InsertRunAsync(connection, Kind, stored, scope, inputs, actor,
                clock.ElapsedMilliseconds, cancellationToken);
            await InsertCellsAsync(connection, runId, cube, results, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            progress?.Report(1);
            return new AnalysisRunSummary(runId, inputs.Cases.Count, results.Length, inputs.DataVersion, clock.ElapsedMilliseconds);
        }
    }

    /// <summary>
    /// Gi* over a space-time cube and the emerging hot spot pattern of each cell (see the class remarks for the weights).
    /// </summary>
    /// <param name="values">The cube's values, step-major: the value of cell i in step t is at t · <paramref name="cellCount"/> + i, oldest step first.</param>
    /// <param name="cellCount">Number of cells (locations).</param>
    /// <param name="space">Spatial weights of the cells, self included (e.g. <see cref="SpatialWeights.FixedDistanceBand"/>).</param>
    /// <param name="options">Significance levels; defaults when null.</param>
    /// <returns>One result per cell, in cell order.</returns>
    /// <exception cref="ArgumentException">The values are not a whole number of steps of <paramref name="cellCount"/> cells, or the weights are for another number of cells.</exception>
    public static EmergingHotSpotResult[] Classify(ReadOnlySpan<double> values, int cellCount, SpatialWeights space,
        EmergingHotSpotOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentOutOfRangeException.ThrowIfLessThan(cellCount, 1);
        if (values.Length % cellCount != 0 || space.Count != cellCount)
        {
            throw new ArgumentException($"{values.Length} values and {space.Count} weighted cells do not make a cube of {cellCount} cells.", nameof(values));
        }

        var steps = values.Length / cellCount;
        var gi = GetisOrd.LocalGStar(values, SpaceTimeWeights.Build(space, steps));
        var results = new EmergingHotSpotResult[cellCount];
        var z = new double[steps];
        var p = new double[steps];
        for (var i = 0; i < cellCount; i++)
        {
            for (var t = 0; t < steps; t++)
            {
                var g = gi[t * cellCount + i];
                (z[t], p[t]) = double.IsNaN(g.Z) ? (0, 1) : (g.Z, g.P);
            }

            results[i] = EmergingHotSpots.Classify(z, p, options);
        }

        return results;
    }

    /// <summary>The pattern's name as ArcGIS writes it, lower case ("persistent hot spot"; "no pattern detected").</summary>
    public static string PatternName(EmergingHotSpotPattern pattern) => pattern == EmergingHotSpotPattern.NoPattern
        ? "no pattern detected"
        : Regex.Replace(pattern.ToString(), "(?<!^)([A-Z])", " $1").ToLowerInvariant();

    internal sealed record SpaceTimeCube(HexAggregationResult Aggregation, int FirstStep, int Steps, double[] Counts, int[] CellCases);

    private static SpaceTimeCube Cube(IReadOnlyList<CaseInput> cases, Dictionary<Guid, (string Country, DateOnly Date)> facts,
        EmergingHotSpotParameters parameters) =>
        Cube(cases.Select(c => c.Location).ToArray(), cases.Select(c => facts[c.Id].Date).ToArray(), parameters);

    /// <summary>The space-time cube of points with dates: hexagons (all over the extent) × time steps, case counts.</summary>
    internal static SpaceTimeCube Cube(GeoPoint[] points, DateOnly[] dates, EmergingHotSpotParameters parameters,
        EqualAreaProjection? projection = null)
    {
        if (parameters.CellAreaKm2 is null && points.Select(p => (p.X, p.Y)).Distinct().Take(2).Count() < 2)
        {
            throw new ArgumentException(
                $"The scope and filter leave {points.Length} case(s) at fewer than two distinct locations: no cell size can be derived; give one.",
                nameof(parameters));
        }

        var stepOf = dates.Select(d => StepOf(d, parameters.Step)).ToArray();
        var first = stepOf.Min();
        var steps = stepOf.Max() - first + 1;
        if (steps < 2)
        {
            throw new ArgumentException("The cases fall in a single time step: there is no trend to classify; use a finer step or more data.",
                nameof(parameters));
        }

        projection ??= EqualAreaProjection.ForExtent(points.Min(p => p.X), points.Min(p => p.Y), points.Max(p => p.X), points.Max(p => p.Y));
        var cellArea = parameters.CellAreaKm2 ?? DefaultCellAreaKm2(points, projection);
        var aggregation = HexAggregation.Aggregate(points, [],
            new HexAggregationOptions { CellAreaKm2 = cellArea, IncludeEmptyCells = true, Projection = projection });
        var index = new Dictionary<HexCell, int>(aggregation.Bins.Count);
        for (var i = 0; i < aggregation.Bins.Count; i++)
        {
            index[aggregation.Bins[i].Cell] = i;
        }

        var n = aggregation.Bins.Count;
        var counts = new double[steps * n];
        var cellCases = new int[n];
        for (var k = 0; k < points.Length; k++)
        {
            var (xm, ym) = aggregation.Projection.Forward(points[k].X, points[k].Y);
            var cell = index[aggregation.Grid.CellAt(xm, ym)];
            counts[(stepOf[k] - first) * n + cell]++;
            cellCases[cell]++;
        }

        return new SpaceTimeCube(aggregation, first, steps, counts, cellCases);
    }

    private static double DefaultCellAreaKm2(GeoPoint[] points, EqualAreaProjection projection)
    {
        var x = new double[points.Length];
        var y = new double[points.Length];
        for (var i = 0; i < points.Length; i++)
        {
            (x[i], y[i]) = projection.Forward(points[i].X, points[i].Y);
        }

        return HexAggregation.DefaultCellAreaKm2(x, y) * EmergingHotSpotParameters.DefaultCellShare;
    }

    private static int StepOf(DateOnly date, EmergingHotSpotStep step) =>
        step == EmergingHotSpotStep.Quarter ? date.Year * 4 + (date.Month - 1) / 3 : date.Year;

    private static DateOnly StepStart(int step, EmergingHotSpotStep kind) =>
        kind == EmergingHotSpotStep.Quarter ? new DateOnly(step / 4, step % 4 * 3 + 1, 1) : new DateOnly(step, 1, 1);

    private const string InsertCellsSql = """
        insert into emerging_hotspot_cell (run_id, q, r, geom, cases, steps, hot_steps, cold_steps, pattern, pattern_name,
            trend_z, trend_p, sen_slope)
        select @run, x.q, x.r, x.geom, x.cases, @steps, x.hot, x.cold, x.pattern, x.name, x.z, x.p, x.slope
        from unnest(@q, @r, @geom, @cases, @hot, @cold, @pattern, @name, @z, @p, @slope)
             as x(q, r, geom, cases, hot, cold, pattern, name, z, p, slope)
        """;

    private static async Task InsertCellsAsync(NpgsqlConnection connection, long runId, SpaceTimeCube cube,
        EmergingHotSpotResult[] results, CancellationToken ct)
    {
        var bins = cube.Aggregation.Bins;
        await using var command = new NpgsqlCommand(InsertCellsSql, connection);
        command.Parameters.AddWithValue("run", runId);
        command.Parameters.AddWithValue("steps", cube.Steps);
        command.Parameters.AddWithValue("q", bins.Select(b => b.Cell.Q).ToArray());
        command.Parameters.AddWithValue("r", bins.Select(b => b.Cell.R).ToArray());
        command.Parameters.Add(new NpgsqlParameter("geom", NpgsqlDbType.Array | NpgsqlDbType.Geometry)
        {
            Value = bins.Select(b => (Geometry)b.Polygon).ToArray(),
        });
        command.Parameters.AddWithValue("cases", cube.CellCases);
        command.Parameters.AddWithValue("hot", results.Select(r => r.HotSteps).ToArray());
        command.Parameters.AddWithValue("cold", results.Select(r => r.ColdSteps).ToArray());
        command.Parameters.AddWithValue("pattern", results.Select(r => (short)r.Pattern).ToArray());
        command.Parameters.AddWithValue("name", results.Select(r => PatternName(r.Pattern)).ToArray());
        command.Parameters.AddWithValue("z", results.Select(r => r.Trend.Z).ToArray());
        command.Parameters.AddWithValue("p", results.Select(r => r.Trend.PValue).ToArray());
        command.Parameters.AddWithValue("slope", results.Select(r => r.Trend.SenSlope).ToArray());
        await command.ExecuteNonQueryAsync(ct);
    }
}

/// <summary>
/// Space-time weights for Gi* over a cube of cells × time steps: each bin's neighbours are itself, its cell's spatial
/// neighbours in the same step (with their spatial weights) and the same cell in the previous step (weight 1).
/// </summary>
public static class SpaceTimeWeights
{
    /// <summary>
    /// Weights over <paramref name="steps"/> × <paramref name="space"/>.Count bins, step-major (bin t · cells + i is
    /// cell i in step t). <paramref name="space"/> should list each cell as its own neighbour, as the built-in schemes do.
    /// </summary>
    public static SpatialWeights Build(SpatialWeights space, int steps)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        var cells = space.Count;
        var neighbours = new List<IReadOnlyList<int>>(cells * steps);
        var weights = new List<IReadOnlyList<double>>(cells * steps);
        for (var t = 0; t < steps; t++)
        {
            for (var i = 0; i < cells; i++)
            {
                var ids = new List<int>();
                var w = new List<double>();
                var spatial = space.NeighboursOf(i);
                var spatialWeights = space.WeightsOf(i);
                for (var m = 0; m < spatial.Length; m++)
                {
                    ids.Add(t * cells + spatial[m]);
                    w.Add(spatialWeights[m]);
                }

                if (t > 0)
                {
                    ids.Add((t - 1) * cells + i);
                    w.Add(1);
                }

                neighbours.Add(ids);
                weights.Add(w);
            }
        }

        return SpatialWeights.FromLists(neighbours, weights);
    }
}
