using System.Collections;
using NetTopologySuite.Geometries;

namespace Wems.Gis.Features.Cql2;

/// <summary>
/// A node of a parsed CQL2 filter (OGC 21-065r2). <see cref="Cql2Text.Parse"/> and <see cref="Cql2Json.Parse(string)"/>
/// build the same tree for the same filter, so trees compare by value: two filters that mean the same thing in
/// cql2-text and cql2-json are <c>Equals</c>.
/// </summary>
/// <remarks>
/// The tree is syntax, not semantics: property names are not resolved and types are not checked here beyond the
/// shape rules of the CQL2 grammar (e.g. an AND joins conditions, BETWEEN takes numeric expressions).
/// <see cref="Cql2Sql.Translate"/> resolves names against the queryables and checks types.
/// </remarks>
public abstract record Cql2Expression;

/// <summary><c>a AND b AND …</c>: true when every argument is (two or more conditions).</summary>
public sealed record AndExpression(IReadOnlyList<Cql2Expression> Args) : Cql2Expression
{
    /// <summary>Joins <paramref name="args"/> with AND.</summary>
    public AndExpression(params Cql2Expression[] args)
        : this((IReadOnlyList<Cql2Expression>)args)
    {
    }

    /// <summary>The conditions, in the order written.</summary>
    public IReadOnlyList<Cql2Expression> Args { get; } = ValueList.Of(Args);
}

/// <summary><c>a OR b OR …</c>: true when any argument is (two or more conditions).</summary>
public sealed record OrExpression(IReadOnlyList<Cql2Expression> Args) : Cql2Expression
{
    /// <summary>Joins <paramref name="args"/> with OR.</summary>
    public OrExpression(params Cql2Expression[] args)
        : this((IReadOnlyList<Cql2Expression>)args)
    {
    }

    /// <summary>The conditions, in the order written.</summary>
    public IReadOnlyList<Cql2Expression> Args { get; } = ValueList.Of(Args);
}

/// <summary>
/// <c>NOT a</c>. The text forms <c>x NOT LIKE p</c>, <c>x NOT BETWEEN …</c>, <c>x NOT IN (…)</c> and
/// <c>x IS NOT NULL</c> parse to a <see cref="NotExpression"/> around the positive predicate, as cql2-json writes them.
/// </summary>
/// <param name="Arg">The negated condition.</param>
public sealed record NotExpression(Cql2Expression Arg) : Cql2Expression;

/// <summary>The binary comparison operators of Basic CQL2.</summary>
public enum ComparisonOperator
{
    /// <summary><c>=</c></summary>
    Equal,

    /// <summary><c>&lt;&gt;</c></summary>
    NotEqual,

    /// <summary><c>&lt;</c></summary>
    LessThan,

    /// <summary><c>&lt;=</c></summary>
    LessThanOrEqual,

    /// <summary><c>&gt;</c></summary>
    GreaterThan,

    /// <summary><c>&gt;=</c></summary>
    GreaterThanOrEqual,
}

/// <summary><c>left op right</c> between two scalar expressions.</summary>
/// <param name="Op">The operator.</param>
/// <param name="Left">Left operand.</param>
/// <param name="Right">Right operand.</param>
public sealed record ComparisonPredicate(ComparisonOperator Op, Cql2Expression Left, Cql2Expression Right) : Cql2Expression;

/// <summary>
/// <c>value LIKE pattern</c>: <c>%</c> matches any run of characters, <c>_</c> one character, and a backslash
/// escapes the next character (CQL2 Advanced Comparison Operators).
/// </summary>
/// <param name="Value">A character expression.</param>
/// <param name="Pattern">A string literal, possibly wrapped in CASEI/ACCENTI.</param>
public sealed record LikePredicate(Cql2Expression Value, Cql2Expression Pattern) : Cql2Expression;

/// <summary><c>value BETWEEN low AND high</c>, both ends included.</summary>
/// <param name="Value">A numeric expression.</param>
/// <param name="Low">Lower end.</param>
/// <param name="High">Upper end.</param>
public sealed record BetweenPredicate(Cql2Expression Value, Cql2Expression Low, Cql2Expression High) : Cql2Expression;

/// <summary><c>value IN (a, b, …)</c>.</summary>
public sealed record InPredicate(Cql2Expression Value, IReadOnlyList<Cql2Expression> List) : Cql2Expression
{
    /// <summary>Tests <paramref name="value"/> against <paramref name="list"/>.</summary>
    public InPredicate(Cql2Expression value, params Cql2Expression[] list)
        : this(value, (IReadOnlyList<Cql2Expression>)list)
    {
    }

