using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using Npgsql;
using Wems.Gis.Cases;
using Wems.Gis.Demo;
using Wems.Gis.Geography;
using Wems.Gis.Reference;

namespace Wems.Gis.Storage;

/// <summary>An agency (or regional organisation, with no country) as stored in the <c>agency</c> table.</summary>
public sealed record AgencyRecord(string Code, string Name, string? Country, string Kind);

/// <summary>
/// Loads the reference data of the <c>data</c> folder (countries, borders, sites, species, code lists) into
/// the database, and reads back what case validation needs. Loading is an upsert in one transaction:
/// running it again changes nothing, and a curated file that gained rows adds them.
/// </summary>
public sealed class ReferenceStore(NpgsqlDataSource dataSource)
{
    /// <summary>Code-list file names (in <c>data/codes/</c>) and the table each one fills: a fixed allow-list.</summary>
    public static readonly IReadOnlyDictionary<string, string> CodeTables = new Dictionary<string, string>
    {
        ["cites_terms"] = "code_cites_term",
        ["cites_units"] = "code_cites_unit",
        ["cites_sources"] = "code_cites_source",
        ["cites_purposes"] = "code_cites_purpose",
        ["location_types"] = "code_location_type",
        ["detection_methods"] = "code_detection_method",
        ["transport_modes"] = "code_transport_mode",
        ["seizure_reasons"] = "code_seizure_reason",
        ["disposals"] = "code_disposal",
        ["concealment_methods"] = "code_concealment",
    };

    private const string UpsertCountrySql = """
        insert into country (iso2, iso3, numeric_code, name_en, name_fr, scale, geom)
        values (@iso2, @iso3, @numeric, @nameEn, @nameFr, @scale, ST_Multi(@geom))
        on conflict (iso2) do update set iso3 = excluded.iso3, numeric_code = excluded.numeric_code,
            name_en = excluded.name_en, name_fr = excluded.name_fr, scale = excluded.scale, geom = excluded.geom
        """;
    private const string UpsertBorderSql = """
        insert into border (iso2_a, iso2_b, length_km, geom) values (@a, @b, @length, @geom)
        on conflict (iso2_a, iso2_b) do update set length_km = excluded.length_km, geom = excluded.geom
        """;
    private const string UpsertSiteSql = """
        insert into site (kind, name, country, geom, radius_m, approximate, code, neighbour, population, source)
        values (@kind, @name, @country, ST_SetSRID(ST_MakePoint(@x, @y), 4326), @radius, @approximate, @code,
                @neighbour, @population, @source)
        on conflict (kind, name, country) do update set geom = excluded.geom, radius_m = excluded.radius_m,
            approximate = excluded.approximate, code = excluded.code, neighbour = excluded.neighbour,
            population = excluded.population, source = excluded.source
        """;
    private const string UpsertSpeciesSql = """
        insert into species (scientific_name, common_name_en, common_name_fr, commodity_group, cites_appendix, source)
        values (@name, @en, @fr, @group, @appendix, @source)
        on conflict (scientific_name) do update set common_name_en = excluded.common_name_en,
            common_name_fr = excluded.common_name_fr, commodity_group = excluded.commodity_group,
            cites_appendix = excluded.cites_appendix, source = excluded.source
        """;
    // The table name comes from CodeTables, never from input.
    private static string UpsertCodeSql(string table) => $"""
        insert into {table} (code, label_en, label_fr, source) values (@code, @en, @fr, @source)
        on conflict (code) do update set label_en = excluded.label_en, label_fr = excluded.label_fr, source = excluded.source
        """;
    private const string UpsertTermUnitSql =
        "insert into code_cites_term_unit (term, unit) values (@term, @unit) on conflict do nothing";
    private const string UpsertAgencySql = """
        insert into agency (code, name, country, kind) values (@code, @name, @country, @kind)
        on conflict (code) do update set name = excluded.name, country = excluded.country, kind = excluded.kind
        """;

