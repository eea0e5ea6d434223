using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;
using NetTopologySuite.Geometries;
using Wems.Gis.Analysis.Borders;
using Wems.Gis.Cases;
using Wems.Gis.Geography;
using Wems.Gis.Storage;

namespace Wems.Gis.AnalysisRuns;

/// <summary>Parameters of a border-coverage run.</summary>
public sealed record BorderCoverageParameters
{
    /// <summary>Which cases count as seizures.</summary>
    public CaseFilter Filter { get; init; } = CaseFilter.All;

    /// <summary>Segment length, km (default 10).</summary>
    public double SegmentLengthKm { get; init; } = 10;

    /// <summary>A border point is covered when a border post lies within this distance, km (default 20).</summary>
    public double CoverageDistanceKm { get; init; } = 20;

    /// <summary>A case within this distance of a segment counts as a seizure on it, km (default 50).</summary>
    public double NearBorderKm { get; init; } = 50;
}

/// <summary>
/// Runs the border-crossing analysis (MISSION.md "Border-crossing analysis") for a caller's scope and stores it as
/// a layer: one <c>analysis_run</c> row, one <c>border_segment_coverage</c> row per segment and one
/// <c>border_coverage_gap</c> row per uncovered stretch.
/// </summary>
/// <remarks>
/// The borders are those with a country of the scope on either side (the national country, or the region's
/// members), split by <see cref="BorderSegmentation"/>; the posts are all <c>site</c> rows of kind
/// <c>border-post</c> (a post across the border watches it too); the seizures are the cases visible to the scope
/// (row-level security) that pass the filter and lie within <see cref="BorderCoverageParameters.NearBorderKm"/> of
/// a segment (<see cref="BorderCaseAssignment"/>); coverage and gaps come from <see cref="BorderCoverage.Compute"/>.
/// One transaction under the caller's tier.
/// </remarks>
public static class BorderCoverageRun
{
    /// <summary>The <c>analysis_run.kind</c> of border-coverage runs.</summary>
    public const string Kind = "border-coverage";

    private sealed record StoredParameters(
        DateOnly? From, DateOnly? To, string? CommodityGroup, double SegmentLengthKm, double CoverageDistanceKm,
        double NearBorderKm, IReadOnlyList<string> Countries, int Posts);

