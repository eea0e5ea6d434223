using System.Diagnostics;
using System.Globalization;
using System.Text;
using Npgsql;
using Wems.Gis.Cases;
using Wems.Gis.Demo;
using Wems.Gis.Reference;
using Wems.Gis.Storage;
using Wems.Gis.Tiles;
using Wems.Tiles;
using Wems.Tiles.Caching;

namespace Wems.Benchmarks;

/// <summary>
/// Case vector tiles at zooms 4, 8, 12 and 14, in one run over the same database: WEMS cold (TileStore.RenderAsync,
/// no tile cache: pre-aggregated cells below zoom 9, pre-aggregated 8-pixel merge squares at zooms 9-14), WEMS warm (TileCache hits in memory, in process, no HTTP), and the plain
/// <c>ST_AsMVT(ST_AsMVTGeom(...))</c> over the same case rows that Martin and pg_tileserv run for a table source (every
/// case a point, the table's own columns including the stored specimen summary, no aggregation). All queries run under the same national tier session
/// (row-level security on), with the same concurrency, over the same tiles: the tiles under 60 random cases of the
/// caller's country at each zoom.
/// </summary>
internal static class TileBenchmark
{
    private const int Workers = 4;
    private static readonly int[] Zooms = [4, 8, 12, 14];
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(1);

    private const string PlainSql = """
        select ST_AsMVT(t, 'cases', 4096, 'geom') from (
            select c.id::text as id, c.reference, c.event_date, c.country, c.agency_code, c.status, c.location_type,
                   c.commodities, c.quantity_kg::float8 as quantity_kg,
                   ST_AsMVTGeom(ST_Transform(c.geom, 3857), ST_TileEnvelope(@z, @x, @y), 4096, 64, true) as geom
            from seizure_case c
            where c.deleted_at is null and c.geom && ST_Transform(ST_TileEnvelope(@z, @x, @y, margin => 64.0 / 4096), 4326)
        ) t
        where t.geom is not null
        """;

