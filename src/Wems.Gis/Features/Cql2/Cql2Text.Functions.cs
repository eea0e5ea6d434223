using static Wems.Gis.Features.Cql2.Cql2Rules;

namespace Wems.Gis.Features.Cql2;

/// <summary>The keyword-led forms of cql2-text: literals such as DATE(…) and BBOX(…), and the S_, T_, A_ and other functions.</summary>
public static partial class Cql2Text
{
    private sealed partial class Parser
    {
        private Cql2Expression ParseWord(Token token)
        {
            var word = token.Text.ToUpperInvariant();
            if (word is "AND" or "OR" or "NOT" or "LIKE" or "BETWEEN" or "IN" or "IS" or "NULL" or "DIV")
            {
                throw Error(token, $"expected a value, a property name or '(', but found the keyword {word} (write \"{token.Text}\" for a property of that name)");
            }

            index++;
            if (word is "TRUE" or "FALSE")
            {
                return new BooleanLiteral(word == "TRUE");
            }

            // Function-like keywords (DATE, BBOX, S_INTERSECTS, …) are keywords only before '(': "date" alone is a property.
            if (Current.Kind != TokenKind.LeftParen)
            {
                return new PropertyRef(token.Text);
            }

            switch (word)
            {
                case "DATE":
                    return ParseInstant(token, s => (Cql2Literals.Date(s, out var problem), problem));
                case "TIMESTAMP":
                    return ParseInstant(token, s => (Cql2Literals.Timestamp(s, out var problem), problem));
                case "INTERVAL":
                    return ParseInterval(token);
                case "BBOX":
                    return ParseBBox(token);
                case "CASEI":
                    return new CaseInsensitive(ParseSingleArgument(token, IsCharacter, Character));
                case "ACCENTI":
                    return new AccentInsensitive(ParseSingleArgument(token, IsCharacter, Character));
                case DistanceFunction:
                    return ParseDistance(token);
            }

            if (SpatialFunctions.TryGetValue(word, out var spatial))
            {
                var (left, right) = ParsePair(token, ParseAdditive, IsGeometry, GeometryOperand);
                return new SpatialPredicate(spatial, left, right);
            }

            if (TemporalFunctions.TryGetValue(word, out var temporal))
            {
                var (left, right) = ParsePair(token, ParseAdditive, IsTemporal, TemporalOperand);
                return new TemporalPredicate(temporal, left, right);
            }

            if (ArrayFunctions.TryGetValue(word, out var array))
            {
                var (left, right) = ParsePair(token, ParseArrayOperand, IsArrayOperand, ArrayOperand);
                return new ArrayPredicate(array, left, right);
            }

            return ParseFunction(token);
        }

        private Cql2Expression ParseInstant(Token keyword, Func<string, (Cql2Expression? Literal, string Problem)> read)
        {
            var form = keyword.Is("DATE") ? Cql2Literals.DateForm : Cql2Literals.TimestampForm;
            ExpectSymbol("(", $"'(' after {keyword.Text}, then {form}");
            if (Current.Kind != TokenKind.String)
            {
                throw Error(Current, $"expected a quoted {keyword.Text.ToLowerInvariant()} ({form}), but found {Describe(Current)}");
            }

            var quoted = Current;
            index++;
            var (literal, problem) = read(quoted.Text);
            ExpectSymbol(")", $"')' to close {keyword.Text}(");
            return literal ?? throw Error(quoted, problem);
        }

        private Interval ParseInterval(Token keyword)
        {
            ExpectSymbol("(", $"'(' after {keyword.Text}, e.g. INTERVAL('2024-01-01', '..')");
            var start = ParseIntervalBound();
            ExpectSymbol(",", "',' between the start and the end of the INTERVAL");
            var end = ParseIntervalBound();
            ExpectSymbol(")", "')' to close INTERVAL(");
            return new Interval(start, end);
        }

        private Cql2Expression ParseIntervalBound()
        {
            var at = Current;
            if (at.Kind == TokenKind.String)
            {
                index++;
                return Cql2Literals.IntervalBound(at.Text, out var problem) ?? throw Error(at, problem);
            }

            return Require(ParsePrimary(), IsIntervalBound, IntervalBound, at);
        }