    /// <summary>Loads every reference file of <paramref name="dataDirectory"/> in one transaction.</summary>
    /// <returns>How many rows of each kind were loaded.</returns>
    public async Task<IReadOnlyDictionary<string, int>> LoadAsync(string dataDirectory, CancellationToken cancellationToken = default)
    {
        var counts = new Dictionary<string, int>();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);

        var region = CountryFiles.ReadCountries(Path.Combine(dataDirectory, CountryFiles.RegionFileName));
        var regionCodes = region.Select(c => c.Iso2).ToHashSet();
        var world = CountryFiles.ReadCountries(Path.Combine(dataDirectory, CountryFiles.WorldFileName))
            .Where(c => !regionCodes.Contains(c.Iso2));
        await using (var batch = new NpgsqlBatch(connection))
        {
            foreach (var (country, scale) in region.Select(c => (c, "10m")).Concat(world.Select(c => (c, "110m"))))
            {
                batch.BatchCommands.Add(Command(UpsertCountrySql,
                    ("iso2", country.Iso2), ("iso3", country.Iso3), ("numeric", country.Numeric), ("nameEn", country.NameEn),
                    ("nameFr", country.NameFr), ("scale", scale), ("geom", WithSrid(country.Geometry))));
            }

            counts["countries"] = await batch.ExecuteNonQueryAsync(cancellationToken);
        }

        var borders = CountryFiles.ReadBorders(Path.Combine(dataDirectory, CountryFiles.BordersFileName));
        counts["borders"] = await RunAsync(connection, borders.Select(b => Command(UpsertBorderSql,
            ("a", b.Iso2A), ("b", b.Iso2B), ("length", b.LengthKm), ("geom", WithSrid(b.Geometry)))), cancellationToken);

        counts["sites"] = await RunAsync(connection, ReferenceDataFiles.LoadSites(dataDirectory).Select(s => Command(UpsertSiteSql,
            ("kind", KindCode(s.Kind)), ("name", s.Name), ("country", s.Country), ("x", s.Location.X), ("y", s.Location.Y),
            ("radius", s.RadiusMeters), ("approximate", s.Approximate), ("code", s.Code), ("neighbour", s.Neighbour),
            ("population", s.Population), ("source", s.Source))), cancellationToken);

        counts["species"] = await RunAsync(connection, ReferenceDataFiles.LoadSpecies(dataDirectory).Select(s => Command(UpsertSpeciesSql,
            ("name", s.ScientificName), ("en", s.CommonNameEn), ("fr", s.CommonNameFr), ("group", s.Group),
            ("appendix", s.CitesAppendix), ("source", s.Source))), cancellationToken);

        var codes = 0;
        foreach (var (list, table) in CodeTables)
        {
            var sql = UpsertCodeSql(table);
            codes += await RunAsync(connection, ReferenceDataFiles.LoadCodeList(dataDirectory, list).Select(c => Command(sql,
                ("code", c.Code), ("en", c.LabelEn), ("fr", c.LabelFr), ("source", c.Source))), cancellationToken);
        }

        counts["codes"] = codes;
        counts["term-units"] = await RunAsync(connection, ReferenceDataFiles.LoadTermUnits(dataDirectory).Select(p => Command(
            UpsertTermUnitSql, ("term", p.Term), ("unit", p.Unit))), cancellationToken);

