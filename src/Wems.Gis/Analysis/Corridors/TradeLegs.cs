using Wems.Gis.Cases;

namespace Wems.Gis.Analysis.Corridors;

/// <summary>
/// Turns a case's trade chain into directed legs between consecutive countries, with the seizure location
/// inserted where it lies, and computes the case's weight measures.
/// </summary>
/// <remarks>
/// <para>
/// Where the seizure lies: the seizure country's entry in the chain is the seizure point. When the country
/// appears more than once (a chain that loops back), it is its last occurrence that is not marked intended, or
/// its first occurrence when all are intended. When the chain does not name the seizure country, the country is
/// inserted just before the first entry marked intended (it was stopped on its way to the countries it had not
/// reached yet), or at the end when no entry is intended (the chain names only countries it had passed through).
/// </para>
/// <para>
/// Legs: consecutive repeats of a country are merged (they make no leg). A leg into the seizure country ends at
/// the seizure location; a leg out of it starts there. A leg is intended when it starts at or after the seizure
/// point, travelled otherwise: the position of the seizure decides, the entries' own <c>Intended</c> flags are
/// used only to place a seizure country the chain does not name. An empty chain, or one naming only the seizure
/// country, gives no legs (a domestic case).
/// </para>
/// <para>Country codes are compared ordinally, as stored (upper-case ISO alpha-2 after validation).</para>
/// </remarks>
public static class TradeLegs
{
    private static readonly TradeLegOptions Defaults = new();

    /// <summary>
    /// The legs and measures of <paramref name="seizure"/>. <paramref name="groupOf"/> maps a scientific name to
    /// its commodity group (from the species reference list); it is called once per specimen line.
    /// </summary>
    public static CaseLegs Build(SeizureCase seizure, Func<string, string> groupOf, TradeLegOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(seizure);
        ArgumentNullException.ThrowIfNull(groupOf);
        options ??= Defaults;
        return new CaseLegs(
            seizure.Id,
            seizure.Date,
            seizure.Country,
            seizure.Location,
            Measure(seizure.Specimens, groupOf, options.ValueCurrency),
            Legs(seizure.TradeChain, seizure.Country));
    }

    /// <summary>The legs of <paramref name="chain"/> for a case seized in <paramref name="seizureCountry"/> (the rules are in the class remarks).</summary>
    public static IReadOnlyList<TradeLeg> Legs(IReadOnlyList<TradeChainEntry> chain, string seizureCountry)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(seizureCountry);
        if (chain.Count == 0)
        {
            return [];
        }

        var (seizedAt, inserted) = SeizurePoint(chain, seizureCountry);
        var length = chain.Count + (inserted ? 1 : 0);
        string At(int j) => !inserted || j < seizedAt ? chain[j].Country : j == seizedAt ? seizureCountry : chain[j - 1].Country;

        // First pass: merge consecutive repeats (keeping the seizure mark on the merged node) and count the nodes.
        var nodes = 0;
        var seizedNode = -1;
        string? previous = null;
        for (var j = 0; j < length; j++)
        {
            var country = At(j);
            if (!string.Equals(previous, country, StringComparison.Ordinal))
            {
                nodes++;
                previous = country;
            }

            if (j == seizedAt)
            {
                seizedNode = nodes - 1;
            }
        }

        if (nodes < 2)
        {
            return [];
        }

        // Second pass: one leg per change of country.
        var legs = new TradeLeg[nodes - 1];
        previous = At(0);
        for (int j = 1, k = 0; j < length; j++)
        {
            var country = At(j);
            if (!string.Equals(previous, country, StringComparison.Ordinal))
            {
                legs[k] = new TradeLeg(previous, country, Intended: k >= seizedNode,
                    StartsAtSeizure: k == seizedNode, EndsAtSeizure: k + 1 == seizedNode);
                k++;
                previous = country;
            }
        }

