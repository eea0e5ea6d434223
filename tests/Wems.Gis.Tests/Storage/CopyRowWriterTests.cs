using Npgsql;
using Wems.Gis.Storage;
using Wems.Gis.Tests.Support;

namespace Wems.Gis.Tests.Storage;

/// <summary>
/// The bulk-load audit digest hashes the bytes the loader sends and, later, the bytes PostgreSQL sends back
/// for the stored rows: the two must be the same for every type the case tables use. The reference is the
/// server itself (a COPY in, then a COPY out of the same table).
/// </summary>
public sealed class CopyRowWriterTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private const string Columns = "n3, n2, c2, c3, d, tm, ts, g, a, b, s, i, l, u, x";

    private static readonly decimal?[] Quantities = [0.001m, 1m, 14.5m, 9999.999m, 10000m, 12345678.9m, 123456789012345.678m, -2.25m, 1.0005m, null];
    private static readonly decimal?[] Values = [0m, 0.01m, 100000000m, 99999999.99m, 12.3m, 1m, 0.5m, -0.01m, 2.675m, null];

    [Fact]
    public async Task Rows_written_by_hand_read_back_byte_for_byte_from_the_server()
    {
        var writer = new CopyRowWriter();
        for (var i = 0; i < Quantities.Length; i++)
        {
            writer.StartRow(15);
            writer.Numeric(Quantities[i], 3);
            writer.Numeric(Values[i], 2);
            writer.Char(i % 2 == 0 ? "KE" : null, 2);
            writer.Char(i % 3 == 0 ? "US" : "EUR", 3);
            writer.Date(i % 4 == 0 ? null : new DateOnly(1999 + i, 12, 31));
            writer.Time(i % 4 == 1 ? null : new TimeOnly(i, 59, 58, 123).Add(TimeSpan.FromMicroseconds(456)));
            writer.Timestamp(new DateTime(2026, 11, 30, 1, 2, 3, DateTimeKind.Utc).AddTicks(i * 12_340));
            writer.Point(36.8219 + i, -1.2921 - (i * 0.001), 4326);
            writer.TextArray(i % 2 == 0 ? [] : ["alias", "Élodie", ""]);
            writer.Boolean(i % 2 == 0);
            writer.Int16((short)-i);
            writer.Int32(i * 1000);
            writer.Int64(long.MaxValue - i);
            writer.Uuid(Guid.CreateVersion7());
            writer.Text(i % 5 == 0 ? null : $"Ngong Road {i} — «quoted»");
        }

        await using var connection = await db.DataSource.OpenConnectionAsync();
        await using (var create = new NpgsqlCommand(
            "create temp table t (n3 numeric(18, 3), n2 numeric(18, 2), c2 char(2), c3 char(3), d date, tm time, ts timestamptz, " +
            "g geometry(Point, 4326), a text[], b boolean, s smallint, i integer, l bigint, u uuid, x text)", connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        await using (var copyIn = await connection.BeginRawBinaryCopyAsync($"copy t ({Columns}) from stdin (format binary)"))
        {
            await copyIn.WriteAsync(CopyRowWriter.Header.ToArray());
            await copyIn.WriteAsync(writer.Data);
            await copyIn.WriteAsync(CopyRowWriter.Trailer.ToArray());
        }

        using var stored = new MemoryStream();
        await using (var copyOut = await connection.BeginRawBinaryCopyAsync($"copy t ({Columns}) to stdout (format binary)"))
        {
            await copyOut.CopyToAsync(stored);
        }

        var expected = CopyRowWriter.Header.ToArray().Concat(writer.Data.ToArray()).Concat(CopyRowWriter.Trailer.ToArray()).ToArray();
        Assert.Equal(Quantities.Length, writer.Rows);
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(stored.ToArray()));
    }
}
