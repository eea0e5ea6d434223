using static Wems.Gis.Features.Cql2.Cql2Rules;

namespace Wems.Gis.Features.Cql2;

public static partial class Cql2Sql
{
    /// <summary>One end of a period: SQL for a known instant, or an open end (−∞ for a start, +∞ for an end).</summary>
    /// <param name="Sql">The instant, or null when open.</param>
    /// <param name="Infinity">−1 for an open start, +1 for an open end, 0 for a known instant.</param>
    /// <param name="Type">Date or Timestamp for a known instant.</param>
    private readonly record struct End(string? Sql, int Infinity, QueryableType Type = QueryableType.Date)
    {
        public static End Open(int infinity) => new(null, infinity);
    }

    /// <summary>An instant t as [t, t], or an interval [start, end].</summary>
    private readonly record struct Period(End Start, End End)
    {
        public bool IsInstant => Start == End && Start.Sql is not null;
    }

    private sealed partial class Translator
    {
        private Fragment Temporal(TemporalPredicate predicate)
        {
            var name = Name(TemporalFunctions, predicate.Op);
            var a = PeriodOf(predicate.Left, name);
            var b = PeriodOf(predicate.Right, name);
            if (HasType(a, QueryableType.Timestamp) || HasType(b, QueryableType.Timestamp))
            {
                (a, b) = (ToTimestamp(a), ToTimestamp(b));
            }

            if (a.IsInstant && b.IsInstant && predicate.Op is TemporalOperator.Intersects or TemporalOperator.Equal or TemporalOperator.Disjoint)
            {
                var op = predicate.Op == TemporalOperator.Disjoint ? "<>" : "=";
                return new Fragment($"{a.Start.Sql} {op} {b.Start.Sql}");
            }

            // Allen's relations as in CQL2 (OGC 21-065r2, 7.11), with a = [as, ae] and b = [bs, be].
            return predicate.Op switch
            {
                TemporalOperator.After => All(Compare(a.Start, ">", b.End)),
                TemporalOperator.Before => All(Compare(a.End, "<", b.Start)),
                TemporalOperator.Contains => All(Compare(a.Start, "<", b.Start), Compare(a.End, ">", b.End)),
                TemporalOperator.Disjoint => Any(Compare(a.End, "<", b.Start), Compare(a.Start, ">", b.End)),
                TemporalOperator.During => All(Compare(a.Start, ">", b.Start), Compare(a.End, "<", b.End)),
                TemporalOperator.Equal => All(Compare(a.Start, "=", b.Start), Compare(a.End, "=", b.End)),
                TemporalOperator.FinishedBy => All(Compare(a.Start, "<", b.Start), Compare(a.End, "=", b.End)),
                TemporalOperator.Finishes => All(Compare(a.Start, ">", b.Start), Compare(a.End, "=", b.End)),
                TemporalOperator.Intersects => All(Compare(a.Start, "<=", b.End), Compare(a.End, ">=", b.Start)),
                TemporalOperator.Meets => All(Compare(a.End, "=", b.Start)),
                TemporalOperator.MetBy => All(Compare(a.Start, "=", b.End)),
                TemporalOperator.OverlappedBy => All(Compare(a.Start, ">", b.Start), Compare(a.Start, "<", b.End), Compare(a.End, ">", b.End)),
                TemporalOperator.Overlaps => All(Compare(a.Start, "<", b.Start), Compare(a.End, ">", b.Start), Compare(a.End, "<", b.End)),
                TemporalOperator.StartedBy => All(Compare(a.Start, "=", b.Start), Compare(a.End, ">", b.End)),
                _ => All(Compare(a.Start, "=", b.Start), Compare(a.End, "<", b.End)), // Starts
            };
        }

