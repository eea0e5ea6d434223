using System.Globalization;
using System.Text.RegularExpressions;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Wems.Gis.Features.Cql2;

/// <summary>
/// Reads the literal forms both encodings share: dates, timestamps, interval ends and WKT. Each method returns null
/// (or false) with a problem sentence instead of throwing, so the caller can name the place in its own terms.
/// </summary>
internal static partial class Cql2Literals
{
    public const string DateForm = "YYYY-MM-DD, e.g. '2024-03-14'";
    public const string TimestampForm = "YYYY-MM-DDThh:mm:ssZ, e.g. '2024-03-14T08:30:00Z'";

    [GeneratedRegex(@"^(\d{4})-(\d{2})-(\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$", RegexOptions.CultureInvariant)]
    private static partial Regex TimestampPattern();

    /// <summary>A calendar date written YYYY-MM-DD (RFC 3339 full-date).</summary>
    public static bool TryParseDate(string text, out DateOnly date)
    {
        date = default;
        var match = DatePattern().Match(text);
        return match.Success && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
    }

    /// <summary>
    /// An instant written YYYY-MM-DDThh:mm:ss[.fraction] followed by Z (as CQL2 requires) or by an offset
    /// ±hh:mm (accepted, converted to UTC). Fractions finer than 100 ns are truncated.
    /// </summary>
    public static bool TryParseTimestamp(string text, out DateTimeOffset timestamp)
    {
        timestamp = default;
        var match = TimestampPattern().Match(text);
        if (!match.Success)
        {
            return false;
        }

        int Part(int group) => int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);
        try
        {
            var fraction = match.Groups[7].Value.PadRight(7, '0')[..7];
            var offset = match.Groups[8].Success
                ? TimeSpan.Zero
                : new TimeSpan(Part(10), Part(11), 0) * (match.Groups[9].Value == "-" ? -1 : 1);
            var local = new DateTime(Part(1), Part(2), Part(3), Part(4), Part(5), Part(6), DateTimeKind.Unspecified)
                .AddTicks(long.Parse(fraction, CultureInfo.InvariantCulture));
            timestamp = new DateTimeOffset(local, offset).ToUniversalTime();
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    /// <summary>A date literal, or a problem sentence.</summary>
    public static DateLiteral? Date(string text, out string problem)
    {
        problem = $"'{Cql2Rules.Shorten(text)}' is not a date; write {DateForm}";
        return TryParseDate(text, out var date) ? new DateLiteral(date) : null;
    }

    /// <summary>A timestamp literal, or a problem sentence.</summary>
    public static TimestampLiteral? Timestamp(string text, out string problem)
    {
        problem = $"'{Cql2Rules.Shorten(text)}' is not a timestamp; write {TimestampForm}";
        return TryParseTimestamp(text, out var instant) ? new TimestampLiteral(instant) : null;
    }

    /// <summary>An end of an interval given as a string: '..', a date or a timestamp; or a problem sentence.</summary>
    public static Cql2Expression? IntervalBound(string text, out string problem)
    {
        problem = $"'{Cql2Rules.Shorten(text)}' is not a date ({DateForm}), a timestamp ({TimestampForm}) or '..'";
        if (text == "..")
        {
            return Unbounded.Value;
        }

        if (TryParseDate(text, out var date))
        {
            return new DateLiteral(date);
        }

        return TryParseTimestamp(text, out var instant) ? new TimestampLiteral(instant) : null;
    }

    /// <summary>A geometry from WKT (NetTopologySuite's reader: 2D, Z, M and ZM; EMPTY), or a problem sentence.</summary>
    public static GeometryLiteral? Wkt(string wkt, out string problem)
    {
        try
        {
            return Finite(new WKTReader().Read(wkt), out problem);
        }
        catch (Exception e) when (e is ParseException or ArgumentException or FormatException or InvalidOperationException)
        {
            var kind = wkt.TrimStart().Split([' ', '(', '\t', '\r', '\n'], 2)[0].ToUpperInvariant();
            problem = $"this {kind} is not valid WKT: {e.Message.TrimEnd('.')}";
            return null;
        }
    }

    /// <summary>A geometry literal, or a problem sentence when a coordinate is not a finite number (e.g. 1e400).</summary>
    public static GeometryLiteral? Finite(Geometry geometry, out string problem)
    {
        problem = "";
        foreach (var coordinate in geometry.Coordinates)
        {
            if (!double.IsFinite(coordinate.X) || !double.IsFinite(coordinate.Y))
            {
                problem = $"the {geometry.GeometryType.ToUpperInvariant()} has a coordinate that is not a finite number";
                return null;
            }
        }

        return new GeometryLiteral(geometry);
    }

    /// <summary>A distance in metres from a value and a unit name (see <see cref="Cql2Rules.DistanceUnits"/>), or a problem sentence.</summary>
    public static double? DistanceMeters(double distance, string unit, out string problem)
    {
        problem = "";
        if (!Cql2Rules.DistanceUnits.TryGetValue(unit, out var metres))
        {
            problem = $"'{Cql2Rules.Shorten(unit)}' is not a distance unit; use one of {string.Join(", ", Cql2Rules.DistanceUnits.Keys.Select(u => $"'{u}'"))}";
            return null;
        }

        if (distance < 0)
        {
            problem = "the distance of S_DWITHIN must not be negative";
            return null;
        }

        return distance * metres;
    }

    /// <summary>A BBOX from 4 (2D) or 6 (3D) numbers in CQL2 order, or a problem sentence.</summary>
    public static BBoxLiteral? BBox(IReadOnlyList<double> values, out string problem)
    {
        problem = "";
        BBoxLiteral box;
        switch (values.Count)
        {
            case 4:
                box = new BBoxLiteral(values[0], values[1], values[2], values[3]);
                break;
            case 6:
                box = new BBoxLiteral(values[0], values[1], values[3], values[4], values[2], values[5]);
                break;
            default:
                problem = $"a BBOX has 4 numbers (west, south, east, north) or 6 (west, south, min elevation, east, north, max elevation), not {values.Count}";
                return null;
        }

        if (box.South > box.North)
        {
            problem = $"the BBOX south ({box.South.ToString(CultureInfo.InvariantCulture)}) is greater than its north ({box.North.ToString(CultureInfo.InvariantCulture)})";
            return null;
        }

        return box;
    }

    /// <summary>Whether a parsed number can be used (not infinite after overflow).</summary>
    public static bool IsUsableNumber(double value) => double.IsFinite(value);
}