    /// <summary>Computes and stores a border-coverage run for <paramref name="scope"/>; returns what was stored.</summary>
    /// <param name="dataSource">The WEMS database.</param>
    /// <param name="scope">The caller: a national (one country) or regional (one region) scope.</param>
    /// <param name="parameters">Filter and distances; defaults when null.</param>
    /// <param name="actor">Who runs it, stored in <c>created_by</c>.</param>
    /// <param name="progress">Told the share done, 0..1, after each step (loading, computing, storing).</param>
    /// <param name="cancellationToken">Cancels the run; nothing is stored.</param>
    /// <exception cref="ArgumentException">The scope is public or incomplete, or a distance is out of range.</exception>
    public static async Task<AnalysisRunSummary> RunAsync(NpgsqlDataSource dataSource, CallerScope scope,
        BorderCoverageParameters? parameters, string actor, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(actor);
        parameters ??= new BorderCoverageParameters();
        if (!(parameters.SegmentLengthKm > 0) || !(parameters.CoverageDistanceKm >= 0) || !(parameters.NearBorderKm >= 0)
            || !double.IsFinite(parameters.SegmentLengthKm + parameters.CoverageDistanceKm + parameters.NearBorderKm))
        {
            throw new ArgumentException("The segment length must be positive and the distances zero or more kilometres.", nameof(parameters));
        }

        var clock = Stopwatch.StartNew();
        var (connection, transaction) = await AnalysisRunStore.BeginAsync(dataSource, scope, cancellationToken);
        await using (connection)
        await using (transaction)
        {
            var countries = await ScopeCountriesAsync(connection, scope, cancellationToken);
            var borders = await LoadBordersAsync(connection, countries, cancellationToken);
            var posts = await LoadPostsAsync(connection, cancellationToken);
            var inputs = await AnalysisRunStore.LoadCasesAsync(connection, parameters.Filter, cancellationToken);
            progress?.Report(0.3);

            var segments = BorderSegmentation.Split(borders, new BorderSegmentationOptions { SegmentLengthKm = parameters.SegmentLengthKm });
            var near = BorderCaseAssignment.Assign(segments,
                inputs.Cases.Select(c => new CasePoint(c.Id.ToString(), c.Location)),
                new BorderCaseAssignmentOptions { MaxDistanceMeters = parameters.NearBorderKm * 1000 });
            var result = BorderCoverage.Compute(segments, posts, near,
                new BorderCoverageOptions { CoverageDistanceMeters = parameters.CoverageDistanceKm * 1000 });

            var stored = new StoredParameters(parameters.Filter.From, parameters.Filter.To, parameters.Filter.CommodityGroup,
                parameters.SegmentLengthKm, parameters.CoverageDistanceKm, parameters.NearBorderKm, countries, posts.Count);
            progress?.Report(0.8);
            var runId = await AnalysisRunStore.InsertRunAsync(connection, Kind, stored, scope, inputs, actor,
                clock.ElapsedMilliseconds, cancellationToken);
            await InsertSegmentsAsync(connection, runId, result.Segments, cancellationToken);
            await InsertGapsAsync(connection, runId, result.Gaps, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            progress?.Report(1);
            return new AnalysisRunSummary(runId, inputs.Cases.Count, result.Segments.Count, inputs.DataVersion, clock.ElapsedMilliseconds);
        }
    }

    private const string RegionCountriesSql = "select country from region_member where region_code = @region order by country";

    internal static async Task<IReadOnlyList<string>> ScopeCountriesAsync(NpgsqlConnection connection, CallerScope scope, CancellationToken ct)
    {
        if (scope.Tier == Tier.National)
        {
            return [scope.Country!];
        }

        var countries = new List<string>();
        await using var command = new NpgsqlCommand(RegionCountriesSql, connection);
        command.Parameters.AddWithValue("region", scope.Region!);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            countries.Add(reader.GetString(0));
        }

        return countries.Count > 0 ? countries : throw new ArgumentException($"Region '{scope.Region}' has no member countries.", nameof(scope));
    }

    private const string BordersSql = """
        select iso2_a, iso2_b, length_km, geom from border
        where iso2_a::text = any(@countries) or iso2_b::text = any(@countries)
        order by iso2_a, iso2_b
        """;

    internal static async Task<List<BorderLine>> LoadBordersAsync(NpgsqlConnection connection, IReadOnlyList<string> countries, CancellationToken ct)
    {
        var borders = new List<BorderLine>();
        await using var command = new NpgsqlCommand(BordersSql, connection);
        command.Parameters.AddWithValue("countries", countries.ToArray());
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            borders.Add(new BorderLine(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<MultiLineString>(3), reader.GetDouble(2)));
        }

