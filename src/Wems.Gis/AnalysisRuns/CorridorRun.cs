using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;
using NetTopologySuite.Geometries;
using Wems.Gis.Analysis.Corridors;
using Wems.Gis.Cases;
using Wems.Gis.Storage;

namespace Wems.Gis.AnalysisRuns;

/// <summary>Parameters of a trade-route corridors run.</summary>
public sealed record CorridorParameters
{
    /// <summary>Which cases to read. With a commodity group, only that group's specimen lines weigh the flows.</summary>
    public CaseFilter Filter { get; init; } = CaseFilter.All;

    /// <summary>Split flows by month, quarter or year of the seizure (default: no split).</summary>
    public CorridorPeriod Period { get; init; } = CorridorPeriod.None;

    /// <summary>Split flows by commodity group (a case counts once in each group it holds).</summary>
    public bool ByCommodityGroup { get; init; }

    /// <summary>Keep travelled legs only, dropping the intended ones after the seizure point.</summary>
    public bool TravelledOnly { get; init; }

    /// <summary>Sideways bulge of the drawn arcs as a fraction of their length (default 0.15), so a→b and b→a do not overlap.</summary>
    public double Bend { get; init; } = 0.15;
}

/// <summary>What a corridors run stored: the run, and the number of <c>country_role</c> rows next to its flows.</summary>
/// <param name="Run">The run; <see cref="AnalysisRunSummary.ResultRows"/> counts the <c>corridor_flow</c> rows.</param>
/// <param name="Countries">Rows stored in <c>country_role</c>.</param>
public sealed record CorridorRunSummary(AnalysisRunSummary Run, int Countries);

/// <summary>Corridors computed on the fly (not stored): the unsplit flows, the country roles and each country's point.</summary>
/// <param name="Cases">Cases read (visible to the scope and passing the filter).</param>
/// <param name="Flows">One flow per directed country pair, largest first by cases.</param>
/// <param name="Roles">One row per country the cases name.</param>
/// <param name="Points">Each named country's representative point (WGS84), for zooming to a flow.</param>
public sealed record CorridorSnapshot(int Cases, IReadOnlyList<CorridorFlow> Flows, IReadOnlyList<CountryRole> Roles,
    IReadOnlyDictionary<string, GeoPoint> Points);

/// <summary>
/// Runs the trade-route corridor analysis (MISSION.md "Trade-route corridors") over the cases a caller may see and
/// stores it as two layers: one <c>corridor_flow</c> row per directed country pair (and period / commodity group
/// when split) and one <c>country_role</c> row per country named by the cases.
/// </summary>
/// <remarks>
/// <para>
/// Steps: the cases visible to the scope (row-level security) that pass the filter, with their trade chains and
/// specimen lines, read in one transaction under the caller's tier; legs per case by <see cref="TradeLegs"/> (the
/// seizure country inserted where the chain does not name it); flows by <see cref="CorridorAggregation"/>; roles
/// and network measures (weighted degree by cases, betweenness with length 1 / cases) by <see cref="CountryRoles"/>
/// on the unsplit flows. Values are summed in USD; lines in other currencies are left out of <c>value_usd</c>.
/// </para>
/// <para>
/// Drawing: every flow is a great-circle arc (<see cref="GreatCircle.Arc"/>, bent by
/// <see cref="CorridorParameters.Bend"/>) between the two countries' representative points
/// (<c>ST_PointOnSurface</c> of the country polygon), also for legs that start or end at the seizure: a flow sums
/// many cases seized at different places, so one seizure location cannot stand for it. Role rows sit at the same
/// representative points.
/// </para>
/// </remarks>
public static class CorridorRun
{
    /// <summary>The <c>analysis_run.kind</c> of corridor runs.</summary>
    public const string Kind = "corridors";

    private const string Currency = "USD";

    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    private sealed record StoredParameters(
        DateOnly? From, DateOnly? To, string? CommodityGroup, string Period, bool ByCommodityGroup, bool TravelledOnly,
        double Bend, string Currency, string Weight, int Flows, int Countries);

