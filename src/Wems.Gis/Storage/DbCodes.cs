using Wems.Gis.Cases;

namespace Wems.Gis.Storage;

/// <summary>The text codes the database stores for the case record's enumerations.</summary>
internal static class DbCodes
{
    public static string Of(LocationPrecision p) => p switch
    {
        LocationPrecision.Exact => "exact",
        LocationPrecision.Approximate => "approximate",
        LocationPrecision.AdminAreaCentroid => "admin-area-centroid",
        _ => throw new ArgumentOutOfRangeException(nameof(p)),
    };

    public static LocationPrecision Precision(string code) => code switch
    {
        "exact" => LocationPrecision.Exact,
        "approximate" => LocationPrecision.Approximate,
        "admin-area-centroid" => LocationPrecision.AdminAreaCentroid,
        _ => throw new FormatException($"Unknown location precision '{code}'."),
    };

    public static string Of(CaseStatus s) => s == CaseStatus.Closed ? "closed" : "open";

    public static CaseStatus Status(string code) => code == "closed" ? CaseStatus.Closed : CaseStatus.Open;

    public static string Of(TradeRole r) => r switch
    {
        TradeRole.Origin => "origin",
        TradeRole.Export => "export",
        TradeRole.Transit => "transit",
        TradeRole.Destination => "destination",
        _ => throw new ArgumentOutOfRangeException(nameof(r)),
    };

    public static TradeRole Role(string code) => code switch
    {
        "origin" => TradeRole.Origin,
        "export" => TradeRole.Export,
        "transit" => TradeRole.Transit,
        "destination" => TradeRole.Destination,
        _ => throw new FormatException($"Unknown trade role '{code}'."),
    };
}
