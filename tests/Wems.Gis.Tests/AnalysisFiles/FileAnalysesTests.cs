using System.Globalization;
using System.Text.Json;
using Wems.Gis.AnalysisFiles;
using Wems.Gis.AnalysisRuns;
using Wems.Gis.Geography;
using Wems.Gis.Reference;

namespace Wems.Gis.Tests.AnalysisFiles;

/// <summary>
/// The analyses on an analyst's own file. Gi* is checked against R spdep::localG (include.self, style "B" and the
/// inverse-distance and k-nearest variants) on the fixtures that Fixtures/spdep/make_fixtures.R wrote (R 4.2.2,
/// spdep 1.2.7); the fixture files themselves are the input (x/y in metres, planar).
/// </summary>
public sealed class FileAnalysesTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "spdep", name);

    private static double Number(string? s) => double.Parse(s!, CultureInfo.InvariantCulture);

    private static void AssertMatchesSpdep(PointTable table, IReadOnlyList<(string Name, string?[] Values)> added)
    {
        var z = added.Single(a => a.Name == "gi_z").Values;
        var p = added.Single(a => a.Name == "gi_p").Values;
        var bins = added.Single(a => a.Name == "gi_bin").Values;
        var fdr = added.Single(a => a.Name == "gi_bin_fdr").Values;
        var expectedZ = table.Values("z");
        var expectedP = table.Values("p");
        var expectedBh = table.Values("p_bh");
        for (var i = 0; i < table.Count; i++)
        {
            Assert.Equal(expectedZ[i], Number(z[i]), 1e-9);
            Assert.Equal(expectedP[i], Number(p[i]), 1e-9);
            // Bins by hand: sign(z) × 3/2/1 where p (or R's p.adjust BH) ≤ 0.01/0.05/0.10.
            static int Bin(double z, double p) => Math.Sign(z) * (p <= 0.01 ? 3 : p <= 0.05 ? 2 : p <= 0.10 ? 1 : 0);
            Assert.Equal(Bin(expectedZ[i], expectedP[i]), int.Parse(bins[i]!, CultureInfo.InvariantCulture));
            Assert.Equal(Bin(expectedZ[i], expectedBh[i]), int.Parse(fdr[i]!, CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void Gi_star_with_the_default_band_matches_spdep_on_the_fixture_file()
    {
        var table = PointTable.Read(Fixture("clusters_band.csv"), null);

        Assert.Equal(CoordinateKind.Planar, table.Kind);
        AssertMatchesSpdep(table, FileAnalyses.GiStar(table, new GiStarFileOptions { ValueColumn = "value" }));
    }

    [Fact]
    public void Gi_star_with_a_given_band_in_the_datas_own_units_matches_spdep()
    {
        // The fixture's band: 13664.400441943655 m (its comment line).
        var table = PointTable.Read(Fixture("clusters_band.csv"), "planar");

        AssertMatchesSpdep(table, FileAnalyses.GiStar(table, new GiStarFileOptions { ValueColumn = "value", Band = 13664.400441943655 }));
    }

    [Fact]
    public void Gi_star_with_k_nearest_and_inverse_distance_weights_matches_spdep()
    {
        var knn = PointTable.Read(Fixture("clusters_knn6.csv"), "EPSG:32737");
        AssertMatchesSpdep(knn, FileAnalyses.GiStar(knn, new GiStarFileOptions { ValueColumn = "value", Weights = FileWeights.Knn, K = 6 }));

        var idw = PointTable.Read(Fixture("clusters_idw2_30km.csv"), "planar");
        AssertMatchesSpdep(idw, FileAnalyses.GiStar(idw, new GiStarFileOptions
        {
            ValueColumn = "value", Weights = FileWeights.InverseSquared, Band = 30_000, InverseDistanceUnit = 1000,
        }));
    }

    [Fact]
    public void Wkt_and_GeoJSON_inputs_give_the_same_result_and_the_output_keeps_every_input_column()
    {
        var csv = PointTable.Read(Fixture("clusters_band.csv"), null);
        var wktText = "id,wkt,value\n" + string.Join('\n', Enumerable.Range(0, csv.Count).Select(i =>
            $"p{i},\"POINT ({csv.X[i].ToString("R", CultureInfo.InvariantCulture)} {csv.Y[i].ToString("R", CultureInfo.InvariantCulture)})\",{csv.Rows[i][2]}"));
        var wkt = PointTable.ReadCsv(wktText, "wkt.csv", null);
        var options = new GiStarFileOptions { ValueColumn = "value" };
        var fromCsv = FileAnalyses.GiStar(csv, options);
        var fromWkt = FileAnalyses.GiStar(wkt, options);
        Assert.Equal(fromCsv.Single(a => a.Name == "gi_z").Values, fromWkt.Single(a => a.Name == "gi_z").Values);

        var geojson = PointTable.ReadGeoJson(wkt.ToGeoJson([]), "planar");
        Assert.Equal(fromCsv.Single(a => a.Name == "gi_z").Values, FileAnalyses.GiStar(geojson, options).Single(a => a.Name == "gi_z").Values);

        var output = Csv.ParseTable(wkt.ToCsv(fromWkt), "out.csv");
        Assert.Equal(["id", "wkt", "value", "gi_z", "gi_p", "gi_bin", "gi_bin_fdr", "gi_neighbours"], output.Columns);
        Assert.Equal("p0", output.Rows[0].GetText("id"));
        var features = JsonDocument.Parse(geojson.ToGeoJson(fromWkt)).RootElement.GetProperty("features");
        Assert.Equal(csv.Count, features.GetArrayLength());
        Assert.Equal("p0", features[0].GetProperty("properties").GetProperty("id").GetString());
        Assert.Equal(Number(fromWkt[0].Values[0]), features[0].GetProperty("properties").GetProperty("gi_z").GetDouble());
        Assert.Equal("Point", features[0].GetProperty("geometry").GetProperty("type").GetString());
    }

    [Fact]
    public void Lon_lat_input_is_measured_in_km_and_other_input_is_refused_with_the_row()
    {
        var table = PointTable.ReadCsv("name,lon,lat,n\na,36.8,-1.3,1\nb,36.9,-1.3,2\nc,36.8,-1.2,3\nd,39.7,-4.0,9\n", "t.csv", null);
        Assert.Equal(CoordinateKind.Geographic, table.Kind);

        var added = FileAnalyses.GiStar(table, new GiStarFileOptions { ValueColumn = "n", Band = 20 });

        // Within 20 km: a, b and c neighbour each other (about 11 km apart), d (Mombasa, ~440 km) only itself.
        Assert.Equal(["2", "2", "2", "0"], added.Single(a => a.Name == "gi_neighbours").Values.Select(v => v ?? ""));
        var error = Assert.Throws<FormatException>(() => PointTable.ReadCsv("lon,lat\n500000,9800000\n", "utm.csv", null));
        Assert.Contains("row 1", error.Message, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => PointTable.ReadCsv("a,b\n1,2\n", "none.csv", null));
        Assert.Throws<FormatException>(() => table.Values("missing"));
    }

    [Fact]
    public void Border_adds_the_geodesic_distance_to_the_nearest_border_and_leaves_far_points_empty()
    {
        var data = ReferenceDataFiles.FindDataDirectory();
        var borders = CountryFiles.ReadBorders(Path.Combine(data, CountryFiles.BordersFileName));
        var keTz = borders.Single(b => b.Iso2A == "KE" && b.Iso2B == "TZ");
        var vertex = keTz.Geometry.GetGeometryN(0).Coordinates[3];
        var table = PointTable.ReadCsv(
            $"id,lon,lat\nonborder,{vertex.X.ToString("R", CultureInfo.InvariantCulture)},{vertex.Y.ToString("R", CultureInfo.InvariantCulture)}\nnairobi,36.82,-1.29\n",
            "b.csv", null);

        var added = FileAnalyses.Border(table, borders, 10, 50);

        var km = added.Single(a => a.Name == "border_km").Values;
        Assert.Equal(0, Number(km[0]), 1e-6);
        Assert.Equal("KE-TZ", added.Single(a => a.Name == "border_pair").Values[0]);
        Assert.Null(km[1]); // Nairobi is more than 50 km from any border.
    }

    [Fact]
    public void Density_is_highest_in_the_cluster_and_reports_the_radius_used()
    {
        var rows = new List<string> { "lon,lat" };
        for (var i = 0; i < 30; i++)
        {
            rows.Add(FormattableString.Invariant($"{36.80 + i % 5 * 0.01},{-1.30 + i / 5 * 0.01}"));
        }

        rows.Add("39.66,-4.05");
        var table = PointTable.ReadCsv(string.Join('\n', rows), "d.csv", null);

        var added = FileAnalyses.Density(table, null, 25, 1);

        var kde = added.Single(a => a.Name == "kde").Values.Select(Number).ToArray();
        Assert.True(kde[..30].Min() > kde[30], "cluster points are denser than the lone point");
        Assert.All(added.Single(a => a.Name == "kde_radius").Values, r => Assert.Equal(25, Number(r), 1e-9));
        // Quartic kernel (ArcGIS): the lone point alone contributes 3/(π r²) at its own position, per km² with r = 25 km
        // (its grid cell centre is within 0.71 km, changing the kernel by under 0.2%).
        Assert.Equal(3 / (Math.PI * 25 * 25), kde[30], 3 / (Math.PI * 25 * 25) * 0.002);
    }

    [Fact]
    public void Emerging_marks_a_cluster_that_grows_every_year_as_a_hot_spot()
    {
        var rows = new List<string> { "lon,lat,date" };
        var random = new Random(3);
        for (var year = 2015; year <= 2024; year++)
        {
            // Background: 20 cases a year spread over 3° × 3°; the cluster near (37.0, -2.0): 2 × (year − 2014) cases.
            for (var i = 0; i < 20; i++)
            {
                rows.Add(FormattableString.Invariant($"{36 + random.NextDouble() * 3},{-3 + random.NextDouble() * 3},{year}-06-01"));
            }

            for (var i = 0; i < 2 * (year - 2014); i++)
            {
                rows.Add(FormattableString.Invariant($"{37 + random.NextDouble() * 0.05},{-2 + random.NextDouble() * 0.05},{year}-03-01"));
            }
        }

        var table = PointTable.ReadCsv(string.Join('\n', rows), "e.csv", null);
        var added = FileAnalyses.Emerging(table, "date", EmergingHotSpotStep.Year, 400, null);

        var patterns = added.Single(a => a.Name == "ehs_pattern").Values;
        var last = patterns[^1]!;
        Assert.EndsWith("hot spot", last, StringComparison.Ordinal);
        Assert.True(Number(added.Single(a => a.Name == "ehs_trend_z").Values[^1]) > 0);
    }

    [Fact]
    public void Border_takes_x_y_or_wkt_in_a_projected_crs_and_unprojects_them()
    {
        var data = ReferenceDataFiles.FindDataDirectory();
        var borders = CountryFiles.ReadBorders(Path.Combine(data, CountryFiles.BordersFileName));
        var vertex = borders.Single(b => b.Iso2A == "KE" && b.Iso2B == "TZ").Geometry.GetGeometryN(0).Coordinates[3];
        var utm = Wems.Gis.Features.CrsRegistry.Transform(Wems.Gis.Features.CrsRegistry.Find("EPSG:32637", "crs"))!;
        var (x, y) = utm.Transform(vertex.X, vertex.Y);
        var (x0, y0) = (x.ToString("R", CultureInfo.InvariantCulture), y.ToString("R", CultureInfo.InvariantCulture));

        foreach (var table in new[]
                 {
                     PointTable.ReadCsv($"id,x,y\nonborder,{x0},{y0}\n", "u.csv", "EPSG:32637"),
                     PointTable.ReadCsv($"id,wkt\nonborder,POINT ({x0} {y0})\n", "w.csv", "EPSG:32637"),
                 })
        {
            var added = FileAnalyses.Border(table, borders, 10, 50);

            // The vertex itself, through UTM and back (ProjNet round trip ~1 mm).
            Assert.Equal(0, Number(added.Single(a => a.Name == "border_km").Values[0]), 1e-3);
            Assert.Equal("KE-TZ", added.Single(a => a.Name == "border_pair").Values[0]);
        }
    }

    [Fact]
    public void Border_refuses_planar_input_whose_place_on_the_earth_is_unknown()
    {
        var table = PointTable.ReadCsv("id,x,y\na,100,200\n", "p.csv", "planar");

        var e = Assert.Throws<FormatException>(() => FileAnalyses.Border(table, [], 10, 50));

        Assert.Contains("planar", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Emerging_on_planar_wkt_input_measures_cells_and_band_in_the_datas_own_units()
    {
        // The lon/lat test's pattern on a plane in km: background over 300 × 300 units, a cluster growing every year
        // in 5 × 5 units; cells of 400 units² (about 21 units across), as the lon/lat test's 400 km².
        var rows = new List<string> { "id,wkt,date" };
        var random = new Random(3);
        for (var year = 2015; year <= 2024; year++)
        {
            for (var i = 0; i < 20; i++)
            {
                rows.Add(FormattableString.Invariant($"b{year}-{i},\"POINT ({random.NextDouble() * 300} {random.NextDouble() * 300})\",{year}-06-01"));
            }

            for (var i = 0; i < 2 * (year - 2014); i++)
            {
                rows.Add(FormattableString.Invariant($"c{year}-{i},\"POINT ({100 + random.NextDouble() * 5} {100 + random.NextDouble() * 5})\",{year}-03-01"));
            }
        }

        var table = PointTable.ReadCsv(string.Join('\n', rows), "e.csv", "planar");
        var added = FileAnalyses.Emerging(table, "date", EmergingHotSpotStep.Year, 400, null);

        Assert.Equal(CoordinateKind.Planar, table.Kind);
        var patterns = added.Single(a => a.Name == "ehs_pattern").Values;
        Assert.EndsWith("hot spot", patterns[^1]!, StringComparison.Ordinal);
        Assert.True(Number(added.Single(a => a.Name == "ehs_trend_z").Values[^1]) > 0);
    }
}
