using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;
using static Wems.Gis.Features.Cql2.Cql2Rules;

namespace Wems.Gis.Features.Cql2;

/// <summary>
/// A translated filter: a boolean SQL expression to put in a <c>WHERE</c> clause, and the values of its parameters.
/// </summary>
/// <param name="Sql">
/// The condition, parenthesised when it has more than one part, so it can be joined to other conditions with AND.
/// It names parameters <c>@cql0</c>, <c>@cql1</c>, … (see <see cref="ParameterName"/>), which Npgsql binds by name.
/// </param>
/// <param name="Parameters">The value of <c>@cqlN</c> at index N: string, double, bool, DateOnly, DateTime (UTC) or WKT text.</param>
public sealed record SqlFilter(string Sql, IReadOnlyList<object?> Parameters)
{
    /// <summary>The prefix of parameter names, chosen so that they do not clash with the caller's own parameters.</summary>
    public const string ParameterPrefix = "cql";

    /// <summary>The name (without '@') of the parameter at <paramref name="index"/>, e.g. <c>cql0</c>.</summary>
    public static string ParameterName(int index) => ParameterPrefix + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>Adds the parameters to a command, by name, with the types Npgsql infers from the values.</summary>
    /// <param name="parameters">The command's parameters.</param>
    public void AddTo(NpgsqlParameterCollection parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        for (var i = 0; i < Parameters.Count; i++)
        {
            parameters.AddWithValue(ParameterName(i), Parameters[i] ?? DBNull.Value);
        }
    }
}

