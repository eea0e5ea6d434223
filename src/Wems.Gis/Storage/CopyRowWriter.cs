using System.Buffers.Binary;
using System.Text;

namespace Wems.Gis.Storage;

/// <summary>
/// Writes rows in PostgreSQL's binary COPY format into one growing buffer, without allocating per row.
/// Each value is written in the exact form the server's send function gives back for the stored value
/// (numerics at their column's scale, <c>char(n)</c> padded), so a row's bytes here equal the bytes of
/// <c>COPY ... TO STDOUT (FORMAT binary)</c> for the stored row: the bulk-load audit digest relies on that.
/// </summary>
internal sealed class CopyRowWriter
{
    /// <summary>Signature, flags and header extension length of a binary COPY stream.</summary>
    public static ReadOnlySpan<byte> Header => [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xff,
        (byte)'\r', (byte)'\n', 0, 0, 0, 0, 0, 0, 0, 0, 0];

    /// <summary>The end-of-data marker: a field count of -1.</summary>
    public static ReadOnlySpan<byte> Trailer => [0xff, 0xff];

    private static readonly int EpochDay = new DateOnly(2000, 1, 1).DayNumber;
    private static readonly long EpochTicks = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
    private byte[] buffer = new byte[1 << 20];
    private readonly List<int> rowEnds = [];
    private readonly List<int> auditBatchOffsets = [];

    /// <summary>Bytes written so far.</summary>
    public int Length { get; private set; }

    /// <summary>Rows written so far (the last one counts once started).</summary>
    public int Rows => rowEnds.Count + (Length > (rowEnds.Count == 0 ? 0 : rowEnds[^1]) ? 1 : 0);

    /// <summary>The rows, back to back (no header, no trailer).</summary>
    public Memory<byte> Data => buffer.AsMemory(0, Length);

    /// <summary>The bytes of row <paramref name="index"/>: its field count and fields.</summary>
    public Span<byte> Row(int index)
    {
        EndRow();
        return buffer.AsSpan(index == 0 ? 0 : rowEnds[index - 1], rowEnds[index] - (index == 0 ? 0 : rowEnds[index - 1]));
    }

    /// <summary>
    /// Writes an 8-byte integer slot reserved for the row's audit batch number (not necessarily its last field: columns
    /// added to a table later come after it), to be filled by <see cref="SetAuditBatch"/>.
    /// </summary>
    public void AuditBatch()
    {
        Int64(0);
        auditBatchOffsets.Add(Length - 8);
    }

    /// <summary>Overwrites the <see cref="AuditBatch"/> field of every row with <paramref name="value"/>.</summary>
    public void SetAuditBatch(long value)
    {
        EndRow();
        foreach (var offset in auditBatchOffsets)
        {
            BinaryPrimitives.WriteInt64BigEndian(buffer.AsSpan(offset), value);
        }
    }

    public void Clear()
    {
        Length = 0;
        rowEnds.Clear();
        auditBatchOffsets.Clear();
    }

    public void StartRow(short fields)
    {
        EndRow();
        BinaryPrimitives.WriteInt16BigEndian(Reserve(2), fields);
    }

    /// <summary>Closes the last row; call once after the last row of a batch.</summary>
    public void EndRow()
    {
        if (Length > (rowEnds.Count == 0 ? 0 : rowEnds[^1]))
        {
            rowEnds.Add(Length);
        }
    }

    public void Null() => BinaryPrimitives.WriteInt32BigEndian(Reserve(4), -1);

    public void Uuid(Guid value)
    {
        var span = Field(16);
        value.TryWriteBytes(span, bigEndian: true, out _);
    }

    public void Text(string? value)
    {
        if (value is null)
        {
            Null();
            return;
        }

        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        var span = Reserve(4 + max);
        var written = Encoding.UTF8.GetBytes(value, span[4..]);
        BinaryPrimitives.WriteInt32BigEndian(span, written);
        Length -= max - written;
    }

    /// <summary><c>char(n)</c>: padded with spaces to <paramref name="width"/>, as the server stores it.</summary>
    public void Char(string? value, int width) => Text(value is null || value.Length >= width ? value : value.PadRight(width));

    public void Boolean(bool value) => Field(1)[0] = value ? (byte)1 : (byte)0;

    public void Int16(short value) => BinaryPrimitives.WriteInt16BigEndian(Field(2), value);

    public void Int32(int value) => BinaryPrimitives.WriteInt32BigEndian(Field(4), value);

    public void Int64(long value) => BinaryPrimitives.WriteInt64BigEndian(Field(8), value);

    /// <summary><c>date</c>: days since 2000-01-01.</summary>
    public void Date(DateOnly? value)
    {
        if (value is { } v)
        {
            BinaryPrimitives.WriteInt32BigEndian(Field(4), v.DayNumber - EpochDay);
        }
        else
        {
            Null();
        }
    }

