using System.Text.Json;
using Wems.Gis.Cases;
using Wems.Web.Cases;

namespace Wems.Web.Import;

// GeoJSON: one Point feature per case, the case API's request body as its properties.
public static partial class ImportReader
{
    private static ImportFile ReadGeoJson(byte[] content)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(content);
        }
        catch (JsonException e)
        {
            return new ImportFile([], [new ImportProblem(1, null, "*", $"the file is not JSON: {e.Message}")], 0, Unusable: true);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String
                || type.GetString() != "FeatureCollection" || !root.TryGetProperty("features", out var features)
                || features.ValueKind != JsonValueKind.Array)
            {
                return new ImportFile([], [new ImportProblem(1, null, "*", "the file is not a GeoJSON FeatureCollection with a 'features' array.")], 0, Unusable: true);
            }

            var cases = new List<ImportCase>();
            var fileProblems = new List<ImportProblem>();
            var row = 0;
            foreach (var feature in features.EnumerateArray())
            {
                row++;
                var read = ReadFeature(feature, row, out var problems);
                if (read is null)
                {
                    fileProblems.AddRange(problems.Select(p => new ImportProblem(row, null, p.Field, p.Message)));
                    continue;
                }

                cases.Add(read);
            }

            return new ImportFile(cases, fileProblems, row);
        }
    }

    private static ImportCase? ReadFeature(JsonElement feature, int row, out List<FieldProblem> problems)
    {
        problems = [];
        if (feature.ValueKind != JsonValueKind.Object || !feature.TryGetProperty("properties", out var properties)
            || properties.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new FieldProblem("properties", "a feature needs a 'properties' object with the case's fields."));
            return null;
        }

        CaseRequest request;
        try
        {
            request = properties.Deserialize<CaseRequest>(JsonOptions) ?? new CaseRequest();
        }
        catch (JsonException e)
        {
            var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "properties" : e.Path.TrimStart('$', '.');
            var reference = properties.TryGetProperty("reference", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            problems.Add(new FieldProblem(field, e.Message.Contains("could not be mapped", StringComparison.Ordinal)
                ? "is not a field of a case."
                : "has the wrong JSON type."));
            return reference is null ? null : new ImportCase(reference, row, [], new CaseRequest { Reference = reference }, problems);
        }

        if (string.IsNullOrEmpty(request.Reference))
        {
            problems.Add(new FieldProblem("reference", "is required."));
            return null;
        }

        if (request.Location is not null)
        {
            problems.Add(new FieldProblem("location", "give the location as the feature's Point geometry, not as a property."));
        }

        LocationDto? location = null;
        if (feature.TryGetProperty("geometry", out var geometry) && geometry.ValueKind == JsonValueKind.Object
            && geometry.TryGetProperty("type", out var kind) && kind.ValueKind == JsonValueKind.String && kind.GetString() == "Point"
            && geometry.TryGetProperty("coordinates", out var xy) && xy.ValueKind == JsonValueKind.Array && xy.GetArrayLength() >= 2
            && xy[0].ValueKind == JsonValueKind.Number && xy[1].ValueKind == JsonValueKind.Number)
        {
            location = new LocationDto(xy[0].GetDouble(), xy[1].GetDouble());
        }
        else
        {
            problems.Add(new FieldProblem("geometry", "a case needs a Point geometry [longitude, latitude] in WGS84."));
        }

        var lines = Enumerable.Repeat(row, request.Specimens?.Count ?? 0).ToList();
        return new ImportCase(request.Reference, row, lines, request with { Location = location }, problems);
    }
}
