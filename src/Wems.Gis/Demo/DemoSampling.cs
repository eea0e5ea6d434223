namespace Wems.Gis.Demo;

/// <summary>
/// A fixed set of items with weights, sampled by one uniform draw and a binary search over the
/// cumulative weights. Items with a weight of zero or less are dropped.
/// </summary>
internal sealed class WeightedTable<T>
{
    private readonly T[] _items;
    private readonly double[] _cumulative;

    public WeightedTable(IEnumerable<(T Item, double Weight)> entries)
    {
        var items = new List<T>();
        var cumulative = new List<double>();
        var total = 0.0;
        foreach (var (item, weight) in entries)
        {
            if (!(weight > 0))
            {
                continue;
            }

            total += weight;
            items.Add(item);
            cumulative.Add(total);
        }

        _items = [.. items];
        _cumulative = [.. cumulative];
    }

    public bool IsEmpty => _items.Length == 0;

    public double Total => _cumulative.Length == 0 ? 0 : _cumulative[^1];

    public T Pick(Random rng)
    {
        if (_items.Length == 1)
        {
            return _items[0];
        }

        var target = rng.NextDouble() * _cumulative[^1];
        var index = Array.BinarySearch(_cumulative, target);
        index = index < 0 ? ~index : index + 1;
        return _items[Math.Min(index, _items.Length - 1)];
    }
}

/// <summary>Small random helpers shared by the demo generator; all draws come from the caller's <see cref="Random"/>.</summary>
internal static class DemoSampling
{
    /// <summary>A standard normal draw (Box–Muller, one value per call).</summary>
    public static double Normal(Random rng)
    {
        var u1 = 1.0 - rng.NextDouble();
        var u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>A log-normal draw with the given median and log-scale standard deviation, clamped to [min, max].</summary>
    public static double LogNormal(Random rng, double median, double sigma, double min, double max)
        => Math.Clamp(median * Math.Exp(sigma * Normal(rng)), min, max);

    /// <summary>A whole count ≥ 1 from a log-normal with the given median, clamped to max.</summary>
    public static int Count(Random rng, double median, double sigma, int max)
        => (int)Math.Round(LogNormal(rng, median, sigma, 1, max));

    public static bool Chance(Random rng, double probability) => rng.NextDouble() < probability;

    public static T Pick<T>(Random rng, T[] items) => items[rng.Next(items.Length)];

    public static char Letter(Random rng) => (char)('A' + rng.Next(26));

    /// <summary>
    /// A deterministic identifier from the seed and the index of the case: SplitMix64 over both,
    /// with the RFC 9562 version 8 (custom) and variant bits set.
    /// </summary>
    public static Guid CaseId(int seed, long index)
    {
        var state = ((ulong)(uint)seed << 32) ^ (ulong)index ^ 0x5745_4D53_4445_4D4FUL;
        Span<byte> bytes = stackalloc byte[16];
        BitConverter.TryWriteBytes(bytes, SplitMix64(ref state));
        BitConverter.TryWriteBytes(bytes[8..], SplitMix64(ref state));
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    private static ulong SplitMix64(ref ulong state)
    {
        var z = state += 0x9E37_79B9_7F4A_7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Great-circle distance in metres on a sphere of radius 6,371,008.8 m.</summary>
    public static double DistanceMeters(double x1, double y1, double x2, double y2)
    {
        const double toRad = Math.PI / 180.0;
        var dLat = (y2 - y1) * toRad;
        var dLon = (x2 - x1) * toRad;
        var a = Math.Sin(dLat / 2) * Math.Sin(dLat / 2)
            + Math.Cos(y1 * toRad) * Math.Cos(y2 * toRad) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        return 2 * 6_371_008.8 * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }
}
