using System.Globalization;
using System.Net;
using System.Text;
using NetTopologySuite.Geometries;
using Wems.Gis.Analysis.Trends;
using Wems.Gis.Reports;

namespace Wems.Web.Reports;

/// <summary>
/// The briefing's pictures as inline SVG, drawn on the server: no script, no raster library, and they print sharp.
/// Colours come from classes styled by <see cref="BriefingStyles"/>.
/// </summary>
internal static class BriefingSvg
{
    private const double MapWidth = 800;

    /// <summary>
    /// The hotspot map: country outlines, hexagons coloured by Gi* bin, border posts. Plate carrée scaled by the
    /// cosine of the middle latitude, so shapes near the map's centre keep their proportions.
    /// </summary>
    public static string Map(BriefingMap map, string label)
    {
        var extent = map.Extent;
        var scaleX = Math.Cos(extent.Centre.Y * Math.PI / 180);
        var k = MapWidth / (extent.Width * scaleX);
        var height = Math.Max(1, extent.Height * k);
        string Point(double x, double y) => $"{N((x - extent.MinX) * scaleX * k)},{N((extent.MaxY - y) * k)}";

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"""<svg xmlns="http://www.w3.org/2000/svg" id="hotspot-map" class="map" viewBox="0 0 {N(MapWidth)} {N(height)}" role="img" aria-label="{Encode(label)}">""");
        svg.Append($"""<rect class="sea" width="{N(MapWidth)}" height="{N(height)}"/>""");
        foreach (var country in map.Countries)
        {
            svg.Append(CultureInfo.InvariantCulture, $"""<path class="{(country.InScope ? "country scope" : "country")}" d="{PathOf(country.Outline, Point)}"><title>{Encode(country.Name)}</title></path>""");
        }

        foreach (var cell in map.Cells)
        {
            svg.Append(CultureInfo.InvariantCulture,
                $"""<path class="hex bin{(cell.Bin < 0 ? "m" : "")}{Math.Abs(cell.Bin)}" data-bin="{cell.Bin}" d="{PathOf(cell.Polygon, Point)}"><title>{cell.Cases} case(s), bin {cell.Bin}</title></path>""");
        }

        foreach (var post in map.Posts)
        {
            var p = Point(post.X, post.Y).Split(',');
            svg.Append($"""<rect class="post" x="{p[0]}" y="{p[1]}" width="5" height="5" transform="translate(-2.5 -2.5)"/>""");
        }

        return svg.Append("</svg>").ToString();
    }

    /// <summary>A vertical bar chart of a time series, every bar labelled on hover, the first and last keys on the axis.</summary>
    public static string Columns(IReadOnlyList<TrendPoint> points, string id, string label, string unit)
    {
        const double width = 760, height = 200, left = 40, bottom = 24;
        var max = Math.Max(1, points.Count == 0 ? 0 : points.Max(p => p.Value));
        var step = points.Count == 0 ? 0 : (width - left) / points.Count;
        var svg = Open(id, label, width, height);
        Axis(svg, left, height - bottom, width, max, height - bottom - 10);
        for (var i = 0; i < points.Count; i++)
        {
            var h = points[i].Value / max * (height - bottom - 10);
            svg.Append(CultureInfo.InvariantCulture,
                $"""<rect class="bar" x="{N(left + (i * step) + 1)}" y="{N(height - bottom - h)}" width="{N(Math.Max(1, step - 2))}" height="{N(h)}"><title>{Encode(points[i].Key)}: {N(points[i].Value)} {Encode(unit)}</title></rect>""");
        }

        if (points.Count > 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"""<text class="tick" x="{N(left)}" y="{N(height - 6)}">{Encode(points[0].Key)}</text>""");
            svg.Append(CultureInfo.InvariantCulture, $"""<text class="tick end" x="{N(width)}" y="{N(height - 6)}">{Encode(points[^1].Key)}</text>""");
        }

        return svg.Append("</svg>").ToString();
    }

    /// <summary>A horizontal bar chart of the largest groups (at most 10), each bar with its key and value.</summary>
    public static string Bars(IReadOnlyList<TrendPoint> points, string id, string label, string unit)
    {
        const double width = 370, row = 22, labelWidth = 120;
        var shown = points.Take(10).ToList();
        var height = Math.Max(row, shown.Count * row);
        var max = Math.Max(1, shown.Count == 0 ? 0 : shown.Max(p => p.Value));
        var svg = Open(id, label, width, height);
        for (var i = 0; i < shown.Count; i++)
        {
            var w = shown[i].Value / max * (width - labelWidth - 60);
            var y = i * row;
            svg.Append(CultureInfo.InvariantCulture, $"""<text class="label" x="0" y="{N(y + 15)}">{Encode(shown[i].Key)}</text>""");
            svg.Append(CultureInfo.InvariantCulture,
                $"""<rect class="bar" x="{N(labelWidth)}" y="{N(y + 4)}" width="{N(Math.Max(1, w))}" height="{N(row - 8)}"><title>{Encode(shown[i].Key)}: {N(shown[i].Value)} {Encode(unit)}</title></rect>""");
            svg.Append(CultureInfo.InvariantCulture, $"""<text class="value" x="{N(labelWidth + w + 4)}" y="{N(y + 15)}">{N(shown[i].Value)}</text>""");
        }

        return svg.Append("</svg>").ToString();
    }

    private static StringBuilder Open(string id, string label, double width, double height) => new StringBuilder().Append(CultureInfo.InvariantCulture,
        $"""<svg xmlns="http://www.w3.org/2000/svg" id="{id}" class="chart" viewBox="0 0 {N(width)} {N(height)}" role="img" aria-label="{Encode(label)}">""");

    private static void Axis(StringBuilder svg, double left, double baseline, double width, double max, double plotHeight)
    {
        svg.Append(CultureInfo.InvariantCulture, $"""<line class="axis" x1="{N(left)}" y1="{N(baseline)}" x2="{N(width)}" y2="{N(baseline)}"/>""");
        svg.Append(CultureInfo.InvariantCulture, $"""<text class="tick end" x="{N(left - 4)}" y="{N(baseline - plotHeight + 4)}">{N(max)}</text>""");
        svg.Append(CultureInfo.InvariantCulture, $"""<text class="tick end" x="{N(left - 4)}" y="{N(baseline)}">0</text>""");
    }

    private static string PathOf(Geometry geometry, Func<double, double, string> point)
    {
        var d = new StringBuilder();
        for (var g = 0; g < geometry.NumGeometries; g++)
        {
            if (geometry.GetGeometryN(g) is not Polygon polygon)
            {
                continue;
            }

            foreach (var ring in new[] { polygon.ExteriorRing }.Concat(polygon.InteriorRings))
            {
                var coordinates = ring.Coordinates;
                for (var i = 0; i < coordinates.Length; i++)
                {
                    d.Append(i == 0 ? 'M' : 'L').Append(point(coordinates[i].X, coordinates[i].Y));
                }

                d.Append('Z');
            }
        }

        return d.ToString();
    }

    private static string N(double value) => Math.Round(value, 1).ToString("0.#", CultureInfo.InvariantCulture);

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
