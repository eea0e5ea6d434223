using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;

namespace Wems.Web.Tests.Tiers;

/// <summary>
/// Thousands of malformed and hostile requests to every endpoint the server maps (enumerated from its
/// <see cref="EndpointDataSource"/>, so a new endpoint is fuzzed without touching this test), anonymously and as the
/// regional analyst: SQL injection in every query parameter, route value and CQL2 literal or identifier, oversized, NaN
/// and inverted bounding boxes, huge limits, bad dates, bad tokens and Basic headers, path tricks, unicode and very long
/// strings. The server must answer every one without a 500, log no database error, and show no row outside the caller's
/// tier. The inputs come from a fixed seed, so a failure replays.
/// </summary>
[Collection(TierServerGroup.Name)]
public sealed class FuzzTests(TierServer server, ITestOutputHelper output)
{
    private const int Seed = 20261130;
    private const int RequestsPerCaller = 1000;
    private static readonly string[] Members = ["KE", "TZ", "UG", "CG"];
    private static readonly string[] NominalNames = ["offenders", "conveyances", "nominal", "notes", "aliases", "identity_numbers"];

    private static readonly string[] Hostile =
    [
        "' OR '1'='1", "'; drop table seizure_case; --", "1; select pg_sleep(5)--", "\" or \"\"=\"", "KE' union select name from case_offender --",
        "') or true --", "1) or (1=1", "%27%20OR%201%3D1", "$$; drop table x; $$", "E'\\x00'", "\\'; --", "1e309", "NaN", "-Infinity",
        "-1", "0", "2147483648", "99999999999999999999999", "1.5", "0x7fffffff", "", " ", "null", "true", "[]", "{}", "%00", "\0",
        "ǅ𝕎🦏", "\u202e\u0000\uffff", "é" + new string('ü', 300), new string('A', 10_000), "../../etc/passwd", "..%2f..%2fetc%2fpasswd",
        "%2e%2e%2f%2e%2e%2f", "/etc/passwd", "C:\\Windows\\win.ini", "<script>alert(1)</script>", "${jndi:ldap://x}", "{{7*7}}",
        "-180,-90,180,90", "1e308,1e308,-1e308,-1e308", "NaN,NaN,NaN,NaN", "Infinity,0,1,1", "10,10,0,0", "1,2,3", "1,2,3,4,5,6,7",
        "200,100,-200,-100", ",,,", "1,2,3,4,5", "9999-99-99", "2020-01-01/1999-01-01", "../..", "0000-00-00T00:00:00Z", "2020-02-30",
        "2020-01-01T25:61:61Z", "-292277022657-01-27T08:29:52Z", "2020-01-01/..", "http://www.opengis.net/def/crs/EPSG/0/999999",
        "EPSG:4326' --", "-offenders", "+offenders,-pg_sleep(1)", "country;drop", "offenders,conveyances", "*", "c.name", "cql2-json",
        "cql-text", "xml", "csv", "gpkg", "shp", "html",
    ];

    private static readonly string[] HostileCql =
    [
        "country = 'KE' OR 1=1", "country = 'KE''; drop table seizure_case; --'", "\"offenders\" = 'x'", "offenders LIKE '%'",
        "conveyances IS NOT NULL", "country = 'KE' AND (select 1) = 1", "pg_sleep(10) = 1", "1/0 = 1", "name = 'x'", "c.country = 'KE'",
        "S_INTERSECTS(geometry, POLYGON((0 0, 1 1, 0 0)))", "S_INTERSECTS(geometry, POINT(NaN NaN))", "S_INTERSECTS(geometry, BBOX(200,100,-200,-100))",
        "country IN (" + string.Join(",", Enumerable.Range(0, 5000).Select(i => $"'{i}'")) + ")", new string('(', 2000) + "true" + new string(')', 2000),
        "date > DATE('9999-99-99')", "date > TIMESTAMP('x')", "quantity_kg > 1e400", "country = 'ǅ𝕎🦏'", "\"country\"\"; drop\" = 'KE'",
        "country = $$x$$", "CASEI(country) = casei('ke')", "A_CONTAINS(country, ('KE'))", "T_AFTER(date, INTERVAL('..','..'))",
        "{\"op\":\"=\",\"args\":[{\"property\":\"offenders\"},\"x\"]}", "{\"op\":\"or\",\"args\":[true,{\"op\":\"=\",\"args\":[{\"property\":\"pg_sleep(1)\"},1]}]}",
        "{\"op\":\"=\",\"args\":[{\"property\":\"country\"},\"KE' or '1'='1\"]}", "{\"op\":", "[" + new string('[', 5000),
    ];