    /// <summary><c>time</c>: microseconds since midnight.</summary>
    public void Time(TimeOnly? value)
    {
        if (value is { } v)
        {
            BinaryPrimitives.WriteInt64BigEndian(Field(8), v.Ticks / TimeSpan.TicksPerMicrosecond);
        }
        else
        {
            Null();
        }
    }

    /// <summary><c>timestamptz</c>: microseconds since 2000-01-01 00:00 UTC.</summary>
    public void Timestamp(DateTime utc) =>
        BinaryPrimitives.WriteInt64BigEndian(Field(8), (utc.Ticks - EpochTicks) / TimeSpan.TicksPerMicrosecond);

    /// <summary>A 2D point with an SRID, as extended WKB (little-endian), the form PostGIS sends back.</summary>
    public void Point(double x, double y, int srid)
    {
        var span = Field(25);
        span[0] = 1;
        BinaryPrimitives.WriteUInt32LittleEndian(span[1..], 0x20000001);
        BinaryPrimitives.WriteInt32LittleEndian(span[5..], srid);
        BinaryPrimitives.WriteDoubleLittleEndian(span[9..], x);
        BinaryPrimitives.WriteDoubleLittleEndian(span[17..], y);
    }

    /// <summary>A one-dimensional <c>text[]</c> without nulls (an empty list is the empty array).</summary>
    public void TextArray(IReadOnlyList<string> values)
    {
        var start = Length;
        var header = Reserve(4 + 12 + (values.Count > 0 ? 8 : 0));
        BinaryPrimitives.WriteInt32BigEndian(header[4..], values.Count > 0 ? 1 : 0);
        BinaryPrimitives.WriteInt32BigEndian(header[8..], 0);
        BinaryPrimitives.WriteInt32BigEndian(header[12..], 25);
        if (values.Count > 0)
        {
            BinaryPrimitives.WriteInt32BigEndian(header[16..], values.Count);
            BinaryPrimitives.WriteInt32BigEndian(header[20..], 1);
        }

        foreach (var value in values)
        {
            Text(value);
        }

        BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan(start), Length - start - 4);
    }

    /// <summary>
    /// <c>numeric(p, scale)</c>: rounded half away from zero to <paramref name="scale"/> digits as the server's
    /// typmod does, in base-10000 digits without leading or trailing zero digits, display scale = scale.
    /// </summary>
    public void Numeric(decimal? value, int scale)
    {
        if (value is not { } v)
        {
            Null();
            return;
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThan(scale, 8);
        v = Math.Round(v, scale, MidpointRounding.AwayFromZero);
        var negative = v < 0;
        // The value times 10^(4 * fractional groups), an integer: its base-10000 digits are the numeric's.
        var fractionGroups = (scale + 3) / 4;
        var scaled = (UInt128)decimal.Truncate(Math.Abs(v) * Pow10(scale));
        scaled *= (UInt128)Pow10((fractionGroups * 4) - scale);
        Span<short> groups = stackalloc short[16];
        var count = 0;
        while (scaled > 0)
        {
            groups[count++] = (short)(ulong)(scaled % 10000);
            scaled /= 10000;
        }

        // groups[0] is the least significant; drop trailing zero digits (the low end).
        var low = 0;
        while (low < count && groups[low] == 0)
        {
            low++;
        }

        var digits = count - low;
        var weight = digits == 0 ? 0 : count - 1 - fractionGroups;
        var span = Field(8 + (2 * digits));
        BinaryPrimitives.WriteInt16BigEndian(span, (short)digits);
        BinaryPrimitives.WriteInt16BigEndian(span[2..], (short)weight);
        BinaryPrimitives.WriteUInt16BigEndian(span[4..], negative && digits > 0 ? (ushort)0x4000 : (ushort)0);
        BinaryPrimitives.WriteInt16BigEndian(span[6..], (short)scale);
        for (var i = 0; i < digits; i++)
        {
            BinaryPrimitives.WriteInt16BigEndian(span[(8 + (2 * i))..], groups[count - 1 - i]);
        }
    }

    private static decimal Pow10(int n)
    {
        var result = 1m;
        for (var i = 0; i < n; i++)
        {
            result *= 10;
        }

        return result;
    }

    private Span<byte> Field(int size)
    {
        var span = Reserve(4 + size);
        BinaryPrimitives.WriteInt32BigEndian(span, size);
        return span[4..];
    }

    private Span<byte> Reserve(int size)
    {
        if (Length + size > buffer.Length)
        {
            Array.Resize(ref buffer, Math.Max(buffer.Length * 2, Length + size));
        }

        var span = buffer.AsSpan(Length, size);
        Length += size;
        return span;
    }
}
