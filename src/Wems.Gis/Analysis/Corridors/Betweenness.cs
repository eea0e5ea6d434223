namespace Wems.Gis.Analysis.Corridors;

/// <summary>A directed, weighted edge of a country graph.</summary>
/// <param name="From">Tail node (an ISO alpha-2 code for country graphs).</param>
/// <param name="To">Head node.</param>
/// <param name="Weight">Flow weight (cases, kilograms, ...); heavier means a stronger, shorter link.</param>
public readonly record struct WeightedEdge(string From, string To, double Weight);

/// <summary>How the length of an edge is taken when finding shortest paths.</summary>
public enum PathLength
{
    /// <summary>
    /// Length = 1 / weight: a heavily used link is short, so shortest paths follow the main flows. Edges with
    /// weight zero or less are left out.
    /// </summary>
    InverseWeight,

    /// <summary>Every edge has length 1 (hops); weights only decide whether an edge exists (weight &gt; 0).</summary>
    Hops,
}

/// <summary>
/// Betweenness centrality of the nodes of a directed graph, by Brandes' algorithm: for every ordered pair
/// (s, t) of distinct nodes other than v, the share of shortest s→t paths that pass through v, summed.
/// </summary>
/// <remarks>
/// <para>
/// Brandes, U. (2001). A faster algorithm for betweenness centrality. Journal of Mathematical Sociology 25(2),
/// 163–177: one single-source shortest-path search per node (Dijkstra with a binary heap, or breadth-first
/// search for hops) counting shortest paths, then the dependencies accumulated back from the farthest node.
/// O(V·E + V² log V) time, O(V + E) memory. The country graph has at most a few hundred nodes.
/// </para>
/// <para>
/// Unnormalised and directed, so values equal networkx <c>betweenness_centrality(G, normalized=False,
/// weight=...)</c> on a <c>DiGraph</c> (no halving: each ordered pair counts). With <c>normalized</c> the values are
/// divided by (n − 1)(n − 2), as networkx does for directed graphs. Parallel edges are merged by summing their
/// weights before lengths are taken; self-loops are ignored. Two path lengths within a relative 1e-9 of each
/// other count as equal, so paths that tie up to rounding (1/3 + 1/3 + 1/3 against 1) share the credit.
/// </para>
/// </remarks>
public static class Betweenness
{
    private const double RelativeTie = 1e-9;

    /// <summary>
    /// Betweenness of every node named by <paramref name="edges"/> (isolated nodes get 0), keyed by node.
    /// </summary>
    public static IReadOnlyDictionary<string, double> Compute(
        IEnumerable<WeightedEdge> edges, PathLength length = PathLength.InverseWeight, bool normalized = false)
    {
        ArgumentNullException.ThrowIfNull(edges);
        var (names, adjacency) = Graph(edges, length);
        var n = names.Length;
        var centrality = new double[n];
        var sigma = new double[n];
        var distance = new double[n];
        var delta = new double[n];
        var settled = new bool[n];
        var predecessors = new List<int>[n];
        for (var i = 0; i < n; i++)
        {
            predecessors[i] = [];
        }

        var order = new Stack<int>(n);
        var queue = new PriorityQueue<int, double>();
        for (var s = 0; s < n; s++)
        {
            for (var i = 0; i < n; i++)
            {
                sigma[i] = 0;
                distance[i] = double.PositiveInfinity;
                delta[i] = 0;
                settled[i] = false;
                predecessors[i].Clear();
            }

            sigma[s] = 1;
            distance[s] = 0;
            queue.Enqueue(s, 0);
            while (queue.TryDequeue(out var v, out var d))
            {
                if (settled[v] || d > distance[v])
                {
                    continue; // a stale heap entry: v was reached by a shorter path since
                }

                // Positive lengths: every predecessor of v is settled before v, so sigma[v] is final here.
                settled[v] = true;
                order.Push(v);
                foreach (var (w, edgeLength) in adjacency[v])
                {
                    var alt = distance[v] + edgeLength;
                    if (settled[w])
                    {
                        continue;
                    }

                    if (IsTie(alt, distance[w]))
                    {
                        sigma[w] += sigma[v];
                        predecessors[w].Add(v);
                    }
                    else if (alt < distance[w])
                    {
                        distance[w] = alt;
                        sigma[w] = sigma[v];
                        predecessors[w].Clear();
                        predecessors[w].Add(v);
                        queue.Enqueue(w, alt);
                    }
                }
            }

            while (order.TryPop(out var w))
            {
                foreach (var v in predecessors[w])
                {
                    delta[v] += sigma[v] / sigma[w] * (1 + delta[w]);
                }

                if (w != s)
                {
                    centrality[w] += delta[w];
                }
            }
        }

        var scale = normalized && n > 2 ? 1.0 / ((n - 1) * (double)(n - 2)) : 1.0;
        var result = new Dictionary<string, double>(n, StringComparer.Ordinal);
        for (var i = 0; i < n; i++)
        {
            result[names[i]] = centrality[i] * scale;
        }

        return result;
    }

    private static bool IsTie(double a, double b) =>
        !double.IsInfinity(b) && Math.Abs(a - b) <= RelativeTie * Math.Max(Math.Abs(a), Math.Abs(b));

    /// <summary>Node names in ordinal order and, per node, its out-edges as (head, length).</summary>
    private static (string[] Names, List<(int To, double Length)>[] Adjacency) Graph(IEnumerable<WeightedEdge> edges, PathLength length)
    {
        var merged = new Dictionary<(string From, string To), double>();
        var nodes = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var e in edges)
        {
            ArgumentNullException.ThrowIfNull(e.From, nameof(edges));
            ArgumentNullException.ThrowIfNull(e.To, nameof(edges));
            nodes.Add(e.From);
            nodes.Add(e.To);
            if (!string.Equals(e.From, e.To, StringComparison.Ordinal))
            {
                merged[(e.From, e.To)] = merged.GetValueOrDefault((e.From, e.To)) + e.Weight;
            }
        }

        var names = nodes.ToArray();
        var index = new Dictionary<string, int>(names.Length, StringComparer.Ordinal);
        for (var i = 0; i < names.Length; i++)
        {
            index[names[i]] = i;
        }

        var adjacency = new List<(int To, double Length)>[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            adjacency[i] = [];
        }

        foreach (var ((from, to), weight) in merged.OrderBy(kv => kv.Key.From, StringComparer.Ordinal).ThenBy(kv => kv.Key.To, StringComparer.Ordinal))
        {
            if (weight > 0 && double.IsFinite(weight))
            {
                adjacency[index[from]].Add((index[to], length == PathLength.Hops ? 1.0 : 1.0 / weight));
            }
        }

        return (names, adjacency);
    }
}
