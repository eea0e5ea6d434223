using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NetTopologySuite.Geometries;
using Npgsql;
using Wems.Gis.Analysis.Borders;
using Wems.Gis.Geography;
using Wems.Web.Tests.Support;

namespace Wems.Web.Tests.AnalysisRuns;

/// <summary><c>/api/posts</c> (editable post set) and <c>/api/scenarios</c> (copy, edit, compare side by side).</summary>
public sealed class ScenarioApiTests(WemsFactory factory) : IClassFixture<WemsFactory>
{
    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private static Uri Path(string path) => new(path, UriKind.Relative);

    [Fact]
    public async Task National_analysts_edit_their_countrys_posts_and_everyone_reads_them()
    {
        var kenya = factory.BasicClient("ke-analyst");
        var curated = (await JsonAsync(await factory.CreateClient().GetAsync(Path("/api/posts?country=KE")))).GetArrayLength();
        Assert.True(curated > 0, "the curated Kenyan border posts are in the post set");

        var created = await kenya.PostAsJsonAsync(Path("/api/posts"), new { name = "Test post", longitude = 35.0, latitude = -1.5 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var post = await JsonAsync(created);
        Assert.Equal("KE", post.GetProperty("country").GetString());
        var location = created.Headers.Location!;

        Assert.Equal(HttpStatusCode.Forbidden, (await factory.BasicClient("ke-officer").PostAsJsonAsync(Path("/api/posts"),
            new { name = "x", longitude = 35.0, latitude = -1.0 })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await factory.BasicClient("latf-analyst").PostAsJsonAsync(Path("/api/posts"),
            new { name = "x", longitude = 35.0, latitude = -1.0 })).StatusCode);
        // Another country's analyst cannot move it: row-level security finds no post of theirs.
        Assert.Equal(HttpStatusCode.NotFound, (await factory.BasicClient("tz-analyst").PutAsJsonAsync(location,
            new { name = "moved", longitude = 35.1, latitude = -1.5 })).StatusCode);

        var moved = await JsonAsync(await kenya.PutAsJsonAsync(location, new { name = "Moved post", longitude = 35.2, latitude = -1.4 }));
        Assert.Equal((35.2, -1.4, "Moved post"), (moved.GetProperty("longitude").GetDouble(), moved.GetProperty("latitude").GetDouble(),
            moved.GetProperty("name").GetString()));
        Assert.Equal(curated + 1, (await JsonAsync(await factory.CreateClient().GetAsync(Path("/api/posts?country=KE")))).GetArrayLength());

        Assert.Equal(HttpStatusCode.NoContent, (await kenya.DeleteAsync(location)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await kenya.GetAsync(location)).StatusCode);
        Assert.Equal(curated, (await JsonAsync(await factory.CreateClient().GetAsync(Path("/api/posts?country=KE")))).GetArrayLength());
    }

    [Theory]
    [InlineData("""{"longitude": 35, "latitude": -1}""", "name")]
    [InlineData("""{"name": "x", "latitude": -1}""", "longitude")]
    [InlineData("""{"name": "x", "longitude": 35, "latitude": 95}""", "latitude")]
    [InlineData("""{"name": "x", "longitude": "east", "latitude": 1}""", "longitude")]
    public async Task A_bad_post_is_a_400_naming_the_field(string body, string field)
    {
        var response = await factory.BasicClient("ke-analyst").PostAsync(Path("/api/posts"),
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, (await JsonAsync(response)).GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task A_deleted_curated_post_does_not_come_back_and_border_coverage_uses_the_edited_set()
    {
        var kenya = factory.BasicClient("ke-analyst");
        var posts = await JsonAsync(await kenya.GetAsync(Path("/api/posts?country=KE")));
        var first = posts.EnumerateArray().First(p => p.GetProperty("fromReference").GetBoolean());
        var id = first.GetProperty("id").GetGuid();

        Assert.Equal(HttpStatusCode.NoContent, (await kenya.DeleteAsync(Path($"/api/posts/{id}"))).StatusCode);

        var after = await JsonAsync(await kenya.GetAsync(Path("/api/posts?country=KE")));
        Assert.DoesNotContain(after.EnumerateArray(), p => p.GetProperty("id").GetGuid() == id);
        Assert.DoesNotContain(after.EnumerateArray(), p => p.GetProperty("name").GetString() == first.GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_post_added_in_a_scenario_covers_exactly_the_segments_within_20_km_by_PostGIS_geography()
    {
        var client = factory.BasicClient("ke-analyst");
        var created = await client.PostAsJsonAsync(Path("/api/scenarios"), new { name = "New post on the KE-SO border" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var scenario = await JsonAsync(created);
        var current = (await JsonAsync(await client.GetAsync(Path("/api/posts")))).GetArrayLength();
        Assert.Equal(current, scenario.GetProperty("posts").GetArrayLength());
        var id = scenario.GetProperty("id").GetGuid();

        // Unchanged copy: before and after are the same.
        var same = await JsonAsync(await client.GetAsync(Path($"/api/scenarios/{id}/comparison")));
        Assert.All(same.GetProperty("segments").EnumerateArray(), s => Assert.Equal(0, s.GetProperty("deltaKm").GetDouble(), 1e-9));

        // A new post at the middle vertex of the Kenya–Somalia border, where the curated posts leave a long gap.
        var border = await BorderAsync("KE", "SO");
        var line = (LineString)border.Geometry.GetGeometryN(0);
        var at = line.GetCoordinateN(line.NumPoints / 2);
        var added = await client.PostAsJsonAsync(Path($"/api/scenarios/{id}/posts"), new { name = "Proposed", longitude = at.X, latitude = at.Y });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);

        var report = await JsonAsync(await client.GetAsync(Path($"/api/scenarios/{id}/comparison")));
        var segments = BorderSegmentation.Split([border]).ToDictionary(s => s.Id);
        var rows = report.GetProperty("segments").EnumerateArray().Where(s => segments.ContainsKey(s.GetProperty("segmentId").GetString()!)).ToList();
        Assert.Equal(segments.Count, rows.Count);
        var gained = 0;
        foreach (var row in rows)
        {
            // The reference: PostGIS's geodesic distance from the post to the segment.
            var distance = await DistanceMetersAsync(segments[row.GetProperty("segmentId").GetString()!].Geometry, at);
            var delta = row.GetProperty("deltaKm").GetDouble();

            // Each row carries its segment's line (to 1e-5°), so a map can draw the difference.
            var vertices = row.GetProperty("line").EnumerateArray().Select(v => (X: v[0].GetDouble(), Y: v[1].GetDouble())).ToList();
            var geometry = segments[row.GetProperty("segmentId").GetString()!].Geometry;
            Assert.Equal(geometry.NumPoints, vertices.Count);
            Assert.Equal(geometry.StartPoint.X, vertices[0].X, 1e-5);
            Assert.Equal(geometry.EndPoint.Y, vertices[^1].Y, 1e-5);
            var uncoveredBefore = row.GetProperty("lengthKm").GetDouble() - row.GetProperty("coveredKmBefore").GetDouble();
            if (distance > 20_000 * 1.0005)
            {
                Assert.Equal(0, delta, 1e-9);
            }
            else if (distance < 20_000 * 0.9995 && uncoveredBefore > 0.01)
            {
                Assert.True(delta > 0, $"segment {row.GetProperty("segmentId")} at {distance:F0} m gains cover");
                gained++;
            }
        }

        Assert.True(gained > 0);
        var pair = report.GetProperty("pairs").EnumerateArray().Single(p => p.GetProperty("iso2A").GetString() == "KE" && p.GetProperty("iso2B").GetString() == "SO");
        Assert.True(pair.GetProperty("coveragePctAfter").GetDouble() > pair.GetProperty("coveragePctBefore").GetDouble());
        var gaps = report.GetProperty("gapsAfter").EnumerateArray().Select(g => g.GetProperty("lengthKm").GetDouble()).ToList();
        Assert.Equal(gaps.OrderByDescending(g => g), gaps);
        Assert.All(report.GetProperty("gapsAfter").EnumerateArray(), g => Assert.True(g.GetProperty("line").GetArrayLength() >= 2));

        // Moving and removing the post in the scenario; the current posts are untouched.
        var postId = (await JsonAsync(added)).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync(Path($"/api/scenarios/{id}/posts/{postId}"),
            new { name = "Moved", longitude = at.X + 0.1, latitude = at.Y })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(Path($"/api/scenarios/{id}/posts/{postId}"))).StatusCode);
        Assert.Equal(current, (await JsonAsync(await client.GetAsync(Path("/api/posts")))).GetArrayLength());
        var back = await JsonAsync(await client.GetAsync(Path($"/api/scenarios/{id}/comparison")));
        Assert.Equal(back.GetProperty("coveragePctBefore").GetDouble(), back.GetProperty("coveragePctAfter").GetDouble(), 1e-9);
    }

    [Fact]
    public async Task A_scenario_belongs_to_its_scope()
    {
        var created = await factory.BasicClient("ke-analyst").PostAsJsonAsync(Path("/api/scenarios"), new { name = "Kenyan plan" });
        var location = created.Headers.Location!;

        Assert.Equal(HttpStatusCode.OK, (await factory.BasicClient("ke-officer").GetAsync(location)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await factory.BasicClient("tz-analyst").GetAsync(location)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await factory.BasicClient("latf-analyst").GetAsync(location)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().GetAsync(location)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await factory.BasicClient("ke-officer").DeleteAsync(location)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await factory.BasicClient("ke-analyst").PostAsJsonAsync(Path("/api/scenarios"),
            new { name = "x", coverageKm = -1 })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await factory.BasicClient("ke-analyst").DeleteAsync(location)).StatusCode);
    }

    private async Task<BorderLine> BorderAsync(string a, string b)
    {
        await using var command = factory.Database.DataSource.CreateCommand("select length_km, geom from border where iso2_a = @a and iso2_b = @b");
        command.Parameters.AddWithValue("a", a);
        command.Parameters.AddWithValue("b", b);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return new BorderLine(a, b, reader.GetFieldValue<MultiLineString>(1), reader.GetDouble(0));
    }

    private async Task<double> DistanceMetersAsync(LineString segment, Coordinate post)
    {
        await using var command = factory.Database.DataSource.CreateCommand(
            "select ST_Distance(ST_SetSRID(@segment::geometry, 4326)::geography, ST_SetSRID(ST_MakePoint(@x, @y), 4326)::geography)");
        command.Parameters.Add(new NpgsqlParameter("segment", segment));
        command.Parameters.AddWithValue("x", post.X);
        command.Parameters.AddWithValue("y", post.Y);
        return (double)(await command.ExecuteScalarAsync())!;
    }
}
