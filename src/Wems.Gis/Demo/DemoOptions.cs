using Wems.Gis.Reference;

namespace Wems.Gis.Demo;

/// <summary>Parameters of a synthetic demo data set (see <see cref="DemoCaseGenerator"/>).</summary>
public sealed record DemoOptions
{
    /// <summary>Number of cases to generate (≥ 0). Exactly this many are produced.</summary>
    public int Cases { get; init; } = 5000;

    /// <summary>Seed of the generator; the same seed and inputs give the same cases in the same order.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>First seizure date (inclusive).</summary>
    public DateOnly Start { get; init; } = new(2015, 1, 1);

    /// <summary>
    /// Last seizure date (inclusive); also "today" for the generator: case status and court outcomes are
    /// decided relative to it. Nothing reads the clock.
    /// </summary>
    public DateOnly End { get; init; } = new(2024, 12, 31);

    /// <summary>Share of cases in [0, 1] that carry (fictitious) nominal data.</summary>
    public double NominalShare { get; init; } = 0.3;

    /// <summary>
    /// Share of cases in [0, 1] that get one deliberate data-quality problem (see
    /// <see cref="DemoDataProblem"/>). Such cases have a <see cref="Cases.SeizureCase.Reference"/> ending in
    /// <see cref="DemoCaseGenerator.DataQualitySuffix"/>. The problems are drawn from a random stream of
    /// their own, so every other case is identical to the one generated with a share of 0.
    /// </summary>
    public double DataQualityProblemShare { get; init; }
}

/// <summary>The reference data the demo generator draws on; it reads no files itself.</summary>
/// <param name="Sites">Curated places; cases are located at or near them, in the site's country.</param>
/// <param name="Species">Curated species; specimens are picked by <see cref="SpeciesInfo.Group"/>.</param>
/// <param name="Agencies">
/// Recording agencies. Sites in a country with no recording agency in this list are not used.
/// </param>
public sealed record DemoWorld(
    IReadOnlyList<Site> Sites,
    IReadOnlyList<SpeciesInfo> Species,
    IReadOnlyList<DemoAgency> Agencies)
{
    /// <summary>A world with the built-in agencies (<see cref="DemoAgency.All"/>).</summary>
    public DemoWorld(IReadOnlyList<Site> sites, IReadOnlyList<SpeciesInfo> species)
        : this(sites, species, DemoAgency.All)
    {
    }
}

/// <summary>The deliberate data-quality problems the generator can plant (one per affected case).</summary>
public enum DemoDataProblem
{
    /// <summary>The location is the position of a site in another country, far (≥ 50 km) from every site of the stated country.</summary>
    LocationOutsideCountry,

    /// <summary>The first specimen line has a quantity of 0.</summary>
    ZeroQuantity,

    /// <summary>The first specimen line has the unit LTR (litres), which is not valid for the solid terms the generator uses.</summary>
    UnitNotValidForTerm,

    /// <summary>The date lies 1–90 days after <see cref="DemoOptions.End"/>.</summary>
    DateInFuture,

    /// <summary>The first specimen line's scientific name is misspelt (one letter dropped), so it matches no species.</summary>
    UnknownSpecies,
}
