using Wems.Gis.Analysis.Corridors;
using Wems.Gis.Cases;
using static Wems.Gis.Tests.Analysis.Corridors.CorridorCases;

namespace Wems.Gis.Tests.Analysis.Corridors;

public sealed class CorridorAggregationTests
{
    private static IReadOnlyList<CorridorFlow> Aggregate(IEnumerable<SeizureCase> cases, CorridorOptions? options = null) =>
        CorridorAggregation.Aggregate(cases.Select(c => TradeLegs.Build(c, GroupOf)), options);

    private static CorridorFlow Flow(IReadOnlyList<CorridorFlow> flows, string from, string to) =>
        Assert.Single(flows, f => f.From == from && f.To == to);

    [Fact]
    public void Flows_sum_cases_kilograms_specimens_and_value_by_country_pair()
    {
        var a = Seized("KE", Origin("TZ"), Transit("KE"), Destination("VN")) with { Specimens = [Ivory(10, 1_000)] };
        var b = Seized("KE", Origin("TZ"), Transit("KE"), Destination("CN")) with
        {
            Specimens = [Ivory(5, 200), new SpecimenLine("Loxodonta africana", "IVC", 3, null)],
        };

        var flows = Aggregate([a, b]);

        Assert.Equal(["KE-CN", "KE-VN", "TZ-KE"], flows.Select(f => $"{f.From}-{f.To}"));
        var tzKe = Flow(flows, "TZ", "KE");
        Assert.Equal((2, 2, 15.0, 3.0, 1_200.0), (tzKe.Cases, tzKe.TravelledCases, tzKe.QuantityKg, tzKe.Specimens, tzKe.Value));
        Assert.Equal([a.Id, b.Id], tzKe.CaseIds);
        var keVn = Flow(flows, "KE", "VN");
        Assert.Equal((1, 0, 10.0), (keVn.Cases, keVn.TravelledCases, keVn.QuantityKg));
    }

    [Fact]
    public void Flows_come_out_ordered_by_from_and_to()
    {
        var flows = Aggregate([Seized("KE", Origin("TZ"), Transit("KE"), Destination("VN")), Seized("UG", Origin("CD"), Transit("UG"))]);

        Assert.Equal(["CD-UG", "KE-VN", "TZ-KE"], flows.Select(f => $"{f.From}-{f.To}"));
    }

    [Fact]
    public void Travelled_only_drops_the_legs_after_the_seizure_point()
    {
        var flows = Aggregate([Seized("KE", Origin("TZ"), Transit("KE"), Destination("VN"))], new CorridorOptions { TravelledOnly = true });

        var flow = Assert.Single(flows);
        Assert.Equal(("TZ", "KE"), (flow.From, flow.To));
    }

    [Fact]
    public void A_case_that_passes_a_pair_twice_counts_once()
    {
        var loop = Seized("KE", Origin("UG"), Transit("KE"), Transit("UG"), Transit("KE")) with { Specimens = [Ivory(4)] };

        var flow = Flow(Aggregate([loop]), "UG", "KE");

        Assert.Equal((1, 4.0), (flow.Cases, flow.QuantityKg));
    }

    [Fact]
    public void Flows_split_by_year_and_quarter_from_the_case_date()
    {
        var march = Seized("KE", Origin("TZ"), Transit("KE")) with { Date = new DateOnly(2020, 3, 31) };
        var april = march with { Id = Guid.NewGuid(), Date = new DateOnly(2020, 4, 1) };
        var nextYear = march with { Id = Guid.NewGuid(), Date = new DateOnly(2021, 2, 1) };

        var byQuarter = Aggregate([march, april, nextYear], new CorridorOptions { Period = CorridorPeriod.Quarter });
        var byYear = Aggregate([march, april, nextYear], new CorridorOptions { Period = CorridorPeriod.Year });

        Assert.Equal([new DateOnly(2020, 1, 1), new DateOnly(2020, 4, 1), new DateOnly(2021, 1, 1)], byQuarter.Select(f => f.PeriodStart!.Value));
        Assert.Equal([(new DateOnly(2020, 1, 1), 2), (new DateOnly(2021, 1, 1), 1)], byYear.Select(f => (f.PeriodStart!.Value, f.Cases)));
    }

    [Fact]
    public void Period_start_is_the_first_day_of_the_month_quarter_or_year()
    {
        var date = new DateOnly(2022, 8, 19);

        Assert.Equal(new DateOnly(2022, 8, 1), CorridorAggregation.PeriodStart(date, CorridorPeriod.Month));
        Assert.Equal(new DateOnly(2022, 7, 1), CorridorAggregation.PeriodStart(date, CorridorPeriod.Quarter));
        Assert.Equal(new DateOnly(2022, 1, 1), CorridorAggregation.PeriodStart(date, CorridorPeriod.Year));
    }

