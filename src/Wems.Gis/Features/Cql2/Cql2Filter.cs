namespace Wems.Gis.Features.Cql2;

/// <summary>
/// Parses the <c>filter</c> query parameter of OGC API – Features Part 3 in the language <c>filter-lang</c> names.
/// </summary>
public static class Cql2Filter
{
    /// <summary>The <c>filter-lang</c> of cql2-text, the default.</summary>
    public const string TextLanguage = "cql2-text";

    /// <summary>The <c>filter-lang</c> of cql2-json.</summary>
    public const string JsonLanguage = "cql2-json";

    /// <summary>Parses <paramref name="filter"/> as cql2-text or cql2-json.</summary>
    /// <param name="filter">The filter as the client sent it.</param>
    /// <param name="filterLanguage"><c>cql2-text</c> (also when null or empty, as Part 3 says) or <c>cql2-json</c>.</param>
    /// <returns>The syntax tree.</returns>
    /// <exception cref="Cql2Exception">Another language was asked for, or the filter is not valid in its language.</exception>
    public static Cql2Expression Parse(string filter, string? filterLanguage = null) => filterLanguage switch
    {
        null or "" or TextLanguage => Cql2Text.Parse(filter),
        JsonLanguage => Cql2Json.Parse(filter),
        _ => throw new Cql2Exception(
            $"filter-lang '{Cql2Rules.Shorten(filterLanguage)}' is not supported; use {TextLanguage} or {JsonLanguage}"),
    };
}
