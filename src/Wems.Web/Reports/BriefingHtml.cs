using System.Globalization;
using System.Net;
using System.Text;
using Wems.Gis.Reports;

namespace Wems.Web.Reports;

/// <summary>
/// Writes a <see cref="Briefing"/> as one printable HTML page: no script, pictures as inline SVG
/// (<see cref="BriefingSvg"/>), the stylesheet linked (server) or embedded (CLI file). Every text from data is
/// HTML-encoded. The figures carry <c>data-figure</c> attributes with their plain values for machines.
/// </summary>
internal static class BriefingHtml
{
    /// <summary>The detection-bias caveat (MISSION.md "Three tiers": seizures reflect enforcement effort as much as crime).</summary>
    public const string Caveat =
        "Seizure records show where wildlife crime was detected, not where it happens. They reflect enforcement effort, " +
        "reporting and data sharing as much as trafficking itself: more patrols, scanners or sharing in one place give " +
        "more seizures there. The hotspots in this briefing are therefore detection hotspots, and a quiet area may be an " +
        "unwatched one. As ETIS and C4ADS warn, compare areas and periods with care and read the figures together with " +
        "what is known of enforcement effort.";

    /// <summary>The page; <paramref name="stylesheetHref"/> links the stylesheet, or null to embed it.</summary>
    public static string Render(Briefing b, string? stylesheetHref)
    {
        var period = $"{b.From:yyyy-MM-dd} to {b.To:yyyy-MM-dd}";
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>WEMS briefing: {E(b.Area)}, {period}</title><link rel="icon" href="/favicon.svg" type="image/svg+xml">
            """);
        html.Append(stylesheetHref is null ? $"<style>{BriefingStyles.Css}</style>" : $"""<link rel="stylesheet" href="{E(stylesheetHref)}">""");
        html.Append(CultureInfo.InvariantCulture, $"""
            </head><body>
            <header><h1>Briefing: {E(b.Area)}</h1>
            <p class="meta">Seizures from {period} (compared with {b.PreviousFrom:yyyy-MM-dd} to {b.PreviousTo:yyyy-MM-dd}).
            {(b.Regional ? "Regional tier: shared transboundary cases of the member countries only, no personal data." : "National tier.")}
            Countries: {E(string.Join(", ", b.Countries))}. Generated {b.GeneratedAt:yyyy-MM-dd HH:mm} UTC by WEMS.</p></header>
            """);
        Figures(html, b);
        Map(html, b);
        Trends(html, b);
        Corridors(html, b);
        Borders(html, b);
        html.Append(CultureInfo.InvariantCulture, $"""
            <section id="caveat"><h2>Reading these figures</h2><p class="caveat">{E(Caveat)}</p></section>
            </body></html>
            """);
        return html.ToString();
    }

    private static void Figures(StringBuilder html, Briefing b)
    {
        var (now, before) = (b.Figures.Current, b.Figures.Previous);
        html.Append("""<section id="figures"><h2>Key figures</h2><dl class="figures">""");
        Figure(html, "cases", "Seizure cases", now.Cases, before.Cases, "0");
        Figure(html, "kilograms", "Kilograms seized", now.Kilograms, before.Kilograms, "#,0.0");
        Figure(html, "value", "Estimated value (USD)", now.ValueUsd, before.ValueUsd, "#,0");
        Figure(html, "species", "Species", b.Figures.Species, null, "0");
        Figure(html, "countries", "Countries of seizure", b.Figures.SeizureCountries, null, "0");
        Figure(html, "near-border", "Seizures within 50 km of a border", b.Borders.Seizures, null, "0");
        html.Append("</dl></section>");
    }

    private static void Figure(StringBuilder html, string key, string label, double value, double? previous, string format)
    {
        var change = previous switch
        {
            null => "",
            0 => $"""<span class="change">previous period: 0</span>""",
            var p => $"""<span class="change">{(value - p.Value >= 0 ? "+" : "")}{(100 * (value - p.Value) / p.Value).ToString("0", CultureInfo.InvariantCulture)}% on the previous period ({p.Value.ToString(format, CultureInfo.InvariantCulture)})</span>""",
        };
        html.Append(CultureInfo.InvariantCulture,
            $"""<div class="figure"><dt>{E(label)}</dt><dd data-figure="{key}" data-value="{value.ToString("0.###", CultureInfo.InvariantCulture)}">{value.ToString(format, CultureInfo.InvariantCulture)}{change}</dd></div>""");
    }

    private static void Map(StringBuilder html, Briefing b)
    {
        html.Append("""<section id="map-section"><h2>Detection hotspots</h2><figure>""");
        html.Append(BriefingSvg.Map(b.Map, $"Detection hotspot map of {b.Area}"));
        html.Append("""
            <ul class="legend"><li><span class="swatch bin3"></span>Hot spot, 99%</li><li><span class="swatch bin2"></span>95%</li>
            <li><span class="swatch bin1"></span>90%</li><li><span class="swatch bin0"></span>Not significant</li>
            <li><span class="swatch binm1"></span>Cold spot, 90%</li><li><span class="swatch binm2"></span>95%</li>
            <li><span class="swatch binm3"></span>99%</li><li><span class="swatch post"></span>Border post</li></ul>
            """);
        if (b.Map.CellAreaKm2 is { } area)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<figcaption>Getis-Ord Gi* on case counts in equal-area hexagons of {area:#,0} km² (sized for the map; fixed distance band, self included), bins after Benjamini–Hochberg FDR correction. {b.Map.Cells.Count(c => c.Bin > 0)} hexagons are hot spots.</figcaption>");
        }
        else
        {
            html.Append("<figcaption>Too few cases in the period for a hotspot analysis.</figcaption>");
        }

        html.Append("</figure></section>");
    }

