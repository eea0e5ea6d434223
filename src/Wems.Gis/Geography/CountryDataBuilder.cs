using System.Text.Json;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Utilities;
using NetTopologySuite.Operation.Union;
using NetTopologySuite.Precision;

namespace Wems.Gis.Geography;

/// <summary>
/// Builds the committed country and border files of the <c>data</c> folder from the npm packages
/// <c>world-atlas</c> 2.0.2 (Natural Earth TopoJSON, public domain) and <c>i18n-iso-countries</c> 7.14.0
/// (ISO 3166-1 codes and names, MIT). Exposed on the command line as <c>wems data countries</c>.
/// </summary>
public static class CountryDataBuilder
{
    /// <summary>Decimals kept in written coordinates: 1e-5° is about 1.1 m at the equator.</summary>
    public const int CoordinateDecimals = 5;

    private static readonly PrecisionModel Grid = new(Math.Pow(10, CoordinateDecimals));

    /// <summary>
    /// Alpha-2 codes of the region set: the countries WEMS enforcement agencies trade with, written at 1:10m to
    /// <see cref="CountryFiles.RegionFileName"/> with the land borders among them.
    /// </summary>
    /// <remarks>
    /// All of Africa (UN M49, including Western Sahara, Saint Helena and the British Indian Ocean Territory;
    /// Réunion and Mayotte are part of France in Natural Earth and are not separate features), Western Asia
    /// (Arabian peninsula, Levant, Iraq, Turkey, Cyprus and the Caucasus), Central Asia, South Asia (with Iran),
    /// South-East Asia and East Asia (with Hong Kong, Macao and Taiwan). Russia (Eastern Europe in UN M49),
    /// Papua New Guinea (Oceania) and the European neighbours of Turkey, Cyprus and Morocco (Greece, Bulgaria,
    /// Spain's Ceuta and Melilla) are left out, so their borders with region countries
    /// (China–Russia, Kazakhstan–Russia, Indonesia–Papua New Guinea, ...) are not derived.
    /// </remarks>
    public static IReadOnlySet<string> RegionAlpha2 { get; } = new SortedSet<string>(StringComparer.Ordinal)
    {
        // Africa.
        "AO", "BF", "BI", "BJ", "BW", "CD", "CF", "CG", "CI", "CM", "CV", "DJ", "DZ", "EG", "EH", "ER", "ET", "GA",
        "GH", "GM", "GN", "GQ", "GW", "IO", "KE", "KM", "LR", "LS", "LY", "MA", "MG", "ML", "MR", "MU", "MW", "MZ",
        "NA", "NE", "NG", "RW", "SC", "SD", "SH", "SL", "SN", "SO", "SS", "ST", "SZ", "TD", "TG", "TN", "TZ", "UG",
        "ZA", "ZM", "ZW",
        // Western Asia (the Middle East, Turkey, Cyprus, the Caucasus).
        "AE", "AM", "AZ", "BH", "CY", "GE", "IL", "IQ", "JO", "KW", "LB", "OM", "PS", "QA", "SA", "SY", "TR", "YE",
        // Central and South Asia.
        "AF", "BD", "BT", "IN", "IR", "KG", "KZ", "LK", "MV", "NP", "PK", "TJ", "TM", "UZ",
        // South-East and East Asia.
        "BN", "CN", "HK", "ID", "JP", "KH", "KP", "KR", "LA", "MM", "MN", "MO", "MY", "PH", "SG", "TH", "TL", "TW",
        "VN",
    };

    /// <summary>
    /// Reads <c>countries-110m.json</c> and <c>countries-10m.json</c> from <paramref name="worldAtlasDir"/> and the
    /// code and name tables from <paramref name="isoCountriesDir"/>, and writes
    /// <see cref="CountryFiles.WorldFileName"/>, <see cref="CountryFiles.RegionFileName"/> and
    /// <see cref="CountryFiles.BordersFileName"/> into <paramref name="outDir"/> (created if missing).
    /// </summary>
    /// <param name="worldAtlasDir">The installed <c>world-atlas</c> package, e.g. <c>data/node_modules/world-atlas</c>.</param>
    /// <param name="isoCountriesDir">The installed <c>i18n-iso-countries</c> package (its <c>codes.json</c>,
    /// <c>langs/en.json</c>, <c>langs/fr.json</c>).</param>
    /// <param name="outDir">Output folder, normally the repository's <c>data</c> folder.</param>
    /// <returns>The paths written.</returns>
    /// <remarks>
    /// <para>Each feature's country is <see cref="BorderDerivation.CountryCode"/> (ISO numeric id, or the
    /// documented mapping of Somaliland, N. Cyprus, Kosovo...); features of no country are dropped; features of
    /// the same country are unioned into one (Somalia with Somaliland, Cyprus with N. Cyprus and the buffer zone,
    /// Australia with Ashmore and Cartier Is.). One feature per country, ordered by alpha-2 code.</para>
    /// <para>Coordinates are rounded to <see cref="CoordinateDecimals"/> decimals; a polygon made invalid by
    /// Natural Earth or by rounding is repaired with the NTS <see cref="GeometryFixer"/>. Border lengths are
    /// computed before rounding. The same inputs always give byte-identical files.</para>
    /// </remarks>
    public static IReadOnlyList<string> Build(string worldAtlasDir, string isoCountriesDir, string outDir)
    {
        var iso = IsoCountries.Load(isoCountriesDir);
        Directory.CreateDirectory(outDir);

        var world = TopoJson.Parse(File.ReadAllBytes(Path.Combine(worldAtlasDir, "countries-110m.json")));
        var worldPath = Path.Combine(outDir, CountryFiles.WorldFileName);
        CountryFiles.WriteCountries(worldPath, Countries(world.Features("countries"), iso, _ => true));

        var detailed = TopoJson.Parse(File.ReadAllBytes(Path.Combine(worldAtlasDir, "countries-10m.json")));
        var features = detailed.Features("countries");
        var regionPath = Path.Combine(outDir, CountryFiles.RegionFileName);
        CountryFiles.WriteCountries(regionPath, Countries(features, iso, RegionAlpha2.Contains));

        var borders = BorderDerivation.Derive(detailed, features, f => BorderDerivation.CountryCode(f, iso.Alpha2ByNumeric))
            .Where(b => RegionAlpha2.Contains(b.Iso2A) && RegionAlpha2.Contains(b.Iso2B))
            .Select(b => b with { Geometry = (MultiLineString)Round(b.Geometry) });
        var bordersPath = Path.Combine(outDir, CountryFiles.BordersFileName);
        CountryFiles.WriteBorders(bordersPath, borders, code => iso.Names[code].En);

        return [worldPath, regionPath, bordersPath];
    }