    /// <summary>The candidate values, in the order written (at least one).</summary>
    public IReadOnlyList<Cql2Expression> List { get; } = ValueList.Of(List);
}

/// <summary><c>value IS NULL</c>.</summary>
/// <param name="Value">Any expression, usually a property.</param>
public sealed record IsNullPredicate(Cql2Expression Value) : Cql2Expression;

/// <summary>The spatial comparison functions of CQL2 (DE-9IM predicates on two geometries).</summary>
public enum SpatialOperator
{
    /// <summary><c>S_INTERSECTS</c></summary>
    Intersects,

    /// <summary><c>S_EQUALS</c></summary>
    Equal,

    /// <summary><c>S_DISJOINT</c></summary>
    Disjoint,

    /// <summary><c>S_TOUCHES</c></summary>
    Touches,

    /// <summary><c>S_WITHIN</c></summary>
    Within,

    /// <summary><c>S_OVERLAPS</c></summary>
    Overlaps,

    /// <summary><c>S_CROSSES</c></summary>
    Crosses,

    /// <summary><c>S_CONTAINS</c></summary>
    Contains,
}

/// <summary><c>S_xxx(left, right)</c> on two geometry expressions.</summary>
/// <param name="Op">The function.</param>
/// <param name="Left">First geometry (property, literal or BBOX).</param>
/// <param name="Right">Second geometry.</param>
public sealed record SpatialPredicate(SpatialOperator Op, Cql2Expression Left, Cql2Expression Right) : Cql2Expression;

/// <summary>
/// <c>S_DWITHIN(left, right, distance[, units])</c>: the geometries are at most <paramref name="DistanceMeters"/>
/// apart on the WGS 84 spheroid. Not part of CQL2 1.0; WEMS accepts it in both encodings (JSON op
/// <c>s_dwithin</c>) with units <c>m</c> (the default), <c>km</c>, <c>mi</c> or <c>nmi</c>, and keeps the distance in metres.
/// </summary>
/// <param name="Left">First geometry.</param>
/// <param name="Right">Second geometry.</param>
/// <param name="DistanceMeters">Largest distance, metres, not negative.</param>
public sealed record DistancePredicate(Cql2Expression Left, Cql2Expression Right, double DistanceMeters) : Cql2Expression;

/// <summary>The temporal comparison functions of CQL2 (Allen's interval relations).</summary>
public enum TemporalOperator
{
    /// <summary><c>T_AFTER</c>: the first starts after the second ends.</summary>
    After,

    /// <summary><c>T_BEFORE</c>: the first ends before the second starts.</summary>
    Before,

    /// <summary><c>T_CONTAINS</c>: the first starts before and ends after the second.</summary>
    Contains,

    /// <summary><c>T_DISJOINT</c>: they have no instant in common.</summary>
    Disjoint,

    /// <summary><c>T_DURING</c>: the first starts after and ends before the second.</summary>
    During,

    /// <summary><c>T_EQUALS</c>: same start and same end.</summary>
    Equal,

    /// <summary><c>T_FINISHEDBY</c>: the first starts before the second, both end together.</summary>
    FinishedBy,

    /// <summary><c>T_FINISHES</c>: the first starts after the second, both end together.</summary>
    Finishes,

    /// <summary><c>T_INTERSECTS</c>: they have at least one instant in common.</summary>
    Intersects,

    /// <summary><c>T_MEETS</c>: the first ends when the second starts.</summary>
    Meets,

    /// <summary><c>T_METBY</c>: the first starts when the second ends.</summary>
    MetBy,

    /// <summary><c>T_OVERLAPPEDBY</c>: the second starts first and ends inside the first.</summary>
    OverlappedBy,

    /// <summary><c>T_OVERLAPS</c>: the first starts first and ends inside the second.</summary>
    Overlaps,

    /// <summary><c>T_STARTEDBY</c>: both start together, the first ends after the second.</summary>
    StartedBy,

    /// <summary><c>T_STARTS</c>: both start together, the first ends before the second.</summary>
    Starts,
}

/// <summary><c>T_xxx(left, right)</c> on two temporal expressions (instants or intervals).</summary>
/// <param name="Op">The function.</param>
/// <param name="Left">First instant or interval.</param>
/// <param name="Right">Second instant or interval.</param>
public sealed record TemporalPredicate(TemporalOperator Op, Cql2Expression Left, Cql2Expression Right) : Cql2Expression;

