using System.Text;
using Wems.Gis.Cases;

namespace Wems.Gis.Demo;

/// <summary>
/// Fictitious nominal data: offenders named from small lists of common given and family names (random
/// pairs, no real person), identity numbers in an obviously fake format (<c>DEMO-KE-1234567</c>), invented
/// company names, conveyances (vehicle plates, flight numbers, ISO 6346 container numbers with a valid
/// check digit, vessels) and investigator notes.
/// </summary>
internal static class DemoNominal
{
    private static readonly NamePool EastAfrica = new(
        ["Juma", "Baraka", "Otieno", "Kamau", "Hamisi", "Musa", "Ochieng", "Mugisha", "Okello", "Wafula", "Rashidi", "Emmanuel", "Daudi", "Kiprotich", "Salim", "Abdallah"],
        ["Amina", "Wanjiru", "Neema", "Akinyi", "Nakato", "Rehema", "Zawadi", "Aisha", "Grace", "Mercy"],
        ["Mwakyusa", "Odhiambo", "Kiprono", "Ssemakula", "Mushi", "Njoroge", "Barasa", "Mutua", "Lyimo", "Okoth", "Kibet", "Tumusiime", "Byaruhanga", "Massawe", "Onyango", "Chacha", "Nsubuga"],
        FamilyFirst: false);

    private static readonly NamePool CentralAfrica = new(
        ["Jean-Pierre", "Dieudonné", "Christian", "Patrick", "Aimé", "Serge", "Rodrigue", "Prince", "Fiston", "Junior"],
        ["Merveille", "Grâce", "Blandine", "Chantal", "Gloire"],
        ["Mabiala", "Nkounkou", "Moukoko", "Malonga", "Massamba", "Ngoma", "Bouanga", "Mpassi", "Kabongo", "Ilunga", "Mbemba", "Ndong", "Essono", "Mouele"],
        FamilyFirst: false);

    private static readonly NamePool SouthernAfrica = new(
        ["Tendai", "Chanda", "Mwape", "Armando", "Fernando", "Bwalya", "Themba"],
        ["Chipo", "Esperança", "Mutinta"],
        ["Banda", "Phiri", "Mwale", "Tembo", "Macuácua", "Sitoe", "Chilufya", "Mulenga"],
        FamilyFirst: false);

    private static readonly NamePool EastAsia = new(
        ["Van An", "Duc Minh", "Van Hung", "Wei", "Jun", "Lei", "Ming"],
        ["Thi Lan", "Thi Hoa", "Fang", "Li Na"],
        ["Nguyen", "Tran", "Le", "Pham", "Hoang", "Wang", "Zhang", "Liu", "Chen"],
        FamilyFirst: true);

    private static readonly NamePool Other = new(
        ["Ahmed", "Ali", "Mohamed", "Omar", "Yusuf"],
        ["Fatima", "Mariam"],
        ["Hassan", "Abdi", "Yusuf", "Ibrahim", "Osman"],
        FamilyFirst: false);

    private static readonly string[] Nicknames = ["Mzee", "Boss", "Chairman", "Doctor", "Kijana", "Le Grand", "Tonton", "Papa"];
    private static readonly string[] Covers = ["avocados", "sesame seeds", "plastic scrap", "groundnuts", "tea", "cashew nuts", "personal effects", "handicrafts", "coffee beans", "dried fish", "used clothes"];
    private static readonly string[] Syllables = ["ka", "ma", "zi", "lo", "nde", "ru", "ba", "ti", "wo", "se", "nya", "ko", "mbu", "ra"];
    private static readonly string[] CompanySuffixes = ["Trading Ltd", "General Merchants", "Freight & Logistics", "Import Export Co.", "Enterprises", "Clearing & Forwarding"];
    private static readonly string[] Airlines = ["KQ", "ET", "QR", "EK", "TK", "WB"];
    private static readonly string[] Vehicles = ["Toyota Probox", "Toyota Land Cruiser", "Isuzu lorry", "Mitsubishi Canter", "motorcycle", "Nissan minibus", "fuel tanker"];
    private static readonly string[] ContainerOwners = ["DMO", "WEM", "QZX"];

