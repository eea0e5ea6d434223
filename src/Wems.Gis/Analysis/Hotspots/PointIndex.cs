namespace Wems.Gis.Analysis.Hotspots;

/// <summary>
/// A static 2-d tree over planar points (metres) answering "which points lie within r of here?" and
/// "which k points are nearest to point i?" in O(log n + answer) on average.
/// </summary>
/// <remarks>
/// Implicit layout: the node of a range [lo, hi) is the median at (lo + hi) / 2 along the axis with the larger
/// spread; ranges of <see cref="LeafSize"/> points or fewer are scanned. Distances are
/// <c>Math.Sqrt(dx * dx + dy * dy)</c> everywhere, so a band and the distances it was derived from agree bit for bit.
/// </remarks>
internal sealed class PointIndex
{
    private const int LeafSize = 8;

    private readonly double[] xs;
    private readonly double[] ys;
    private readonly int[] order;
    private readonly bool[] splitOnY;

    public PointIndex(ReadOnlySpan<double> xMeters, ReadOnlySpan<double> yMeters)
    {
        xs = xMeters.ToArray();
        ys = yMeters.ToArray();
        order = new int[xs.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        splitOnY = new bool[xs.Length];
        Build(0, xs.Length);
    }

    public int Count => xs.Length;

    public double Distance(int i, int j)
    {
        double dx = xs[i] - xs[j], dy = ys[i] - ys[j];
        return Math.Sqrt(dx * dx + dy * dy);
    }

    /// <summary>Adds to <paramref name="result"/> every point within <paramref name="radius"/> (inclusive) of point <paramref name="i"/>, itself included.</summary>
    public void WithinRadius(int i, double radius, List<int> result) => WithinRadius(xs[i], ys[i], radius, 0, xs.Length, result);

    /// <summary>
    /// The <paramref name="k"/> points nearest to point <paramref name="i"/>, itself excluded, nearest first; equal
    /// distances are ordered by index. Returns how many were found (fewer than k when there are fewer other points).
    /// </summary>
    public int Nearest(int i, int k, Span<int> indices, Span<double> distances)
    {
        var found = 0;
        Nearest(i, k, 0, xs.Length, indices, distances, ref found);
        return found;
    }

    private void Build(int lo, int hi)
    {
        if (hi - lo <= LeafSize)
        {
            return;
        }

        double minX = double.MaxValue, maxX = double.MinValue, minY = double.MaxValue, maxY = double.MinValue;
        for (var k = lo; k < hi; k++)
        {
            var p = order[k];
            minX = Math.Min(minX, xs[p]);
            maxX = Math.Max(maxX, xs[p]);
            minY = Math.Min(minY, ys[p]);
            maxY = Math.Max(maxY, ys[p]);
        }

        var mid = (lo + hi) / 2;
        var onY = maxY - minY > maxX - minX;
        splitOnY[mid] = onY;
        Select(lo, hi - 1, mid, onY ? ys : xs);
        Build(lo, mid);
        Build(mid + 1, hi);
    }

    // Hoare's selection: afterwards order[k] holds the k-th smallest key of order[lo..hi], smaller keys left of it.
    private void Select(int lo, int hi, int k, double[] key)
    {
        while (hi > lo)
        {
            var pivot = key[order[(lo + hi) / 2]];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (key[order[i]] < pivot)
                {
                    i++;
                }

                while (key[order[j]] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (order[i], order[j]) = (order[j], order[i]);
                    i++;
                    j--;
                }
            }

            if (k <= j)
            {
                hi = j;
            }
            else if (k >= i)
            {
                lo = i;
            }
            else
            {
                return;
            }
        }
    }

    private void WithinRadius(double x, double y, double radius, int lo, int hi, List<int> result)
    {
        if (hi - lo <= LeafSize)
        {
            for (var k = lo; k < hi; k++)
            {
                AddIfWithin(order[k], x, y, radius, result);
            }

            return;
        }

        var mid = (lo + hi) / 2;
        var p = order[mid];
        AddIfWithin(p, x, y, radius, result);
        var diff = splitOnY[mid] ? y - ys[p] : x - xs[p];
        if (diff <= radius)
        {
            WithinRadius(x, y, radius, lo, mid, result);
        }

        if (diff >= -radius)
        {
            WithinRadius(x, y, radius, mid + 1, hi, result);
        }
    }

    private void AddIfWithin(int p, double x, double y, double radius, List<int> result)
    {
        double dx = xs[p] - x, dy = ys[p] - y;
        if (Math.Sqrt(dx * dx + dy * dy) <= radius)
        {
            result.Add(p);
        }
    }

    private void Nearest(int i, int k, int lo, int hi, Span<int> indices, Span<double> distances, ref int found)
    {
        if (hi - lo <= LeafSize)
        {
            for (var m = lo; m < hi; m++)
            {
                Offer(i, order[m], k, indices, distances, ref found);
            }

            return;
        }

        var mid = (lo + hi) / 2;
        var p = order[mid];
        Offer(i, p, k, indices, distances, ref found);
        var diff = splitOnY[mid] ? ys[i] - ys[p] : xs[i] - xs[p];
        var (nearLo, nearHi, farLo, farHi) = diff <= 0 ? (lo, mid, mid + 1, hi) : (mid + 1, hi, lo, mid);
        Nearest(i, k, nearLo, nearHi, indices, distances, ref found);
        // Strictly greater: a far point at exactly the k-th distance may still win on its lower index.
        if (found < k || Math.Abs(diff) <= distances[found - 1])
        {
            Nearest(i, k, farLo, farHi, indices, distances, ref found);
        }
    }

    private void Offer(int i, int p, int k, Span<int> indices, Span<double> distances, ref int found)
    {
        if (p == i)
        {
            return;
        }

        var d = Distance(i, p);
        if (found == k && (d > distances[k - 1] || (d == distances[k - 1] && p > indices[k - 1])))
        {
            return;
        }

        var slot = found < k ? found++ : k - 1;
        while (slot > 0 && (distances[slot - 1] > d || (distances[slot - 1] == d && indices[slot - 1] > p)))
        {
            distances[slot] = distances[slot - 1];
            indices[slot] = indices[slot - 1];
            slot--;
        }

        distances[slot] = d;
        indices[slot] = p;
    }
}