        await tx.CommitAsync(cancellationToken);
        return counts;
    }

    /// <summary>Inserts or updates agencies (and regional organisations, which have no country).</summary>
    public async Task UpsertAgenciesAsync(IEnumerable<AgencyRecord> agencies, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await RunAsync(connection, agencies.Select(a => Command(UpsertAgencySql,
            ("code", a.Code), ("name", a.Name), ("country", a.Country), ("kind", a.Kind))), cancellationToken);
    }

    private static readonly string[] LatfMembers = ["KE", "TZ", "UG", "CG"];

    private const string UpsertLatfSql = """
        insert into region (code, name) values ('LATF', 'Lusaka Agreement Task Force')
        on conflict (code) do update set name = excluded.name;
        insert into region_member (region_code, country)
        select 'LATF', unnest(@members) on conflict do nothing;
        update agency set region_code = 'LATF' where code = 'LATF';
        """;

    /// <summary>
    /// Inserts or updates the demo agencies (<see cref="DemoAgency.All"/>) and the demo region: the Lusaka
    /// Agreement Task Force with the four WEMS-Africa countries (KE, TZ, UG, CG) as members.
    /// </summary>
    public async Task UpsertDemoAgenciesAsync(CancellationToken cancellationToken = default)
    {
        await UpsertAgenciesAsync(DemoAgency.All
            .Select(a => new AgencyRecord(a.Code, a.Name, a.Country.Length == 0 ? null : a.Country, a.Kind)), cancellationToken);
        await using var command = dataSource.CreateCommand(UpsertLatfSql);
        command.Parameters.AddWithValue("members", LatfMembers);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private const string ValidationSql = """
        select 'species', scientific_name from species
        union all select 'agency', code || '|' || coalesce(country, '') from agency
        union all select 'country', iso2 from country
        union all select 'term-unit', term || '|' || unit from code_cites_term_unit
        """;
    private const string CountryShapesSql = "select iso2, geom from country where scale = '10m'";

    /// <summary>
    /// Reads what <see cref="CaseValidator"/> checks against. Country shapes are those stored at 1:10m
    /// (the region); elsewhere the point-in-country check is not made.
    /// </summary>
    public async Task<CaseValidationContext> LoadValidationContextAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var vocabularies = new Dictionary<string, IReadOnlySet<string>>();
        foreach (var (list, table) in CodeTables)
        {
            var set = new HashSet<string>(StringComparer.Ordinal);
            await using var command = new NpgsqlCommand($"select code from {table}", connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                set.Add(reader.GetString(0));
            }

            vocabularies[list] = set;
        }

        var species = new HashSet<string>(StringComparer.Ordinal);
        var agencies = new Dictionary<string, string?>(StringComparer.Ordinal);
        var countries = new HashSet<string>(StringComparer.Ordinal);
        var termUnits = new HashSet<(string, string)>();
        await using (var command = new NpgsqlCommand(ValidationSql, connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var value = reader.GetString(1);
                switch (reader.GetString(0))
                {
                    case "species": species.Add(value); break;
                    case "country": countries.Add(value); break;
                    case "agency":
                        var a = value.Split('|');
                        agencies[a[0]] = a[1].Length == 0 ? null : a[1];
                        break;
                    default:
                        var p = value.Split('|');
                        termUnits.Add((p[0], p[1]));
                        break;
                }
            }
        }

        var shapes = new Dictionary<string, IPreparedGeometry>(StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand(CountryShapesSql, connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                shapes[reader.GetString(0)] = PreparedGeometryFactory.Prepare(reader.GetFieldValue<Geometry>(1));
            }
        }

        return new CaseValidationContext
        {
            Vocabularies = vocabularies,
            Species = species,
            Agencies = agencies,
            Countries = countries,
            TermUnits = termUnits,
            CountryShapes = shapes,
        };
    }

    /// <summary>The database's code for a site kind.</summary>
    public static string KindCode(SiteKind kind) => kind switch
    {
        SiteKind.BorderPost => "border-post",
        SiteKind.Seaport => "seaport",
        SiteKind.Airport => "airport",
        SiteKind.ProtectedArea => "protected-area",
        SiteKind.City => "city",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static Geometry WithSrid(Geometry geometry)
    {
        geometry.SRID = 4326;
        return geometry;
    }

    private static NpgsqlBatchCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter(name, value ?? DBNull.Value));
        }

        return command;
    }

    private static async Task<int> RunAsync(NpgsqlConnection connection, IEnumerable<NpgsqlBatchCommand> commands, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection);
        foreach (var command in commands)
        {
            batch.BatchCommands.Add(command);
        }

        return batch.BatchCommands.Count == 0 ? 0 : await batch.ExecuteNonQueryAsync(ct);
    }
}