        private Period PeriodOf(Cql2Expression e, string function)
        {
            switch (e)
            {
                case Interval interval:
                    var start = EndOf(interval.Start, -1, function);
                    var end = EndOf(interval.End, +1, function);
                    CheckOrder(interval);
                    var period = new Period(start, end);
                    return HasType(period, QueryableType.Timestamp) ? ToTimestamp(period) : period;
                case PropertyRef or DateLiteral or TimestampLiteral or FunctionCall:
                    var instant = EndOf(e, 0, function);
                    return new Period(instant, instant);
                default:
                    throw new Cql2Exception($"{function} needs dates, timestamps or intervals, but found {Describe(e)}");
            }
        }

        private End EndOf(Cql2Expression e, int openInfinity, string function)
        {
            if (e is Unbounded)
            {
                return End.Open(openInfinity);
            }

            var operand = e is PropertyRef or DateLiteral or TimestampLiteral or FunctionCall
                ? Value(e)
                : throw new Cql2Exception($"{function} needs dates, timestamps or intervals, but found {Describe(e)}");
            return operand.Type is QueryableType.Date or QueryableType.Timestamp
                ? new End(operand.Sql, 0, operand.Type)
                : throw new Cql2Exception($"{function} needs dates or timestamps, but {operand.Description} is {TypeName(operand.Type)}");
        }

        private static void CheckOrder(Interval interval)
        {
            if (Instant(interval.Start) is { } start && Instant(interval.End) is { } end && start > end)
            {
                throw new Cql2Exception($"the INTERVAL from {Describe(interval.Start)} to {Describe(interval.End)} ends before it starts");
            }
        }

        /// <summary>The instant of a literal end (a date is midnight UTC), else null.</summary>
        private static DateTimeOffset? Instant(Cql2Expression e) => e switch
        {
            DateLiteral d => new DateTimeOffset(d.Value.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
            TimestampLiteral t => t.Value,
            _ => null,
        };

        private static bool HasType(Period period, QueryableType type) =>
            (period.Start.Sql is not null && period.Start.Type == type) || (period.End.Sql is not null && period.End.Type == type);

        private static Period ToTimestamp(Period period) => period.IsInstant
            ? new Period(ToTimestamp(period.Start), ToTimestamp(period.Start))
            : new Period(ToTimestamp(period.Start), ToTimestamp(period.End));

        private static End ToTimestamp(End end) => end.Sql is not null && end.Type == QueryableType.Date
            ? end with { Sql = $"({end.Sql}::timestamp AT TIME ZONE 'UTC')", Type = QueryableType.Timestamp }
            : end;

        /// <summary>
        /// <c>a op b</c>, worked out in C# when an end is open: −∞ is before, +∞ after, every known instant
        /// (and an open start equals an open start). Returns SQL, or "TRUE"/"FALSE".
        /// </summary>
        private static string Compare(End a, string op, End b)
        {
            if (a.Sql is not null && b.Sql is not null)
            {
                return $"{a.Sql} {op} {b.Sql}";
            }

            var order = a.Infinity.CompareTo(b.Infinity);
            var holds = op switch
            {
                "<" => order < 0,
                "<=" => order <= 0,
                "=" => order == 0,
                ">=" => order >= 0,
                _ => order > 0,
            };
            return holds ? "TRUE" : "FALSE";
        }

        private static Fragment All(params string[] parts)
        {
            if (parts.Contains("FALSE"))
            {
                return new Fragment("FALSE");
            }

            var known = parts.Where(p => p != "TRUE").ToList();
            return known.Count switch
            {
                0 => new Fragment("TRUE"),
                1 => new Fragment(known[0]),
                _ => new Fragment(string.Join(" AND ", known), Compound: true),
            };
        }

        private static Fragment Any(params string[] parts)
        {
            if (parts.Contains("TRUE"))
            {
                return new Fragment("TRUE");
            }

            var open = parts.Where(p => p != "FALSE").ToList();
            return open.Count switch
            {
                0 => new Fragment("FALSE"),
                1 => new Fragment(open[0]),
                _ => new Fragment(string.Join(" OR ", open), Compound: true),
            };
        }
    }
}
