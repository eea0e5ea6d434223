using System.Globalization;

namespace Wems.Gis.Features;

/// <summary>
/// An OGC API <c>datetime</c> parameter: an instant (<c>2024-03-01</c> or an RFC 3339 date-time) or an
/// interval <c>start/end</c> where either end may be open (<c>..</c> or empty). Bounds are inclusive,
/// compared as UTC instants; a date means that whole day (UTC).
/// </summary>
/// <param name="Start">Inclusive start, or null when open.</param>
/// <param name="End">Inclusive end, or null when open.</param>
public sealed record DateTimeFilter(DateTimeOffset? Start, DateTimeOffset? End)
{
    /// <summary>Parses the parameter.</summary>
    /// <exception cref="InvalidParameterException">Malformed, both ends open, or start after end.</exception>
    public static DateTimeFilter Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var slash = text.Split('/');
        if (slash.Length > 2)
        {
            throw new InvalidParameterException("datetime", "expected an instant or one interval 'start/end'.");
        }

        if (slash.Length == 1)
        {
            var (start, end) = Instant(slash[0]);
            return new DateTimeFilter(start, end);
        }

        var from = IsOpen(slash[0]) ? null : (DateTimeOffset?)Instant(slash[0]).Start;
        var to = IsOpen(slash[1]) ? null : (DateTimeOffset?)Instant(slash[1]).End;
        if (from is null && to is null)
        {
            throw new InvalidParameterException("datetime", "an interval needs at least one closed end.");
        }

        if (from > to)
        {
            throw new InvalidParameterException("datetime", "the interval starts after it ends.");
        }

        return new DateTimeFilter(from, to);
    }

    private static bool IsOpen(string bound) => bound is "" or "..";

    private static (DateTimeOffset Start, DateTimeOffset End) Instant(string text)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            var start = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return (start, start.AddDays(1).AddTicks(-1));
        }

        if (text.Contains('T', StringComparison.OrdinalIgnoreCase)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant))
        {
            return (instant, instant);
        }

        throw new InvalidParameterException("datetime", $"'{text}' is not an RFC 3339 date or date-time.");
    }
}