    public static NominalData Make(
        string country, DateOnly date, string locationType, string? transportMode, string? detection,
        int arrests, TradeChainEntry[] chain, Commodity commodity, Random rng)
    {
        var offenders = new Offender[Math.Clamp(arrests, 1, 4)];
        for (var i = 0; i < offenders.Length; i++)
        {
            var foreign = chain.Length > 0 && locationType is "airport" or "seaport" && DemoSampling.Chance(rng, 0.25);
            var nationality = foreign ? chain[rng.Next(chain.Length)].Country : country;
            offenders[i] = Offender(nationality, date, Role(i, arrests, locationType, transportMode), rng);
        }

        return new NominalData
        {
            Offenders = offenders,
            Companies = Companies(country, chain, transportMode, rng),
            Conveyances = Conveyances(country, chain, transportMode, rng),
            Notes = Notes(detection, transportMode, commodity, rng),
        };
    }

    private static Offender Offender(string nationality, DateOnly date, string role, Random rng)
    {
        var pool = nationality switch
        {
            "KE" or "TZ" or "UG" or "RW" or "BI" or "SS" => EastAfrica,
            "CG" or "CD" or "CM" or "GA" or "CF" => CentralAfrica,
            "MZ" or "ZM" or "ZW" or "MW" or "ZA" => SouthernAfrica,
            "CN" or "VN" or "HK" or "TW" => EastAsia,
            _ => Other,
        };
        var female = DemoSampling.Chance(rng, 0.15);
        var given = DemoSampling.Pick(rng, female ? pool.Female : pool.Male);
        var family = DemoSampling.Pick(rng, pool.Family);
        var name = pool.FamilyFirst ? $"{family} {given}" : $"{given} {family}";
        string[] aliases = DemoSampling.Chance(rng, 0.15) ? [DemoSampling.Pick(rng, Nicknames)] : [];
        var birth = date.AddYears(-(20 + rng.Next(46))).AddDays(-rng.Next(365));
        var id = $"DEMO-{nationality}-{rng.Next(1_000_000, 10_000_000)}";
        return new Offender(name, aliases, female ? "F" : "M", birth, nationality, [id], role);
    }

    private static string Role(int index, int arrests, string locationType, string? transportMode)
    {
        if (arrests == 0)
        {
            return "suspect at large";
        }

        if (index > 0)
        {
            return index switch { 1 => "accomplice", 2 => "buyer", _ => "organiser" };
        }

        return (locationType, transportMode) switch
        {
            (_, "air-passenger-baggage") => "courier",
            (_, "sea-container" or "air-cargo" or "courier-postal") => "consignor",
            (_, "road-vehicle") => "driver",
            ("protected-area", _) => "poacher",
            ("market", _) => "seller",
            ("residence", _) => "owner",
            _ => "suspect",
        };
    }

    private static Company[] Companies(string country, TradeChainEntry[] chain, string? transportMode, Random rng)
    {
        if (transportMode is not ("sea-container" or "air-cargo" or "courier-postal") || !DemoSampling.Chance(rng, 0.7))
        {
            return [];
        }

        var exporter = new Company(CompanyName(rng), $"DEMO-{country}-{rng.Next(100_000, 1_000_000)}", country, "exporter");
        if (chain.Length == 0 || !DemoSampling.Chance(rng, 0.4))
        {
            return [exporter];
        }

        var destination = chain[^1].Country;
        return [exporter, new Company(CompanyName(rng), null, destination, "consignee")];
    }

    private static Conveyance[] Conveyances(string country, TradeChainEntry[] chain, string? transportMode, Random rng)
    {
        var destination = chain.Length > 0 ? chain[^1].Country : null;
        return transportMode switch
        {
            "road-vehicle" => [new Conveyance("vehicle", Plate(country, rng), DemoSampling.Pick(rng, Vehicles))],
            "air-passenger-baggage" or "air-cargo" => [new Conveyance("flight", $"{DemoSampling.Pick(rng, Airlines)} {rng.Next(100, 1000)}", destination is null ? null : $"bound for {destination}")],
            "courier-postal" => [new Conveyance("parcel", $"DEMO{rng.Next(100_000_000, 1_000_000_000)}{country}", $"declared as {DemoSampling.Pick(rng, Covers)}")],
            "sea-container" => DemoSampling.Chance(rng, 0.5)
                ? [Container(rng), new Conveyance("vessel", $"MV {Invented(rng)}", null)]
                : [Container(rng)],
            "sea-vessel" => [new Conveyance("vessel", $"Dhow {Invented(rng)}", null)],
            "inland-boat" => [new Conveyance("boat", $"Pirogue {Invented(rng)}", null)],
            "rail" => [new Conveyance("rail-wagon", $"{country}W {rng.Next(100_000, 1_000_000)}", null)],
            _ => [],
        };

        Conveyance Container(Random r) => new("container", ContainerNumber(r), $"40 ft container declared as {DemoSampling.Pick(r, Covers)}");
    }