        return legs;
    }

    /// <summary>
    /// Index of the seizure point in the chain, and whether the seizure country is inserted there (the chain does
    /// not name it) rather than found there.
    /// </summary>
    private static (int Index, bool Inserted) SeizurePoint(IReadOnlyList<TradeChainEntry> chain, string seizureCountry)
    {
        int first = -1, lastTravelled = -1, firstIntended = -1;
        for (var i = 0; i < chain.Count; i++)
        {
            var entry = chain[i];
            if (entry.Intended && firstIntended < 0)
            {
                firstIntended = i;
            }

            if (string.Equals(entry.Country, seizureCountry, StringComparison.Ordinal))
            {
                if (first < 0)
                {
                    first = i;
                }

                if (!entry.Intended)
                {
                    lastTravelled = i;
                }
            }
        }

        if (first >= 0)
        {
            return (lastTravelled >= 0 ? lastTravelled : first, false);
        }

        return (firstIntended >= 0 ? firstIntended : chain.Count, true);
    }

    /// <summary>Weights of a case from its specimen lines (see <see cref="CaseMeasures"/> for the unit rules).</summary>
    private static CaseMeasures Measure(IReadOnlyList<SpecimenLine> lines, Func<string, string> groupOf, string currency)
    {
        if (lines.Count == 0)
        {
            return new CaseMeasures(0, 0, 0, currency, [], []);
        }

        double kg = 0, specimens = 0, value = 0;
        List<CurrencyAmount>? other = null;
        var shares = new ShareBuilder[lines.Count];
        var count = 0;
        foreach (var line in lines)
        {
            var quantity = (double)line.Quantity;
            var lineKg = Kilograms(quantity, line.Unit);
            var lineSpecimens = IsCount(line.Unit) ? quantity : 0;
            ref var share = ref Share(shares, ref count, line.ScientificName, groupOf);
            kg += lineKg;
            specimens += lineSpecimens;
            share.Kg += lineKg;
            share.Specimens += lineSpecimens;
            if (line.EstimatedValue is { } estimated)
            {
                var amount = (double)estimated;
                var lineCurrency = line.Currency ?? "";
                if (string.Equals(lineCurrency, currency, StringComparison.OrdinalIgnoreCase))
                {
                    value += amount;
                    share.Value += amount;
                }
                else
                {
                    AddTo(other ??= [], lineCurrency, amount);
                    AddTo(share.Other ??= [], lineCurrency, amount);
                }
            }
        }

        var commodities = new CommodityShare[count];
        for (var i = 0; i < count; i++)
        {
            var s = shares[i];
            commodities[i] = new CommodityShare(s.Group, s.Species, s.Kg, s.Specimens, s.Value, s.Other is null ? [] : s.Other);
        }

        return new CaseMeasures(kg, specimens, value, currency, other is null ? [] : other, commodities);
    }

    private static double Kilograms(double quantity, string? unit) =>
        Is(unit, "KIL") ? quantity : Is(unit, "GRM") ? quantity / 1_000 : Is(unit, "MGM") ? quantity / 1_000_000 : 0;

    private static bool Is(string? unit, string code) => string.Equals(unit, code, StringComparison.OrdinalIgnoreCase);

    private static bool IsCount(string? unit) =>
        string.IsNullOrWhiteSpace(unit) || Is(unit, "NO");

    private static ref ShareBuilder Share(ShareBuilder[] shares, ref int count, string species, Func<string, string> groupOf)
    {
        // A case has a handful of lines: a linear search beats a dictionary.
        for (var i = 0; i < count; i++)
        {
            if (string.Equals(shares[i].Species, species, StringComparison.Ordinal))
            {
                return ref shares[i];
            }
        }

        shares[count] = new ShareBuilder { Group = groupOf(species), Species = species };
        return ref shares[count++];
    }

    private static void AddTo(List<CurrencyAmount> amounts, string currency, double amount)
    {
        for (var i = 0; i < amounts.Count; i++)
        {
            if (string.Equals(amounts[i].Currency, currency, StringComparison.Ordinal))
            {
                amounts[i] = amounts[i] with { Value = amounts[i].Value + amount };
                return;
            }
        }

        amounts.Add(new CurrencyAmount(currency, amount));
    }

    private struct ShareBuilder
    {
        public string Group { get; init; }
        public string Species { get; init; }
        public double Kg { get; set; }
        public double Specimens { get; set; }
        public double Value { get; set; }
        public List<CurrencyAmount>? Other { get; set; }
    }
}