    private static readonly string[] Parameters =
    [
        "f", "bbox", "bbox-crs", "crs", "datetime", "limit", "cursor", "properties", "filter", "filter-lang", "sortby", "country", "commodity",
        "year", "format", "by", "shared", "from", "to", "ids", "nominal", "next", "actor", "operation", "returnUrl", "organisation",
    ];

    private static readonly string[] Paths =
    [
        "/styles/..%2f..%2fetc%2fpasswd.json", "/styles/../../etc/passwd.json", "/styles/%2e%2e%2fappsettings.json", "/tiles/../", "/tiles/..%2f..%2f/0/0/0.mvt",
        "/tiles/cases/0/0/0.mvt/../../../etc/passwd", "/ogc/collections/..%2f..%2fetc/items", "/%2e%2e/%2e%2e/etc/passwd", "/lib/..%2f..%2fappsettings.json",
        "/lib/maplibre-gl/..%2f..%2f..%2fWems.Web.dll", "/appsettings.json", "/.wems/tile-cache/", "/tiles/cases/99/1/1.mvt", "/tiles/cases/0/-1/0.mvt",
        "/tiles/cases/3/8/8.mvt", "/tiles/countries/22/4194303/4194303.mvt", "/ogc/collections/cases/items/'%20or%201=1--", "/api/cases/00000000-0000-0000-0000-000000000000",
        "//etc/passwd", "/api/../api/admin/users", "/api/admin/users/..%2fadmin", "/openapi/..%2f..%2fappsettings.json",
    ];

    private static readonly string[] BadAuthorization =
    [
        "Bearer ", "Bearer x.y.z", "Bearer wems_pat_'--", "Bearer wems_pat_" + new string('x', 5000), "Basic !!!", "Basic " + B64("nocolon"),
        "Basic " + B64(":"), "Basic " + B64("admin' --:x"), "Basic " + B64(new string('u', 5000) + ":p"), "Digest abc", "Bearer " + new string('A', 20_000),
        "Basic " + B64("fuzz-nobody:' or 1=1 --"), "Negotiate", "Bearer CfDJ8" + new string('Z', 300), "Basic =", "Basic " + B64("\0:\0"),
    ];

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    /// <summary>A (method, route template) for every endpoint the app maps.</summary>
    private List<(string Method, string Template)> Endpoints()
    {
        var sources = server.Server.Services.GetRequiredService<EndpointDataSource>();
        var list = new List<(string, string)>();
        foreach (var endpoint in sources.Endpoints.OfType<RouteEndpoint>())
        {
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            foreach (var method in methods)
            {
                list.Add((method, "/" + endpoint.RoutePattern.RawText!.TrimStart('/')));
            }
        }

        return list.Distinct().OrderBy(e => e.Item2, StringComparer.Ordinal).ThenBy(e => e.Item1, StringComparer.Ordinal).ToList();
    }

