using System.Globalization;
using System.Text.RegularExpressions;

namespace Wems.Gis.Tests.Analysis.Hotspots;

/// <summary>
/// A CSV written by Fixtures/spdep/make_fixtures.R: '#' comment lines (R and spdep versions, data set, weights),
/// a header row, then numbers written with sprintf("%.17g"), which parse back to the exact doubles R had.
/// </summary>
internal sealed partial class SpdepFixture
{
    private readonly Dictionary<string, double[]> columns;

    private SpdepFixture(IReadOnlyList<string> comments, Dictionary<string, double[]> columns)
    {
        Comments = comments;
        this.columns = columns;
    }

    public IReadOnlyList<string> Comments { get; }

    public double[] this[string column] => columns[column];

    public int Count => columns.Values.First().Length;

    /// <summary>The band written in the "default band N m" comment.</summary>
    public double DefaultBandMeters => double.Parse(
        Comments.Select(c => DefaultBand().Match(c)).First(m => m.Success).Groups[1].Value, CultureInfo.InvariantCulture);

    public static SpdepFixture Load(string name)
    {
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Fixtures", "spdep", name));
        var comments = lines.TakeWhile(l => l.StartsWith('#')).Select(l => l.TrimStart('#', ' ')).ToList();
        var rows = lines.Skip(comments.Count).Where(l => l.Length > 0).ToList();
        var header = rows[0].Split(',');
        var cells = rows.Skip(1).Select(r => r.Split(',')).ToList();
        var columns = header.Select((h, c) => (h, cells.Select(r => Parse(r[c])).ToArray())).ToDictionary(e => e.h, e => e.Item2);
        return new SpdepFixture(comments, columns);
    }

    private static double Parse(string text) => text == "NA" ? double.NaN : double.Parse(text, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"default band ([0-9.eE+-]+) m")]
    private static partial Regex DefaultBand();
}
