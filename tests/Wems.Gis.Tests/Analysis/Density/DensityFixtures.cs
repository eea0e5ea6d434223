using System.Globalization;

namespace Wems.Gis.Tests.Analysis.Density;

/// <summary>Reads the CSV files made by Fixtures/density/make_kde_fixture.R (plain numbers, no quoting).</summary>
internal static class DensityFixtures
{
    public static double[][] Columns(string fileName, params string[] columns)
    {
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Fixtures", "density", fileName))
            .Where(line => line.Length > 0)
            .ToArray();
        var header = lines[0].Split(',');
        var rows = lines.Skip(1).Select(line => line.Split(',')).ToArray();
        return columns
            .Select(column => Array.IndexOf(header, column))
            .Select(index => rows.Select(fields => Parse(fields[index])).ToArray())
            .ToArray();
    }

    public static Dictionary<string, double> KeyValues(string fileName)
    {
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Fixtures", "density", fileName));
        return lines.Skip(1)
            .Where(line => line.Length > 0)
            .Select(line => line.Split(','))
            .ToDictionary(fields => fields[0], fields => Parse(fields[1]));
    }

    private static double Parse(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}