    [Fact]
    public async Task Hostile_inputs_to_every_endpoint_give_no_500_no_database_error_and_nothing_outside_the_tier()
    {
        var endpoints = Endpoints();
        Assert.Contains(endpoints, e => e.Template.StartsWith("/ogc/collections/{collectionId}/items", StringComparison.Ordinal));
        Assert.Contains(endpoints, e => e.Template.StartsWith("/tiles/", StringComparison.Ordinal));
        Assert.Contains(endpoints, e => e.Template.StartsWith("/api/admin/", StringComparison.Ordinal));
        var caseId = await server.ScalarAsync<Guid>("select id from seizure_case where transboundary and country = 'KE' order by id limit 1");
        var regionalToken = await server.TokenAsync("latf-analyst");
        var logged = server.Logs.Entries.Count;
        var watch = Stopwatch.StartNew();
        var failures = new List<string>();
        var counts = new Dictionary<string, int>();

        foreach (var (caller, token) in new[] { ("anonymous", (string?)null), ("latf-analyst", regionalToken) })
        {
            var random = new Random(Seed);
            var client = server.Server.CreateClient();
            if (token is not null)
            {
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            var requests = new List<HttpRequestMessage>();
            foreach (var path in Paths)
            {
                requests.Add(new HttpRequestMessage(HttpMethod.Get, path));
            }

            foreach (var authorization in BadAuthorization)
            {
                var message = new HttpRequestMessage(HttpMethod.Get, random.Next(3) switch { 0 => "/ogc/collections", 1 => "/tiles/countries/0/0/0.mvt", _ => "/api/cases" });
                message.Headers.TryAddWithoutValidation("Authorization", authorization);
                requests.Add(message);
            }

            while (requests.Count < RequestsPerCaller)
            {
                var (method, template) = endpoints[random.Next(endpoints.Count)];
                requests.Add(Build(random, method, template, caseId));
            }

            foreach (var request in requests)
            {
                var key = $"{request.Method} {request.RequestUri}";
                var isApiDescription = request.RequestUri!.OriginalString.StartsWith("/openapi/", StringComparison.Ordinal);
                HttpResponseMessage response;
                try
                {
                    response = await client.SendAsync(request);
                }
                catch (Exception e) when (e is HttpRequestException or InvalidOperationException)
                {
                    failures.Add($"{caller}: {Short(key)} threw {e.GetType().Name}: {e.Message}");
                    continue;
                }

                var status = (int)response.StatusCode;
                counts[$"{caller} {status}"] = counts.GetValueOrDefault($"{caller} {status}") + 1;
                var body = await response.Content.ReadAsByteArrayAsync();
                if (status >= 500)
                {
                    failures.Add($"{caller}: {Short(key)} -> {status} {Short(Encoding.UTF8.GetString(body))}");
                    continue;
                }

                var text = Encoding.UTF8.GetString(body);
                if (text.Contains("root:x:0:0", StringComparison.Ordinal) || text.Contains("MigrateOnStart", StringComparison.Ordinal))
                {
                    failures.Add($"{caller}: {Short(key)} leaked a file");
                }

                // The API description names every DTO property (nominal ones too): it is no data.
                if (status == 200 && response.Content.Headers.ContentType?.MediaType is "application/geo+json" or "application/json"
                    && !isApiDescription)
                {
                    CheckTier(caller, key, text, failures);
                }
            }
        }

        var databaseErrors = server.Logs.Entries.Skip(logged)
            .Where(e => e.Exception is NpgsqlException || e.Exception?.InnerException is NpgsqlException
                        || e.Category.StartsWith("Npgsql", StringComparison.Ordinal) && e.Level >= Microsoft.Extensions.Logging.LogLevel.Warning
                        || e.Message.Contains("PostgresException", StringComparison.Ordinal) || e.Level >= Microsoft.Extensions.Logging.LogLevel.Error)
            .Select(e => $"{e.Category} {e.Level}: {Short(e.Message)} {e.Exception?.GetType().Name} {Short(e.Exception?.Message ?? "")}")
            .ToList();
        output.WriteLine($"{2 * RequestsPerCaller} requests in {watch.Elapsed.TotalSeconds:F1} s over {endpoints.Count} endpoints: " +
                         string.Join(", ", counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}: {c.Value}")));

        foreach (var entry in server.Logs.Entries.Skip(logged).Where(e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error).Take(10))
        {
            output.WriteLine($"{entry.Category} {entry.Level}: {entry.Message} {entry.Exception}");
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(40)));
        Assert.True(databaseErrors.Count == 0, string.Join("\n", databaseErrors.Take(40)));
        Assert.True(counts.Keys.Count(k => k.EndsWith(" 200", StringComparison.Ordinal)) == 2, "both callers should also get some answers");
    }

    private static string Short(string text) => text.Length > 300 ? text[..300] + "…" : text;

    // A feature or case outside the caller's tier, or a nominal property, in any JSON answer.
    private static void CheckTier(string caller, string key, string text, List<string> failures)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            failures.Add($"{caller}: {Short(key)} answered invalid JSON");
            return;
        }

        using (document)
        {
            foreach (var element in Walk(document.RootElement))
            {
                if (element.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                foreach (var property in element.EnumerateObject())
                {
                    if (NominalNames.Contains(property.Name))
                    {
                        failures.Add($"{caller}: {Short(key)} has the nominal property '{property.Name}'");
                    }
                }

                // A case (feature of the cases collection, or item of /api/cases) carries its reference and country.
                if (element.TryGetProperty("reference", out _) && element.TryGetProperty("country", out var country)
                    && country.ValueKind == JsonValueKind.String
                    && (caller == "anonymous" || !Members.Contains(country.GetString())
                        || (element.TryGetProperty("transboundary", out var shared) && shared.ValueKind == JsonValueKind.False)))
                {
                    failures.Add($"{caller}: {Short(key)} shows a case outside the tier ({country})");
                }
            }
        }
    }

