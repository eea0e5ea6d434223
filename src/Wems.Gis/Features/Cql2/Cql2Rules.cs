using System.Globalization;

namespace Wems.Gis.Features.Cql2;

/// <summary>
/// The operator names of both encodings and the shape rules of the CQL2 grammar (which kind of expression may stand
/// where), shared by the text and the JSON parser so that both accept and refuse the same trees with the same words.
/// </summary>
internal static class Cql2Rules
{
    public const string Condition = "a condition (a comparison, LIKE, BETWEEN, IN, IS NULL, an S_ or T_ function, TRUE or FALSE)";
    public const string Scalar = "a value (a string, number, boolean, DATE, TIMESTAMP, property or function)";
    public const string Numeric = "a number, a numeric property, a function or an arithmetic expression";
    public const string Character = "a string, a property, a function or CASEI/ACCENTI";
    public const string Pattern = "a pattern in single quotes, e.g. 'Smith%', possibly inside CASEI or ACCENTI";
    public const string GeometryOperand = "a geometry (a property, WKT such as POINT(36.8 -1.3), or BBOX(west, south, east, north))";
    public const string TemporalOperand = "a DATE, TIMESTAMP, INTERVAL or a date property";
    public const string IntervalBound = "a date or timestamp in single quotes, '..' for an open end, or a property";
    public const string ArrayOperand = "an array, e.g. ('a', 'b'), or a property";

    public static readonly IReadOnlyDictionary<string, SpatialOperator> SpatialFunctions =
        new Dictionary<string, SpatialOperator>(StringComparer.OrdinalIgnoreCase)
        {
            ["S_INTERSECTS"] = SpatialOperator.Intersects,
            ["S_EQUALS"] = SpatialOperator.Equal,
            ["S_DISJOINT"] = SpatialOperator.Disjoint,
            ["S_TOUCHES"] = SpatialOperator.Touches,
            ["S_WITHIN"] = SpatialOperator.Within,
            ["S_OVERLAPS"] = SpatialOperator.Overlaps,
            ["S_CROSSES"] = SpatialOperator.Crosses,
            ["S_CONTAINS"] = SpatialOperator.Contains,
        };

    public const string DistanceFunction = "S_DWITHIN";

    public static readonly IReadOnlyDictionary<string, TemporalOperator> TemporalFunctions =
        new Dictionary<string, TemporalOperator>(StringComparer.OrdinalIgnoreCase)
        {
            ["T_AFTER"] = TemporalOperator.After,
            ["T_BEFORE"] = TemporalOperator.Before,
            ["T_CONTAINS"] = TemporalOperator.Contains,
            ["T_DISJOINT"] = TemporalOperator.Disjoint,
            ["T_DURING"] = TemporalOperator.During,
            ["T_EQUALS"] = TemporalOperator.Equal,
            ["T_FINISHEDBY"] = TemporalOperator.FinishedBy,
            ["T_FINISHES"] = TemporalOperator.Finishes,
            ["T_INTERSECTS"] = TemporalOperator.Intersects,
            ["T_MEETS"] = TemporalOperator.Meets,
            ["T_METBY"] = TemporalOperator.MetBy,
            ["T_OVERLAPPEDBY"] = TemporalOperator.OverlappedBy,
            ["T_OVERLAPS"] = TemporalOperator.Overlaps,
            ["T_STARTEDBY"] = TemporalOperator.StartedBy,
            ["T_STARTS"] = TemporalOperator.Starts,
        };

    public static readonly IReadOnlyDictionary<string, ArrayOperator> ArrayFunctions =
        new Dictionary<string, ArrayOperator>(StringComparer.OrdinalIgnoreCase)
        {
            ["A_EQUALS"] = ArrayOperator.Equal,
            ["A_CONTAINS"] = ArrayOperator.Contains,
            ["A_CONTAINEDBY"] = ArrayOperator.ContainedBy,
            ["A_OVERLAPS"] = ArrayOperator.Overlaps,
        };

    public static readonly IReadOnlyDictionary<string, ComparisonOperator> ComparisonOperators =
        new Dictionary<string, ComparisonOperator>(StringComparer.Ordinal)
        {
            ["="] = ComparisonOperator.Equal,
            ["<>"] = ComparisonOperator.NotEqual,
            ["<"] = ComparisonOperator.LessThan,
            ["<="] = ComparisonOperator.LessThanOrEqual,
            [">"] = ComparisonOperator.GreaterThan,
            [">="] = ComparisonOperator.GreaterThanOrEqual,
        };

    public static readonly IReadOnlyDictionary<string, ArithmeticOperator> ArithmeticOperators =
        new Dictionary<string, ArithmeticOperator>(StringComparer.OrdinalIgnoreCase)
        {
            ["+"] = ArithmeticOperator.Add,
            ["-"] = ArithmeticOperator.Subtract,
            ["*"] = ArithmeticOperator.Multiply,
            ["/"] = ArithmeticOperator.Divide,
            ["%"] = ArithmeticOperator.Modulo,
            ["div"] = ArithmeticOperator.IntegerDivide,
            ["^"] = ArithmeticOperator.Power,
        };

