using System.Globalization;
using Npgsql;
using Wems.Gis.Analysis.Corridors;
using Wems.Gis.Features;
using Wems.Gis.Storage;

namespace Wems.Gis.AnalysisRuns;

/// <summary>
/// One requested analysis with its parameters by name, as the HTTP API (<c>POST /api/analyses/{kind}</c>, JSON body)
/// and the CLI (<c>wems analyse KIND --name value</c>) give them: checked once by <see cref="Parse"/>, stored with the
/// job, and run by <see cref="RunAsync"/>.
/// </summary>
/// <remarks>
/// Names: every kind takes <c>from</c>, <c>to</c> (YYYY-MM-DD) and <c>commodity</c> (a commodity group);
/// hotspots <c>cell-km2</c>, <c>band-km</c>, <c>weight</c> (count|kilograms), <c>weights</c> (band|inverse|knn), <c>k</c>
/// (knn only, 1..1000), <c>power</c> (inverse only, 0..4); density <c>radius-km</c>,
/// <c>cell-km</c>; emerging <c>cell-km2</c>, <c>band-km</c>, <c>step</c> (year|quarter); corridors <c>period</c>
/// (none|month|quarter|year), <c>split-commodity</c>, <c>travelled-only</c> (yes|no), <c>bend</c>; border
/// <c>segment-km</c> (10), <c>coverage-km</c> (20), <c>near-km</c> (50).
/// </remarks>
public sealed class AnalysisRequest
{
    /// <summary>The kinds, as named in the API path.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["hotspots", "density", "emerging", "corridors", "border"];

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["border-coverage"] = "border",
        ["emerging-hotspots"] = "emerging",
    };

    private static readonly string[] Common = ["from", "to", "commodity"];

    private static readonly Dictionary<string, string[]> Names = new(StringComparer.Ordinal)
    {
        ["hotspots"] = ["cell-km2", "band-km", "weight", "weights", "k", "power"],
        ["density"] = ["radius-km", "cell-km"],
        ["emerging"] = ["cell-km2", "band-km", "step"],
        ["corridors"] = ["period", "split-commodity", "travelled-only", "bend"],
        ["border"] = ["segment-km", "coverage-km", "near-km"],
    };

    private readonly Func<NpgsqlDataSource, CallerScope, string, IProgress<double>?, CancellationToken, Task<AnalysisRunSummary>> run;

    private AnalysisRequest(string kind, IReadOnlyDictionary<string, string> parameters,
        Func<NpgsqlDataSource, CallerScope, string, IProgress<double>?, CancellationToken, Task<AnalysisRunSummary>> run)
    {
        Kind = kind;
        Parameters = parameters;
        this.run = run;
    }

    /// <summary>The kind (one of <see cref="Kinds"/>).</summary>
    public string Kind { get; }

    /// <summary>The parameters as given (names and text values), only the known names.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; }

    /// <summary>The kind for <paramref name="name"/> (a kind or a CLI alias such as <c>border-coverage</c>), or null.</summary>
    public static string? KindOf(string name) =>
        Kinds.Contains(name) ? name : Aliases.GetValueOrDefault(name);

    /// <summary>The parameter names that <paramref name="kind"/> takes.</summary>
    public static IReadOnlyList<string> NamesOf(string kind) => [.. Common, .. Names[KindOf(kind) ?? kind]];

    /// <summary>Checks the parameters of a <paramref name="kind"/> analysis.</summary>
    /// <exception cref="InvalidParameterException">The kind is unknown (parameter <c>kind</c>), or a parameter is unknown or
    /// malformed (named by the exception, with the reason).</exception>
    public static AnalysisRequest Parse(string kind, IReadOnlyDictionary<string, string> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var k = KindOf(kind) ?? throw new InvalidParameterException("kind", $"'{kind}' is not an analysis; one of {string.Join(", ", Kinds)}.");
        var allowed = NamesOf(k);
        foreach (var name in parameters.Keys)
        {
            if (!allowed.Contains(name))
            {
                throw new InvalidParameterException(name, $"not a parameter of {k}; it takes {string.Join(", ", allowed)}.");
            }
        }

        var p = new Reader(parameters);
        var from = p.Date("from");
        var to = p.Date("to");
        if (from is { } f && to is { } t && t < f)
        {
            throw new InvalidParameterException("to", $"{t:yyyy-MM-dd} is before from ({f:yyyy-MM-dd}).");
        }

        var commodity = p.Text("commodity");
        var filter = new CaseFilter(from, to, commodity);
        var copy = new Dictionary<string, string>(parameters, StringComparer.Ordinal);
        return k switch
        {
            "hotspots" => Hotspots(copy, p, filter),
            "density" => Density(copy, p, filter),
            "emerging" => Emerging(copy, p, filter),
            "corridors" => Corridors(copy, p, filter),
            _ => Border(copy, p, filter),
        };
    }

    private static AnalysisRequest Hotspots(Dictionary<string, string> copy, Reader p, CaseFilter filter)
    {
        var neighbourhood = p.Choice("weights", "band", "inverse", "knn") switch
        {
            "inverse" => HotspotNeighbourhood.Inverse,
            "knn" => HotspotNeighbourhood.Knn,
            _ => HotspotNeighbourhood.Band,
        };
        var k = p.Number("k", 1, 1000);
        if (k is { } kk && (neighbourhood != HotspotNeighbourhood.Knn || kk != Math.Floor(kk)))
        {
            throw new InvalidParameterException("k", neighbourhood != HotspotNeighbourhood.Knn
                ? "k is the neighbour count of weights=knn; give weights=knn or leave k out."
                : $"'{kk}' is not a whole number from 1 to 1000.");
        }

        var power = p.Number("power", 0, 4);
        if (power is { } pw && (neighbourhood != HotspotNeighbourhood.Inverse || pw <= 0))
        {
            throw new InvalidParameterException("power", neighbourhood != HotspotNeighbourhood.Inverse
                ? "power is the exponent of weights=inverse; give weights=inverse or leave power out."
                : "the power must be above 0 (1: inverse distance, 2: inverse distance squared).");
        }

        if (neighbourhood == HotspotNeighbourhood.Knn && p.Text("band-km") is not null)
        {
            throw new InvalidParameterException("band-km", "k-nearest weights have no distance band; leave band-km out or use weights=band|inverse.");
        }

        var parameters = new HotspotParameters
        {
            Filter = filter,
            CellAreaKm2 = p.Positive("cell-km2"),
            DistanceBandKm = p.Positive("band-km"),
            Weight = p.Choice("weight", "count", "kilograms") == "kilograms" ? HotspotWeight.Kilograms : HotspotWeight.Count,
            Neighbourhood = neighbourhood,
            K = k is { } kv ? (int)kv : null,
            Power = power,
        };
        return new AnalysisRequest("hotspots", copy, (ds, scope, actor, progress, ct) => HotspotRun.RunAsync(ds, scope, parameters, actor, progress, ct));
    }

    private static AnalysisRequest Density(Dictionary<string, string> copy, Reader p, CaseFilter filter)
    {
        var parameters = new DensityParameters { Filter = filter, SearchRadiusKm = p.Positive("radius-km"), CellSizeKm = p.Positive("cell-km") };
        return new AnalysisRequest("density", copy, (ds, scope, actor, progress, ct) => DensityRun.RunAsync(ds, scope, parameters, actor, progress, ct));
    }

    private static AnalysisRequest Emerging(Dictionary<string, string> copy, Reader p, CaseFilter filter)
    {
        var parameters = new EmergingHotSpotParameters
        {
            Filter = filter,
            CellAreaKm2 = p.Positive("cell-km2"),
            DistanceBandKm = p.Positive("band-km"),
            Step = p.Choice("step", "year", "quarter") == "quarter" ? EmergingHotSpotStep.Quarter : EmergingHotSpotStep.Year,
        };
        return new AnalysisRequest("emerging", copy, (ds, scope, actor, progress, ct) => EmergingHotSpotRun.RunAsync(ds, scope, parameters, actor, progress, ct));
    }

    private static AnalysisRequest Corridors(Dictionary<string, string> copy, Reader p, CaseFilter filter)
    {
        var parameters = new CorridorParameters
        {
            Filter = filter,
            Period = p.Choice("period", "none", "month", "quarter", "year") switch
            {
                "month" => CorridorPeriod.Month,
                "quarter" => CorridorPeriod.Quarter,
                "year" => CorridorPeriod.Year,
                _ => CorridorPeriod.None,
            },
            ByCommodityGroup = p.Choice("split-commodity", "no", "yes") == "yes",
            TravelledOnly = p.Choice("travelled-only", "no", "yes") == "yes",
            Bend = p.Number("bend", 0, 1) ?? 0.15,
        };
        return new AnalysisRequest("corridors", copy, async (ds, scope, actor, progress, ct) =>
            (await CorridorRun.RunAsync(ds, scope, parameters, actor, progress, ct)).Run);
    }

    private static AnalysisRequest Border(Dictionary<string, string> copy, Reader p, CaseFilter filter)
    {
        var parameters = new BorderCoverageParameters
        {
            Filter = filter,
            SegmentLengthKm = p.Positive("segment-km") ?? 10,
            CoverageDistanceKm = p.Number("coverage-km", 0, 1000) ?? 20,
            NearBorderKm = p.Number("near-km", 0, 1000) ?? 50,
        };
        return new AnalysisRequest("border", copy, (ds, scope, actor, progress, ct) => BorderCoverageRun.RunAsync(ds, scope, parameters, actor, progress, ct));
    }

    /// <summary>Runs the analysis for <paramref name="scope"/> and stores it (see the run classes).</summary>
    public Task<AnalysisRunSummary> RunAsync(NpgsqlDataSource dataSource, CallerScope scope, string actor,
        IProgress<double>? progress = null, CancellationToken cancellationToken = default) =>
        run(dataSource, scope, actor, progress, cancellationToken);

    /// <summary>The name of the OGC API collections a run of <paramref name="kind"/> is served as.</summary>
    public static IReadOnlyList<string> CollectionsOf(string kind) => KindOf(kind) switch
    {
        "hotspots" => ["hotspots"],
        "density" => ["density-contours"],
        "emerging" => ["emerging-hotspots"],
        "corridors" => ["corridors", "country-roles"],
        "border" => ["border-coverage", "border-gaps"],
        _ => [],
    };

    private sealed class Reader(IReadOnlyDictionary<string, string> values)
    {
        public string? Text(string name) => values.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

        public DateOnly? Date(string name) => Text(name) is { } v
            ? DateOnly.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                ? d
                : throw new InvalidParameterException(name, $"'{v}' is not a date YYYY-MM-DD.")
            : null;

        public double? Number(string name, double min, double max) => Text(name) is { } v
            ? double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n) && n >= min && n <= max
                ? n
                : throw new InvalidParameterException(name, $"'{v}' is not a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}.")
            : null;

        public double? Positive(string name) => Text(name) is { } v
            ? double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n) && n > 0 && n <= 1e7
                ? n
                : throw new InvalidParameterException(name, $"'{v}' is not a positive number (at most 10,000,000).")
            : null;

        public string Choice(string name, string fallback, params string[] others) => Text(name) is { } v
            ? v == fallback || others.Contains(v) ? v : throw new InvalidParameterException(name, $"'{v}' is not one of {fallback}, {string.Join(", ", others)}.")
            : fallback;
    }
}
