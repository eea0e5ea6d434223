using System.Globalization;

namespace Wems.Gis.Tests.Analysis.Trends;

/// <summary>Reads the CSV files made by Fixtures/trends/make_trend_fixtures.R (plain numbers, no quoting).</summary>
internal static class TrendFixtures
{
    public static IReadOnlyList<Dictionary<string, string>> Read(string fileName)
    {
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Fixtures", "trends", fileName))
            .Where(line => line.Length > 0)
            .ToArray();
        var header = lines[0].Split(',');
        return lines.Skip(1)
            .Select(line => line.Split(','))
            .Select(fields => header.Zip(fields).ToDictionary(pair => pair.First, pair => pair.Second))
            .ToArray();
    }

    public static double Number(this Dictionary<string, string> row, string column) =>
        double.Parse(row[column], NumberStyles.Float, CultureInfo.InvariantCulture);

    public static double[] Numbers(this Dictionary<string, string> row, string column) =>
        row[column].Split(' ').Select(v => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray();
}
