using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;
using NetTopologySuite.Geometries;
using Wems.Gis.Analysis;
using Wems.Gis.Analysis.Density;
using Wems.Gis.Storage;

namespace Wems.Gis.AnalysisRuns;

/// <summary>Parameters of a kernel density run; null sizes are derived from the data and recorded as used.</summary>
public sealed record DensityParameters
{
    /// <summary>Which cases to read.</summary>
    public CaseFilter Filter { get; init; } = CaseFilter.All;

    /// <summary>Search radius, km; null for ArcGIS's default (Silverman's rule on the standard distance).</summary>
    public double? SearchRadiusKm { get; init; }

    /// <summary>Grid cell size, km; null for ArcGIS's default (the shorter side of the extent / 250).</summary>
    public double? CellSizeKm { get; init; }

    /// <summary>Quantiles of the positive cell densities that give the contour levels, ascending (default 0.5, 0.75, 0.9, 0.95).</summary>
    public IReadOnlyList<double> Probabilities { get; init; } = [0.5, 0.75, 0.9, 0.95];
}

/// <summary>
/// Runs kernel density (MISSION.md "Kernel density") over the case points a caller may see and stores its contour
/// polygons as a layer: one <c>analysis_run</c> row and one <c>density_contour</c> row per level.
/// </summary>
/// <remarks>
/// The case points are projected to a Lambert azimuthal equal-area plane centred on their extent
/// (<see cref="EqualAreaProjection.ForExtent"/>); the quartic-kernel density (<see cref="KernelDensity"/>, cases per
/// km²) is computed there, contoured at quantile levels of its positive cells (<see cref="Contours"/>), and each
/// contour's vertices are unprojected to WGS84. A contour holds everything at or above its level, so the contours of
/// higher levels lie inside those of lower ones. One transaction under the caller's tier.
/// </remarks>
public static class DensityRun
{
    /// <summary>The <c>analysis_run.kind</c> of density runs.</summary>
    public const string Kind = "density";

    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    private sealed record StoredParameters(
        DateOnly? From, DateOnly? To, string? CommodityGroup, double? RequestedSearchRadiusKm, double? RequestedCellSizeKm,
        double SearchRadiusKm, double CellSizeKm, IReadOnlyList<double> Probabilities, IReadOnlyList<double> Levels,
        string AreaUnit, double ProjectionCenterX, double ProjectionCenterY);

