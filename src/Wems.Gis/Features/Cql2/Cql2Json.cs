using System.Text.Json;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;
using static Wems.Gis.Features.Cql2.Cql2Rules;

namespace Wems.Gis.Features.Cql2;

/// <summary>
/// Parses cql2-json (OGC 21-065r2, the JSON schema <c>cql2.json</c>) into the same <see cref="Cql2Expression"/>
/// tree as <see cref="Cql2Text.Parse"/>.
/// </summary>
/// <remarks>
/// <para>
/// Operations are <c>{"op": "…", "args": […]}</c>; op names are matched case-insensitively (<c>"isNull"</c>,
/// <c>"t_finishedBy"</c>), any op that is not a CQL2 operator is a function call. Values are JSON strings, numbers
/// and booleans, <c>{"property": "name"}</c>, <c>{"date": "YYYY-MM-DD"}</c>, <c>{"timestamp": "…Z"}</c>,
/// <c>{"interval": [start, end]}</c> (ends are date or timestamp strings, <c>".."</c>, or properties),
/// <c>{"bbox": [west, south, east, north]}</c> (or 6 numbers with elevations) and GeoJSON geometry objects.
/// The second argument of <c>in</c> is a JSON array. S_DWITHIN is <c>{"op": "s_dwithin", "args": [g1, g2, distance, "unit"?]}</c>.
/// </para>
/// <para>Errors name the JSON path of the offending member, e.g. <c>$.args[1].args[0]</c>.</para>
/// </remarks>
public static class Cql2Json
{
    private static readonly JsonSerializerOptions GeoJsonOptions = new() { Converters = { new GeoJsonConverterFactory() } };

    private static readonly HashSet<string> GeometryTypes = new(StringComparer.Ordinal)
    {
        "Point", "LineString", "Polygon", "MultiPoint", "MultiLineString", "MultiPolygon", "GeometryCollection",
    };