    private static IEnumerable<CountryShape> Countries(
        IReadOnlyList<TopoFeature> features,
        IsoCountries iso,
        Func<string, bool> include) =>
        features
            .Where(f => f.Geometry is not null)
            .Select(f => (Code: BorderDerivation.CountryCode(f, iso.Alpha2ByNumeric), f.Geometry))
            .Where(f => f.Code is not null && include(f.Code))
            .GroupBy(f => f.Code!, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var (iso3, numeric) = iso.Codes[g.Key];
                var (en, fr) = iso.Names[g.Key];
                // Union needs valid operands; a few Natural Earth parts self-intersect after quantization.
                var parts = g.Select(f => f.Geometry!.IsValid ? f.Geometry : GeometryFixer.Fix(f.Geometry)).ToList();
                var geometry = parts.Count == 1 ? parts[0] : UnaryUnionOp.Union(parts);
                return new CountryShape(g.Key, iso3, numeric, en, fr, Valid(Round(geometry)));
            });

    // The repair adds intersection nodes at full precision; the precision reducer snap-rounds them to the same
    // five-decimal grid and guarantees a valid polygonal result.
    private static Geometry Valid(Geometry rounded) =>
        rounded.IsValid ? rounded : GeometryPrecisionReducer.Reduce(GeometryFixer.Fix(rounded), Grid);

    private static Geometry Round(Geometry geometry)
    {
        var rounded = geometry.Copy();
        rounded.Apply(new RoundFilter());
        rounded.GeometryChanged();
        return rounded;
    }

    private sealed class RoundFilter : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq)
        {
            for (var i = 0; i < seq.Count; i++)
            {
                seq.SetX(i, Math.Round(seq.GetX(i), CoordinateDecimals, MidpointRounding.AwayFromZero));
                seq.SetY(i, Math.Round(seq.GetY(i), CoordinateDecimals, MidpointRounding.AwayFromZero));
            }
        }
    }

    /// <summary>ISO 3166-1 codes and English/French names read from the i18n-iso-countries package.</summary>
    private sealed record IsoCountries(
        IReadOnlyDictionary<string, string> Alpha2ByNumeric,
        IReadOnlyDictionary<string, (string Iso3, string Numeric)> Codes,
        IReadOnlyDictionary<string, (string En, string Fr)> Names)
    {
        public static IsoCountries Load(string dir)
        {
            var alpha2ByNumeric = new Dictionary<string, string>(StringComparer.Ordinal);
            var codes = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
            using (var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir, "codes.json"))))
            {
                // Each entry is [alpha-2, alpha-3, numeric, ISO 3166-2 reference].
                foreach (var entry in document.RootElement.EnumerateArray())
                {
                    var alpha2 = entry[0].GetString()!;
                    alpha2ByNumeric[entry[2].GetString()!] = alpha2;
                    codes[alpha2] = (entry[1].GetString()!, entry[2].GetString()!);
                }
            }

            var en = LoadNames(Path.Combine(dir, "langs", "en.json"));
            var fr = LoadNames(Path.Combine(dir, "langs", "fr.json"));
            var names = codes.Keys.ToDictionary(
                code => code,
                code => (en.GetValueOrDefault(code, code), fr.GetValueOrDefault(code, en.GetValueOrDefault(code, code))),
                StringComparer.Ordinal);
            return new IsoCountries(alpha2ByNumeric, codes, names);
        }

        // A name is a string or a list of forms whose first is the official short name; the first is kept.
        private static Dictionary<string, string> LoadNames(string path)
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            return document.RootElement.GetProperty("countries").EnumerateObject().ToDictionary(
                p => p.Name,
                p => (p.Value.ValueKind == JsonValueKind.Array ? p.Value[0] : p.Value).GetString()!,
                StringComparer.Ordinal);
        }
    }
}
