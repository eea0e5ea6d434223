using Npgsql;
using Wems.Gis.Cases;
using Wems.Gis.Features;
using Wems.Gis.Storage;
using Wems.Gis.Tests.Storage;
using Wems.Gis.Tests.Support;

namespace Wems.Gis.Tests.Features;

/// <summary>
/// Bbox pages of the cases collection (<see cref="FeatureStore"/>'s box page: ids from the box first, numberMatched counted
/// in the same scan), checked against plain SQL run as the table owner: the national caller's live cases whose point lies in
/// the box. Each test loads its own cases around Nairobi, so the box holds several pages.
/// </summary>
public sealed class BoxPageTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private const int PageSize = 40;
    private static readonly CallerScope Kenya = CallerScope.National("ke-analyst", "KE", "KWS");
    private static readonly BoundingBox Nairobi = new(36.5, -1.6, 37.2, -1.0);

    private const string ExpectedSql = """
        select id from seizure_case
        where country = 'KE' and deleted_at is null and geom && ST_MakeEnvelope(36.5, -1.6, 37.2, -1.0, 4326)
        order by id
        """;

    /// <summary>
    /// Loads <paramref name="count"/> Kenyan cases spread over the box (a few just outside it), one Tanzanian case inside
    /// it (which a Kenyan caller must not see), all with references starting with <paramref name="prefix"/>.
    /// </summary>
    private async Task LoadAsync(string prefix, int count, Func<int, Guid>? id = null)
    {
        var random = new Random(count);
        var cases = Enumerable.Range(0, count).Select(i =>
        {
            var inside = i % 10 != 0;
            var location = inside
                ? new GeoPoint(36.5 + random.NextDouble() * 0.7, -1.6 + random.NextDouble() * 0.6)
                : new GeoPoint(37.3 + random.NextDouble(), -0.9 + random.NextDouble());
            return CaseRepositoryTests.NewCase($"{prefix}-{i:D5}") with { Id = id?.Invoke(i) ?? Guid.NewGuid(), Location = location };
        }).ToList();
        cases.Add(CaseRepositoryTests.NewCase($"{prefix}-TZ") with
        {
            Id = Guid.NewGuid(), Country = "TZ", AgencyCode = "TAWA", Location = new GeoPoint(36.8, -1.3), Nominal = null,
        });
        await new CaseBulkLoader(db.DataSource, new CaseRepository(db.DataSource, new SharingRule())).LoadAsync(cases, "box-test");
    }

    private async Task<List<Guid>> ExpectedAsync()
    {
        var ids = new List<Guid>();
        await using var command = db.DataSource.CreateCommand(ExpectedSql);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    private async Task ExecuteAsync(string sql, params NpgsqlParameter[] parameters)
    {
        await using var command = db.DataSource.CreateCommand(sql);
        command.Parameters.AddRange(parameters);
        await command.ExecuteNonQueryAsync();
    }

    private static Task<FeaturePage> PageAsync(FeatureStore store, string? cursor) =>
        store.QueryAsync(FeatureCatalog.NationalCases, new FeatureQuery(Nairobi, null, PageSize, cursor), Kenya);

    [Fact]
    public async Task Paging_a_box_to_the_end_gives_each_case_in_it_once_in_id_order_with_the_exact_count_on_every_page()
    {
        await LoadAsync("BOX-ALL", 300);
        var expected = await ExpectedAsync();
        var store = new FeatureStore(db.DataSource);

        var ids = new List<Guid>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await PageAsync(store, cursor);
            Assert.Equal(expected.Count, page.NumberMatched);
            ids.AddRange(page.Features.Select(f => Guid.Parse(f.Id)));
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null);

        Assert.True(pages > 3, $"only {pages} pages: the box should hold several");
        Assert.Equal(expected, ids);
    }

    [Fact]
    public async Task Cases_added_while_paging_a_box_are_never_repeated_and_none_there_before_is_lost()
    {
        await LoadAsync("BOX-GROW", 200);
        var before = await ExpectedAsync();
        var store = new FeatureStore(db.DataSource);
        var first = await PageAsync(store, null);
        var seen = first.Features.Select(f => Guid.Parse(f.Id)).ToList();

        // New cases in the box while the client holds its cursor: ids all over the uuid range, so some sort before the
        // cursor (a keyset client never sees those) and some after it.
        await LoadAsync("BOX-NEW", 30);
        var after = await ExpectedAsync();
        Assert.True(after.Count > before.Count);

        var cursor = first.NextCursor;
        while (cursor is not null)
        {
            var page = await PageAsync(store, cursor);
            Assert.Equal(after.Count, page.NumberMatched);
            seen.AddRange(page.Features.Select(f => Guid.Parse(f.Id)));
            cursor = page.NextCursor;
        }

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Empty(before.Except(seen));
        // After the first page: exactly the cases (old and new) that sort after its last id, in PostgreSQL's uuid order.
        var last = seen[first.Features.Count - 1];
        Assert.Equal(after.Skip(after.IndexOf(last) + 1), seen.Skip(first.Features.Count));
    }

    [Fact]
    public async Task A_page_after_the_last_remaining_match_is_empty_and_still_counts_the_box()
    {
        await LoadAsync("BOX-GONE", 100);
        var store = new FeatureStore(db.DataSource);
        var first = await PageAsync(store, null);
        var lastId = Guid.Parse(first.Features[^1].Id);

        // Every case of the box after the first page is withdrawn before the client asks for the next one.
        await ExecuteAsync(
            "update seizure_case set deleted_at = now() where country = 'KE' and id > @last and geom && ST_MakeEnvelope(36.5, -1.6, 37.2, -1.0, 4326)",
            new NpgsqlParameter("last", lastId));
        var next = await PageAsync(store, first.NextCursor);

        Assert.Empty(next.Features);
        Assert.Null(next.NextCursor);
        Assert.Equal((await ExpectedAsync()).Count, next.NumberMatched);
        Assert.Equal(PageSize, next.NumberMatched);
    }

    [Fact]
    public async Task A_box_page_has_the_same_geometry_and_properties_as_each_feature_read_by_its_id()
    {
        await LoadAsync("BOX-SAME", 60);
        var store = new FeatureStore(db.DataSource);

        var page = await PageAsync(store, null);

        Assert.Equal(PageSize, page.Features.Count);
        Assert.Contains(page.Features, f => f.Values[FeatureCatalog.NationalCases.Properties.Count - 2] is string);
        foreach (var feature in page.Features)
        {
            var single = await store.GetAsync(FeatureCatalog.NationalCases, feature.Id, Kenya);
            Assert.NotNull(single);
            Assert.Equal(single.GeometryJson, feature.GeometryJson);
            Assert.Equal(single.Values, feature.Values);
        }
    }
}