    /// <summary>Distance units S_DWITHIN accepts, with their length in metres.</summary>
    public static readonly IReadOnlyDictionary<string, double> DistanceUnits =
        new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase)
        {
            ["m"] = 1, ["meters"] = 1, ["metres"] = 1,
            ["km"] = 1000, ["kilometers"] = 1000, ["kilometres"] = 1000,
            ["mi"] = 1609.344, ["miles"] = 1609.344,
            ["nmi"] = 1852, ["nautical miles"] = 1852,
        };

    /// <summary>A condition: something an AND, OR, NOT or the whole filter can stand on.</summary>
    public static bool IsCondition(Cql2Expression e) => e is AndExpression or OrExpression or NotExpression or ComparisonPredicate or LikePredicate or BetweenPredicate or InPredicate or IsNullPredicate
        or SpatialPredicate or DistancePredicate or TemporalPredicate or ArrayPredicate or BooleanLiteral or FunctionCall;

    /// <summary>An operand of a binary comparison or an IN list (scalarExpression).</summary>
    public static bool IsScalar(Cql2Expression e) => e is StringLiteral or NumberLiteral or BooleanLiteral or DateLiteral
        or TimestampLiteral or PropertyRef or FunctionCall or ArithmeticExpression or CaseInsensitive or AccentInsensitive;

    /// <summary>An operand of arithmetic or BETWEEN (numericExpression).</summary>
    public static bool IsNumeric(Cql2Expression e) => e is NumberLiteral or PropertyRef or FunctionCall or ArithmeticExpression;

    /// <summary>The left side of LIKE and the argument of CASEI/ACCENTI (characterExpression).</summary>
    public static bool IsCharacter(Cql2Expression e) =>
        e is StringLiteral or PropertyRef or FunctionCall or CaseInsensitive or AccentInsensitive;

    /// <summary>The right side of LIKE (patternExpression).</summary>
    public static bool IsPattern(Cql2Expression e) => e switch
    {
        StringLiteral => true,
        CaseInsensitive c => IsPattern(c.Value),
        AccentInsensitive a => IsPattern(a.Value),
        _ => false,
    };

    /// <summary>An operand of an S_ function (geomExpression).</summary>
    public static bool IsGeometry(Cql2Expression e) => e is GeometryLiteral or BBoxLiteral or PropertyRef or FunctionCall;

    /// <summary>An operand of a T_ function (temporalExpression).</summary>
    public static bool IsTemporal(Cql2Expression e) => e is DateLiteral or TimestampLiteral or Interval or PropertyRef or FunctionCall;

    /// <summary>An end of an INTERVAL (instantParameter).</summary>
    public static bool IsIntervalBound(Cql2Expression e) => e is DateLiteral or TimestampLiteral or Unbounded or PropertyRef or FunctionCall;

    /// <summary>An operand of an A_ function.</summary>
    public static bool IsArrayOperand(Cql2Expression e) => e is ArrayLiteral or PropertyRef or FunctionCall;

    /// <summary>"expected X, but found Y" for an expression that has the wrong shape.</summary>
    public static string Expected(string what, Cql2Expression found) => $"expected {what}, but found {Describe(found)}";

    /// <summary>How an expression is named in messages, short and in the user's terms.</summary>
    public static string Describe(Cql2Expression e) => e switch
    {
        PropertyRef p => $"property '{p.Name}'",
        StringLiteral s => $"the string '{Shorten(s.Value)}'",
        NumberLiteral n => $"the number {n.Value.ToString("R", CultureInfo.InvariantCulture)}",
        BooleanLiteral b => b.Value ? "TRUE" : "FALSE",
        DateLiteral d => $"DATE('{d.Value:yyyy-MM-dd}')",
        TimestampLiteral t => $"TIMESTAMP('{t.Value.UtcDateTime:yyyy-MM-ddTHH:mm:ss.FFFFFFF}Z')",
        Interval => "an INTERVAL",
        Unbounded => "the open end '..'",
        GeometryLiteral g => $"a {g.Geometry.GeometryType.ToUpperInvariant()} geometry",
        BBoxLiteral => "a BBOX",
        ArrayLiteral => "an array",
        AndExpression => "an AND condition",
        OrExpression => "an OR condition",
        NotExpression => "a NOT condition",
        ComparisonPredicate => "a comparison",
        LikePredicate => "a LIKE condition",
        BetweenPredicate => "a BETWEEN condition",
        InPredicate => "an IN condition",
        IsNullPredicate => "an IS NULL condition",
        SpatialPredicate s => $"{Name(SpatialFunctions, s.Op)}(…)",
        DistancePredicate => $"{DistanceFunction}(…)",
        TemporalPredicate t => $"{Name(TemporalFunctions, t.Op)}(…)",
        ArrayPredicate a => $"{Name(ArrayFunctions, a.Op)}(…)",
        ArithmeticExpression => "an arithmetic expression",
        CaseInsensitive => "CASEI(…)",
        AccentInsensitive => "ACCENTI(…)",
        FunctionCall f => $"the function {f.Name}(…)",
        _ => e.GetType().Name,
    };

    /// <summary>The cql2-text name of an operator, e.g. S_INTERSECTS.</summary>
    public static string Name<T>(IReadOnlyDictionary<string, T> table, T op)
        where T : struct, Enum => table.First(pair => EqualityComparer<T>.Default.Equals(pair.Value, op)).Key;

    /// <summary>A string cut to a readable length for a message.</summary>
    public static string Shorten(string value) => value.Length <= 40 ? value : value[..37] + "...";
}
