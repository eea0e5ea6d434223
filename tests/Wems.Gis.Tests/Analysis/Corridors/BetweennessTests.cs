using Wems.Gis.Analysis.Corridors;

namespace Wems.Gis.Tests.Analysis.Corridors;

// Expected values are counted by hand from the definition in Brandes (2001), "A faster algorithm for betweenness
// centrality": for each ordered pair (s, t), v earns the share of shortest s→t paths through it. They equal
// networkx 3.6 betweenness_centrality(DiGraph, normalized=False, weight="length") with length = 1 / weight
// (weight=None for hops), which was run on the same graphs.
public sealed class BetweennessTests
{
    private static WeightedEdge E(string from, string to, double weight = 1) => new(from, to, weight);

    [Fact]
    public void On_a_path_a_b_c_the_middle_node_has_betweenness_one()
    {
        var b = Betweenness.Compute([E("a", "b"), E("b", "c")]);

        Assert.Equal(0, b["a"], 12);
        Assert.Equal(1, b["b"], 12);
        Assert.Equal(0, b["c"], 12);
    }

    [Fact]
    public void The_hub_of_a_two_way_star_with_three_leaves_lies_on_all_six_leaf_pairs()
    {
        var b = Betweenness.Compute([E("h", "x"), E("x", "h"), E("h", "y"), E("y", "h"), E("h", "z"), E("z", "h")]);

        Assert.Equal(6, b["h"], 12);
        Assert.Equal(0, b["x"], 12);
    }

    [Fact]
    public void The_hub_of_an_outward_star_lies_between_no_pair()
    {
        var b = Betweenness.Compute([E("h", "x"), E("h", "y"), E("h", "z")]);

        Assert.All(b.Values, v => Assert.Equal(0, v, 12));
    }

    [Fact]
    public void Two_equal_shortest_paths_split_the_credit_half_and_half()
    {
        var b = Betweenness.Compute([E("a", "b"), E("b", "d"), E("a", "c"), E("c", "d")]);

        Assert.Equal(0.5, b["b"], 12);
        Assert.Equal(0.5, b["c"], 12);
    }

    [Fact]
    public void Paths_that_tie_up_to_rounding_split_the_credit_too()
    {
        // Lengths 0.1 + 0.2 = 0.30000000000000004 against 0.15 + 0.15 = 0.3: equal but for rounding.
        var b = Betweenness.Compute([E("a", "b", 10), E("b", "d", 5), E("a", "c", 1 / 0.15), E("c", "d", 1 / 0.15)]);

        Assert.Equal(0.5, b["b"], 12);
        Assert.Equal(0.5, b["c"], 12);
    }

    [Fact]
    public void With_inverse_weights_a_weak_direct_link_loses_to_a_strong_detour_but_wins_in_hops()
    {
        WeightedEdge[] edges = [E("a", "b"), E("b", "c"), E("a", "c", 0.1)];

        Assert.Equal(1, Betweenness.Compute(edges, PathLength.InverseWeight)["b"], 12);
        Assert.Equal(0, Betweenness.Compute(edges, PathLength.Hops)["b"], 12);
    }

    [Fact]
    public void A_corridor_graph_ranks_Kenya_first_as_in_networkx()
    {
        WeightedEdge[] edges =
        [
            E("TZ", "KE", 30), E("UG", "KE", 12), E("KE", "AE", 20), E("KE", "VN", 15), E("AE", "CN", 18), E("AE", "VN", 4),
            E("TZ", "MZ", 6), E("MZ", "VN", 5), E("CD", "UG", 9), E("ET", "CN", 7), E("KE", "ET", 8), E("UG", "SS", 2),
        ];

        var weighted = Betweenness.Compute(edges);
        var hops = Betweenness.Compute(edges, PathLength.Hops);
        var normalized = Betweenness.Compute(edges, normalized: true);

        // networkx: weighted KE 12, UG 6, AE 4, others 0; hops KE 11.5, UG 6, AE 2, ET 2, MZ 0.5; normalised KE 1/6.
        AssertValues(weighted, ("KE", 12), ("UG", 6), ("AE", 4), ("ET", 0), ("MZ", 0), ("TZ", 0));
        AssertValues(hops, ("KE", 11.5), ("UG", 6), ("AE", 2), ("ET", 2), ("MZ", 0.5), ("TZ", 0));
        Assert.Equal(1.0 / 6, normalized["KE"], 12);
    }

    [Fact]
    public void Parallel_edges_merge_and_self_loops_and_zero_weights_are_ignored()
    {
        // One a→c at weight 0.3 has length 3.33 and loses to a→b→c (length 2); two merge into weight 0.6,
        // length 1.67, and win.
        var single = Betweenness.Compute([E("a", "b"), E("b", "c"), E("a", "c", 0.3), E("b", "b", 5)]);
        var merged = Betweenness.Compute([E("a", "b"), E("b", "c"), E("a", "c", 0.3), E("a", "c", 0.3), E("b", "b", 5)]);
        var zero = Betweenness.Compute([E("a", "b"), E("b", "c"), E("a", "c", 0)]);

        Assert.Equal(1, single["b"], 12);
        Assert.Equal(0, merged["b"], 12);
        Assert.Equal(1, zero["b"], 12);
    }

    private static void AssertValues(IReadOnlyDictionary<string, double> actual, params (string Node, double Expected)[] expected)
    {
        foreach (var (node, value) in expected)
        {
            Assert.Equal(value, actual[node], 12);
        }
    }
}
