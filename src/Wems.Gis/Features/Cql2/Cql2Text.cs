using System.Globalization;
using static Wems.Gis.Features.Cql2.Cql2Rules;

namespace Wems.Gis.Features.Cql2;

/// <summary>
/// Parses cql2-text (OGC 21-065r2, the BNF in the standard's annex) into a <see cref="Cql2Expression"/> tree.
/// </summary>
/// <remarks>
/// <para>
/// A hand-written recursive-descent parser. Precedence, loosest first: OR, AND, NOT, predicates (comparison,
/// [NOT] LIKE, [NOT] BETWEEN, [NOT] IN, IS [NOT] NULL), + and -, *, /, % and div, ^, unary minus. Parentheses group
/// both conditions and arithmetic. Keywords and function names such as S_INTERSECTS are case-insensitive; property
/// names are case-sensitive and may be double-quoted (<c>"name"</c>), which is needed for names with spaces and for the
/// reserved words AND, OR, NOT, LIKE, BETWEEN, IN, IS, NULL, DIV, TRUE and FALSE. DATE, TIMESTAMP, INTERVAL, BBOX,
/// CASEI, ACCENTI, the S_, T_ and A_ functions and the WKT types are keywords only before '(' (or, for WKT, before
/// Z/M/ZM or EMPTY), so a property may be called <c>date</c>. Strings take single quotes, with <c>''</c> or <c>\'</c>
/// for a quote inside (so a string cannot end with a backslash; other backslashes are kept, for LIKE).
/// </para>
/// <para>
/// Numbers may have a sign, a fraction and an exponent (<c>-1.5e3</c>). <c>a - 1</c> is a subtraction and
/// <c>-foo</c> becomes <c>-1 * foo</c>, as in cql2-json. A chain such as <c>a AND b AND c</c> gives one
/// <see cref="AndExpression"/> with three arguments; a parenthesised group stays a separate node.
/// </para>
/// <para>
/// Besides CQL2 1.0, S_DWITHIN(geometry, geometry, distance[, 'unit']) is accepted (see <see cref="DistancePredicate"/>).
/// </para>
/// </remarks>
public static partial class Cql2Text
{
    /// <summary>Deepest nesting of parentheses, NOT, signs and chained arithmetic operators a filter may have.</summary>
    public const int MaxDepth = 100;

