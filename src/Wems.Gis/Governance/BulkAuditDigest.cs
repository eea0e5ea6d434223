using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Wems.Gis.Governance;

/// <summary>
/// The digest of a bulk-load audit entry: SHA-256 over the sorted SHA-256 hashes of the rows' binary COPY
/// images (field count, then each field's length and bytes, as <c>COPY ... (FORMAT binary)</c> frames a row).
/// Sorting makes it a digest of the set of rows, whatever order they are written or read back in; duplicates
/// count. The loader computes it over the bytes it sends, the verifier over the bytes the database sends back.
/// </summary>
public sealed class BulkAuditDigest
{
    private RowHash[] hashes = new RowHash[1024];

    /// <summary>Rows added so far.</summary>
    public int Rows { get; private set; }

    /// <summary>Adds one row's binary image.</summary>
    public void Add(ReadOnlySpan<byte> row)
    {
        if (Rows == hashes.Length)
        {
            Array.Resize(ref hashes, hashes.Length * 2);
        }

        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(row, hash);
        hashes[Rows++] = new RowHash(
            BinaryPrimitives.ReadUInt64BigEndian(hash), BinaryPrimitives.ReadUInt64BigEndian(hash[8..]),
            BinaryPrimitives.ReadUInt64BigEndian(hash[16..]), BinaryPrimitives.ReadUInt64BigEndian(hash[24..]));
    }

    /// <summary>Forgets every row, keeping the memory.</summary>
    public void Clear() => Rows = 0;

    /// <summary>The digest of the rows added, as 64 lower-case hex digits.</summary>
    public string ToHex()
    {
        var rows = hashes.AsSpan(0, Rows);
        rows.Sort();
        var bytes = new byte[32 * Rows];
        for (var i = 0; i < rows.Length; i++)
        {
            var span = bytes.AsSpan(32 * i);
            BinaryPrimitives.WriteUInt64BigEndian(span, rows[i].A);
            BinaryPrimitives.WriteUInt64BigEndian(span[8..], rows[i].B);
            BinaryPrimitives.WriteUInt64BigEndian(span[16..], rows[i].C);
            BinaryPrimitives.WriteUInt64BigEndian(span[24..], rows[i].D);
        }

        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    private readonly record struct RowHash(ulong A, ulong B, ulong C, ulong D) : IComparable<RowHash>
    {
        public int CompareTo(RowHash other)
        {
            var c = A.CompareTo(other.A);
            if (c == 0)
            {
                c = B.CompareTo(other.B);
            }

            if (c == 0)
            {
                c = C.CompareTo(other.C);
            }

            return c == 0 ? D.CompareTo(other.D) : c;
        }
    }
}
