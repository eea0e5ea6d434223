using Wems.Gis.Cases;

namespace Wems.Gis.Demo;

/// <summary>
/// Status and outcome of a case: arrests, charges under the country's wildlife, forest or customs law,
/// court outcome and sanctions for closed cases, and the disposal of the specimens.
/// </summary>
/// <remarks>
/// The law names are the principal statutes of each country, for display in the demo; they are not
/// legal advice. Older cases are mostly closed: the chance of being closed is 1 − 0.9·e^(−age/1.5 years),
/// with the age taken relative to <see cref="DemoOptions.End"/>.
/// </remarks>
internal static class DemoOutcomes
{
    private const string EacCustoms = "East African Community Customs Management Act, 2004";

    private static readonly string[] EacMembers = ["KE", "TZ", "UG", "RW", "BI", "SS"];

    private static readonly Dictionary<string, (string Currency, double PerUsd)> Currencies = new(StringComparer.Ordinal)
    {
        ["KE"] = ("KES", 120), ["TZ"] = ("TZS", 2_400), ["UG"] = ("UGX", 3_700), ["CG"] = ("XAF", 600),
        ["CM"] = ("XAF", 600), ["GA"] = ("XAF", 600), ["CD"] = ("CDF", 2_500), ["RW"] = ("RWF", 1_200),
        ["BI"] = ("BIF", 2_800), ["SS"] = ("SSP", 1_000), ["ET"] = ("ETB", 55), ["MZ"] = ("MZN", 64),
        ["ZM"] = ("ZMW", 20),
    };

    public static CaseStatus Status(DateOnly date, DateOnly end, Random rng)
    {
        var ageYears = (end.DayNumber - date.DayNumber) / 365.25;
        return DemoSampling.Chance(rng, 1 - (0.9 * Math.Exp(-ageYears / 1.5))) ? CaseStatus.Closed : CaseStatus.Open;
    }

    public static CaseOutcome Make(
        string country, DateOnly date, CaseStatus status, DemoAgency recorder, string locationType,
        string? transportMode, string? reason, Commodity commodity, bool live, Random rng)
    {
        // Abandoned containers and unclaimed parcels often have nobody to arrest.
        var arrests = transportMode is "sea-container" or "courier-postal" or "air-cargo"
            ? (DemoSampling.Chance(rng, 0.6) ? 0 : 1 + rng.Next(3))
            : rng.NextDouble() switch { < 0.12 => 0, < 0.7 => 1, < 0.9 => 2, < 0.97 => 3, _ => 4 + rng.Next(4) };
        var disposal = Disposal(status, commodity, live, rng);
        if (arrests == 0)
        {
            return new CaseOutcome { Arrests = 0, Disposal = disposal };
        }

        var law = Law(country, date, recorder, commodity, rng);
        string? court = null;
        string? sanctions = null;
        if (status == CaseStatus.Open)
        {
            court = "pending";
        }
        else
        {
            court = rng.NextDouble() switch { < 0.62 => "convicted", < 0.78 => "acquitted", < 0.9 => "withdrawn", _ => "discharged" };
            if (court == "convicted")
            {
                sanctions = Sanction(country, commodity, rng);
            }
        }

        return new CaseOutcome
        {
            Arrests = arrests,
            Charges = Charge(country, reason, locationType),
            Law = law,
            CourtOutcome = court,
            Sanctions = sanctions,
            Disposal = disposal,
        };
    }

    private static string? Law(string country, DateOnly date, DemoAgency recorder, Commodity commodity, Random rng)
    {
        if (recorder.Kind == DemoAgency.Customs && EacMembers.Contains(country) && DemoSampling.Chance(rng, 0.5))
        {
            return EacCustoms;
        }

        if (commodity == Commodity.Timber)
        {
            var forest = ForestLaw(country, date.Year);
            if (forest is not null)
            {
                return forest;
            }
        }

        return country switch
        {
            "KE" => date.Year >= 2014 ? "Wildlife Conservation and Management Act, 2013" : "Wildlife (Conservation and Management) Act, Cap. 376",
            "TZ" => DemoSampling.Chance(rng, 0.3) ? "Economic and Organised Crime Control Act, Cap. 200" : "Wildlife Conservation Act, 2009",
            "UG" => date.Year >= 2019 ? "Uganda Wildlife Act, 2019" : "Uganda Wildlife Act, Cap. 200",
            "CG" => "Loi n° 37-2008 du 28 novembre 2008 sur la faune et les aires protégées",
            "CD" => date.Year >= 2014 ? "Loi n° 14/003 du 11 février 2014 relative à la conservation de la nature" : "Loi n° 82-002 du 28 mai 1982 portant réglementation de la chasse",
            "CM" => "Loi n° 94/01 du 20 janvier 1994 portant régime des forêts, de la faune et de la pêche",
            "ZM" => date.Year >= 2015 ? "Zambia Wildlife Act, 2015" : "Zambia Wildlife Act, 1998",
            "ET" => "Proclamation No. 541/2007 on the Development, Conservation and Utilization of Wildlife",
            "MZ" => "Lei n.º 16/2014 de Conservação da Biodiversidade",
            _ => recorder.Kind == DemoAgency.Customs && EacMembers.Contains(country) ? EacCustoms : null,
        };
    }