    public static async Task<string> RunAsync(string serverUrl, int caseCount)
    {
        var dataDirectory = ReferenceDataFiles.FindDataDirectory();
        var connectionString = await LoadBenchmark.CreateDatabaseAsync(serverUrl, "wems_bench_tiles", dataDirectory);
        var world = new DemoWorld(ReferenceDataFiles.LoadSites(dataDirectory), ReferenceDataFiles.LoadSpecies(dataDirectory));
        var ci = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        await using (var dataSource = WemsDatabase.CreateDataSource(connectionString, "wems-bench"))
        {
            var loader = new CaseBulkLoader(dataSource, new CaseRepository(dataSource, new SharingRule()));
            await loader.LoadAsync(DemoCaseGenerator.Generate(world, new DemoOptions { Cases = caseCount, Seed = 7 }), "wems-bench",
                mode: BulkLoadMode.Exclusive);
            await using (var vacuum = dataSource.CreateCommand("vacuum analyze"))
            {
                await vacuum.ExecuteNonQueryAsync();
            }

            var store = new TileStore(dataSource);
            var rebuild = Stopwatch.StartNew();
            await store.RebuildCaseCellsAsync(await store.LatestInvalidationAsync());
            rebuild.Stop();
            await using (var vacuum = dataSource.CreateCommand("vacuum analyze case_cell, case_cell_group, case_square, case_square_group"))
            {
                await vacuum.ExecuteNonQueryAsync();
            }

            string country, agency;
            long visible;
            await using (var pick = dataSource.CreateCommand(
                "select country, min(agency_code), count(*) from seizure_case where deleted_at is null group by country order by count(*) desc limit 1"))
            await using (var reader = await pick.ExecuteReaderAsync())
            {
                await reader.ReadAsync();
                (country, agency, visible) = (reader.GetString(0), reader.GetString(1), reader.GetInt64(2));
            }

            var points = new List<(double X, double Y)>();
            await using (var sample = dataSource.CreateCommand(
                "select ST_X(geom), ST_Y(geom) from seizure_case where country = $1 and deleted_at is null order by md5(id::text) limit 60"))
            {
                sample.Parameters.AddWithValue(country);
                await using var reader = await sample.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    points.Add((reader.GetDouble(0), reader.GetDouble(1)));
                }
            }

            var scope = CallerScope.National("wems-bench", country, agency);
            var layer = CaseTileLayers.National;
            text.AppendLine(ci, $"### Case vector tiles vs plain ST_AsMVT ({caseCount:N0} generated cases; national caller of {country}, {visible:N0} cases visible)");
            text.AppendLine();
            text.AppendLine(ci, $"{Workers} concurrent clients, {Duration.TotalSeconds:F0} s per measurement after {WarmUp.TotalSeconds:F0} s of warm-up, " +
                                $"over the distinct tiles under 60 random cases of {country} at each zoom. Pre-aggregated cells and merge squares rebuilt from the " +
                                $"cases in {rebuild.Elapsed.TotalSeconds:F1} s (case_squares_rebuild and case_cells_rebuild: merge squares of zooms 14, 12 and 10, cells of zooms 0-8).");
            text.AppendLine("WEMS cold = TileStore.RenderAsync without the tile cache (zoom < 9: pre-aggregated cells with counts, kg and commodity " +
                            "mix; zooms 9-14: pre-aggregated merge squares, cases within 8 pixels merged into one feature with a count, single cases read by id); WEMS warm = TileCache hit in memory (in process, no HTTP); " +
                            "plain = ST_AsMVT(ST_AsMVTGeom(...)) of every case point in the tile with the table's columns (Martin / pg_tileserv).");
            text.AppendLine();
            text.AppendLine(ci, $"WEMS cold 1 client = the same cold tiles requested one at a time: the latency of a tile without the other {Workers - 1} clients " +
                                $"queueing for the CPU (the machine has few cores; 4 clients on 2 cores roughly double every latency).");
            text.AppendLine();
            text.AppendLine("| zoom | tiles | WEMS cold tiles/s | WEMS cold p50 / p99 ms | WEMS cold 1 client p50 / p99 ms | plain tiles/s | plain p50 / p99 ms | WEMS warm tiles/s | warm / plain | mean KB WEMS / plain |");
            text.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");

            var cache = new TileCache(new TileCacheOptions { MemoryMaxBytes = 512L * 1024 * 1024 });
            foreach (var z in Zooms)
            {
                var tiles = points.Select(p => WebMercator.TileAt(p.X, p.Y, z)).Distinct().ToArray();
                long wemsBytes = 0, plainBytes = 0;
                foreach (var tile in tiles)
                {
                    var payload = await store.RenderAsync(layer, tile.Z, tile.X, tile.Y, CaseTileFilter.None, scope);
                    wemsBytes += payload.Length;
                    cache.Set(new TileKey(layer.Id, "bench", tile), payload, cache.DataVersion(layer.Id));
                    plainBytes += (await PlainAsync(dataSource, scope, tile)).Length;
                }

                var cold = await MeasureAsync(async r =>
                {
                    var tile = tiles[r.Next(tiles.Length)];
                    return (await store.RenderAsync(layer, tile.Z, tile.X, tile.Y, CaseTileFilter.None, scope)).Length;
                });
                var single = await MeasureAsync(async r =>
                {
                    var tile = tiles[r.Next(tiles.Length)];
                    return (await store.RenderAsync(layer, tile.Z, tile.X, tile.Y, CaseTileFilter.None, scope)).Length;
                }, workers: 1);
                var plain = await MeasureAsync(async r => (await PlainAsync(dataSource, scope, tiles[r.Next(tiles.Length)])).Length);
                var warm = await MeasureAsync(r =>
                    Task.FromResult(cache.TryGet(new TileKey(layer.Id, "bench", tiles[r.Next(tiles.Length)]), out var hit)
                        ? hit.Payload.Length
                        : throw new InvalidOperationException("A warm tile was not in the cache.")));
                Console.WriteLine($"z{z}: cold {cold.PerSecond:F0}/s p99 {cold.P99:F1} ms (1 client p99 {single.P99:F1} ms), plain {plain.PerSecond:F0}/s p99 {plain.P99:F1} ms, warm {warm.PerSecond:F0}/s");
                text.AppendLine(ci, $"| {z} | {tiles.Length} | {cold.PerSecond:F0} | {cold.P50:F1} / {cold.P99:F1} | {single.P50:F1} / {single.P99:F1} | {plain.PerSecond:F1} | {plain.P50:F1} / {plain.P99:F1} | " +
                                    $"{warm.PerSecond:F0} | {warm.PerSecond / plain.PerSecond:F0}x | {wemsBytes / 1024.0 / tiles.Length:F1} / {plainBytes / 1024.0 / tiles.Length:F1} |");
            }
        }

        text.AppendLine();
        NpgsqlConnection.ClearAllPools();
        await LoadBenchmark.DropAsync(serverUrl, "wems_bench_tiles");
        return text.ToString();
    }

    private static async Task<byte[]> PlainAsync(NpgsqlDataSource dataSource, CallerScope scope, TileCoord tile)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await TierSession.ApplyAsync(connection, scope);
        await using var command = new NpgsqlCommand(PlainSql, connection);
        command.Parameters.AddWithValue("z", tile.Z);
        command.Parameters.AddWithValue("x", tile.X);
        command.Parameters.AddWithValue("y", tile.Y);
        return await command.ExecuteScalarAsync() as byte[] ?? [];
    }

    private sealed record Measurement(double PerSecond, double P50, double P99);

    private static async Task<Measurement> MeasureAsync(Func<Random, Task<int>> request, int workers = Workers)
    {
        await RunWorkersAsync(request, WarmUp, workers);
        var latencies = await RunWorkersAsync(request, Duration, workers);
        latencies.Sort();
        double Percentile(double q) => latencies[Math.Min(latencies.Count - 1, (int)(q * latencies.Count))];
        return new Measurement(latencies.Count / Duration.TotalSeconds, Percentile(0.50), Percentile(0.99));
    }

    private static async Task<List<double>> RunWorkersAsync(Func<Random, Task<int>> request, TimeSpan duration, int count)
    {
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, count).Select(i => Task.Run(async () =>
        {
            var random = new Random(i);
            var mine = new List<double>();
            while (Stopwatch.GetTimestamp() < end)
            {
                var start = Stopwatch.GetTimestamp();
                await request(random);
                mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }

            return mine;
        })).ToArray();
        return [.. (await Task.WhenAll(workers)).SelectMany(m => m)];
    }
}