    /// <summary>Computes and stores a density run for <paramref name="scope"/>; returns what was stored.</summary>
    /// <param name="dataSource">The WEMS database.</param>
    /// <param name="scope">The caller: a national (one country) or regional (one region) scope.</param>
    /// <param name="parameters">Filter, radius, cell size and levels; defaults when null.</param>
    /// <param name="actor">Who runs it, stored in <c>created_by</c>.</param>
    /// <param name="progress">Told the share done, 0..1, after each step (loading, computing, storing).</param>
    /// <param name="cancellationToken">Cancels the run; nothing is stored.</param>
    /// <exception cref="ArgumentException">The scope is public or incomplete; a size is not positive; a probability lies
    /// outside [0, 1]; or there are no cases, or all lie in one place and no radius was given.</exception>
    public static async Task<AnalysisRunSummary> RunAsync(NpgsqlDataSource dataSource, CallerScope scope,
        DensityParameters? parameters, string actor, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(actor);
        parameters ??= new DensityParameters();
        if (parameters.SearchRadiusKm is { } r && !(r > 0 && double.IsFinite(r)) || parameters.CellSizeKm is { } c && !(c > 0 && double.IsFinite(c)))
        {
            throw new ArgumentException("The search radius and cell size must be positive numbers of kilometres.", nameof(parameters));
        }

        var clock = Stopwatch.StartNew();
        var (connection, transaction) = await AnalysisRunStore.BeginAsync(dataSource, scope, cancellationToken);
        await using (connection)
        await using (transaction)
        {
            var inputs = await AnalysisRunStore.LoadCasesAsync(connection, parameters.Filter, cancellationToken);
            progress?.Report(0.3);
            if (inputs.Cases.Count == 0)
            {
                throw new ArgumentException("The scope and filter leave no cases: there is no density to compute.", nameof(parameters));
            }

            var (projection, grid, contours, probabilities) = Compute(inputs.Cases, parameters);
            var stored = new StoredParameters(parameters.Filter.From, parameters.Filter.To, parameters.Filter.CommodityGroup,
                parameters.SearchRadiusKm, parameters.CellSizeKm, grid.SearchRadiusMeters / 1000, grid.CellSizeMeters / 1000,
                probabilities, contours.Select(x => x.Level).ToArray(), "cases per km²", projection.CenterX, projection.CenterY);
            progress?.Report(0.8);
            var runId = await AnalysisRunStore.InsertRunAsync(connection, Kind, stored, scope, inputs, actor,
                clock.ElapsedMilliseconds, cancellationToken);
            await InsertContoursAsync(connection, runId, contours, probabilities, projection, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            progress?.Report(1);
            return new AnalysisRunSummary(runId, inputs.Cases.Count, contours.Count, inputs.DataVersion, clock.ElapsedMilliseconds);
        }
    }

    private static (EqualAreaProjection Projection, DensityGrid Grid, IReadOnlyList<DensityContour> Contours, double[] Probabilities) Compute(
        IReadOnlyList<CaseInput> cases, DensityParameters parameters)
    {
        var projection = EqualAreaProjection.ForExtent(
            cases.Min(c => c.Location.X), cases.Min(c => c.Location.Y), cases.Max(c => c.Location.X), cases.Max(c => c.Location.Y));
        var x = new double[cases.Count];
        var y = new double[cases.Count];
        for (var i = 0; i < cases.Count; i++)
        {
            (x[i], y[i]) = projection.Forward(cases[i].Location.X, cases[i].Location.Y);
        }

        var grid = KernelDensity.Estimate(x, y, new KernelDensityOptions
        {
            SearchRadiusMeters = parameters.SearchRadiusKm * 1000,
            CellSizeMeters = parameters.CellSizeKm * 1000,
            AreaUnit = DensityAreaUnit.SquareKilometers,
        });
        var probabilities = parameters.Probabilities.Order().ToArray();
        var levels = Contours.QuantileLevels(grid, probabilities);

        // Equal quantiles (a flat surface) would give the same region twice; keep each level once.
        var distinct = levels.Select((level, i) => (level, i)).DistinctBy(l => l.level).ToArray();
        var contours = Contours.AtLevels(grid, distinct.Select(l => l.level).ToArray());
        return (projection, grid, contours, distinct.Select(l => probabilities[l.i]).ToArray());
    }

    // Unprojection can leave a ring touching itself where the plane's contour came within rounding of it: repair
    // with ST_MakeValid and keep the polygons.
    private const string InsertContoursSql = """
        insert into density_contour (run_id, level_no, probability, level, area_km2, geom)
        select @run, x.level_no, x.probability, x.level, x.area_km2,
               ST_Multi(ST_CollectionExtract(ST_MakeValid(x.geom), 3))
        from unnest(@no, @probability, @level, @area, @geom) as x(level_no, probability, level, area_km2, geom)
        """;

    private static async Task InsertContoursAsync(NpgsqlConnection connection, long runId, IReadOnlyList<DensityContour> contours,
        double[] probabilities, EqualAreaProjection projection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(InsertContoursSql, connection);
        command.Parameters.AddWithValue("run", runId);
        command.Parameters.AddWithValue("no", Enumerable.Range(1, contours.Count).Select(i => (short)i).ToArray());
        command.Parameters.AddWithValue("probability", probabilities);
        command.Parameters.AddWithValue("level", contours.Select(c => c.Level).ToArray());
        command.Parameters.AddWithValue("area", contours.Select(c => c.Geometry.Area / 1e6).ToArray());
        command.Parameters.Add(new NpgsqlParameter("geom", NpgsqlDbType.Array | NpgsqlDbType.Geometry)
        {
            Value = contours.Select(c => (Geometry)Unproject(c.Geometry, projection)).ToArray(),
        });
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The contour in WGS84: each vertex unprojected (the contours' edges are a cell long, so no densifying is needed).</summary>
    private static MultiPolygon Unproject(MultiPolygon planar, EqualAreaProjection projection)
    {
        LinearRing Ring(LineString ring) => Factory.CreateLinearRing(ring.Coordinates.Select(c =>
        {
            var (lon, lat) = projection.Inverse(c.X, c.Y);
            return new Coordinate(lon, lat);
        }).ToArray());

        return Factory.CreateMultiPolygon(planar.Geometries.Cast<Polygon>()
            .Select(p => Factory.CreatePolygon(Ring(p.ExteriorRing), p.InteriorRings.Select(Ring).ToArray()))
            .ToArray());
    }
}