    private static void Trends(StringBuilder html, Briefing b)
    {
        html.Append("""<section id="trends"><h2>Trends</h2><figure>""");
        html.Append(BriefingSvg.Columns(b.ByMonth, "chart-months", "Seizure cases per month", "cases"));
        html.Append("<figcaption>Seizure cases per month.</figcaption></figure><div class=\"charts\"><figure>");
        html.Append(BriefingSvg.Bars(b.ByCommodity, "chart-commodity-cases", "Seizure cases per commodity", "cases"));
        html.Append("<figcaption>Cases per commodity (a case with two commodities counts under each).</figcaption></figure><figure>");
        html.Append(BriefingSvg.Bars(b.KilogramsByCommodity, "chart-commodity-kg", "Kilograms per commodity", "kg"));
        html.Append("<figcaption>Kilograms per commodity.</figcaption></figure></div>");
        html.Append("""<table id="commodity-change"><thead><tr><th>Commodity</th><th class="n">Cases</th><th class="n">Previous period</th><th class="n">Change</th></tr></thead><tbody>""");
        foreach (var d in b.CommodityChange.Take(10))
        {
            html.Append(CultureInfo.InvariantCulture,
                $"""<tr><td>{E(d.Key ?? "")}</td><td class="n">{d.Current:0}</td><td class="n">{d.Previous:0}</td><td class="n">{(d.Percent is { } p ? $"{p:+0;-0;0}%" : "new")}</td></tr>""");
        }

        html.Append("</tbody></table></section>");
    }

    private static void Corridors(StringBuilder html, Briefing b)
    {
        html.Append("""<section id="corridors"><h2>Top trade corridors</h2>""");
        if (b.Corridors.Count == 0)
        {
            html.Append("<p class=\"note\">No case in the period names a trade route.</p></section>");
            return;
        }

        html.Append("""<table><thead><tr><th>From</th><th>To</th><th class="n">Cases</th><th class="n">Kilograms</th><th class="n">Value (USD)</th></tr></thead><tbody>""");
        foreach (var f in b.Corridors)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"""<tr><td>{E(f.From)}</td><td>{E(f.To)}</td><td class="n">{f.Cases}</td><td class="n">{f.QuantityKg:#,0.0}</td><td class="n">{f.Value:#,0}</td></tr>""");
        }

        html.Append("""</tbody></table><p class="note">Directed legs of the cases' trade chains (origin, transit, destination, with the seizure country inserted), heaviest by cases.</p></section>""");
    }

    private static void Borders(StringBuilder html, Briefing b)
    {
        var r = b.Borders;
        html.Append(CultureInfo.InvariantCulture, $"""
            <section id="borders"><h2>Border coverage</h2>
            <p><span data-figure="coverage" data-value="{r.CoveragePercent.ToString("0.##", CultureInfo.InvariantCulture)}">{r.CoveragePercent:0.0}%</span>
            of {r.BorderKm:#,0} km of land border lies within 20 km of a border post; {r.UncoveredSeizureCaseIds.Count} of {r.Seizures}
            near-border seizures were made on uncovered stretches.</p>
            <table><thead><tr><th>Border</th><th class="n">Length (km)</th><th class="n">Covered</th><th class="n">Seizures</th><th class="n">per 100 km</th></tr></thead><tbody>
            """);
        foreach (var p in r.Pairs.OrderByDescending(p => p.Seizures).ThenBy(p => p.Iso2A, StringComparer.Ordinal))
        {
            html.Append(CultureInfo.InvariantCulture,
                $"""<tr><td>{E(p.Iso2A)}–{E(p.Iso2B)}</td><td class="n">{p.BorderKm:#,0}</td><td class="n">{p.CoveragePercent:0}%</td><td class="n">{p.Seizures}</td><td class="n">{p.SeizuresPer100Km:0.0}</td></tr>""");
        }

        html.Append("</tbody></table><h3>Longest gaps</h3><table><thead><tr><th>Border</th><th class=\"n\">From km</th><th class=\"n\">To km</th><th class=\"n\">Length (km)</th><th class=\"n\">Seizures</th></tr></thead><tbody>");
        foreach (var g in r.Gaps.Take(5))
        {
            html.Append(CultureInfo.InvariantCulture,
                $"""<tr><td>{E(g.Iso2A)}–{E(g.Iso2B)}</td><td class="n">{g.FromKm:0}</td><td class="n">{g.ToKm:0}</td><td class="n">{g.LengthKm:0}</td><td class="n">{g.SeizureCaseIds.Count}</td></tr>""");
        }

        html.Append("</tbody></table></section>");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