    /// <summary>Parses a cql2-text filter.</summary>
    /// <param name="text">The filter, e.g. <c>status = 'open' AND T_AFTER(date, DATE('2024-01-01'))</c>.</param>
    /// <returns>The syntax tree; its root is a condition.</returns>
    /// <exception cref="Cql2Exception">The filter is not valid cql2-text; the message gives the column and what was expected.</exception>
    public static Cql2Expression Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new Parser(text).ParseFilter();
    }

    private sealed partial class Parser(string text)
    {
        private readonly List<Token> tokens = Cql2Lexer.Tokenize(text);
        private int index;
        private int depth;

        private Token Current => tokens[index];

        private Token Peek() => tokens[Math.Min(index + 1, tokens.Count - 1)];

        public Cql2Expression ParseFilter()
        {
            if (Current.Kind == TokenKind.End)
            {
                throw Error(Current, "the filter is empty; write a condition such as status = 'open'");
            }

            var start = Current;
            var filter = ParseOr();
            if (Current.Kind != TokenKind.End)
            {
                throw Error(Current, $"expected AND, OR or the end of the filter, but found {Describe(Current)}");
            }

            RequireCondition(filter, start);
            return filter;
        }

        private Cql2Expression ParseOr()
        {
            using var guard = Descend();
            var start = Current;
            var first = ParseAnd();
            if (!Current.Is("OR"))
            {
                return first;
            }

            RequireCondition(first, start);
            var args = new List<Cql2Expression> { first };
            while (Current.Is("OR"))
            {
                index++;
                var at = Current;
                args.Add(RequireCondition(ParseAnd(), at));
            }

            return new OrExpression(args);
        }

        private Cql2Expression ParseAnd()
        {
            var start = Current;
            var first = ParseNot();
            if (!Current.Is("AND"))
            {
                return first;
            }

            RequireCondition(first, start);
            var args = new List<Cql2Expression> { first };
            while (Current.Is("AND"))
            {
                index++;
                var at = Current;
                args.Add(RequireCondition(ParseNot(), at));
            }

            return new AndExpression(args);
        }

        private Cql2Expression ParseNot()
        {
            if (!Current.Is("NOT"))
            {
                return ParsePredicate();
            }

            using var guard = Descend();
            index++;
            var at = Current;
            return new NotExpression(RequireCondition(ParseNot(), at));
        }

        private Cql2Expression ParsePredicate()
        {
            var start = Current;
            var left = ParseAdditive();
            var negated = Current.Is("NOT") && (Peek().Is("LIKE") || Peek().Is("BETWEEN") || Peek().Is("IN"));
            if (negated)
            {
                index++;
            }

            Cql2Expression predicate;
            if (Current.Kind == TokenKind.Operator && ComparisonOperators.TryGetValue(Current.Text, out var op))
            {
                index++;
                var rightStart = Current;
                var right = ParseAdditive();
                predicate = new ComparisonPredicate(op, Require(left, IsScalar, Scalar, start), Require(right, IsScalar, Scalar, rightStart));
            }
            else if (Current.Is("LIKE"))
            {
                index++;
                var patternStart = Current;
                var pattern = ParseAdditive();
                predicate = new LikePredicate(Require(left, IsCharacter, Character, start), Require(pattern, IsPattern, Pattern, patternStart));
            }
            else if (Current.Is("BETWEEN"))
            {
                index++;
                var lowStart = Current;
                var low = Require(ParseAdditive(), IsNumeric, Numeric, lowStart);
                Expect("AND", "AND between the two ends of BETWEEN");
                var highStart = Current;
                var high = Require(ParseAdditive(), IsNumeric, Numeric, highStart);
                predicate = new BetweenPredicate(Require(left, IsNumeric, Numeric, start), low, high);
            }
            else if (Current.Is("IN"))
            {
                index++;
                predicate = new InPredicate(Require(left, IsScalar, Scalar, start), ParseInList());
            }
            else if (Current.Is("IS"))
            {
                index++;
                var not = Current.Is("NOT");
                if (not)
                {
                    index++;
                }

                Expect("NULL", not ? "NULL after IS NOT" : "NULL or NOT NULL after IS");
                return not ? new NotExpression(new IsNullPredicate(left)) : new IsNullPredicate(left);
            }
            else
            {
                return left;
            }

            return negated ? new NotExpression(predicate) : predicate;
        }

        private List<Cql2Expression> ParseInList()
        {
            ExpectSymbol("(", "'(' and a list of values after IN, e.g. IN ('a', 'b')");
            var list = new List<Cql2Expression>();
            if (Current.Kind == TokenKind.RightParen)
            {
                throw Error(Current, "the list after IN is empty; give at least one value");
            }

            do
            {
                var at = Current;
                list.Add(Require(ParseAdditive(), IsScalar, Scalar, at));
            }
            while (TryConsumeSymbol(","));

            ExpectSymbol(")", "',' or ')' in the list after IN");
            return list;
        }

        private Cql2Expression ParseAdditive()
        {
            var start = Current;
            var left = ParseMultiplicative();
            var levels = 0; // each operator nests the left operand one level deeper
            try
            {
                while (Current.IsSymbol("+") || Current.IsSymbol("-"))
                {
                    Deepen();
                    levels++;
                    var op = Current.Text == "+" ? ArithmeticOperator.Add : ArithmeticOperator.Subtract;
                    index++;
                    var rightStart = Current;
                    var right = ParseMultiplicative();
                    left = new ArithmeticExpression(op, Require(left, IsNumeric, Numeric, start), Require(right, IsNumeric, Numeric, rightStart));
                }
            }
            finally
            {
                depth -= levels;
            }

            return left;
        }

        private Cql2Expression ParseMultiplicative()
        {
            var start = Current;
            var left = ParsePower();
            var levels = 0; // each operator nests the left operand one level deeper
            try
            {
                while (Current.IsSymbol("*") || Current.IsSymbol("/") || Current.IsSymbol("%") || Current.Is("DIV"))
                {
                    Deepen();
                    levels++;
                    var op = ArithmeticOperators[Current.Text];
                    index++;
                    var rightStart = Current;
                    var right = ParsePower();
                    left = new ArithmeticExpression(op, Require(left, IsNumeric, Numeric, start), Require(right, IsNumeric, Numeric, rightStart));
                }
            }
            finally
            {
                depth -= levels;
            }

            return left;
        }

        private Cql2Expression ParsePower()
        {
            var start = Current;
            var left = ParseUnary();
            if (!Current.IsSymbol("^"))
            {
                return left;
            }

            using var guard = Descend();
            index++;
            var rightStart = Current;
            var right = ParsePower(); // right-associative: 2 ^ 3 ^ 2 = 2 ^ 9
            return new ArithmeticExpression(ArithmeticOperator.Power, Require(left, IsNumeric, Numeric, start), Require(right, IsNumeric, Numeric, rightStart));
        }

        private Cql2Expression ParseUnary()
        {
            if (!Current.IsSymbol("-") && !Current.IsSymbol("+"))
            {
                return ParsePrimary();
            }

            using var guard = Descend();
            var sign = Current;
            index++;
            if (Current.Kind == TokenKind.Number)
            {
                var number = ParseNumber(Current);
                index++;
                return new NumberLiteral(sign.Text == "-" ? -number : number);
            }

            var at = Current;
            var operand = Require(ParseUnary(), IsNumeric, Numeric, at);
            return sign.Text == "-" ? new ArithmeticExpression(ArithmeticOperator.Multiply, new NumberLiteral(-1), operand) : operand;
        }

        private Cql2Expression ParsePrimary()
        {
            var token = Current;
            switch (token.Kind)
            {
                case TokenKind.LeftParen:
                    index++;
                    var inner = ParseOr();
                    ExpectSymbol(")", "')' to close the '(' at column " + ColumnOf(token));
                    return inner;
                case TokenKind.Number:
                    index++;
                    return new NumberLiteral(ParseNumber(token));
                case TokenKind.String:
                    index++;
                    return new StringLiteral(token.Text);
                case TokenKind.QuotedIdentifier:
                    index++;
                    return new PropertyRef(token.Text);
                case TokenKind.Wkt:
                    index++;
                    return Cql2Literals.Wkt(token.Text, out var problem) ?? throw Error(token, problem);
                case TokenKind.Identifier:
                    return ParseWord(token);
                default:
                    throw Error(token, $"expected a value, a property name or '(', but found {Describe(token)}");
            }
        }

        private double ParseNumber(Token token)
        {
            var value = double.Parse(token.Text, NumberStyles.Float, CultureInfo.InvariantCulture);
            return Cql2Literals.IsUsableNumber(value) ? value : throw Error(token, $"the number {token.Text} is too large");
        }

        /// <summary>
        /// Counts nesting (parentheses, NOT, signs, chained arithmetic) and refuses filters nested deeper than
        /// <see cref="MaxDepth"/>, so that a hostile filter cannot exhaust the stack.
        /// </summary>
        private DepthGuard Descend()
        {
            Deepen();
            return new DepthGuard(this);
        }

        private void Deepen()
        {
            if (++depth > MaxDepth)
            {
                throw Error(Current, $"the filter is nested more than {MaxDepth} levels deep");
            }
        }

        private readonly struct DepthGuard(Parser parser) : IDisposable
        {
            public void Dispose() => parser.depth--;
        }

        private Cql2Expression RequireCondition(Cql2Expression expression, Token at) => Require(expression, IsCondition, Condition, at);

        private Cql2Expression Require(Cql2Expression expression, Func<Cql2Expression, bool> allowed, string what, Token at) =>
            allowed(expression) ? expression : throw Error(at, Expected(what, expression));

        private void Expect(string keyword, string what)
        {
            if (!Current.Is(keyword))
            {
                throw Error(Current, $"expected {what}, but found {Describe(Current)}");
            }

            index++;
        }

        private void ExpectSymbol(string symbol, string what)
        {
            if (!TryConsumeSymbol(symbol))
            {
                throw Error(Current, $"expected {what}, but found {Describe(Current)}");
            }
        }

        private bool TryConsumeSymbol(string symbol)
        {
            if (!Current.IsSymbol(symbol))
            {
                return false;
            }

            index++;
            return true;
        }

        private int ColumnOf(Token token) => token.Position - (text.LastIndexOf('\n', Math.Max(0, token.Position - 1)) + 1) + 1;

        private string Describe(Token token) => token.Kind switch
        {
            TokenKind.End => "the end of the filter",
            TokenKind.String => $"the string '{Shorten(token.Text)}'",
            TokenKind.QuotedIdentifier => $"property \"{Shorten(token.Text)}\"",
            _ => $"'{Shorten(text.Substring(token.Position, token.Length))}'",
        };

        private Cql2Exception Error(Token at, string problem) => Cql2Exception.InText(text, at.Position, problem);
    }
}