        return borders;
    }

    // The current post set (migration 0017): the curated border posts, synced in first, as the analysts edited them.
    private const string PostsSql = """
        select name, country, ST_X(geom), ST_Y(geom) from enforcement_post
        where deleted_at is null
        order by country, name
        """;

    /// <summary>The current enforcement posts (not deleted), ids "{country}-{name}", read in the connection's scope.</summary>
    internal static async Task<List<EnforcementPost>> LoadPostsAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var posts = new List<EnforcementPost>();
        await using (var sync = new NpgsqlCommand("select sync_enforcement_posts()", connection))
        {
            await sync.ExecuteScalarAsync(ct);
        }

        await using var command = new NpgsqlCommand(PostsSql, connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var (name, country) = (reader.GetString(0), reader.GetString(1));
            posts.Add(new EnforcementPost($"{country}-{name}", name, country, new GeoPoint(reader.GetDouble(2), reader.GetDouble(3))));
        }

        return posts;
    }

    private const string InsertSegmentsSql = """
        insert into border_segment_coverage (run_id, segment_id, iso2_a, iso2_b, part, chainage_from_km, chainage_to_km,
            length_km, covered_km, coverage_pct, seizures, seizures_per_100km, covering_posts, geom)
        select @run, * from unnest(@id, @a, @b, @part, @from, @to, @length, @covered, @pct, @seizures, @per100, @posts, @geom)
        """;

    private static async Task InsertSegmentsAsync(NpgsqlConnection connection, long runId, IReadOnlyList<SegmentCoverage> segments, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(InsertSegmentsSql, connection);
        command.Parameters.AddWithValue("run", runId);
        command.Parameters.AddWithValue("id", segments.Select(s => s.Segment.Id).ToArray());
        command.Parameters.AddWithValue("a", segments.Select(s => s.Segment.Iso2A).ToArray());
        command.Parameters.AddWithValue("b", segments.Select(s => s.Segment.Iso2B).ToArray());
        command.Parameters.AddWithValue("part", segments.Select(s => s.Segment.Part).ToArray());
        command.Parameters.AddWithValue("from", segments.Select(s => s.Segment.ChainageStartKm).ToArray());
        command.Parameters.AddWithValue("to", segments.Select(s => s.Segment.ChainageEndKm).ToArray());
        command.Parameters.AddWithValue("length", segments.Select(s => s.Segment.LengthKm).ToArray());
        command.Parameters.AddWithValue("covered", segments.Select(s => s.CoveredKm).ToArray());
        command.Parameters.AddWithValue("pct", segments.Select(s => 100 * s.CoveredFraction).ToArray());
        command.Parameters.AddWithValue("seizures", segments.Select(s => s.Seizures).ToArray());
        command.Parameters.AddWithValue("per100", segments.Select(s => s.SeizuresPer100Km).ToArray());
        command.Parameters.AddWithValue("posts", segments.Select(s => string.Join(",", s.CoveringPostIds)).ToArray());
        command.Parameters.Add(Geometries("geom", segments.Select(s => s.Segment.Geometry)));
        await command.ExecuteNonQueryAsync(ct);
    }

    private const string InsertGapsSql = """
        insert into border_coverage_gap (run_id, seq, iso2_a, iso2_b, part, from_km, to_km, length_km, seizures, geom)
        select @run, g.ordinality, g.a, g.b, g.part, g.from_km, g.to_km, g.to_km - g.from_km, g.seizures, g.geom
        from unnest(@a, @b, @part, @from, @to, @seizures, @geom) with ordinality as g(a, b, part, from_km, to_km, seizures, geom, ordinality)
        """;

    private static async Task InsertGapsAsync(NpgsqlConnection connection, long runId, IReadOnlyList<CoverageGap> gaps, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(InsertGapsSql, connection);
        command.Parameters.AddWithValue("run", runId);
        command.Parameters.AddWithValue("a", gaps.Select(g => g.Iso2A).ToArray());
        command.Parameters.AddWithValue("b", gaps.Select(g => g.Iso2B).ToArray());
        command.Parameters.AddWithValue("part", gaps.Select(g => g.Part).ToArray());
        command.Parameters.AddWithValue("from", gaps.Select(g => g.FromKm).ToArray());
        command.Parameters.AddWithValue("to", gaps.Select(g => g.ToKm).ToArray());
        command.Parameters.AddWithValue("seizures", gaps.Select(g => g.SeizureCaseIds.Count).ToArray());
        command.Parameters.Add(Geometries("geom", gaps.Select(g => g.Geometry)));
        await command.ExecuteNonQueryAsync(ct);
    }

    // Segments take the factory of the border geometry read from PostGIS, which may not carry the SRID.
    private static NpgsqlParameter Geometries(string name, IEnumerable<LineString> lines) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Geometry)
        {
            Value = lines.Select(l =>
            {
                var copy = (Geometry)l.Copy();
                copy.SRID = 4326;
                return copy;
            }).ToArray(),
        };
}