    private static InvestigatorNote[] Notes(string? detection, string? transportMode, Commodity commodity, Random rng)
    {
        var found = detection switch
        {
            "x-ray" => "Found on the x-ray scanner",
            "sniffer-dog" => "Found by a sniffer dog",
            "intelligence-led" => "Found in an intelligence-led operation",
            "routine-check" => "Found at a routine check",
            "documentary-check" => "Discrepancy found in the documents",
            "risk-profiling" => "Consignment selected by risk profiling",
            "patrol" => "Found by a patrol",
            _ => "Found on physical inspection",
        };
        var declared = transportMode is "air-cargo" or "courier-postal" or "sea-container" or "sea-vessel"
            ? $"; goods declared as {DemoSampling.Pick(rng, Covers)}."
            : ".";
        var first = detection == "informant"
            ? new InvestigatorNote($"Tip-off from a registered informant (file DEMO-INF-{rng.Next(1000, 10000)}).", true)
            : new InvestigatorNote(found + declared, false);
        if (!DemoSampling.Chance(rng, 0.4))
        {
            return [first];
        }

        var second = commodity is Commodity.Ivory or Commodity.RhinoHorn or Commodity.Pangolin
            ? "Samples taken for DNA analysis."
            : "Specimens photographed and weighed in the presence of the suspect.";
        return [first, new InvestigatorNote(second, false)];
    }

    /// <summary>A plate in the style of the country (invented; Kenyan "KDA 123A", Tanzanian "T 123 ABC", ...).</summary>
    private static string Plate(string country, Random rng)
    {
        var digits = rng.Next(100, 1000);
        var (a, b, c) = (DemoSampling.Letter(rng), DemoSampling.Letter(rng), DemoSampling.Letter(rng));
        return country switch
        {
            "KE" => $"K{a}{b} {digits}{c}",
            "TZ" => $"T {digits} {a}{b}{c}",
            "UG" => $"U{a}{b} {digits}{c}",
            "RW" => $"R{a}{b} {digits}{c}",
            _ => $"{country} {digits}{rng.Next(10)} {a}{b}",
        };
    }

    /// <summary>An ISO 6346 container number (owner code, category U, serial, check digit).</summary>
    private static string ContainerNumber(Random rng)
        => WithCheckDigit($"{DemoSampling.Pick(rng, ContainerOwners)}U{rng.Next(0, 1_000_000):D6}");

    /// <summary>Appends the ISO 6346 check digit to a 10-character owner code + category + serial.</summary>
    internal static string WithCheckDigit(string tenCharacters)
    {
        // Letter values count from 10 and skip the multiples of 11.
        ReadOnlySpan<int> letters = [10, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 34, 35, 36, 37, 38];
        var sum = 0;
        for (var i = 0; i < 10; i++)
        {
            var c = tenCharacters[i];
            sum += (char.IsAsciiDigit(c) ? c - '0' : letters[c - 'A']) << i;
        }

        return tenCharacters + (sum % 11 % 10).ToString();
    }

    private static string CompanyName(Random rng) => $"{Invented(rng)} {DemoSampling.Pick(rng, CompanySuffixes)}";

    private static string Invented(Random rng)
    {
        var builder = new StringBuilder();
        var count = 2 + rng.Next(2);
        for (var i = 0; i < count; i++)
        {
            builder.Append(DemoSampling.Pick(rng, Syllables));
        }

        builder[0] = char.ToUpperInvariant(builder[0]);
        return builder.ToString();
    }

    private sealed record NamePool(string[] Male, string[] Female, string[] Family, bool FamilyFirst);
}
