namespace Wems.Gis.Demo;

/// <summary>An enforcement agency for the demo data set.</summary>
/// <param name="Code">Short code, used as <see cref="Cases.SeizureCase.AgencyCode"/> and as the prefix of case references.</param>
/// <param name="Name">Full name.</param>
/// <param name="Country">
/// ISO alpha-2 code of the country the agency works in; the empty string for a regional body (the
/// Lusaka Agreement Task Force), which has no national territory and records no cases of its own.
/// </param>
/// <param name="Kind">One of <c>wildlife</c>, <c>customs</c>, <c>police</c>, <c>forestry</c>, <c>task-force</c>.</param>
public sealed record DemoAgency(string Code, string Name, string Country, string Kind)
{
    /// <summary>Kind of a wildlife authority (including ministries in charge of wildlife).</summary>
    public const string Wildlife = "wildlife";

    /// <summary>Kind of a customs administration.</summary>
    public const string Customs = "customs";

    /// <summary>Kind of a police force.</summary>
    public const string Police = "police";

    /// <summary>Kind of a forestry authority.</summary>
    public const string Forestry = "forestry";

    /// <summary>Kind of a regional task force (detects, does not record).</summary>
    public const string TaskForce = "task-force";

    /// <summary>The Lusaka Agreement Task Force (regional; <see cref="Country"/> is empty).</summary>
    public static DemoAgency Latf { get; } = new("LATF", "Lusaka Agreement Task Force", "", TaskForce);

    /// <summary>
    /// Parties to the Lusaka Agreement (Republic of Congo, Kenya, Lesotho, Liberia, Tanzania, Uganda,
    /// Zambia): the countries where the generator lets LATF appear as the detecting agency.
    /// </summary>
    public static IReadOnlyList<string> LatfParties { get; } = ["CG", "KE", "LS", "LR", "TZ", "UG", "ZM"];

    /// <summary>
    /// The built-in agencies: wildlife service and customs of the four WEMS-Africa countries (Kenya,
    /// Tanzania, Uganda, Republic of Congo) with their forestry and police services, the wildlife and
    /// customs authorities of the neighbouring countries that the curated sites cover (CD, RW, BI, SS,
    /// ET, MZ, ZM, CM, GA), and LATF.
    /// </summary>
    public static IReadOnlyList<DemoAgency> All { get; } =
    [
        new("KWS", "Kenya Wildlife Service", "KE", Wildlife),
        new("KRA-CUSTOMS", "Kenya Revenue Authority, Customs and Border Control", "KE", Customs),
        new("KFS", "Kenya Forest Service", "KE", Forestry),
        new("KE-NPS", "National Police Service (Kenya)", "KE", Police),
        new("TAWA", "Tanzania Wildlife Management Authority", "TZ", Wildlife),
        new("TRA-CUSTOMS", "Tanzania Revenue Authority, Customs and Excise", "TZ", Customs),
        new("TFS", "Tanzania Forest Services Agency", "TZ", Forestry),
        new("TZ-POLICE", "Tanzania Police Force", "TZ", Police),
        new("UWA", "Uganda Wildlife Authority", "UG", Wildlife),
        new("URA-CUSTOMS", "Uganda Revenue Authority, Customs", "UG", Customs),
        new("NFA", "National Forestry Authority (Uganda)", "UG", Forestry),
        new("UG-UPF", "Uganda Police Force", "UG", Police),
        new("CG-MEFDD", "Ministère de l'Économie Forestière et du Développement Durable (Eaux et Forêts)", "CG", Wildlife),
        new("CG-DOUANES", "Direction Générale des Douanes et des Droits Indirects (Congo)", "CG", Customs),
        new("CG-POLICE", "Police nationale (Congo)", "CG", Police),
        new("ICCN", "Institut Congolais pour la Conservation de la Nature", "CD", Wildlife),
        new("CD-DGDA", "Direction Générale des Douanes et Accises (RDC)", "CD", Customs),
        new("RDB", "Rwanda Development Board, Conservation", "RW", Wildlife),
        new("RRA-CUSTOMS", "Rwanda Revenue Authority, Customs Services", "RW", Customs),
        new("OBPE", "Office Burundais pour la Protection de l'Environnement", "BI", Wildlife),
        new("OBR-DOUANES", "Office Burundais des Recettes, Douanes", "BI", Customs),
        new("SSWS", "South Sudan Wildlife Service", "SS", Wildlife),
        new("SS-NRA-CUSTOMS", "South Sudan National Revenue Authority, Customs", "SS", Customs),
        new("EWCA", "Ethiopian Wildlife Conservation Authority", "ET", Wildlife),
        new("ET-CUSTOMS", "Ethiopian Customs Commission", "ET", Customs),
        new("ANAC", "Administração Nacional das Áreas de Conservação", "MZ", Wildlife),
        new("MZ-ALFANDEGAS", "Autoridade Tributária de Moçambique, Alfândegas", "MZ", Customs),
        new("DNPW", "Department of National Parks and Wildlife (Zambia)", "ZM", Wildlife),
        new("ZRA-CUSTOMS", "Zambia Revenue Authority, Customs Services", "ZM", Customs),
        new("CM-MINFOF", "Ministère des Forêts et de la Faune (Cameroun)", "CM", Wildlife),
        new("CM-DOUANES", "Direction Générale des Douanes (Cameroun)", "CM", Customs),
        new("ANPN", "Agence Nationale des Parcs Nationaux (Gabon)", "GA", Wildlife),
        new("GA-DOUANES", "Direction Générale des Douanes et Droits Indirects (Gabon)", "GA", Customs),
        Latf,
    ];
}