    private static IEnumerable<JsonElement> Walk(JsonElement element)
    {
        yield return element;
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in element.EnumerateObject())
            {
                foreach (var e in Walk(p.Value))
                {
                    yield return e;
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                foreach (var e in Walk(item))
                {
                    yield return e;
                }
            }
        }
    }

    private static readonly string[] CollectionIds =
        ["cases", "countries", "border-posts", "hotspots", "public-hotspots", "public-country-stats", "corridors", "nope"];

    private static readonly string[] LayerIds = ["cases", "countries", "public-hotspots", "airports", "nope"];

    private static HttpRequestMessage Build(Random random, string method, string template, Guid caseId)
    {
        var path = new StringBuilder();
        var i = 0;
        while (i < template.Length)
        {
            if (template[i] == '{')
            {
                var end = template.IndexOf('}', i);
                var name = template[(i + 1)..end].Split(':', '=', '?')[0].TrimStart('*');
                path.Append(RouteValue(random, name, caseId));
                i = end + 1;
            }
            else
            {
                path.Append(template[i++]);
            }
        }

        var query = new List<string>();
        var parameters = random.Next(4);
        for (var p = 0; p < parameters; p++)
        {
            var name = random.Next(10) == 0 ? Pick(random, Hostile) : Pick(random, Parameters);
            var value = name == "filter" && random.Next(3) > 0 ? Pick(random, HostileCql) : Pick(random, Hostile);
            query.Add($"{Uri.EscapeDataString(name)}={Uri.EscapeDataString(value)}");
        }

        var url = path.ToString() + (query.Count > 0 ? "?" + string.Join('&', query) : "");
        var message = new HttpRequestMessage(new HttpMethod(method), url);
        if (method is "POST" or "PUT" or "PATCH")
        {
            message.Content = random.Next(5) switch
            {
                0 => new StringContent("{\"username\":" + JsonSerializer.Serialize(Pick(random, Hostile)) + ",\"password\":\"x\",\"name\":"
                                       + JsonSerializer.Serialize(Pick(random, Hostile)) + ",\"members\":[\"KE'--\"]}", Encoding.UTF8, "application/json"),
                1 => new StringContent("{\"reference\":" + JsonSerializer.Serialize(Pick(random, Hostile)) + ",\"date\":\"9999-99-99\",\"location\":{\"lon\":1e400,\"lat\":\"NaN\"}}",
                    Encoding.UTF8, "application/json"),
                2 => new StringContent(Pick(random, Hostile), Encoding.UTF8, "application/json"),
                3 => new FormUrlEncodedContent(new Dictionary<string, string> { ["username"] = "fuzz-" + random.Next(), ["password"] = Pick(random, Hostile) }),
                _ => new StringContent("{\"cases\":[{\"reference\":1,\"nominal\":{\"offenders\":[{\"name\":\"x\"}]}}],\"schemaVersion\":" + JsonSerializer.Serialize(Pick(random, Hostile)) + "}",
                    Encoding.UTF8, "application/json"),
            };
        }

        return message;
    }

    private static string RouteValue(Random random, string name, Guid caseId)
    {
        // A NUL in the path never reaches the app: the HTTP server refuses it (the in-memory test server throws).
        var hostile = random.Next(3) == 0 ? Pick(random, Hostile) : null;
        if (hostile is not null && !hostile.Contains('\0', StringComparison.Ordinal) && !hostile.Contains("%00", StringComparison.Ordinal))
        {
            return Uri.EscapeDataString(hostile);
        }

        return name switch
        {
            "collectionId" => Pick(random, CollectionIds),
            "layer" => Pick(random, LayerIds),
            "z" => random.Next(-1, 24).ToString(System.Globalization.CultureInfo.InvariantCulture),
            "x" or "y" => random.Next(-2, 70).ToString(System.Globalization.CultureInfo.InvariantCulture),
            "id" => random.Next(2) == 0 ? caseId.ToString() : random.Next(1, 50).ToString(System.Globalization.CultureInfo.InvariantCulture),
            "featureId" => random.Next(2) == 0 ? caseId.ToString() : "KE",
            "name" => random.Next(2) == 0 ? "wems" : "nope",
            "documentName" => "v1",
            "username" => "latf-analyst",
            "code" => "LATF",
            _ => "x",
        };
    }

    private static string Pick(Random random, string[] values) => values[random.Next(values.Length)];
}
