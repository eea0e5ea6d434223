using System.Globalization;
using System.Text.RegularExpressions;
using Wems.Tiles;

namespace Wems.Web.Tests.Tiles;

/// <summary>One feature of a cases tile as GDAL reads it: its attributes (as printed) and its point in EPSG:3857.</summary>
/// <param name="Fields">Attribute name → value as <c>ogrinfo</c> prints it; absent attributes are missing.</param>
/// <param name="X">Easting in metres.</param>
/// <param name="Y">Northing in metres.</param>
public sealed record CaseTileFeature(IReadOnlyDictionary<string, string> Fields, double X, double Y)
{
    /// <summary>The attribute, or null when the feature does not have it.</summary>
    public string? this[string name] => Fields.TryGetValue(name, out var value) ? value : null;
}

/// <summary>Reads the features of a cases tile by feature id, and compares two tiles feature by feature.</summary>
public static partial class CaseTileFeatures
{
    [GeneratedRegex(@"^\s+(\w+) \([\w()]+\) = (.*)$", RegexOptions.Multiline)]
    private static partial Regex FieldLine(); // "  name (Type) = value", booleans as "(Integer(Boolean))"

    [GeneratedRegex(@"POINT \(([-\d.e+]+) ([-\d.e+]+)\)")]
    private static partial Regex PointText();

    /// <summary>The features of tile <paramref name="tile"/> of the cases layer as <paramref name="client"/> gets it, by <c>mvt_id</c>.</summary>
    public static async Task<Dictionary<long, CaseTileFeature>> ReadAsync(HttpClient client, TileCoord tile, string query = "")
    {
        var bytes = await client.GetByteArrayAsync(new Uri($"/tiles/cases/{tile}.mvt{query}", UriKind.Relative));
        var features = new Dictionary<long, CaseTileFeature>();
        if (bytes.Length == 0)
        {
            return features;
        }

        var gdal = await GdalTile.ReadAsync(bytes, tile.Z, tile.X, tile.Y);
        foreach (var block in gdal.Output.Split("OGRFeature(cases)", StringSplitOptions.None).Skip(1))
        {
            var fields = FieldLine().Matches(block)
                .Where(m => m.Groups[2].Value.Trim() != "(null)")
                .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value.Trim(), StringComparer.Ordinal);
            var point = PointText().Match(block);
            Assert.True(point.Success, block);
            var id = long.Parse(fields["mvt_id"], CultureInfo.InvariantCulture);
            Assert.True(features.TryAdd(id, new CaseTileFeature(fields,
                double.Parse(point.Groups[1].Value, CultureInfo.InvariantCulture),
                double.Parse(point.Groups[2].Value, CultureInfo.InvariantCulture))), $"feature id {id} twice in {tile}");
        }

        Assert.Equal(gdal.FeatureCount, features.Count);
        return features;
    }

    /// <summary>
    /// Asserts that two readings of a tile hold the same features: the same ids, the same attributes with the same
    /// values, the same point. Kilograms are sums of floating-point numbers taken in another order, so they are compared
    /// to 1e-9 relative; everything else, the point included (integer tile units printed by GDAL), must be equal.
    /// </summary>
    public static void AssertSame(IReadOnlyDictionary<long, CaseTileFeature> expected, IReadOnlyDictionary<long, CaseTileFeature> actual)
    {
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (id, want) in expected)
        {
            var got = actual[id];
            Assert.Equal(want.Fields.Keys.Order(StringComparer.Ordinal), got.Fields.Keys.Order(StringComparer.Ordinal));
            foreach (var (name, value) in want.Fields)
            {
                if (name == "quantity_kg")
                {
                    var a = double.Parse(value, CultureInfo.InvariantCulture);
                    var b = double.Parse(got.Fields[name], CultureInfo.InvariantCulture);
                    Assert.True(Math.Abs(a - b) <= 1e-9 * Math.Max(1, Math.Abs(a)), $"feature {id}: quantity_kg {b}, expected {a}");
                }
                else
                {
                    Assert.True(value == got.Fields[name], $"feature {id}: {name} = '{got.Fields[name]}', expected '{value}'");
                }
            }

            Assert.True(want.X == got.X && want.Y == got.Y, $"feature {id} at ({got.X}, {got.Y}), expected ({want.X}, {want.Y})");
        }
    }
}

/// <summary>Writes cases straight into the database (as the bulk loader or another server would), for tile tests that need cases at exact positions.</summary>
public static class TileTestCases
{
    /// <summary>
    /// Inserts a case of <paramref name="country"/> at (<paramref name="lon"/>, <paramref name="lat"/>) with one specimen
    /// line of <paramref name="kg"/> kilograms of the first species of <paramref name="commodityGroup"/>; shared with the
    /// region when <paramref name="shared"/>. Returns its id and reference.
    /// </summary>
    public static async Task<(Guid Id, string Reference)> InsertAsync(Npgsql.NpgsqlDataSource database, string country, double lon, double lat,
        bool shared, string commodityGroup, decimal kg)
    {
        var id = Guid.NewGuid();
        var reference = $"TILE/{id:N}"[..20];
        await using (var insert = database.CreateCommand("""
            insert into seizure_case (id, agency_code, reference, event_date, country, geom, location_precision, location_type, status,
                                      created_by, updated_by, shared_manually)
            values ($1, (select min(agency_code) from seizure_case where country = $2), $3, date '2024-05-01', $2,
                    ST_SetSRID(ST_MakePoint($4, $5), 4326), 'exact', 'other', 'open', 'tile-test', 'tile-test', $6)
            """))
        {
            insert.Parameters.AddWithValue(id);
            insert.Parameters.AddWithValue(country);
            insert.Parameters.AddWithValue(reference);
            insert.Parameters.AddWithValue(lon);
            insert.Parameters.AddWithValue(lat);
            insert.Parameters.AddWithValue(shared);
            Assert.Equal(1, await insert.ExecuteNonQueryAsync());
        }

        await using (var specimen = database.CreateCommand("""
            insert into specimen (case_id, line_no, species_id, term, quantity, unit)
            values ($1, 1, (select min(s.id) from species s where s.commodity_group = $2), 'TUS', $3, 'KIL')
            """))
        {
            specimen.Parameters.AddWithValue(id);
            specimen.Parameters.AddWithValue(commodityGroup);
            specimen.Parameters.AddWithValue(kg);
            Assert.Equal(1, await specimen.ExecuteNonQueryAsync());
        }

        return (id, reference);
    }

    /// <summary>Runs <paramref name="sql"/> with the case id as $1 and asserts that it changed one row.</summary>
    public static async Task ChangeAsync(Npgsql.NpgsqlDataSource database, string sql, Guid id)
    {
        await using var command = database.CreateCommand(sql);
        command.Parameters.AddWithValue(id);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }
}
