using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Wems.Web.Tests.Reports;

/// <summary>
/// The part of JSON Schema 2020-12 that docs/ecomessage.schema.json uses, checked with System.Text.Json: local
/// <c>$ref</c>, <c>type</c>, <c>required</c>, <c>properties</c>, <c>additionalProperties: false</c>, <c>items</c>,
/// <c>enum</c>, <c>pattern</c>, string lengths, numeric bounds and the formats date, date-time and uuid.
/// </summary>
internal static class SchemaCheck
{
    public static JsonElement Load()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "docs", "ecomessage.schema.json")))
        {
            directory = directory.Parent;
        }

        var path = Path.Combine(directory?.FullName ?? throw new FileNotFoundException("docs/ecomessage.schema.json"), "docs", "ecomessage.schema.json");
        return JsonDocument.Parse(File.ReadAllText(path)).RootElement;
    }

    /// <summary>Every place where <paramref name="instance"/> breaks <paramref name="schema"/>, by JSON path.</summary>
    public static List<string> Errors(JsonElement schema, JsonElement instance)
    {
        var errors = new List<string>();
        Check(schema, schema, instance, "$", errors);
        return errors;
    }

    private static void Check(JsonElement root, JsonElement schema, JsonElement value, string path, List<string> errors)
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            var target = root;
            foreach (var part in reference.GetString()!.TrimStart('#', '/').Split('/'))
            {
                target = target.GetProperty(part);
            }

            Check(root, target, value, path, errors);
            return;
        }

        if (schema.TryGetProperty("type", out var type) && !HasType(value, type.GetString()!))
        {
            errors.Add($"{path}: is {value.ValueKind}, not {type.GetString()}");
            return;
        }

        if (schema.TryGetProperty("enum", out var allowed) && !allowed.EnumerateArray().Any(a => a.ToString() == value.ToString()))
        {
            errors.Add($"{path}: '{value}' is not in the enum");
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                var required = schema.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(n => n.GetString()!) : [];
                foreach (var name in required.Where(n => !value.TryGetProperty(n, out _)))
                {
                    errors.Add($"{path}: '{name}' is required");
                }

                var properties = schema.TryGetProperty("properties", out var p) ? p : default;
                foreach (var property in value.EnumerateObject())
                {
                    if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(property.Name, out var sub))
                    {
                        Check(root, sub, property.Value, $"{path}.{property.Name}", errors);
                    }
                    else if (schema.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.False)
                    {
                        errors.Add($"{path}: '{property.Name}' is not allowed");
                    }
                }

                break;
            case JsonValueKind.Array when schema.TryGetProperty("items", out var items):
                var i = 0;
                foreach (var item in value.EnumerateArray())
                {
                    Check(root, items, item, $"{path}[{i++}]", errors);
                }

                break;
            case JsonValueKind.String:
                CheckString(schema, value.GetString()!, path, errors);
                break;
            case JsonValueKind.Number:
                var number = value.GetDouble();
                if ((schema.TryGetProperty("minimum", out var min) && number < min.GetDouble())
                    || (schema.TryGetProperty("maximum", out var max) && number > max.GetDouble())
                    || (schema.TryGetProperty("exclusiveMinimum", out var xmin) && number <= xmin.GetDouble()))
                {
                    errors.Add($"{path}: {number} is out of bounds");
                }

                break;
        }
    }

    private static void CheckString(JsonElement schema, string text, string path, List<string> errors)
    {
        if (schema.TryGetProperty("pattern", out var pattern) && !Regex.IsMatch(text, pattern.GetString()!))
        {
            errors.Add($"{path}: '{text}' does not match {pattern.GetString()}");
        }

        if ((schema.TryGetProperty("minLength", out var minLength) && text.Length < minLength.GetInt32())
            || (schema.TryGetProperty("maxLength", out var maxLength) && text.Length > maxLength.GetInt32()))
        {
            errors.Add($"{path}: length {text.Length} is out of bounds");
        }

        var valid = !schema.TryGetProperty("format", out var format) || format.GetString() switch
        {
            "date" => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
            "date-time" => DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
            "uuid" => Guid.TryParseExact(text, "D", out _),
            _ => true,
        };
        if (!valid)
        {
            errors.Add($"{path}: '{text}' is not a {format.GetString()}");
        }
    }

    private static bool HasType(JsonElement value, string type) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        _ => false,
    };
}