/// <summary>The array comparison functions of CQL2.</summary>
public enum ArrayOperator
{
    /// <summary><c>A_EQUALS</c></summary>
    Equal,

    /// <summary><c>A_CONTAINS</c></summary>
    Contains,

    /// <summary><c>A_CONTAINEDBY</c></summary>
    ContainedBy,

    /// <summary><c>A_OVERLAPS</c></summary>
    Overlaps,
}

/// <summary><c>A_xxx(left, right)</c> on two arrays. Parsed, but not translated to SQL: no WEMS queryable is an array.</summary>
/// <param name="Op">The function.</param>
/// <param name="Left">First array (literal, property or function).</param>
/// <param name="Right">Second array.</param>
public sealed record ArrayPredicate(ArrayOperator Op, Cql2Expression Left, Cql2Expression Right) : Cql2Expression;

/// <summary>The arithmetic operators of CQL2.</summary>
public enum ArithmeticOperator
{
    /// <summary><c>+</c></summary>
    Add,

    /// <summary><c>-</c></summary>
    Subtract,

    /// <summary><c>*</c></summary>
    Multiply,

    /// <summary><c>/</c> (real division)</summary>
    Divide,

    /// <summary><c>%</c> (remainder)</summary>
    Modulo,

    /// <summary><c>div</c> (integer division)</summary>
    IntegerDivide,

    /// <summary><c>^</c> (power)</summary>
    Power,
}

/// <summary>
/// <c>left op right</c> on numbers. A unary minus before a non-literal (<c>-foo</c>) is written as
/// <c>-1 * foo</c>, as the cql2-json encoding has no unary minus.
/// </summary>
/// <param name="Op">The operator.</param>
/// <param name="Left">Left operand.</param>
/// <param name="Right">Right operand.</param>
public sealed record ArithmeticExpression(ArithmeticOperator Op, Cql2Expression Left, Cql2Expression Right) : Cql2Expression;

/// <summary><c>CASEI(value)</c>: the value with case folded, for case-insensitive comparison.</summary>
/// <param name="Value">A character expression.</param>
public sealed record CaseInsensitive(Cql2Expression Value) : Cql2Expression;

/// <summary><c>ACCENTI(value)</c>: the value with accents removed, for accent-insensitive comparison.</summary>
/// <param name="Value">A character expression.</param>
public sealed record AccentInsensitive(Cql2Expression Value) : Cql2Expression;

/// <summary>
/// A call of a function other than CASEI and ACCENTI, e.g. <c>avg(windSpeed)</c>. Parsed so that a filter can be
/// checked, refused by <see cref="Cql2Sql.Translate"/> (WEMS offers no custom functions).
/// </summary>
public sealed record FunctionCall(string Name, IReadOnlyList<Cql2Expression> Args) : Cql2Expression
{
    /// <summary>A call of <paramref name="name"/> with <paramref name="args"/>.</summary>
    public FunctionCall(string name, params Cql2Expression[] args)
        : this(name, (IReadOnlyList<Cql2Expression>)args)
    {
    }

    /// <summary>The arguments, in the order written.</summary>
    public IReadOnlyList<Cql2Expression> Args { get; } = ValueList.Of(Args);
}

/// <summary>
/// A property (queryable) by name, exactly as written: names are case-sensitive, as in OGC API – Features.
/// Quoted (<c>"name"</c>) and unquoted (<c>name</c>) identifiers in cql2-text give the same node.
/// </summary>
/// <param name="Name">The property name, without quotes.</param>
public sealed record PropertyRef(string Name) : Cql2Expression;

/// <summary>A character literal, quotes removed and escapes (<c>''</c>, <c>\'</c>) resolved.</summary>
/// <param name="Value">The characters.</param>
public sealed record StringLiteral(string Value) : Cql2Expression;

/// <summary>A numeric literal; a leading minus sign is part of the literal.</summary>
/// <param name="Value">The number, finite.</param>
public sealed record NumberLiteral(double Value) : Cql2Expression;

/// <summary><c>TRUE</c> or <c>FALSE</c>.</summary>
/// <param name="Value">The value.</param>
public sealed record BooleanLiteral(bool Value) : Cql2Expression;

/// <summary><c>DATE('YYYY-MM-DD')</c>, or <c>{"date": "…"}</c>.</summary>
/// <param name="Value">The calendar date.</param>
public sealed record DateLiteral(DateOnly Value) : Cql2Expression;