    /// <summary>Parses a cql2-json filter from its text.</summary>
    /// <param name="json">The filter, e.g. <c>{"op": "=", "args": [{"property": "status"}, "open"]}</c>.</param>
    /// <returns>The syntax tree; its root is a condition.</returns>
    /// <exception cref="Cql2Exception">The text is not JSON, or not a valid cql2-json filter; the message names the JSON path.</exception>
    public static Cql2Expression Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new Cql2Exception($"cql2-json: the filter is not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            return Parse(document.RootElement);
        }
    }

    /// <summary>Parses a cql2-json filter that is already a JSON element (e.g. the body of a POST).</summary>
    /// <param name="filter">The filter's root element.</param>
    /// <returns>The syntax tree; its root is a condition. It holds no reference to <paramref name="filter"/>.</returns>
    /// <exception cref="Cql2Exception">The element is not a valid cql2-json filter; the message names the JSON path.</exception>
    public static Cql2Expression Parse(JsonElement filter) => Require(ReadNode(filter, "$"), IsCondition, Condition, "$");

    private static Cql2Expression ReadNode(JsonElement e, string path) => e.ValueKind switch
    {
        JsonValueKind.String => new StringLiteral(e.GetString()!),
        JsonValueKind.Number => new NumberLiteral(ReadNumber(e, path)),
        JsonValueKind.True => new BooleanLiteral(true),
        JsonValueKind.False => new BooleanLiteral(false),
        JsonValueKind.Array => new ArrayLiteral(e.EnumerateArray().Select((item, i) => ReadNode(item, $"{path}[{i}]")).ToList()),
        JsonValueKind.Object => ReadObject(e, path),
        _ => throw Cql2Exception.InJson(path, "null is not a CQL2 value; test for a missing value with {\"op\": \"isNull\", \"args\": [{\"property\": \"…\"}]}"),
    };

    private static double ReadNumber(JsonElement e, string path) =>
        e.TryGetDouble(out var value) && Cql2Literals.IsUsableNumber(value)
            ? value
            : throw Cql2Exception.InJson(path, $"the number {e.GetRawText()} is too large");

    private static Cql2Expression ReadObject(JsonElement e, string path)
    {
        if (e.TryGetProperty("op", out _))
        {
            return ReadOperation(e, path);
        }

        if (e.TryGetProperty("type", out _))
        {
            return ReadGeometry(e, path);
        }

        var member = OnlyMember(e, path);
        var memberPath = $"{path}.{member.Name}";
        switch (member.Name)
        {
            case "property":
                var name = ReadString(member.Value, memberPath, "a property name");
                return name.Length > 0 ? new PropertyRef(name) : throw Cql2Exception.InJson(memberPath, "the property name is empty");
            case "date":
                var date = ReadString(member.Value, memberPath, $"a date ({Cql2Literals.DateForm})");
                return Cql2Literals.Date(date, out var dateProblem) ?? throw Cql2Exception.InJson(memberPath, dateProblem);
            case "timestamp":
                var instant = ReadString(member.Value, memberPath, $"a timestamp ({Cql2Literals.TimestampForm})");
                return Cql2Literals.Timestamp(instant, out var timeProblem) ?? throw Cql2Exception.InJson(memberPath, timeProblem);
            case "interval":
                return ReadInterval(member.Value, memberPath);
            case "bbox":
                return ReadBBox(member.Value, memberPath);
            default:
                throw Cql2Exception.InJson(path,
                    $"expected an object with \"op\", \"property\", \"date\", \"timestamp\", \"interval\" or \"bbox\", or a GeoJSON geometry, but found member \"{member.Name}\"");
        }
    }

    private static JsonProperty OnlyMember(JsonElement e, string path)
    {
        var members = e.EnumerateObject().ToList();
        return members.Count switch
        {
            1 => members[0],
            0 => throw Cql2Exception.InJson(path, "expected an operation, a property or a literal, but found an empty object"),
            _ => throw Cql2Exception.InJson(path,
                $"expected one member, but found {string.Join(", ", members.Select(m => $"\"{m.Name}\""))}"),
        };
    }

    private static string ReadString(JsonElement e, string path, string what) =>
        e.ValueKind == JsonValueKind.String ? e.GetString()! : throw Cql2Exception.InJson(path, $"expected {what} as a JSON string");

    private static Interval ReadInterval(JsonElement e, string path)
    {
        if (e.ValueKind != JsonValueKind.Array || e.GetArrayLength() != 2)
        {
            throw Cql2Exception.InJson(path, "expected an array of two ends, e.g. [\"2024-01-01\", \"..\"]");
        }

        Cql2Expression Bound(int i)
        {
            var item = e[i];
            var itemPath = $"{path}[{i}]";
            if (item.ValueKind == JsonValueKind.String)
            {
                return Cql2Literals.IntervalBound(item.GetString()!, out var problem) ?? throw Cql2Exception.InJson(itemPath, problem);
            }

            return Require(ReadNode(item, itemPath), IsIntervalBound, Cql2Rules.IntervalBound, itemPath);
        }

        return new Interval(Bound(0), Bound(1));
    }

    private static BBoxLiteral ReadBBox(JsonElement e, string path)
    {
        if (e.ValueKind != JsonValueKind.Array)
        {
            throw Cql2Exception.InJson(path, "expected an array of numbers [west, south, east, north]");
        }

        var values = e.EnumerateArray()
            .Select((item, i) => item.ValueKind == JsonValueKind.Number
                ? ReadNumber(item, $"{path}[{i}]")
                : throw Cql2Exception.InJson($"{path}[{i}]", "expected a number"))
            .ToList();
        return Cql2Literals.BBox(values, out var problem) ?? throw Cql2Exception.InJson(path, problem);
    }

    private static GeometryLiteral ReadGeometry(JsonElement e, string path)
    {
        var type = e.GetProperty("type");
        if (type.ValueKind != JsonValueKind.String || !GeometryTypes.Contains(type.GetString()!))
        {
            throw Cql2Exception.InJson($"{path}.type",
                $"expected a GeoJSON geometry type ({string.Join(", ", GeometryTypes)}), but found {type.GetRawText()}");
        }

        var parts = type.GetString() == "GeometryCollection" ? "geometries" : "coordinates";
        if (!e.TryGetProperty(parts, out var value) || value.ValueKind != JsonValueKind.Array)
        {
            throw Cql2Exception.InJson(path, $"a GeoJSON {type.GetString()} needs a \"{parts}\" array");
        }

        try
        {
            var geometry = e.Deserialize<Geometry>(GeoJsonOptions)
                ?? throw Cql2Exception.InJson(path, $"this GeoJSON {type.GetString()} is empty");
            return Cql2Literals.Finite(geometry, out var problem) ?? throw Cql2Exception.InJson(path, problem);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException or FormatException)
        {
            throw Cql2Exception.InJson(path, $"this GeoJSON {type.GetString()} is not valid: {ex.Message.TrimEnd('.')}", ex);
        }
    }

    private static Cql2Expression ReadOperation(JsonElement e, string path)
    {
        var op = e.GetProperty("op");
        if (op.ValueKind != JsonValueKind.String || op.GetString()!.Length == 0)
        {
            throw Cql2Exception.InJson($"{path}.op", "expected the operator name as a string, e.g. \"and\" or \"=\"");
        }

        foreach (var member in e.EnumerateObject())
        {
            if (member.Name is not ("op" or "args"))
            {
                throw Cql2Exception.InJson($"{path}.{member.Name}", "unexpected member; an operation has only \"op\" and \"args\"");
            }
        }

        if (!e.TryGetProperty("args", out var argsElement) || argsElement.ValueKind != JsonValueKind.Array)
        {
            throw Cql2Exception.InJson(path, $"the operation \"{op.GetString()}\" needs an \"args\" array");
        }

        return new OperationReader(op.GetString()!, argsElement, path).Read();
    }

    private static Cql2Expression Require(Cql2Expression expression, Func<Cql2Expression, bool> allowed, string what, string path) =>
        allowed(expression) ? expression : throw Cql2Exception.InJson(path, Expected(what, expression));

    /// <summary>One <c>{"op", "args"}</c> object: checks the argument count and kinds, then builds its node.</summary>
    private sealed class OperationReader(string name, JsonElement args, string path)
    {
        private readonly string lower = name.ToLowerInvariant();

        public Cql2Expression Read()
        {
            switch (lower)
            {
                case "and" or "or":
                    var conditions = Enumerable.Range(0, AtLeast(2)).Select(i => Arg(i, IsCondition, Condition)).ToList();
                    return lower == "and" ? new AndExpression(conditions) : new OrExpression(conditions);
                case "not":
                    Count(1, "one condition");
                    return new NotExpression(Arg(0, IsCondition, Condition));
                case "like":
                    Count(2, "a value and a pattern");
                    return new LikePredicate(Arg(0, IsCharacter, Character), Arg(1, IsPattern, Pattern));
                case "between":
                    Count(3, "a value, a low end and a high end");
                    return new BetweenPredicate(Arg(0, IsNumeric, Numeric), Arg(1, IsNumeric, Numeric), Arg(2, IsNumeric, Numeric));
                case "in":
                    Count(2, "a value and an array of values");
                    return new InPredicate(Arg(0, IsScalar, Scalar), List(1));
                case "isnull":
                    Count(1, "one value");
                    return new IsNullPredicate(Arg(0, _ => true, ""));
                case "casei":
                    Count(1, "one string");
                    return new CaseInsensitive(Arg(0, IsCharacter, Character));
                case "accenti":
                    Count(1, "one string");
                    return new AccentInsensitive(Arg(0, IsCharacter, Character));
                case "s_dwithin":
                    return ReadDistanceWithin();
            }

            if (ComparisonOperators.TryGetValue(name, out var comparison))
            {
                Count(2, "two values");
                return new ComparisonPredicate(comparison, Arg(0, IsScalar, Scalar), Arg(1, IsScalar, Scalar));
            }

            if (ArithmeticOperators.TryGetValue(name, out var arithmetic))
            {
                Count(2, "two numbers");
                return new ArithmeticExpression(arithmetic, Arg(0, IsNumeric, Numeric), Arg(1, IsNumeric, Numeric));
            }

            if (SpatialFunctions.TryGetValue(name, out var spatial))
            {
                Count(2, "two geometries");
                return new SpatialPredicate(spatial, Arg(0, IsGeometry, GeometryOperand), Arg(1, IsGeometry, GeometryOperand));
            }

            if (TemporalFunctions.TryGetValue(name, out var temporal))
            {
                Count(2, "two instants or intervals");
                return new TemporalPredicate(temporal, Arg(0, IsTemporal, TemporalOperand), Arg(1, IsTemporal, TemporalOperand));
            }

            if (ArrayFunctions.TryGetValue(name, out var array))
            {
                Count(2, "two arrays");
                return new ArrayPredicate(array, Arg(0, IsArrayOperand, ArrayOperand), Arg(1, IsArrayOperand, ArrayOperand));
            }

            return new FunctionCall(name, Enumerable.Range(0, args.GetArrayLength()).Select(i => ReadNode(args[i], ArgPath(i))).ToList());
        }

        private DistancePredicate ReadDistanceWithin()
        {
            var count = args.GetArrayLength();
            if (count is not (3 or 4))
            {
                throw Cql2Exception.InJson($"{path}.args", $"\"{name}\" takes 3 or 4 arguments (geometry, geometry, distance, unit), not {count}");
            }

            var left = Arg(0, IsGeometry, GeometryOperand);
            var right = Arg(1, IsGeometry, GeometryOperand);
            var distance = args[2].ValueKind == JsonValueKind.Number
                ? ReadNumber(args[2], ArgPath(2))
                : throw Cql2Exception.InJson(ArgPath(2), "expected the distance as a number");
            var unit = count == 4 ? ReadString(args[3], ArgPath(3), "a distance unit such as \"m\" or \"km\"") : "m";
            var metres = Cql2Literals.DistanceMeters(distance, unit, out var problem)
                ?? throw Cql2Exception.InJson(ArgPath(distance < 0 ? 2 : 3), problem);
            return new DistancePredicate(left, right, metres);
        }

        private List<Cql2Expression> List(int i)
        {
            var list = args[i];
            if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
            {
                throw Cql2Exception.InJson(ArgPath(i), "expected a non-empty array of values, e.g. [\"a\", \"b\"]");
            }

            return list.EnumerateArray().Select((item, j) => Require(ReadNode(item, $"{ArgPath(i)}[{j}]"), IsScalar, Scalar, $"{ArgPath(i)}[{j}]")).ToList();
        }

        private Cql2Expression Arg(int i, Func<Cql2Expression, bool> allowed, string what) =>
            Require(ReadNode(args[i], ArgPath(i)), allowed, what, ArgPath(i));

        private void Count(int expected, string what)
        {
            var count = args.GetArrayLength();
            if (count != expected)
            {
                throw Cql2Exception.InJson($"{path}.args",
                    $"\"{name}\" takes {expected} argument{(expected == 1 ? "" : "s")} ({what}), not {count}");
            }
        }

        private int AtLeast(int minimum)
        {
            var count = args.GetArrayLength();
            return count >= minimum
                ? count
                : throw Cql2Exception.InJson($"{path}.args", $"\"{name}\" takes at least {minimum} conditions, not {count}");
        }

        private string ArgPath(int i) => $"{path}.args[{i}]";
    }
}
