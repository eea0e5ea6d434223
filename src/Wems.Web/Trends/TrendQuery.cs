using System.Globalization;
using Wems.Gis.Analysis.Trends;
using Wems.Gis.Cases;
using Wems.Gis.Reference;
using Wems.Gis.Tiles;
using Wems.Gis.Features;
using Wems.Gis.Storage;

namespace Wems.Web.Trends;

/// <summary>The query parameters of <c>/api/trends/...</c>, parsed at the edge; every bad value is a 400 naming it.</summary>
internal sealed record TrendQuery(TrendFilter Filter, TrendDimension? By, TrendMeasure Measure, TrendPeriod Period)
{
    private static readonly string[] FilterParameters = ["from", "to", "country", "commodity", "species", "agency", "transport_mode", "measure"];

    public static readonly string[] SeriesParameters = [.. FilterParameters, "by"];
    public static readonly string[] DataClockParameters = FilterParameters;
    public static readonly string[] ChangeParameters = [.. FilterParameters, "by", "period"];

    private static readonly Dictionary<string, TrendDimension> Dimensions = new(StringComparer.Ordinal)
    {
        ["month"] = TrendDimension.Month,
        ["year"] = TrendDimension.Year,
        ["species"] = TrendDimension.Species,
        ["commodity"] = TrendDimension.Commodity,
        ["country"] = TrendDimension.Country,
        ["route"] = TrendDimension.Route,
    };

    private static readonly Dictionary<string, TrendMeasure> Measures = new(StringComparer.Ordinal)
    {
        ["count"] = TrendMeasure.Count,
        ["weight"] = TrendMeasure.Weight,
        ["value"] = TrendMeasure.Value,
    };

    private static readonly Dictionary<string, TrendPeriod> Periods = new(StringComparer.Ordinal)
    {
        ["month"] = TrendPeriod.Month,
        ["quarter"] = TrendPeriod.Quarter,
        ["year"] = TrendPeriod.Year,
    };

    /// <summary>Parses the query of a resource that accepts <paramref name="allowed"/>; <c>by</c> defaults to <paramref name="defaultBy"/>.</summary>
    public static TrendQuery Parse(HttpRequest request, string[] allowed, TrendDimension? defaultBy)
    {
        foreach (var key in request.Query.Keys.Where(k => !allowed.Contains(k, StringComparer.Ordinal)))
        {
            throw new InvalidParameterException(key, $"is not a parameter of this resource ({string.Join(", ", allowed)}).");
        }

        var from = Date(request, "from");
        var to = Date(request, "to");
        if (from is { } f && to is { } t && f > t)
        {
            throw new InvalidParameterException("to", $"must not be before from ({f:yyyy-MM-dd}).");
        }

        var country = Text(request, "country");
        if (country is not null && (country.Length != 2 || !country.All(char.IsAsciiLetterUpper)))
        {
            throw new InvalidParameterException("country", "must be an ISO 3166-1 alpha-2 code in capitals (e.g. KE).");
        }

        var by = Choice(request, "by", Dimensions) ?? defaultBy;
        var measure = Choice(request, "measure", Measures) ?? TrendMeasure.Count;
        var period = Choice(request, "period", Periods) ?? TrendPeriod.Month;
        var commodity = Text(request, "commodity");
        if (commodity is not null && !CaseTileFilter.CommodityGroups.Contains(commodity, StringComparer.Ordinal))
        {
            throw new InvalidParameterException("commodity", $"'{commodity}' is not a commodity group; use one of {string.Join(", ", CaseTileFilter.CommodityGroups)}.");
        }

        var filter = new TrendFilter(from, to, country, commodity, Text(request, "species"), Text(request, "agency"), Text(request, "transport_mode"));
        return new TrendQuery(filter, by, measure, period);
    }

    /// <summary>
    /// Checks the values that name reference data (species, agency, transport mode) against the lists the case form is
    /// validated with: an unknown value is a 400 naming it, not an empty chart that looks like "no seizures".
    /// </summary>
    public void CheckKnown(CaseValidationContext reference)
    {
        if (Filter.Species is { } species && !reference.Species.Contains(species))
        {
            throw new InvalidParameterException("species", $"'{species}' is not a species of the species list (give its scientific name).");
        }

        if (Filter.Agency is { } agency && !reference.Agencies.ContainsKey(agency))
        {
            throw new InvalidParameterException("agency", $"'{agency}' is not an agency code (e.g. KWS).");
        }

        if (Filter.TransportMode is { } mode
            && !(reference.Vocabularies.TryGetValue(CodeListNames.TransportModes, out var modes) && modes.Contains(mode)))
        {
            throw new InvalidParameterException("transport_mode", $"'{mode}' is not a transport mode code (e.g. air-cargo, sea-container).");
        }
    }

    /// <summary>The lower-case wire name of a dimension, measure or period.</summary>
    public static string Name<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();

    private static T? Choice<T>(HttpRequest request, string name, Dictionary<string, T> choices) where T : struct
    {
        if (!request.Query.TryGetValue(name, out var value))
        {
            return null;
        }

        return choices.TryGetValue(value.ToString(), out var choice)
            ? choice
            : throw new InvalidParameterException(name, $"must be one of {string.Join(", ", choices.Keys)}.");
    }

    private static string? Text(HttpRequest request, string name)
    {
        if (!request.Query.TryGetValue(name, out var value))
        {
            return null;
        }

        var text = value.ToString().Trim();
        return text.Length is > 0 and <= 200 ? text : throw new InvalidParameterException(name, "must be a non-empty text of at most 200 characters.");
    }

    private static DateOnly? Date(HttpRequest request, string name) => request.Query.TryGetValue(name, out var v)
        ? DateOnly.TryParseExact(v.ToString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d
            : throw new InvalidParameterException(name, "must be a date (yyyy-MM-dd).")
        : null;
}