/// <summary>
/// <c>TIMESTAMP('YYYY-MM-DDThh:mm:ss[.fff]Z')</c>, or <c>{"timestamp": "…"}</c>. Kept in UTC (offset zero), so
/// <c>05:30:00Z</c> and <c>05:30:00.000000Z</c> are equal.
/// </summary>
/// <param name="Value">The instant, offset zero.</param>
public sealed record TimestampLiteral(DateTimeOffset Value) : Cql2Expression;

/// <summary>
/// <c>INTERVAL(start, end)</c>: both ends included. Each end is a <see cref="DateLiteral"/>, a
/// <see cref="TimestampLiteral"/>, <see cref="Unbounded"/> (<c>'..'</c>), a <see cref="PropertyRef"/> or a
/// <see cref="FunctionCall"/>.
/// </summary>
/// <param name="Start">First instant.</param>
/// <param name="End">Last instant.</param>
public sealed record Interval(Cql2Expression Start, Cql2Expression End) : Cql2Expression;

/// <summary>The open end <c>'..'</c> of an <see cref="Interval"/>.</summary>
public sealed record Unbounded : Cql2Expression
{
    /// <summary>The open end (all instances are equal).</summary>
    public static Unbounded Value { get; } = new();
}

/// <summary>
/// A geometry literal: WKT in cql2-text, a GeoJSON geometry object in cql2-json. Coordinates are in the filter CRS
/// (CRS84 unless the request says otherwise: x = longitude, y = latitude); the geometry carries no SRID.
/// </summary>
/// <param name="Geometry">The geometry.</param>
/// <remarks>Two literals are equal when their geometries are exactly equal vertex by vertex (x and y only).</remarks>
public sealed record GeometryLiteral(Geometry Geometry) : Cql2Expression
{
    /// <inheritdoc/>
    public bool Equals(GeometryLiteral? other) => other is not null && Geometry.EqualsExact(other.Geometry);

    /// <inheritdoc/>
    public override int GetHashCode() => Geometry.EnvelopeInternal.GetHashCode();
}

/// <summary>
/// <c>BBOX(west, south, east, north)</c> or with elevations <c>BBOX(west, south, minElev, east, north, maxElev)</c>;
/// <c>{"bbox": […]}</c> in cql2-json. A box whose west is greater than its east crosses the antimeridian.
/// </summary>
/// <param name="West">Smallest x (longitude).</param>
/// <param name="South">Smallest y (latitude).</param>
/// <param name="East">Largest x (longitude).</param>
/// <param name="North">Largest y (latitude).</param>
/// <param name="MinElevation">Lowest elevation of a 3D box, else null.</param>
/// <param name="MaxElevation">Highest elevation of a 3D box, else null.</param>
public sealed record BBoxLiteral(double West, double South, double East, double North, double? MinElevation = null, double? MaxElevation = null)
    : Cql2Expression;

/// <summary>An array: <c>('a', 'b')</c> as an argument of an A_ function in cql2-text, a JSON array in cql2-json.</summary>
public sealed record ArrayLiteral(IReadOnlyList<Cql2Expression> Items) : Cql2Expression
{
    /// <summary>An array of <paramref name="items"/>.</summary>
    public ArrayLiteral(params Cql2Expression[] items)
        : this((IReadOnlyList<Cql2Expression>)items)
    {
    }

    /// <summary>The elements, in the order written.</summary>
    public IReadOnlyList<Cql2Expression> Items { get; } = ValueList.Of(Items);
}

/// <summary>A read-only list that compares by its elements, so that records holding one compare by value.</summary>
internal sealed class ValueList<T> : IReadOnlyList<T>, IEquatable<ValueList<T>>
{
    private readonly T[] items;

    public ValueList(IEnumerable<T> items) => this.items = [.. items];

    public int Count => items.Length;

    public T this[int index] => items[index];

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => items.GetEnumerator();

    public bool Equals(ValueList<T>? other) => other is not null && items.SequenceEqual(other.items);

    public override bool Equals(object? obj) => Equals(obj as ValueList<T>);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in items)
        {
            hash.Add(item);
        }

        return hash.ToHashCode();
    }

    public override string ToString() => "[" + string.Join(", ", items) + "]";
}

/// <summary>Makes <see cref="ValueList{T}"/>s.</summary>
internal static class ValueList
{
    public static IReadOnlyList<T> Of<T>(IReadOnlyList<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return items as ValueList<T> ?? new ValueList<T>(items);
    }
}
