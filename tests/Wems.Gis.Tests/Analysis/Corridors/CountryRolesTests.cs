using Wems.Gis.Analysis.Corridors;
using Wems.Gis.Cases;
using static Wems.Gis.Tests.Analysis.Corridors.CorridorCases;

namespace Wems.Gis.Tests.Analysis.Corridors;

public sealed class CountryRolesTests
{
    private static readonly SeizureCase[] Sample =
    [
        Seized("KE", Origin("TZ"), Transit("KE"), Destination("VN")),
        Seized("KE", Origin("UG"), Transit("KE"), Destination("VN")),
        Seized("TZ", Origin("TZ"), Export("TZ"), Destination("CN")),
        Seized("VN", Origin("TZ"), Transit("KE"), Destination("VN", intended: false)),
        Seized("UG"),
    ];

    private static IReadOnlyList<CountryRole> Roles(IReadOnlyList<SeizureCase> cases, CountryRoleOptions? options = null)
    {
        var flows = CorridorAggregation.Aggregate(cases.Select(c => TradeLegs.Build(c, GroupOf)));
        return CountryRoles.Compute(cases, flows, options);
    }

    private static CountryRole Of(IReadOnlyList<CountryRole> roles, string country) => Assert.Single(roles, r => r.Country == country);

    [Fact]
    public void Role_counts_count_cases_per_role_named_in_the_chain()
    {
        var roles = Roles(Sample);

        Assert.Equal((3, 1, 0, 0), (Of(roles, "TZ").Origin, Of(roles, "TZ").Export, Of(roles, "TZ").Transit, Of(roles, "TZ").Destination));
        Assert.Equal((0, 3, 0), (Of(roles, "KE").Origin, Of(roles, "KE").Transit, Of(roles, "KE").Destination));
        Assert.Equal(3, Of(roles, "VN").Destination);
        Assert.Equal(1, Of(roles, "CN").Destination);
    }

    [Fact]
    public void Seizures_in_count_cases_seized_in_the_country_with_or_without_a_chain()
    {
        var roles = Roles(Sample);

        Assert.Equal([("CN", 0), ("KE", 2), ("TZ", 1), ("UG", 1), ("VN", 1)], roles.Select(r => (r.Country, r.SeizuresIn)));
    }

    [Fact]
    public void Seizures_out_count_cases_seized_elsewhere_that_name_the_country()
    {
        var roles = Roles(Sample);

        // TZ: named by the two cases seized in KE and VN (the TZ seizure is "in"); KE: by the VN seizure only.
        Assert.Equal(2, Of(roles, "TZ").SeizuresOut);
        Assert.Equal(1, Of(roles, "KE").SeizuresOut);
        Assert.Equal(2, Of(roles, "VN").SeizuresOut);
        Assert.Equal(1, Of(roles, "UG").SeizuresOut);
    }

    [Fact]
    public void A_country_named_twice_in_one_chain_counts_once_per_role_and_once_out()
    {
        var roles = Roles([Seized("KE", Origin("UG"), Transit("KE"), Transit("UG"), Transit("KE"))]);

        Assert.Equal((1, 1, 1), (Of(roles, "UG").Origin, Of(roles, "UG").Transit, Of(roles, "UG").SeizuresOut));
        Assert.Equal((1, 0), (Of(roles, "KE").Transit, Of(roles, "KE").SeizuresOut));
    }

    [Fact]
    public void Weighted_degrees_sum_the_flows_in_and_out()
    {
        var roles = Roles(Sample);

        // Flows by cases: TZ→KE 2, UG→KE 1, KE→VN 3, TZ→CN 1.
        var ke = Of(roles, "KE");
        Assert.Equal((2, 1), (ke.InDegree, ke.OutDegree));
        Assert.Equal(3, ke.WeightedInDegree, 12);
        Assert.Equal(3, ke.WeightedOutDegree, 12);
        Assert.Equal(3, Of(roles, "TZ").WeightedOutDegree, 12);
    }

    [Fact]
    public void Degrees_can_be_weighted_by_kilograms()
    {
        var cases = new[]
        {
            Seized("KE", Origin("TZ"), Transit("KE")) with { Specimens = [Ivory(100)] },
            Seized("KE", Origin("TZ"), Transit("KE")) with { Specimens = [Ivory(20)] },
        };

        var roles = Roles(cases, new CountryRoleOptions { Weight = FlowWeight.QuantityKg });

        Assert.Equal(120, Of(roles, "KE").WeightedInDegree, 9);
    }

    [Fact]
    public void Betweenness_ranks_the_transit_country_first()
    {
        var roles = Roles(Sample);

        // Graph TZ→KE, UG→KE, KE→VN, TZ→CN: KE lies on TZ→VN and UG→VN (Brandes 2001, counted by hand).
        Assert.Equal("KE", roles.MaxBy(r => r.Betweenness)!.Country);
        Assert.Equal(2, Of(roles, "KE").Betweenness, 12);
        Assert.Equal(0, Of(roles, "TZ").Betweenness, 12);
    }

    [Fact]
    public void Countries_come_out_in_code_order()
    {
        var roles = Roles(Sample);

        Assert.Equal(["CN", "KE", "TZ", "UG", "VN"], roles.Select(r => r.Country));
    }
}