    [Fact]
    public void Split_by_commodity_group_each_group_gets_its_share_and_the_case_counts_in_each()
    {
        var mixed = Seized("KE", Origin("TZ"), Transit("KE")) with { Specimens = [Ivory(10, 100), Scales(40, 30)] };
        var ivoryOnly = Seized("KE", Origin("TZ"), Transit("KE")) with { Specimens = [Ivory(2, 10)] };

        var flows = Aggregate([mixed, ivoryOnly], new CorridorOptions { ByCommodityGroup = true });

        Assert.Equal([("ivory", 2, 12.0, 110.0), ("pangolin", 1, 40.0, 30.0)],
            flows.Select(f => (f.CommodityGroup!, f.Cases, f.QuantityKg, f.Value)));
        Assert.All(flows, f => Assert.Null(f.Species));
    }

    [Fact]
    public void Two_species_of_one_group_add_their_kilograms_but_count_the_case_once()
    {
        var seizure = Seized("KE", Origin("TZ"), Transit("KE")) with
        {
            Specimens = [Ivory(10), new SpecimenLine("Loxodonta cyclotis", "TUS", 6, "KIL")],
        };

        var byGroup = Assert.Single(Aggregate([seizure], new CorridorOptions { ByCommodityGroup = true }));
        var bySpecies = Aggregate([seizure], new CorridorOptions { ByCommodityGroup = true, BySpecies = true });

        Assert.Equal((1, 16.0), (byGroup.Cases, byGroup.QuantityKg));
        Assert.Equal([("Loxodonta africana", 1, 10.0), ("Loxodonta cyclotis", 1, 6.0)], bySpecies.Select(f => (f.Species!, f.Cases, f.QuantityKg)));
    }

    [Fact]
    public void A_case_without_specimen_lines_goes_to_the_empty_group()
    {
        var bare = Seized("KE", Origin("TZ"), Transit("KE")) with { Specimens = [] };

        var flow = Assert.Single(Aggregate([bare], new CorridorOptions { ByCommodityGroup = true }));

        Assert.Equal(("", 1), (flow.CommodityGroup, flow.Cases));
    }

    [Fact]
    public void Values_in_other_currencies_are_summed_per_currency()
    {
        var kes = new SpecimenLine("Loxodonta africana", "TUS", 1, "KIL", 1_000, "KES");
        var flow = Assert.Single(Aggregate([
            Seized("KE", Origin("TZ"), Transit("KE")) with { Specimens = [kes, Ivory(1, 5)] },
            Seized("KE", Origin("TZ"), Transit("KE")) with { Specimens = [kes] },
        ]));

        Assert.Equal(5, flow.Value, 9);
        Assert.Equal(2_000, flow.OtherValues["KES"], 9);
    }

    [Fact]
    public void Without_case_ids_only_the_count_is_kept()
    {
        var flow = Assert.Single(Aggregate([Seized("KE", Origin("TZ"), Transit("KE"))], new CorridorOptions { KeepCaseIds = false }));

        Assert.Equal(1, flow.Cases);
        Assert.Empty(flow.CaseIds);
    }

    [Fact]
    public void Top_flows_keep_the_heaviest_n_and_break_ties_by_country_code()
    {
        var flows = Aggregate([
            Seized("KE", Origin("TZ"), Transit("KE")) with { Specimens = [Ivory(1)] },
            Seized("KE", Origin("TZ"), Transit("KE")) with { Specimens = [Ivory(1)] },
            Seized("KE", Origin("UG"), Transit("KE")) with { Specimens = [Ivory(500)] },
            Seized("KE", Origin("ET"), Transit("KE")) with { Specimens = [Ivory(3)] },
        ]);

        Assert.Equal(["TZ", "ET"], CorridorAggregation.TopFlows(flows, 2).Select(f => f.From));
        Assert.Equal(["UG", "ET"], CorridorAggregation.TopFlows(flows, 2, FlowWeight.QuantityKg).Select(f => f.From));
        Assert.Empty(CorridorAggregation.TopFlows(flows, 0));
    }

    [Fact]
    public void Top_flows_are_taken_within_each_period()
    {
        var y2020 = Seized("KE", Origin("TZ"), Transit("KE")) with { Date = new DateOnly(2020, 6, 1) };
        var y2021 = Seized("KE", Origin("UG"), Transit("KE")) with { Date = new DateOnly(2021, 6, 1) };
        var y2021Small = Seized("KE", Origin("ET"), Transit("KE")) with { Date = new DateOnly(2021, 7, 1) };
        var flows = Aggregate([y2020, y2021, y2021 with { Id = Guid.NewGuid() }, y2021Small], new CorridorOptions { Period = CorridorPeriod.Year });

        var top = CorridorAggregation.TopFlows(flows, 1);

        Assert.Equal([(2020, "TZ"), (2021, "UG")], top.Select(f => (f.PeriodStart!.Value.Year, f.From)));
    }

    [Fact]
    public void The_threshold_keeps_flows_at_or_above_the_minimum()
    {
        var flows = Aggregate([
            Seized("KE", Origin("TZ"), Transit("KE")) with { Specimens = [Ivory(10)] },
            Seized("KE", Origin("UG"), Transit("KE")) with { Specimens = [Ivory(9.99m)] },
        ]);

        Assert.Equal(["TZ"], CorridorAggregation.AtLeast(flows, 10, FlowWeight.QuantityKg).Select(f => f.From));
    }
}