        private BBoxLiteral ParseBBox(Token keyword)
        {
            ExpectSymbol("(", "'(' after BBOX, then west, south, east, north");
            var values = new List<double>();
            do
            {
                var at = Current;
                var value = ParseUnary();
                values.Add(value is NumberLiteral number ? number.Value : throw Error(at, Expected("a number", value)));
            }
            while (TryConsumeSymbol(","));

            ExpectSymbol(")", "',' or ')' in BBOX(west, south, east, north)");
            return Cql2Literals.BBox(values, out var problem) ?? throw Error(keyword, problem);
        }

        private DistancePredicate ParseDistance(Token keyword)
        {
            ExpectSymbol("(", $"'(' after {keyword.Text}, then geometry, geometry, distance[, unit]");
            var leftStart = Current;
            var left = Require(ParseAdditive(), IsGeometry, GeometryOperand, leftStart);
            ExpectSymbol(",", $"',' and a second geometry in {keyword.Text}");
            var rightStart = Current;
            var right = Require(ParseAdditive(), IsGeometry, GeometryOperand, rightStart);
            ExpectSymbol(",", $"',' and a distance in {keyword.Text}, e.g. S_DWITHIN(geometry, POINT(36.8 -1.3), 5, 'km')");
            var distanceStart = Current;
            var distance = ParseUnary() as NumberLiteral ?? throw Error(distanceStart, "expected the distance as a number");
            var unit = "m";
            if (TryConsumeSymbol(","))
            {
                if (Current.Kind is not (TokenKind.String or TokenKind.Identifier))
                {
                    throw Error(Current, $"expected a distance unit such as 'm' or 'km', but found {Describe(Current)}");
                }

                unit = Current.Text;
                index++;
            }

            var metres = Cql2Literals.DistanceMeters(distance.Value, unit, out var problem) ?? throw Error(distanceStart, problem);
            ExpectSymbol(")", $"')' to close {keyword.Text}(");
            return new DistancePredicate(left, right, metres);
        }

        private Cql2Expression ParseSingleArgument(Token keyword, Func<Cql2Expression, bool> allowed, string what)
        {
            ExpectSymbol("(", $"'(' after {keyword.Text}");
            var at = Current;
            var argument = Require(ParseAdditive(), allowed, what, at);
            ExpectSymbol(")", $"')' to close {keyword.Text}(");
            return argument;
        }

        private (Cql2Expression Left, Cql2Expression Right) ParsePair(
            Token keyword, Func<Cql2Expression> parse, Func<Cql2Expression, bool> allowed, string what)
        {
            ExpectSymbol("(", $"'(' after {keyword.Text}");
            var leftStart = Current;
            var left = Require(parse(), allowed, what, leftStart);
            ExpectSymbol(",", $"',' and a second argument in {keyword.Text.ToUpperInvariant()}");
            var rightStart = Current;
            var right = Require(parse(), allowed, what, rightStart);
            ExpectSymbol(")", $"')' to close {keyword.Text.ToUpperInvariant()}( (it takes two arguments)");
            return (left, right);
        }

        private Cql2Expression ParseArrayOperand()
        {
            if (Current.Kind != TokenKind.LeftParen)
            {
                return ParseAdditive();
            }

            using var guard = Descend();
            index++;
            var items = new List<Cql2Expression>();
            if (!TryConsumeSymbol(")"))
            {
                do
                {
                    items.Add(Current.Kind == TokenKind.LeftParen ? ParseArrayOperand() : ParseOr());
                }
                while (TryConsumeSymbol(","));

                ExpectSymbol(")", "',' or ')' in the array");
            }

            return new ArrayLiteral(items);
        }

        private FunctionCall ParseFunction(Token name)
        {
            index++; // '('
            var args = new List<Cql2Expression>();
            if (!TryConsumeSymbol(")"))
            {
                do
                {
                    args.Add(ParseOr());
                }
                while (TryConsumeSymbol(","));

                ExpectSymbol(")", $"',' or ')' in the arguments of {name.Text}(");
            }

            return new FunctionCall(name.Text, args);
        }
    }
}
