namespace Wems.Web.Reports;

/// <summary>
/// The briefing's stylesheet: served at <c>/api/reports/briefing.css</c> for the HTML page (the CSP allows
/// stylesheets from this server) and written into a <c>style</c> element by the CLI, whose file must stand alone.
/// Print rules give A4 pages, keep each section, figure and table row on one page, and start the map on a new one.
/// </summary>
internal static class BriefingStyles
{
    public const string Css = """
        :root { --ink: #1d2733; --muted: #5b6775; --line: #d5dbe1; --accent: #0b5c8a; }
        * { box-sizing: border-box; }
        body { font-family: "Noto Sans", "DejaVu Sans", Arial, sans-serif; color: var(--ink); margin: 0 auto; max-width: 60rem; padding: 1.5rem; line-height: 1.4; }
        header { border-bottom: 3px solid var(--accent); margin-bottom: 1rem; }
        h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
        h2 { font-size: 1.2rem; color: var(--accent); border-bottom: 1px solid var(--line); padding-bottom: .2rem; margin-top: 1.5rem; }
        .meta, .note, figcaption { color: var(--muted); font-size: .85rem; }
        .figures { display: grid; grid-template-columns: repeat(3, 1fr); gap: .75rem; margin: 0; }
        .figure { border: 1px solid var(--line); border-radius: 4px; padding: .6rem .8rem; }
        .figure dt { color: var(--muted); font-size: .8rem; }
        .figure dd { margin: 0; font-size: 1.5rem; font-weight: 600; }
        .figure .change { display: block; font-size: .8rem; font-weight: 400; color: var(--muted); }
        table { border-collapse: collapse; width: 100%; font-size: .9rem; }
        th, td { border-bottom: 1px solid var(--line); padding: .25rem .4rem; text-align: left; }
        td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
        .charts { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
        figure { margin: 0; }
        svg.map, svg.chart { width: 100%; height: auto; display: block; }
        svg .sea { fill: #eef4f8; }
        svg .country { fill: #f7f5f0; stroke: #9aa5b1; stroke-width: .6; }
        svg .country.scope { fill: #fffdf7; stroke: #4a5560; stroke-width: 1.2; }
        svg .hex { stroke: #ffffff; stroke-width: .2; fill-opacity: .85; }
        svg .bin3 { fill: #b2182b; } svg .bin2 { fill: #ef8a62; } svg .bin1 { fill: #fddbc7; }
        svg .bin0 { fill: #e0e0e0; fill-opacity: .6; }
        svg .binm1 { fill: #d1e5f0; } svg .binm2 { fill: #67a9cf; } svg .binm3 { fill: #2166ac; }
        svg .post { fill: #1d2733; }
        svg .bar { fill: var(--accent); }
        svg .axis { stroke: var(--muted); stroke-width: 1; }
        svg text { font-size: 11px; fill: var(--ink); }
        svg .tick { fill: var(--muted); } svg .end { text-anchor: end; }
        .legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .3rem .9rem; font-size: .8rem; }
        .legend .swatch { display: inline-block; width: .9rem; height: .9rem; vertical-align: middle; margin-right: .25rem; border: 1px solid #999; }
        .swatch.bin3 { background: #b2182b; } .swatch.bin2 { background: #ef8a62; } .swatch.bin1 { background: #fddbc7; }
        .swatch.bin0 { background: #e0e0e0; } .swatch.binm1 { background: #d1e5f0; } .swatch.binm2 { background: #67a9cf; }
        .swatch.binm3 { background: #2166ac; } .swatch.post { background: #1d2733; }
        .caveat { border-left: 4px solid #c98a00; background: #fff8e6; padding: .6rem 1rem; }
        @page { size: A4; margin: 14mm; }
        @media print {
          body { max-width: none; padding: 0; font-size: 10pt; }
          section, .figure, figure, tr { break-inside: avoid; page-break-inside: avoid; }
          #map-section { break-before: page; page-break-before: always; }
          h2 { break-after: avoid; page-break-after: avoid; }
          svg .hex, svg .country, .swatch { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        }
        """;
}
