using System.ComponentModel.DataAnnotations;

namespace Wems.Web.OgcFeatures;

/// <summary>The <c>Ogc</c> configuration section.</summary>
public sealed class OgcOptions
{
    public const string Section = "Ogc";

    /// <summary>Items per page when the request names no limit.</summary>
    [Range(1, 100_000)]
    public int DefaultLimit { get; set; } = 100;

    /// <summary>The largest page; a larger requested limit is clamped to it (not an error, as OGC API says).</summary>
    [Range(1, 100_000)]
    public int MaxLimit { get; set; } = 10_000;

    /// <summary>The most features one file export (<c>f=csv</c>, <c>gpkg</c>, <c>shp</c>) may hold; a larger one is a 400.</summary>
    [Range(1, 10_000_000)]
    public int MaxExportFeatures { get; set; } = 1_000_000;

    /// <summary>The page size for a request: its limit (a positive whole number) clamped to the maximum.</summary>
    /// <exception cref="Gis.Features.InvalidParameterException">The limit is not a positive whole number.</exception>
    public int ResolveLimit(string? requested)
    {
        if (requested is null)
        {
            return Math.Min(DefaultLimit, MaxLimit);
        }

        return int.TryParse(requested, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0
            ? Math.Min(n, MaxLimit)
            // Any larger positive whole number, however many digits, is clamped too.
            : requested.Length > 0 && requested.All(char.IsAsciiDigit) && requested.Any(c => c != '0')
                ? MaxLimit
                : throw new Gis.Features.InvalidParameterException("limit", $"'{requested}' is not a positive whole number.");
    }
}