    /// <summary>Computes and stores a corridors run for <paramref name="scope"/>; returns what was stored.</summary>
    /// <param name="dataSource">The WEMS database.</param>
    /// <param name="scope">The caller: a national (one country) or regional (one region) scope.</param>
    /// <param name="parameters">Filter, splits and drawing; defaults when null.</param>
    /// <param name="actor">Who runs it, stored in <c>created_by</c>.</param>
    /// <param name="progress">Told the share done, 0..1, after each step (loading, computing, storing).</param>
    /// <param name="cancellationToken">Cancels the run; nothing is stored.</param>
    /// <exception cref="ArgumentException">The scope is public or incomplete, or the bend is not finite.</exception>
    public static async Task<CorridorRunSummary> RunAsync(NpgsqlDataSource dataSource, CallerScope scope,
        CorridorParameters? parameters, string actor, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(actor);
        parameters ??= new CorridorParameters();
        if (!double.IsFinite(parameters.Bend))
        {
            throw new ArgumentException($"The bend must be a finite number, not {parameters.Bend}.", nameof(parameters));
        }

        var clock = Stopwatch.StartNew();
        var (connection, transaction) = await AnalysisRunStore.BeginAsync(dataSource, scope, cancellationToken);
        await using (connection)
        await using (transaction)
        {
            var inputs = await AnalysisRunStore.LoadCasesAsync(connection, parameters.Filter, cancellationToken);
            progress?.Report(0.3);
            var (cases, groups) = await LoadSeizuresAsync(connection, inputs, parameters.Filter, cancellationToken);
            var legs = cases.Select(c => TradeLegs.Build(c, name => groups.GetValueOrDefault(name, ""),
                new TradeLegOptions { ValueCurrency = Currency })).ToList();
            var flows = CorridorAggregation.Aggregate(legs, new CorridorOptions
            {
                Period = parameters.Period,
                ByCommodityGroup = parameters.ByCommodityGroup,
                TravelledOnly = parameters.TravelledOnly,
                KeepCaseIds = false,
            });
            var graph = parameters.Period == CorridorPeriod.None && !parameters.ByCommodityGroup
                ? flows
                : CorridorAggregation.Aggregate(legs, new CorridorOptions { TravelledOnly = parameters.TravelledOnly, KeepCaseIds = false });
            var roles = CountryRoles.Compute(cases, graph);
            var points = await LoadCountryPointsAsync(connection,
                roles.Select(r => r.Country).Concat(flows.SelectMany(f => new[] { f.From, f.To })), cancellationToken);

            var stored = new StoredParameters(parameters.Filter.From, parameters.Filter.To, parameters.Filter.CommodityGroup,
                parameters.Period.ToString().ToLowerInvariant(), parameters.ByCommodityGroup, parameters.TravelledOnly,
                parameters.Bend, Currency, "cases", flows.Count, roles.Count);
            progress?.Report(0.8);
            var runId = await AnalysisRunStore.InsertRunAsync(connection, Kind, stored, scope, inputs, actor,
                clock.ElapsedMilliseconds, cancellationToken);
            await InsertFlowsAsync(connection, runId, flows, points, parameters.Bend, cancellationToken);
            await InsertRolesAsync(connection, runId, roles, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            progress?.Report(1);
            return new CorridorRunSummary(
                new AnalysisRunSummary(runId, inputs.Cases.Count, flows.Count, inputs.DataVersion, clock.ElapsedMilliseconds),
                roles.Count);
        }
    }

    /// <summary>
    /// The corridors and country roles of the cases <paramref name="scope"/> sees that pass <paramref name="filter"/>,
    /// computed as a run computes them (unsplit, travelled and intended legs) but stored nowhere: the operations map's
    /// side panel follows its filters with it. Reads in a transaction under the caller's tier, which it rolls back.
    /// </summary>
    /// <exception cref="ArgumentException">The scope is public.</exception>
    public static async Task<CorridorSnapshot> ComputeAsync(NpgsqlDataSource dataSource, CallerScope scope, CaseFilter filter,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var (connection, transaction) = await AnalysisRunStore.BeginAsync(dataSource, scope, cancellationToken);
        await using (connection)
        await using (transaction)
        {
            var inputs = await AnalysisRunStore.LoadCasesAsync(connection, filter, cancellationToken);
            var (cases, groups) = await LoadSeizuresAsync(connection, inputs, filter, cancellationToken);
            var legs = cases.Select(c => TradeLegs.Build(c, name => groups.GetValueOrDefault(name, ""),
                new TradeLegOptions { ValueCurrency = Currency })).ToList();
            var flows = CorridorAggregation.Aggregate(legs, new CorridorOptions { KeepCaseIds = false })
                .OrderByDescending(f => f.Cases).ThenBy(f => f.From, StringComparer.Ordinal).ThenBy(f => f.To, StringComparer.Ordinal).ToList();
            var roles = CountryRoles.Compute(cases, flows);
            var points = await LoadCountryPointsAsync(connection,
                roles.Select(r => r.Country).Concat(flows.SelectMany(f => new[] { f.From, f.To })), cancellationToken);
            return new CorridorSnapshot(inputs.Cases.Count, flows, roles, points);
        }
    }

    private const string ChainSql = """
        select case_id, country, role, custody, intended from trade_chain where case_id = any(@ids) order by case_id, seq
        """;

    // The same kilogram rule as the other runs: with a commodity filter, only that group's lines weigh.
    private const string SpecimensSql = """
        select p.case_id, s.scientific_name, s.commodity_group, p.term, p.quantity, p.unit, p.estimated_value, p.currency
        from specimen p join species s on s.id = p.species_id
        where p.case_id = any(@ids) and (@commodity::text is null or s.commodity_group = @commodity)
        order by p.case_id, p.line_no
        """;

    /// <summary>The input cases as the pure analyses take them (no nominal data), and each species' commodity group.</summary>
    internal static async Task<(List<SeizureCase> Cases, Dictionary<string, string> Groups)> LoadSeizuresAsync(
        NpgsqlConnection connection, CaseInputs inputs, CaseFilter filter, CancellationToken ct)
    {
        var ids = inputs.Cases.Select(c => c.Id).ToArray();
        var facts = await AnalysisRunStore.LoadCaseFactsAsync(connection, inputs.Cases, ct);
        var chains = new Dictionary<Guid, List<TradeChainEntry>>();
        await using (var command = new NpgsqlCommand(ChainSql, connection))
        {
            command.Parameters.AddWithValue("ids", ids);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var role = Enum.Parse<TradeRole>(reader.GetString(2), ignoreCase: true);
                Entries(chains, reader.GetGuid(0)).Add(new TradeChainEntry(reader.GetString(1), role, reader.GetBoolean(3), reader.GetBoolean(4)));
            }
        }

        var specimens = new Dictionary<Guid, List<SpecimenLine>>();
        var groups = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand(SpecimensSql, connection))
        {
            command.Parameters.AddWithValue("ids", ids);
            command.Parameters.Add(new NpgsqlParameter("commodity", NpgsqlDbType.Text) { Value = (object?)filter.CommodityGroup ?? DBNull.Value });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var species = reader.GetString(1);
                groups[species] = reader.GetString(2);
                Entries(specimens, reader.GetGuid(0)).Add(new SpecimenLine(species, reader.GetString(3), reader.GetDecimal(4),
                    reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetDecimal(6),
                    reader.IsDBNull(7) ? null : reader.GetString(7)));
            }
        }

        var cases = inputs.Cases.Select(c => new SeizureCase
        {
            Id = c.Id,
            AgencyCode = "",
            Reference = "",
            Date = facts[c.Id].Date,
            Country = facts[c.Id].Country,
            Location = c.Location,
            LocationType = "",
            TradeChain = chains.TryGetValue(c.Id, out var chain) ? chain : [],
            Specimens = specimens.TryGetValue(c.Id, out var lines) ? lines : [],
        }).ToList();
        return (cases, groups);
    }

    private static List<T> Entries<T>(Dictionary<Guid, List<T>> lists, Guid id)
    {
        if (!lists.TryGetValue(id, out var list))
        {
            list = [];
            lists[id] = list;
        }

        return list;
    }

    private const string CountryPointsSql = """
        select iso2, ST_X(p), ST_Y(p) from (select iso2, ST_PointOnSurface(geom) p from country where iso2::text = any(@codes)) c
        """;

    /// <summary>Each country's representative point (a point inside its polygon), WGS84.</summary>
    private static async Task<Dictionary<string, GeoPoint>> LoadCountryPointsAsync(NpgsqlConnection connection,
        IEnumerable<string> codes, CancellationToken ct)
    {
        var points = new Dictionary<string, GeoPoint>(StringComparer.Ordinal);
        await using var command = new NpgsqlCommand(CountryPointsSql, connection);
        command.Parameters.AddWithValue("codes", codes.Distinct(StringComparer.Ordinal).ToArray());
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            points[reader.GetString(0)] = new GeoPoint(reader.GetDouble(1), reader.GetDouble(2));
        }

        return points;
    }

    private const string InsertFlowsSql = """
        insert into corridor_flow (run_id, seq, from_iso2, to_iso2, period_start, commodity_group, cases, travelled_cases,
            intended_cases, kg, specimens, value_usd, distance_km, geom)
        select @run, * from unnest(@seq, @from, @to, @period, @group, @cases, @travelled, @intended, @kg, @specimens, @value,
            @distance, @geom)
        """;

    private static async Task InsertFlowsAsync(NpgsqlConnection connection, long runId, IReadOnlyList<CorridorFlow> flows,
        Dictionary<string, GeoPoint> points, double bend, CancellationToken ct)
    {
        var options = new GreatCircleOptions { Bend = bend, Factory = Factory };
        var geometries = new Geometry[flows.Count];
        var distances = new double[flows.Count];
        for (var i = 0; i < flows.Count; i++)
        {
            var (a, b) = (points[flows[i].From], points[flows[i].To]);
            geometries[i] = GreatCircle.Arc(a, b, options) switch
            {
                LineString line => Factory.CreateMultiLineString([line]),
                var other => other,
            };
            distances[i] = GreatCircle.DistanceMeters(a, b) / 1000;
        }

        await using var command = new NpgsqlCommand(InsertFlowsSql, connection);
        command.Parameters.AddWithValue("run", runId);
        command.Parameters.AddWithValue("seq", Enumerable.Range(1, flows.Count).ToArray());
        command.Parameters.AddWithValue("from", flows.Select(f => f.From).ToArray());
        command.Parameters.AddWithValue("to", flows.Select(f => f.To).ToArray());
        command.Parameters.Add(new NpgsqlParameter("period", NpgsqlDbType.Array | NpgsqlDbType.Date)
        {
            Value = flows.Select(f => f.PeriodStart).ToArray(),
        });
        command.Parameters.Add(new NpgsqlParameter("group", NpgsqlDbType.Array | NpgsqlDbType.Text)
        {
            Value = flows.Select(f => f.CommodityGroup).ToArray(),
        });
        command.Parameters.AddWithValue("cases", flows.Select(f => f.Cases).ToArray());
        command.Parameters.AddWithValue("travelled", flows.Select(f => f.TravelledCases).ToArray());
        command.Parameters.AddWithValue("intended", flows.Select(f => f.Cases - f.TravelledCases).ToArray());
        command.Parameters.AddWithValue("kg", flows.Select(f => f.QuantityKg).ToArray());
        command.Parameters.AddWithValue("specimens", flows.Select(f => f.Specimens).ToArray());
        command.Parameters.AddWithValue("value", flows.Select(f => f.Value).ToArray());
        command.Parameters.AddWithValue("distance", distances);
        command.Parameters.Add(new NpgsqlParameter("geom", NpgsqlDbType.Array | NpgsqlDbType.Geometry) { Value = geometries });
        await command.ExecuteNonQueryAsync(ct);
    }

    private const string InsertRolesSql = """
        insert into country_role (run_id, iso2, origin, export, transit, destination, seizures_in, seizures_out, in_degree,
            out_degree, weighted_in_degree, weighted_out_degree, betweenness, geom)
        select @run, x.iso2, x.origin, x.export, x.transit, x.destination, x.seizures_in, x.seizures_out, x.in_degree,
               x.out_degree, x.weighted_in, x.weighted_out, x.betweenness, ST_PointOnSurface(c.geom)
        from unnest(@iso2, @origin, @export, @transit, @destination, @in, @out, @indegree, @outdegree, @win, @wout, @between)
             as x(iso2, origin, export, transit, destination, seizures_in, seizures_out, in_degree, out_degree, weighted_in,
                  weighted_out, betweenness)
        join country c on c.iso2 = x.iso2
        """;

    private static async Task InsertRolesAsync(NpgsqlConnection connection, long runId, IReadOnlyList<CountryRole> roles, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(InsertRolesSql, connection);
        command.Parameters.AddWithValue("run", runId);
        command.Parameters.AddWithValue("iso2", roles.Select(r => r.Country).ToArray());
        command.Parameters.AddWithValue("origin", roles.Select(r => r.Origin).ToArray());
        command.Parameters.AddWithValue("export", roles.Select(r => r.Export).ToArray());
        command.Parameters.AddWithValue("transit", roles.Select(r => r.Transit).ToArray());
        command.Parameters.AddWithValue("destination", roles.Select(r => r.Destination).ToArray());
        command.Parameters.AddWithValue("in", roles.Select(r => r.SeizuresIn).ToArray());
        command.Parameters.AddWithValue("out", roles.Select(r => r.SeizuresOut).ToArray());
        command.Parameters.AddWithValue("indegree", roles.Select(r => r.InDegree).ToArray());
        command.Parameters.AddWithValue("outdegree", roles.Select(r => r.OutDegree).ToArray());
        command.Parameters.AddWithValue("win", roles.Select(r => r.WeightedInDegree).ToArray());
        command.Parameters.AddWithValue("wout", roles.Select(r => r.WeightedOutDegree).ToArray());
        command.Parameters.AddWithValue("between", roles.Select(r => r.Betweenness).ToArray());
        await command.ExecuteNonQueryAsync(ct);
    }
}
