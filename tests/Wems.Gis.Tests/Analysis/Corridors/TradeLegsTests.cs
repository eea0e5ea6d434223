using Wems.Gis.Analysis.Corridors;
using Wems.Gis.Cases;
using static Wems.Gis.Tests.Analysis.Corridors.CorridorCases;

namespace Wems.Gis.Tests.Analysis.Corridors;

public sealed class TradeLegsTests
{
    private static IReadOnlyList<TradeLeg> LegsOf(SeizureCase seizure) => TradeLegs.Build(seizure, GroupOf).Legs;

    [Fact]
    public void A_chain_seized_in_transit_gives_a_travelled_leg_to_the_seizure_point_and_an_intended_leg_from_it()
    {
        var legs = LegsOf(Seized("KE", Origin("TZ"), Transit("KE"), Destination("VN")));

        Assert.Equal(
            [new TradeLeg("TZ", "KE", Intended: false, StartsAtSeizure: false, EndsAtSeizure: true),
             new TradeLeg("KE", "VN", Intended: true, StartsAtSeizure: true, EndsAtSeizure: false)],
            legs);
    }

    [Fact]
    public void Legs_into_and_out_of_the_seizure_country_end_and_start_at_the_seizure_location()
    {
        var built = TradeLegs.Build(Seized("KE", Origin("TZ"), Transit("KE"), Destination("VN")), GroupOf);
        var points = new Dictionary<string, GeoPoint> { ["TZ"] = new(34.8, -6.3), ["VN"] = new(105.8, 21.0) };

        Assert.Equal((new GeoPoint(34.8, -6.3), Mombasa), built.Endpoints(built.Legs[0], points));
        Assert.Equal((Mombasa, new GeoPoint(105.8, 21.0)), built.Endpoints(built.Legs[1], points));
    }

    [Fact]
    public void A_leg_whose_country_has_no_representative_point_has_no_endpoints()
    {
        var built = TradeLegs.Build(Seized("KE", Origin("TZ"), Transit("KE")), GroupOf);

        Assert.Null(built.Endpoints(built.Legs[0], new Dictionary<string, GeoPoint>()));
    }

    [Fact]
    public void A_seizure_country_missing_from_the_chain_is_inserted_before_the_first_intended_entry()
    {
        var legs = LegsOf(Seized("UG", Origin("TZ"), Transit("KE"), Destination("VN")));

        Assert.Equal(["TZ-KE", "KE-UG", "UG-VN"], legs.Select(l => $"{l.From}-{l.To}"));
        Assert.Equal([false, false, true], legs.Select(l => l.Intended));
        Assert.True(legs[1].EndsAtSeizure);
        Assert.True(legs[2].StartsAtSeizure);
    }

    [Fact]
    public void A_seizure_country_missing_from_a_chain_with_nothing_intended_is_inserted_at_the_end()
    {
        var legs = LegsOf(Seized("UG", Origin("TZ"), Destination("KE", intended: false)));

        Assert.Equal(["TZ-KE", "KE-UG"], legs.Select(l => $"{l.From}-{l.To}"));
        Assert.All(legs, l => Assert.False(l.Intended));
        Assert.True(legs[^1].EndsAtSeizure);
    }

    [Fact]
    public void A_seizure_at_the_origin_makes_every_leg_intended()
    {
        var legs = LegsOf(Seized("KE", Origin("KE"), Transit("AE", intended: true), Destination("CN")));

        Assert.Equal(["KE-AE", "AE-CN"], legs.Select(l => $"{l.From}-{l.To}"));
        Assert.All(legs, l => Assert.True(l.Intended));
        Assert.True(legs[0].StartsAtSeizure);
    }

    [Fact]
    public void A_seizure_at_the_destination_makes_every_leg_travelled()
    {
        var legs = LegsOf(Seized("CN", Origin("KE"), Transit("AE"), Destination("CN", intended: false)));

        Assert.All(legs, l => Assert.False(l.Intended));
        Assert.True(legs[^1].EndsAtSeizure);
    }

    [Fact]
    public void A_domestic_case_has_no_legs()
    {
        Assert.Empty(LegsOf(Seized("KE")));
        Assert.Empty(LegsOf(Seized("KE", Origin("KE", intended: false))));
    }