    private static string? ForestLaw(string country, int year) => country switch
    {
        "KE" => year >= 2016 ? "Forest Conservation and Management Act, 2016" : "Forests Act, 2005",
        "TZ" => "Forest Act, 2002",
        "UG" => "National Forestry and Tree Planting Act, 2003",
        "CM" => "Loi n° 94/01 du 20 janvier 1994 portant régime des forêts, de la faune et de la pêche",
        "CG" => year >= 2021 ? "Loi n° 33-2020 du 8 juillet 2020 portant code forestier" : "Loi n° 16-2000 du 20 novembre 2000 portant code forestier",
        _ => null,
    };

    private static string Charge(string country, string? reason, string locationType)
    {
        var francophone = country is "CG" or "CD" or "CM" or "GA" or "BI";
        return (reason, francophone) switch
        {
            ("poaching", false) => "Hunting a protected species without a permit",
            ("poaching", true) => "Chasse d'une espèce intégralement protégée",
            ("illegal-sale", false) => "Dealing in wildlife trophies without a permit",
            ("illegal-sale", true) => "Commercialisation de trophées d'espèces protégées",
            ("false-permit", false) => "Uttering a false document (permit)",
            ("false-permit", true) => "Usage de faux permis",
            ("undeclared", false) => "Making an untrue declaration to customs",
            ("undeclared", true) => "Fausse déclaration en douane",
            ("no-permit" or "prohibited-species", false) when locationType is "airport" or "seaport" or "land-border-post"
                => "Exporting a specimen of a CITES-listed species without a permit",
            ("no-permit" or "prohibited-species", true) when locationType is "airport" or "seaport" or "land-border-post"
                => "Exportation illicite de spécimens d'espèces protégées",
            (_, false) => country == "TZ" ? "Unlawful possession of Government trophies" : "Possession of wildlife trophies without a permit",
            (_, true) => "Détention illégale de trophées d'espèces intégralement protégées",
        };
    }

    private static string Sanction(string country, Commodity commodity, Random rng)
    {
        var (currency, perUsd) = Currencies.GetValueOrDefault(country, ("USD", 1));
        var severe = commodity is Commodity.Ivory or Commodity.RhinoHorn or Commodity.Pangolin;
        var usd = DemoSampling.LogNormal(rng, severe ? 20_000 : 2_000, 1.0, 100, 2_000_000);
        var fine = RoundTwoDigits(usd * perUsd);
        var years = 1 + rng.Next(severe ? 20 : 5);
        return rng.NextDouble() switch
        {
            < 0.4 => $"Fine of {fine:N0} {currency}",
            < 0.7 => $"{years} years' imprisonment",
            < 0.9 => $"Fine of {fine:N0} {currency} or {years} years' imprisonment in default",
            _ => $"Fine of {fine:N0} {currency} and {years} years' imprisonment",
        };
    }

    private static double RoundTwoDigits(double value)
    {
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(value)) - 1);
        return Math.Round(value / magnitude) * magnitude;
    }

    private static string Disposal(CaseStatus status, Commodity commodity, bool live, Random rng)
    {
        var u = rng.NextDouble();
        if (live)
        {
            // Live animals and plants cannot wait for the trial.
            return u < 0.4 ? "returned-to-wild" : u < 0.9 ? "rescue-centre" : "unknown";
        }

        if (status == CaseStatus.Open)
        {
            return u < 0.85 ? "held-as-evidence" : "unknown";
        }

        return commodity switch
        {
            Commodity.Ivory or Commodity.RhinoHorn => u < 0.55 ? "stockpiled" : u < 0.75 ? "destroyed" : u < 0.9 ? "held-as-evidence" : "unknown",
            Commodity.Pangolin => u < 0.4 ? "destroyed" : u < 0.8 ? "stockpiled" : u < 0.9 ? "held-as-evidence" : "unknown",
            Commodity.Bushmeat => u < 0.9 ? "destroyed" : "unknown",
            Commodity.Timber or Commodity.PlantOther => u < 0.8 ? "confiscated-to-state" : u < 0.9 ? "held-as-evidence" : "unknown",
            _ => u < 0.3 ? "confiscated-to-state" : u < 0.6 ? "destroyed" : u < 0.8 ? "held-as-evidence" : "unknown",
        };
    }
}
