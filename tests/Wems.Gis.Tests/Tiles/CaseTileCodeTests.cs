using Wems.Gis.Tests.Support;
using Wems.Gis.Tiles;

namespace Wems.Gis.Tests.Tiles;

public sealed class CaseTileCodeTests
{
    // The merge square of a position at zoom z, counted as the tiles count (column from the west, row from the north),
    // from the Web-Mercator formulas directly rather than from the code.
    private static (long Column, long Row) SquareOf(double longitude, double latitude, int z)
    {
        var squares = 256.0 / CaseTileLayers.MergePixels * Math.Pow(2, z);
        var y = Math.Log(Math.Tan(Math.PI / 4 + latitude * Math.PI / 180 / 2));
        return ((long)Math.Floor((longitude + 180) / 360 * squares), (long)Math.Floor((0.5 - y / (2 * Math.PI)) * squares));
    }

    private static bool InRanges((long[] Low, long[] High) ranges, long code) =>
        ranges.Low.Zip(ranges.High).Any(r => code >= r.First && code <= r.Second);

    [Theory]
    [InlineData(12, 36.9275, -1.3192)]
    [InlineData(14, 39.2026, -6.8780)]
    [InlineData(9, 30.48, -2.90)]
    [InlineData(20, -0.0001, 0.0001)]
    public void A_tile_reads_exactly_the_cases_of_its_merge_squares_and_of_the_ring_of_squares_around_it(int z, double longitude, double latitude)
    {
        var squaresPerTile = 256 / CaseTileLayers.MergePixels;
        var (squareColumn, squareRow) = SquareOf(longitude, latitude, z);
        var tile = (X: (int)(squareColumn / squaresPerTile), Y: (int)(squareRow / squaresPerTile));
        var ranges = CaseTileCode.SquareRanges(z, tile.X, tile.Y);
        var random = new Random(z);
        var tileDegrees = 360 / Math.Pow(2, z);

        for (var i = 0; i < 20_000; i++)
        {
            // Points over the tile and a tenth of a tile around it, so that the ring and what lies beyond it are both hit.
            var lon = longitude + (random.NextDouble() * 2.4 - 1.2) * tileDegrees;
            var lat = latitude + (random.NextDouble() * 2.4 - 1.2) * tileDegrees * Math.Cos(latitude * Math.PI / 180);
            var (column, row) = SquareOf(lon, lat, z);
            var expected = column >= tile.X * squaresPerTile - 1 && column <= (tile.X + 1) * squaresPerTile
                && row >= tile.Y * squaresPerTile - 1 && row <= (tile.Y + 1) * squaresPerTile;

            Assert.Equal(expected, InRanges(ranges, CaseTileCode.Encode(lon, lat)!.Value));
        }
    }

    [Fact]
    public void Cases_of_the_same_merge_square_share_the_code_prefix_and_neighbours_do_not()
    {
        const int z = 12;
        var shift = CaseTileCode.SquareShift(z);
        var random = new Random(3);
        for (var i = 0; i < 20_000; i++)
        {
            double lon1 = 36.9 + random.NextDouble() * 0.01, lat1 = -1.3 + random.NextDouble() * 0.01;
            double lon2 = 36.9 + random.NextDouble() * 0.01, lat2 = -1.3 + random.NextDouble() * 0.01;
            var sameSquare = SquareOf(lon1, lat1, z) == SquareOf(lon2, lat2, z);

            Assert.Equal(sameSquare, CaseTileCode.Encode(lon1, lat1) >> shift == CaseTileCode.Encode(lon2, lat2) >> shift);
        }
    }

    [Fact]
    public void Ranges_are_ascending_and_disjoint_and_no_more_than_the_tile_and_its_ring()
    {
        var (low, high) = CaseTileCode.SquareRanges(14, 9976, 8472);

        Assert.InRange(low.Length, 2, 1 + 4 * 66 - 4);
        for (var i = 0; i < low.Length; i++)
        {
            Assert.True(low[i] <= high[i]);
            Assert.True(i == 0 || low[i] > high[i - 1] + 1, "touching ranges are joined");
        }
    }

    [Fact]
    public void The_world_tile_is_one_range_with_no_ring_beyond_the_edges_of_the_world()
    {
        var (low, high) = CaseTileCode.SquareRanges(0, 0, 0);

        Assert.Equal([0L], low);
        Assert.Equal([(1L << 62) - 1], high);
    }

    [Theory]
    [InlineData(0.0, 85.06)]
    [InlineData(10.0, -89.0)]
    [InlineData(180.5, 0.0)]
    public void A_position_outside_the_mercator_square_has_no_code(double longitude, double latitude)
    {
        Assert.Null(CaseTileCode.Encode(longitude, latitude));
    }
}

/// <summary>The database's <c>case_tile_code</c> (migration 0019, the stored <c>seizure_case.tile_code</c>) and <see cref="CaseTileCode.Encode"/> agree.</summary>
public sealed class CaseTileCodeDatabaseTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task The_database_computes_the_same_code_as_the_library_down_to_a_few_centimetres()
    {
        var random = new Random(11);
        var lons = Enumerable.Range(0, 2000).Select(_ => random.NextDouble() * 360 - 180).ToArray();
        var lats = Enumerable.Range(0, 2000).Select(_ => random.NextDouble() * 170 - 85).ToArray();
        await using var command = db.DataSource.CreateCommand(
            "select case_tile_code(ST_SetSRID(ST_MakePoint(t.lon, t.lat), 4326)) from unnest(@lons, @lats) with ordinality t(lon, lat, n) order by n");
        command.Parameters.AddWithValue("lons", lons);
        command.Parameters.AddWithValue("lats", lats);
        await using var reader = await command.ExecuteReaderAsync();
        var i = 0;
        while (await reader.ReadAsync())
        {
            // Both round with the same formulas; the last bits may differ where float rounding lands on a 2 cm cell edge.
            var expected = CaseTileCode.Encode(lons[i], lats[i])!.Value;
            Assert.Equal(expected >> 8, reader.GetInt64(0) >> 8);
            i++;
        }

        Assert.Equal(lons.Length, i);
    }
}