    [Fact]
    public void Consecutive_repeats_of_a_country_make_no_leg()
    {
        var legs = LegsOf(Seized("KE", Origin("TZ"), Export("TZ"), Transit("KE"), Destination("VN")));

        Assert.Equal(["TZ-KE", "KE-VN"], legs.Select(l => $"{l.From}-{l.To}"));
    }

    [Fact]
    public void A_chain_that_returns_to_the_seizure_country_is_seized_at_its_last_travelled_visit()
    {
        var legs = LegsOf(Seized("KE", Origin("KE"), Transit("UG"), Transit("KE"), Destination("VN")));

        Assert.Equal(["KE-UG", "UG-KE", "KE-VN"], legs.Select(l => $"{l.From}-{l.To}"));
        Assert.Equal([false, false, true], legs.Select(l => l.Intended));
        Assert.False(legs[0].StartsAtSeizure);
        Assert.True(legs[1].EndsAtSeizure);
    }

    [Fact]
    public void A_case_counts_its_kilograms_from_KIL_and_GRM_lines()
    {
        var seizure = Seized("KE") with
        {
            Specimens = [Ivory(12.5m), new SpecimenLine("Diceros bicornis", "HOR", 750, "GRM"), new SpecimenLine("Loxodonta africana", "IVC", 3, null)],
        };

        var measures = TradeLegs.Build(seizure, GroupOf).Measures;

        Assert.Equal(13.25, measures.QuantityKg, 9);
        Assert.Equal(3, measures.Specimens, 9);
    }

    [Fact]
    public void Lines_without_a_unit_or_with_NO_count_as_specimens_and_other_units_add_nothing()
    {
        var seizure = Seized("KE") with
        {
            Specimens =
            [
                new SpecimenLine("Smutsia temminckii", "LIV", 2, null),
                new SpecimenLine("Smutsia temminckii", "SKI", 5, "NO"),
                new SpecimenLine("Dalbergia melanoxylon", "TIM", 4, "CUM"),
            ],
        };

        var measures = TradeLegs.Build(seizure, GroupOf).Measures;

        Assert.Equal(7, measures.Specimens, 9);
        Assert.Equal(0, measures.QuantityKg, 9);
    }

    [Fact]
    public void Value_sums_the_lines_in_US_dollars_and_keeps_other_currencies_apart()
    {
        var seizure = Seized("KE") with
        {
            Specimens = [Ivory(1, 500), Ivory(2, 700), new SpecimenLine("Loxodonta africana", "TUS", 1, "KIL", 120_000, "KES")],
        };

        var measures = TradeLegs.Build(seizure, GroupOf).Measures;

        Assert.Equal(1_200, measures.Value, 9);
        Assert.Equal("USD", measures.Currency);
        Assert.Equal([new CurrencyAmount("KES", 120_000)], measures.OtherValues);
    }

    [Fact]
    public void Value_can_be_summed_in_another_currency()
    {
        var seizure = Seized("KE") with { Specimens = [new SpecimenLine("Loxodonta africana", "TUS", 1, "KIL", 120_000, "KES")] };

        var measures = TradeLegs.Build(seizure, GroupOf, new TradeLegOptions { ValueCurrency = "KES" }).Measures;

        Assert.Equal(120_000, measures.Value, 9);
        Assert.Empty(measures.OtherValues);
    }

    [Fact]
    public void Measures_are_split_by_commodity_group_and_species()
    {
        var seizure = Seized("KE") with { Specimens = [Ivory(10, 100), Scales(40, 50), Ivory(5, 20)] };

        var shares = TradeLegs.Build(seizure, GroupOf).Measures.Commodities;

        Assert.Equal(2, shares.Count);
        Assert.Equal(("ivory", "Loxodonta africana", 15.0, 120.0), (shares[0].Group, shares[0].Species, shares[0].QuantityKg, shares[0].Value));
        Assert.Equal(("pangolin", "Smutsia temminckii", 40.0, 50.0), (shares[1].Group, shares[1].Species, shares[1].QuantityKg, shares[1].Value));
    }

    [Fact]
    public void The_case_identity_date_and_seizure_point_travel_with_the_legs()
    {
        var seizure = Seized("KE", Origin("TZ"), Transit("KE"));

        var built = TradeLegs.Build(seizure, GroupOf);

        Assert.Equal((seizure.Id, seizure.Date, "KE", Mombasa), (built.CaseId, built.Date, built.SeizureCountry, built.SeizureLocation));
    }
}