/// <summary>
/// Translates a CQL2 tree to a parameterised PostgreSQL/PostGIS condition.
/// </summary>
/// <remarks>
/// <para>
/// Safety: identifiers come only from <see cref="IQueryables"/> (an unknown name is refused, whatever it contains),
/// and every literal of the filter — strings, numbers, booleans, dates, timestamps, geometries (as WKT), distances —
/// becomes a parameter. Nothing from the filter text is copied into the SQL. The only constants written into the SQL
/// are the SRID, SQL keywords and function names.
/// </para>
/// <para>
/// Types are checked against the queryables: a number property compared with a string, LIKE on a date, an S_ function
/// on a non-geometry, a T_ function on a non-date are refused with a <see cref="Cql2Exception"/>.
/// </para>
/// <para>Translation, operator by operator:</para>
/// <list type="bullet">
/// <item>AND, OR, NOT, =, &lt;&gt;, &lt;, &lt;=, &gt;, &gt;=, BETWEEN, IN, IS NULL: the SQL operators. A date meeting a
/// timestamp is taken as midnight UTC of that day (<c>d::timestamp AT TIME ZONE 'UTC'</c>).</item>
/// <item>LIKE: <c>LIKE … ESCAPE '\'</c> — CQL2 and SQL share <c>%</c> and <c>_</c>, and a backslash escapes.</item>
/// <item>CASEI(x): <c>lower(x)</c>. ACCENTI is refused (the database has no <c>unaccent</c> extension).</item>
/// <item>+ - * ^ : the SQL operators and <c>power</c>; / divides as real numbers; % and div use <c>mod</c> and
/// <c>div</c> on numeric.</item>
/// <item>S_INTERSECTS, S_EQUALS, S_DISJOINT, S_TOUCHES, S_WITHIN, S_OVERLAPS, S_CROSSES, S_CONTAINS: ST_Intersects …
/// ST_Contains. Geometry literals are <c>ST_GeomFromText(@cqlN, srid)</c> with 2D WKT as the parameter, transformed
/// to the column's SRID when it differs. A BBOX whose west is greater than its east (in SRID 4326) is split at the
/// antimeridian; BBOX elevations are ignored.</item>
/// <item>S_DWITHIN: <c>ST_DWithin(a::geography, b::geography, metres)</c> (geometries in another SRID are first
/// transformed to 4326). The cast bypasses a geometry GiST index.</item>
/// <item>T_ functions: Allen's relations on [start, end] pairs, an instant being [t, t] (so T_DURING also accepts an
/// instant as its first argument) and <c>'..'</c> an open end. E.g. T_INTERSECTS(date, INTERVAL(a, b)) is
/// <c>date &lt;= b AND date &gt;= a</c>; T_DURING excludes both ends.</item>
/// <item>Array functions (A_…) and functions other than CASEI are refused: WEMS has no array queryables and no custom
/// functions.</item>
/// </list>
/// </remarks>
public static partial class Cql2Sql
{
    /// <summary>Translates <paramref name="filter"/> to SQL.</summary>
    /// <param name="filter">A tree from <see cref="Cql2Text.Parse"/> or <see cref="Cql2Json.Parse(string)"/>.</param>
    /// <param name="queryables">The properties the filter may name, with their columns and types.</param>
    /// <param name="srid">The SRID of the filter's geometry literals (the filter-crs); 4326 (x = longitude) by default.</param>
    /// <returns>The condition and its parameters.</returns>
    /// <exception cref="Cql2Exception">An unknown property, mismatched types or an unsupported operator or function.</exception>
    public static SqlFilter Translate(Cql2Expression filter, IQueryables queryables, int srid = 4326)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(queryables);
        var translator = new Translator(queryables, srid);
        var sql = translator.Condition(filter);
        return new SqlFilter(sql.Compound ? $"({sql.Text})" : sql.Text, translator.Parameters);
    }

    /// <summary>A piece of SQL; <paramref name="Compound"/> when it is a bare AND/OR chain that must be parenthesised inside another expression.</summary>
    private readonly record struct Fragment(string Text, bool Compound = false)
    {
        public string Grouped => Compound ? $"({Text})" : Text;
    }

    /// <summary>A translated value: its SQL, its type, how to name it in a message, and for geometries the SRID.</summary>
    private readonly record struct Operand(string Sql, QueryableType Type, string Description, int Srid = 0, bool IsProperty = false);

    private sealed partial class Translator(IQueryables queryables, int srid)
    {
        public List<object?> Parameters { get; } = [];

        public Fragment Condition(Cql2Expression e) => e switch
        {
            AndExpression and => Join(" AND ", and.Args),
            OrExpression or => Join(" OR ", or.Args),
            NotExpression not => new Fragment($"NOT ({Condition(not.Arg).Text})"),
            ComparisonPredicate c => Comparison(c),
            LikePredicate like => Like(like),
            BetweenPredicate between => Between(between),
            InPredicate @in => In(@in),
            IsNullPredicate isNull => new Fragment($"{Value(isNull.Value).Sql} IS NULL"),
            SpatialPredicate spatial => Spatial(spatial),
            DistancePredicate distance => Distance(distance),
            TemporalPredicate temporal => Temporal(temporal),
            ArrayPredicate array => throw new Cql2Exception(
                $"{Describe(array)} is not supported: no property of this collection is an array"),
            BooleanLiteral boolean => new Fragment(Bind(boolean.Value)),
            FunctionCall function => throw UnsupportedFunction(function),
            _ => throw new Cql2Exception($"{Describe(e)} is not a condition"),
        };

        private Fragment Join(string separator, IReadOnlyList<Cql2Expression> args) =>
            new(string.Join(separator, args.Select(arg => Condition(arg).Grouped)), Compound: true);

        private static readonly string[] ComparisonSql = ["=", "<>", "<", "<=", ">", ">="];

        private Fragment Comparison(ComparisonPredicate c)
        {
            var (left, right) = Comparable(Value(c.Left), Value(c.Right));
            return new Fragment($"{left.Sql} {ComparisonSql[(int)c.Op]} {right.Sql}");
        }

        private Fragment Like(LikePredicate like)
        {
            var value = Text(Value(like.Value), "LIKE");
            var pattern = Text(Value(like.Pattern), "LIKE");
            if (PatternText(like.Pattern) is { } text && EndsWithEscape(text))
            {
                throw new Cql2Exception($"the LIKE pattern '{Shorten(text)}' ends with the escape character '\\'; write '\\\\' for a backslash");
            }

            return new Fragment($"{value.Sql} LIKE {pattern.Sql} ESCAPE '\\'");
        }

        private static string? PatternText(Cql2Expression pattern) => pattern switch
        {
            StringLiteral s => s.Value,
            CaseInsensitive c => PatternText(c.Value),
            _ => null,
        };

        private static bool EndsWithEscape(string pattern)
        {
            var backslashes = pattern.Length - pattern.TrimEnd('\\').Length;
            return backslashes % 2 == 1;
        }

        private Fragment Between(BetweenPredicate between)
        {
            var value = Number(Value(between.Value), "BETWEEN");
            var low = Number(Value(between.Low), "BETWEEN");
            var high = Number(Value(between.High), "BETWEEN");
            return new Fragment($"{value.Sql} BETWEEN {low.Sql} AND {high.Sql}");
        }

        private Fragment In(InPredicate @in)
        {
            var value = Value(@in.Value);
            var items = @in.List.Select(item => Comparable(value, Value(item))).ToList();

            // Comparable promotes a date that meets a timestamp; then every date of the list must be promoted.
            var promote = items.Any(pair => pair.Left.Type == QueryableType.Timestamp || pair.Right.Type == QueryableType.Timestamp);
            var list = items.Select(pair => promote ? ToTimestamp(pair.Right).Sql : pair.Right.Sql);
            return new Fragment($"{(promote ? ToTimestamp(value) : value).Sql} IN ({string.Join(", ", list)})");
        }

        /// <summary>Checks that two operands can be compared, promoting a date to a timestamp when they meet.</summary>
        private static (Operand Left, Operand Right) Comparable(Operand left, Operand right)
        {
            if (left.Type == QueryableType.Geometry || right.Type == QueryableType.Geometry)
            {
                throw new Cql2Exception(
                    $"cannot compare {left.Description} with {right.Description} using =, <, >; compare geometries with S_EQUALS or S_INTERSECTS");
            }

            if (left.Type == right.Type)
            {
                return (left, right);
            }

            if (left.Type is QueryableType.Date or QueryableType.Timestamp && right.Type is QueryableType.Date or QueryableType.Timestamp)
            {
                return (ToTimestamp(left), ToTimestamp(right));
            }

            var hint = (left.Type, right.Type) switch
            {
                (QueryableType.Date or QueryableType.Timestamp, QueryableType.Text) => "; write dates as DATE('2024-03-14') or TIMESTAMP('2024-03-14T08:30:00Z')",
                (QueryableType.Number, QueryableType.Text) => "; write numbers without quotes",
                (QueryableType.Boolean, QueryableType.Text) => "; write TRUE or FALSE without quotes",
                _ => "",
            };
            throw new Cql2Exception($"cannot compare {left.Description} ({TypeName(left.Type)}) with {right.Description} ({TypeName(right.Type)}){hint}");
        }

        private static Operand ToTimestamp(Operand operand) => operand.Type == QueryableType.Date
            ? operand with { Sql = $"({operand.Sql}::timestamp AT TIME ZONE 'UTC')", Type = QueryableType.Timestamp }
            : operand;

        private Operand Value(Cql2Expression e) => e switch
        {
            PropertyRef property => Property(property),
            StringLiteral s => new Operand(Bind(s.Value), QueryableType.Text, Describe(s)),
            NumberLiteral n => new Operand(Bind(n.Value), QueryableType.Number, Describe(n)),
            BooleanLiteral b => new Operand(Bind(b.Value), QueryableType.Boolean, Describe(b)),
            DateLiteral d => new Operand(Bind(d.Value), QueryableType.Date, Describe(d)),
            TimestampLiteral t => new Operand(Bind(t.Value.UtcDateTime), QueryableType.Timestamp, Describe(t)),
            CaseInsensitive c => new Operand($"lower({Text(Value(c.Value), "CASEI").Sql})", QueryableType.Text, Describe(c)),
            AccentInsensitive => throw new Cql2Exception(
                "ACCENTI is not supported by this server (its database has no unaccent extension); use CASEI, or LIKE with _ for accented letters"),
            ArithmeticExpression arithmetic => Arithmetic(arithmetic),
            GeometryLiteral or BBoxLiteral => GeometryValue(e, "a comparison"),
            FunctionCall function => throw UnsupportedFunction(function),
            _ => throw new Cql2Exception($"{Describe(e)} cannot be used as a value here"),
        };

        private Operand Arithmetic(ArithmeticExpression arithmetic)
        {
            var left = Number(Value(arithmetic.Left), "arithmetic");
            var right = Number(Value(arithmetic.Right), "arithmetic");
            if (arithmetic.Op is ArithmeticOperator.Divide or ArithmeticOperator.Modulo or ArithmeticOperator.IntegerDivide
                && arithmetic.Right is NumberLiteral { Value: 0 })
            {
                throw new Cql2Exception("division by zero");
            }

            var sql = arithmetic.Op switch
            {
                ArithmeticOperator.Add => $"({left.Sql} + {right.Sql})",
                ArithmeticOperator.Subtract => $"({left.Sql} - {right.Sql})",
                ArithmeticOperator.Multiply => $"({left.Sql} * {right.Sql})",
                ArithmeticOperator.Divide => $"({left.Sql}::double precision / {right.Sql})",
                ArithmeticOperator.Modulo => $"mod({left.Sql}::numeric, {right.Sql}::numeric)",
                ArithmeticOperator.IntegerDivide => $"div({left.Sql}::numeric, {right.Sql}::numeric)",
                _ => $"power({left.Sql}, {right.Sql})",
            };
            return new Operand(sql, QueryableType.Number, "an arithmetic expression");
        }

        [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z_][A-Za-z0-9_$]*)*$", RegexOptions.CultureInvariant)]
        private static partial Regex PlainColumn();

        private Operand Property(PropertyRef property)
        {
            if (!queryables.TryGet(property.Name, out var queryable))
            {
                throw UnknownProperty(property.Name);
            }

            // A column expression that is more than a (qualified) name is parenthesised, so that operators around it bind as written.
            var sql = PlainColumn().IsMatch(queryable.Column) ? queryable.Column : $"({queryable.Column})";
            return new Operand(sql, queryable.Type, Describe(property), queryable.Srid, IsProperty: true);
        }

        private Cql2Exception UnknownProperty(string name)
        {
            var caseVariant = queryables.Names.FirstOrDefault(n => n.Equals(name, StringComparison.OrdinalIgnoreCase));
            var hint = caseVariant is null
                ? $" (if '{Shorten(name)}' is meant as text, write it in single quotes)"
                : $" (names are case-sensitive: did you mean '{caseVariant}'?)";
            return new Cql2Exception($"unknown property '{Shorten(name)}'; queryables are: {string.Join(", ", queryables.Names)}{hint}");
        }

        private static Cql2Exception UnsupportedFunction(FunctionCall function) =>
            new($"the function {function.Name}() is not supported; the functions this server knows are CASEI and the S_ and T_ functions");

        private static Operand Text(Operand operand, string what) => operand.Type == QueryableType.Text
            ? operand
            : throw new Cql2Exception($"{what} needs text, but {operand.Description} is {TypeName(operand.Type)}");

        private static Operand Number(Operand operand, string what) => operand.Type == QueryableType.Number
            ? operand
            : throw new Cql2Exception($"{what} needs numbers, but {operand.Description} is {TypeName(operand.Type)}");

        private static string TypeName(QueryableType type) => type switch
        {
            QueryableType.Text => "text",
            QueryableType.Number => "a number",
            QueryableType.Boolean => "a boolean",
            QueryableType.Date => "a date",
            QueryableType.Timestamp => "a timestamp",
            _ => "a geometry",
        };

        /// <summary>Adds a parameter and returns its placeholder.</summary>
        private string Bind(object value)
        {
            Parameters.Add(value);
            return "@" + SqlFilter.ParameterName(Parameters.Count - 1);
        }
    }
}
