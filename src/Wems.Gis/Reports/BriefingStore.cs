using Npgsql;
using NetTopologySuite.Geometries;
using Wems.Gis.Analysis.Borders;
using Wems.Gis.Analysis.Corridors;
using Wems.Gis.Analysis.Hotspots;
using Wems.Gis.Analysis.Trends;
using Wems.Gis.AnalysisRuns;
using Wems.Gis.Cases;
using Wems.Gis.Storage;

namespace Wems.Gis.Reports;

/// <summary>
/// Makes a <see cref="Briefing"/> for a caller: everything is read in one transaction under the caller's tier
/// (row-level security), so a national briefing covers the caller's country and a regional one the shared cases of
/// its region, and computed on the fly with the same analyses the stored runs use: <see cref="TrendAnalysis"/>,
/// hexagon aggregation and Gi* with FDR (<see cref="HotspotRun"/>'s computation, hexagons sized for the map), corridors (<see cref="CorridorRun"/>'s
/// legs and aggregation) and border coverage (<see cref="BorderCoverageRun"/>'s defaults: 10 km segments, posts
/// covering 20 km, seizures within 50 km).
/// </summary>
public sealed class BriefingStore(NpgsqlDataSource dataSource)
{
    private const int TopCorridors = 10;

    /// <summary>The briefing of <paramref name="scope"/>'s country or region for [<paramref name="from"/>, <paramref name="to"/>].</summary>
    /// <exception cref="ArgumentException">The scope is public or incomplete, or <paramref name="to"/> is before <paramref name="from"/>.</exception>
    public async Task<Briefing> LoadAsync(CallerScope scope, DateOnly from, DateOnly to, DateTimeOffset generatedAt,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (to < from)
        {
            throw new ArgumentException($"The period ends ({to:yyyy-MM-dd}) before it starts ({from:yyyy-MM-dd}).", nameof(to));
        }

        var days = to.DayNumber - from.DayNumber + 1;
        var (previousFrom, previousTo) = (from.AddDays(-days), from.AddDays(-1));
        var (connection, transaction) = await AnalysisRunStore.BeginAsync(dataSource, scope, cancellationToken);
        await using (connection)
        await using (transaction)
        {
            var countries = await BorderCoverageRun.ScopeCountriesAsync(connection, scope, cancellationToken);
            var (area, code) = await AreaAsync(connection, scope, cancellationToken);
            var facts = await TrendRepository.LoadAsync(connection, new TrendFilter(previousFrom, to), cancellationToken);
            var current = facts.Where(f => f.Date >= from).ToList();
            var previous = facts.Where(f => f.Date < from).ToList();

            var inputs = await AnalysisRunStore.LoadCasesAsync(connection, new CaseFilter(from, to), cancellationToken);
            var (seizures, groups) = await CorridorRun.LoadSeizuresAsync(connection, inputs, CaseFilter.All, cancellationToken);
            var legs = seizures.Select(c => TradeLegs.Build(c, name => groups.GetValueOrDefault(name, ""),
                new TradeLegOptions { ValueCurrency = "USD" }));
            var corridors = CorridorAggregation.TopFlows(CorridorAggregation.Aggregate(legs, new CorridorOptions { KeepCaseIds = false }),
                TopCorridors);

            var borders = await BorderCoverageRun.LoadBordersAsync(connection, countries, cancellationToken);
            var posts = await BorderCoverageRun.LoadPostsAsync(connection, cancellationToken);
            var segments = BorderSegmentation.Split(borders, new BorderSegmentationOptions { SegmentLengthKm = 10 });
            var near = BorderCaseAssignment.Assign(segments, inputs.Cases.Select(c => new CasePoint(c.Id.ToString(), c.Location)),
                new BorderCaseAssignmentOptions { MaxDistanceMeters = 50_000 });
            var coverage = BorderCoverage.Compute(segments, posts, near, new BorderCoverageOptions { CoverageDistanceMeters = 20_000 });

            var map = await MapAsync(connection, countries, inputs.Cases, posts, cancellationToken);
            var figures = new BriefingFigures(Totals(current), Totals(previous),
                current.Where(f => f.Species is not null).Select(f => f.Species).Distinct().Count(),
                current.Select(f => f.Country).Distinct().Count());
            return new Briefing(area, code, scope.Tier == Tier.Regional, countries, from, to, previousFrom, previousTo, figures,
                TrendAnalysis.Series(current, TrendDimension.Month, TrendMeasure.Count, from, to),
                TrendAnalysis.Series(current, TrendDimension.Commodity, TrendMeasure.Count),
                TrendAnalysis.Series(current, TrendDimension.Commodity, TrendMeasure.Weight),
                TrendAnalysis.Compare(facts, TrendMeasure.Count, from, to, previousFrom, previousTo, TrendDimension.Commodity).Groups,
                map, corridors, coverage, generatedAt);
        }
    }

    private static BriefingTotals Totals(List<TrendFact> facts) => new(
        (int)TrendAnalysis.Total(facts, TrendMeasure.Count), TrendAnalysis.Total(facts, TrendMeasure.Weight),
        TrendAnalysis.Total(facts, TrendMeasure.Value));

    private const string CountryNameSql = "select name_en from country where iso2 = @code";
    private const string RegionNameSql = "select name from region where code = @code";

    private static async Task<(string Name, string Code)> AreaAsync(NpgsqlConnection connection, CallerScope scope, CancellationToken ct)
    {
        var code = scope.Tier == Tier.National ? scope.Country! : scope.Region!;
        await using var command = new NpgsqlCommand(scope.Tier == Tier.National ? CountryNameSql : RegionNameSql, connection);
        command.Parameters.AddWithValue("code", code);
        return (await command.ExecuteScalarAsync(ct) as string ?? code, code);
    }

    // The extent of the scope's countries with a 5% margin; outlines of every country in it, simplified to about a
    // pixel of an 800-pixel-wide map and clipped to the extent, so the page stays small.
    private const string ExtentSql = """
        select ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)
        from (select ST_Expand(ST_Extent(geom)::geometry, greatest(ST_XMax(ST_Extent(geom)) - ST_XMin(ST_Extent(geom)),
                     ST_YMax(ST_Extent(geom)) - ST_YMin(ST_Extent(geom))) * 0.05) e
              from country where iso2::text = any(@countries)) x
        """;

    private const string OutlinesSql = """
        select iso2, name_en, ST_SimplifyPreserveTopology(ST_ClipByBox2D(geom, ST_MakeEnvelope(@x0, @y0, @x1, @y1, 4326)), @tolerance)
        from country where geom && ST_MakeEnvelope(@x0, @y0, @x1, @y1, 4326) order by iso2
        """;

    /// <summary>
    /// Hexagons for a printed map: about <see cref="MapCells"/> of them over the map's extent (at least 25 km² each),
    /// rather than the stored runs' size from the data, which for a few dozen cases gives hexagons as large as a country.
    /// </summary>
    internal static double MapCellAreaKm2(Envelope extent)
    {
        const double kmPerDegree = 111.2;
        var widthKm = extent.Width * kmPerDegree * Math.Cos(extent.Centre.Y * Math.PI / 180);
        return Math.Max(25, widthKm * extent.Height * kmPerDegree / MapCells);
    }

    private const int MapCells = 400;

    private static async Task<BriefingMap> MapAsync(NpgsqlConnection connection, IReadOnlyList<string> countries,
        IReadOnlyList<CaseInput> cases, IReadOnlyList<EnforcementPost> posts, CancellationToken ct)
    {
        Envelope extent;
        await using (var command = new NpgsqlCommand(ExtentSql, connection))
        {
            command.Parameters.AddWithValue("countries", countries.ToArray());
            await using var r = await command.ExecuteReaderAsync(ct);
            await r.ReadAsync(ct);
            extent = new Envelope(r.GetDouble(0), r.GetDouble(2), r.GetDouble(1), r.GetDouble(3));
        }

        var outlines = new List<BriefingCountry>();
        await using (var command = new NpgsqlCommand(OutlinesSql, connection))
        {
            command.Parameters.AddWithValue("x0", extent.MinX);
            command.Parameters.AddWithValue("y0", extent.MinY);
            command.Parameters.AddWithValue("x1", extent.MaxX);
            command.Parameters.AddWithValue("y1", extent.MaxY);
            command.Parameters.AddWithValue("tolerance", extent.Width / 800);
            await using var r = await command.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var iso2 = r.GetString(0);
                outlines.Add(new BriefingCountry(iso2, r.GetString(1), r.GetFieldValue<Geometry>(2), countries.Contains(iso2)));
            }
        }

        var cells = new List<BriefingCell>();
        double? cellArea = null;
        if (cases.Select(c => (c.Location.X, c.Location.Y)).Distinct().Take(2).Count() == 2)
        {
            var (aggregation, spots, _) = HotspotRun.Compute(cases, new HotspotParameters { CellAreaKm2 = MapCellAreaKm2(extent) });
            cellArea = aggregation.Grid.CellAreaKm2;
            for (var i = 0; i < aggregation.Bins.Count; i++)
            {
                if (aggregation.Bins[i].Count > 0 || spots[i].Bin != 0)
                {
                    cells.Add(new BriefingCell(aggregation.Bins[i].Polygon, aggregation.Bins[i].Count, spots[i].Bin));
                }
            }
        }

        var shown = posts.Where(p => extent.Contains(p.Location.X, p.Location.Y)).Select(p => p.Location).ToList();
        return new BriefingMap(extent, outlines, cells, shown, cellArea);
    }
}
