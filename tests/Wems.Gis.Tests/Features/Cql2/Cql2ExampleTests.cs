using Wems.Gis.Features.Cql2;

namespace Wems.Gis.Tests.Features.Cql2;

/// <summary>
/// The cql2-text / cql2-json example pairs of OGC 21-065r2 (standard/schema/examples/text/*.txt with the
/// json/*.json of the same number, copied here; an -alt01 text shares its JSON): each pair must parse to the same
/// tree. The first argument names the example file.
/// </summary>
public sealed class Cql2ExampleTests
{
    private static void AssertSameTree(string text, string json) => Assert.Equal(Cql2Json.Parse(json), Cql2Text.Parse(text));

    // Basic CQL2 (comparison, AND/OR/NOT, IS NULL).
    [Theory]
    [InlineData("clause6_02a", "city='Toronto'", """ {"op": "=", "args": [{"property": "city"}, "Toronto"]} """)]
    [InlineData("clause6_02d", "updated >= date('1970-01-01')", """ {"op": ">=", "args": [{"property": "updated"}, {"date": "1970-01-01"}]} """)]
    [InlineData("clause6_03", "geometry IS NOT NULL", """ {"op": "not", "args": [{"op": "isNull", "args": [{"property": "geometry"}]}]} """)]
    [InlineData("example01", "landsat:scene_id = 'LC82030282019133LGN00'", """ {"op": "=", "args": [{"property": "landsat:scene_id"}, "LC82030282019133LGN00"]} """)]
    [InlineData("example04", "eo:cloud_cover < 0.1 AND landsat:wrs_row=28 AND landsat:wrs_path=203", """ {"op": "and", "args": [{"op": "<", "args": [{"property": "eo:cloud_cover"}, 0.1]}, {"op": "=", "args": [{"property": "landsat:wrs_row"}, 28]}, {"op": "=", "args": [{"property": "landsat:wrs_path"}, 203]}]} """)]
    [InlineData("example05a", "eo:cloud_cover=0.1 OR eo:cloud_cover=0.2", """ {"op": "or", "args": [{"op": "=", "args": [{"property": "eo:cloud_cover"}, 0.1]}, {"op": "=", "args": [{"property": "eo:cloud_cover"}, 0.2]}]} """)]
    [InlineData("example06b", """
            eo:cloud_cover >= 0.1
        AND eo:cloud_cover <= 0.2
        AND landsat:wrs_row=28
        AND landsat:wrs_path=203
        """, """ {"op": "and", "args": [{"op": ">=", "args": [{"property": "eo:cloud_cover"}, 0.1]}, {"op": "<=", "args": [{"property": "eo:cloud_cover"}, 0.2]}, {"op": "=", "args": [{"property": "landsat:wrs_row"}, 28]}, {"op": "=", "args": [{"property": "landsat:wrs_path"}, 203]}]} """)]
    [InlineData("example09", "floors>5", """ {"op": ">", "args": [{"property": "floors"}, 5]} """)]
    [InlineData("example10", "taxes <= 500", """ {"op": "<=", "args": [{"property": "taxes"}, 500]} """)]
    [InlineData("example14", "swimming_pool = true", """ {"op": "=", "args": [{"property": "swimming_pool"}, true]} """)]
    [InlineData("example15", "floors>5 AND swimming_pool=true", """ {"op": "and", "args": [{"op": ">", "args": [{"property": "floors"}, 5]}, {"op": "=", "args": [{"property": "swimming_pool"}, true]}]} """)]
    [InlineData("example17", "(floors>5 AND material='brick') OR swimming_pool=true", """ {"op": "or", "args": [{"op": "and", "args": [{"op": ">", "args": [{"property": "floors"}, 5]}, {"op": "=", "args": [{"property": "material"}, "brick"]}]}, {"op": "=", "args": [{"property": "swimming_pool"}, true]}]} """)]
    [InlineData("example18", "NOT (floors<5) OR swimming_pool=true", """ {"op": "or", "args": [{"op": "not", "args": [{"op": "<", "args": [{"property": "floors"}, 5]}]}, {"op": "=", "args": [{"property": "swimming_pool"}, true]}]} """)]
    [InlineData("example29", "\"id\" = 'fa7e1920-9107-422d-a3db-c468cbc5d6df'", """ {"op": "=", "args": [{"property": "id"}, "fa7e1920-9107-422d-a3db-c468cbc5d6df"]} """)]
    [InlineData("example30", "\"id\" <> 'fa7e1920-9107-422d-a3db-c468cbc5d6df'", """ {"op": "<>", "args": [{"property": "id"}, "fa7e1920-9107-422d-a3db-c468cbc5d6df"]} """)]
    [InlineData("example31", "\"value\" < 10", """ {"op": "<", "args": [{"property": "value"}, 10]} """)]
    [InlineData("example32", "\"value\" > 10", """ {"op": ">", "args": [{"property": "value"}, 10]} """)]
    [InlineData("example33", "\"value\" <= 10", """ {"op": "<=", "args": [{"property": "value"}, 10]} """)]
    [InlineData("example34", "\"value\" >= 10", """ {"op": ">=", "args": [{"property": "value"}, 10]} """)]
    [InlineData("example41", "\"value\" IS NULL", """ {"op": "isNull", "args": [{"property": "value"}]} """)]
    [InlineData("example42", """ NOT "value" IS NULL """, """ {"op": "not", "args": [{"op": "isNull", "args": [{"property": "value"}]}]} """)]
    [InlineData("example42-alt01", "\"value\" IS NOT NULL", """ {"op": "not", "args": [{"op": "isNull", "args": [{"property": "value"}]}]} """)]
    public void Basic_cql2_examples_parse_to_the_same_tree_from_text_and_json(string example, string text, string json)
    {
        Assert.NotEmpty(example);
        AssertSameTree(text, json);
    }

    // Advanced comparison operators (LIKE, BETWEEN, IN).
    [Theory]
    [InlineData("clause7_01", "name LIKE 'Smith%'", """ {"op": "like", "args": [{"property": "name"}, "Smith%"]} """)]
    [InlineData("clause7_02", "depth BETWEEN 100.0 and 150.0", """ {"op": "between", "args": [{"property": "depth"}, 100.0, 150.0]} """)]
    [InlineData("clause7_03a", "cityName IN ('Toronto','Frankfurt','Tokyo','New York')", """ {"op": "in", "args": [{"property": "cityName"}, ["Toronto", "Frankfurt", "Tokyo", "New York"]]} """)]
    [InlineData("clause7_03b", "category NOT IN (1,2,3,4)", """ {"op": "not", "args": [{"op": "in", "args": [{"property": "category"}, [1, 2, 3, 4]]}]} """)]
    [InlineData("example02", "eo:instrument LIKE 'OLI%'", """ {"op": "like", "args": [{"property": "eo:instrument"}, "OLI%"]} """)]
    [InlineData("example03", "landsat:wrs_path IN ('153','154','15X')", """ {"op": "in", "args": [{"property": "landsat:wrs_path"}, ["153", "154", "15X"]]} """)]
    [InlineData("example05b", "eo:cloud_cover IN (0.1,0.2)", """ {"op": "in", "args": [{"property": "eo:cloud_cover"}, [0.1, 0.2]]} """)]
    [InlineData("example06a", """
            eo:cloud_cover BETWEEN 0.1 AND 0.2
        AND landsat:wrs_row=28
        AND landsat:wrs_path=203
        """, """ {"op": "and", "args": [{"op": "between", "args": [{"property": "eo:cloud_cover"}, 0.1, 0.2]}, {"op": "=", "args": [{"property": "landsat:wrs_row"}, 28]}, {"op": "=", "args": [{"property": "landsat:wrs_path"}, 203]}]} """)]
    [InlineData("example11", "owner LIKE '%Jones%'", """ {"op": "like", "args": [{"property": "owner"}, "%Jones%"]} """)]
    [InlineData("example12", "owner LIKE 'Mike%'", """ {"op": "like", "args": [{"property": "owner"}, "Mike%"]} """)]
    [InlineData("example13", "owner NOT LIKE '%Mike%'", """ {"op": "not", "args": [{"op": "like", "args": [{"property": "owner"}, "%Mike%"]}]} """)]
    [InlineData("example16", """
        swimming_pool=true AND (floors>5
                            OR  material LIKE 'brick%'
                            OR  material LIKE '%brick')
        """, """ {"op": "and", "args": [{"op": "=", "args": [{"property": "swimming_pool"}, true]}, {"op": "or", "args": [{"op": ">", "args": [{"property": "floors"}, 5]}, {"op": "like", "args": [{"property": "material"}, "brick%"]}, {"op": "like", "args": [{"property": "material"}, "%brick"]}]}]} """)]
    [InlineData("example19", "(owner LIKE 'mike%' OR owner LIKE 'Mike%') AND floors<4", """ {"op": "and", "args": [{"op": "or", "args": [{"op": "like", "args": [{"property": "owner"}, "mike%"]}, {"op": "like", "args": [{"property": "owner"}, "Mike%"]}]}, {"op": "<", "args": [{"property": "floors"}, 4]}]} """)]
    [InlineData("example35", "\"name\" LIKE 'foo%'", """ {"op": "like", "args": [{"property": "name"}, "foo%"]} """)]
    [InlineData("example36", """ NOT "name" LIKE 'foo%' """, """ {"op": "not", "args": [{"op": "like", "args": [{"property": "name"}, "foo%"]}]} """)]
    [InlineData("example36-alt01", "\"name\" NOT LIKE 'foo%'", """ {"op": "not", "args": [{"op": "like", "args": [{"property": "name"}, "foo%"]}]} """)]
    [InlineData("example37", "\"value\" BETWEEN 10 AND 20", """ {"op": "between", "args": [{"property": "value"}, 10, 20]} """)]
    [InlineData("example38", """ NOT "value" BETWEEN 10 AND 20 """, """ {"op": "not", "args": [{"op": "between", "args": [{"property": "value"}, 10, 20]}]} """)]
    [InlineData("example38-alt01", "\"value\" NOT BETWEEN 10 AND 20", """ {"op": "not", "args": [{"op": "between", "args": [{"property": "value"}, 10, 20]}]} """)]
    [InlineData("example39", "\"value\" IN (1.0, 2.0, 3.0)", """ {"op": "in", "args": [{"property": "value"}, [1.0, 2.0, 3.0]]} """)]
    [InlineData("example40", """ NOT "value" IN ('a', 'b', 'c') """, """ {"op": "not", "args": [{"op": "in", "args": [{"property": "value"}, ["a", "b", "c"]]}]} """)]
    [InlineData("example40-alt01", "\"value\" NOT IN ('a', 'b', 'c')", """ {"op": "not", "args": [{"op": "in", "args": [{"property": "value"}, ["a", "b", "c"]]}]} """)]
    [InlineData("example43", """ (NOT "name" LIKE 'foo%' AND "value" > 10) """, """ {"op": "and", "args": [{"op": "not", "args": [{"op": "like", "args": [{"property": "name"}, "foo%"]}]}, {"op": ">", "args": [{"property": "value"}, 10]}]} """)]
    [InlineData("example43-alt01", "\"name\" NOT LIKE 'foo%' AND \"value\" > 10", """ {"op": "and", "args": [{"op": "not", "args": [{"op": "like", "args": [{"property": "name"}, "foo%"]}]}, {"op": ">", "args": [{"property": "value"}, 10]}]} """)]
    [InlineData("example44", """ ("value" IS NULL OR "value" BETWEEN 10 AND 20) """, """ {"op": "or", "args": [{"op": "isNull", "args": [{"property": "value"}]}, {"op": "between", "args": [{"property": "value"}, 10, 20]}]} """)]
    [InlineData("example44-alt01", "\"value\" IS NULL OR \"value\" BETWEEN 10 AND 20", """ {"op": "or", "args": [{"op": "isNull", "args": [{"property": "value"}]}, {"op": "between", "args": [{"property": "value"}, 10, 20]}]} """)]
    public void Like_between_and_in_examples_parse_to_the_same_tree_from_text_and_json(string example, string text, string json)
    {
        Assert.NotEmpty(example);
        AssertSameTree(text, json);
    }

    // Case- and accent-insensitive comparison (CASEI, ACCENTI).
    [Theory]
    [InlineData("clause7_04", "CASEI(road_class) IN (CASEI('Οδος'),CASEI('Straße'))", """ {"op": "in", "args": [{"op": "casei", "args": [{"property": "road_class"}]}, [{"op": "casei", "args": ["Οδος"]}, {"op": "casei", "args": ["Straße"]}]]} """)]
    [InlineData("clause7_05", "ACCENTI(etat_vol) = ACCENTI('débárquér')", """ {"op": "=", "args": [{"op": "accenti", "args": [{"property": "etat_vol"}]}, {"op": "accenti", "args": ["débárquér"]}]} """)]
    [InlineData("example26", "CASEI(road_class) IN (CASEI('Οδος'),CASEI('Straße'))", """ {"op": "in", "args": [{"op": "casei", "args": [{"property": "road_class"}]}, [{"op": "casei", "args": ["Οδος"]}, {"op": "casei", "args": ["Straße"]}]]} """)]
    [InlineData("example27", "ACCENTI(etat_vol) = ACCENTI('débárquér')", """ {"op": "=", "args": [{"op": "accenti", "args": [{"property": "etat_vol"}]}, {"op": "accenti", "args": ["débárquér"]}]} """)]
    [InlineData("example28", "CASEI(geophys:SURVEY_NAME) LIKE CASEI('%calcutta%')", """ {"op": "like", "args": [{"op": "casei", "args": [{"property": "geophys:SURVEY_NAME"}]}, {"op": "casei", "args": ["%calcutta%"]}]} """)]
    [InlineData("example70", """ ACCENTI("owner") = ACCENTI('Beyoncé') """, """ {"op": "=", "args": [{"op": "accenti", "args": [{"property": "owner"}]}, {"op": "accenti", "args": ["Beyoncé"]}]} """)]
    [InlineData("example71", """ CASEI("owner") = CASEI('somebody else') """, """ {"op": "=", "args": [{"op": "casei", "args": [{"property": "owner"}]}, {"op": "casei", "args": ["somebody else"]}]} """)]
    [InlineData("example86", "\"name\" LIKE CASEI('FOO%')", """ {"op": "like", "args": [{"property": "name"}, {"op": "casei", "args": ["FOO%"]}]} """)]
    public void Casei_and_accenti_examples_parse_to_the_same_tree_from_text_and_json(string example, string text, string json)
    {
        Assert.NotEmpty(example);
        AssertSameTree(text, json);
    }

    // Basic and spatial functions (S_*, WKT, BBOX).
    [Theory]
    [InlineData("clause7_07", "S_INTERSECTS(geometry,POINT(36.319836 32.288087))", """ {"op": "s_intersects", "args": [{"property": "geometry"}, {"type": "Point", "coordinates": [36.319836, 32.288087]}]} """)]
    [InlineData("clause7_10", """
        S_CROSSES(road,POLYGON((43.7286 -79.2986, 43.7311 -79.2996, 43.7323 -79.2972,
                                43.7326 -79.2971, 43.7350 -79.2981, 43.7350 -79.2982,
                                43.7352 -79.2982, 43.7357 -79.2956, 43.7337 -79.2948,
                                43.7343 -79.2933, 43.7339 -79.2923, 43.7327 -79.2947,
                                43.7320 -79.2942, 43.7322 -79.2937, 43.7306 -79.2930,
                                43.7303 -79.2930, 43.7299 -79.2928, 43.7286 -79.2986)))
        """, """ {"op": "s_crosses", "args": [{"property": "road"}, {"type": "Polygon", "coordinates": [[[43.7286, -79.2986], [43.7311, -79.2996], [43.7323, -79.2972], [43.7326, -79.2971], [43.7350, -79.2981], [43.7350, -79.2982], [43.7352, -79.2982], [43.7357, -79.2956], [43.7337, -79.2948], [43.7343, -79.2933], [43.7339, -79.2923], [43.7327, -79.2947], [43.7320, -79.2942], [43.7322, -79.2937], [43.7306, -79.2930], [43.7303, -79.2930], [43.7299, -79.2928], [43.7286, -79.2986]]]}]} """)]
    [InlineData("clause7_16", """
        S_CROSSES(LINESTRING(43.72992 -79.2998, 43.73005 -79.2991, 43.73006 -79.2984,
                             43.73140 -79.2956, 43.73259 -79.2950, 43.73266 -79.2945,
                             43.73320 -79.2936, 43.73378 -79.2936, 43.73486 -79.2917),
                POLYGON((43.7286 -79.2986, 43.7311 -79.2996, 43.7323 -79.2972, 43.7326 -79.2971,
                         43.7350 -79.2981, 43.7350 -79.2982, 43.7352 -79.2982, 43.7357 -79.2956,
                         43.7337 -79.2948, 43.7343 -79.2933, 43.7339 -79.2923, 43.7327 -79.2947,
                         43.7320 -79.2942, 43.7322 -79.2937, 43.7306 -79.2930, 43.7303 -79.2930,
                         43.7299 -79.2928, 43.7286 -79.2986)))
        """, """ {"op": "s_crosses", "args": [{"type": "LineString", "coordinates": [[43.72992, -79.2998], [43.73005, -79.2991], [43.73006, -79.2984], [43.73140, -79.2956], [43.73259, -79.2950], [43.73266, -79.2945], [43.73320, -79.2936], [43.73378, -79.2936], [43.73486, -79.2917]]}, {"type": "Polygon", "coordinates": [[[43.7286, -79.2986], [43.7311, -79.2996], [43.7323, -79.2972], [43.7326, -79.2971], [43.7350, -79.2981], [43.7350, -79.2982], [43.7352, -79.2982], [43.7357, -79.2956], [43.7337, -79.2948], [43.7343, -79.2933], [43.7339, -79.2923], [43.7327, -79.2947], [43.7320, -79.2942], [43.7322, -79.2937], [43.7306, -79.2930], [43.7303, -79.2930], [43.7299, -79.2928], [43.7286, -79.2986]]]}]} """)]
    [InlineData("example07", """
        eo:instrument LIKE 'OLI%'
                        AND S_INTERSECTS(footprint,POLYGON((43.5845 -79.5442,
                                                            43.6079 -79.4893,
                                                            43.5677 -79.4632,
                                                            43.6129 -79.3925,
                                                            43.6223 -79.3238,
                                                            43.6576 -79.3163,
                                                            43.7945 -79.1178,
                                                            43.8144 -79.1542,
                                                            43.8555 -79.1714,
                                                            43.7509 -79.6390,
                                                            43.5845 -79.5442)))
        """, """ {"op": "and", "args": [{"op": "like", "args": [{"property": "eo:instrument"}, "OLI%"]}, {"op": "s_intersects", "args": [{"property": "footprint"}, {"type": "Polygon", "coordinates": [[[43.5845, -79.5442], [43.6079, -79.4893], [43.5677, -79.4632], [43.6129, -79.3925], [43.6223, -79.3238], [43.6576, -79.3163], [43.7945, -79.1178], [43.8144, -79.1542], [43.8555, -79.1714], [43.7509, -79.639], [43.5845, -79.5442]]]}]}]} """)]
    [InlineData("example08", """
            beamMode='ScanSAR Narrow'
        AND swathDirection='ascending'
        AND polarization='HH+VV+HV+VH'
        AND s_intersects(footprint,POLYGON((-77.117938 38.936860,
                                            -77.040604 39.995648,
                                            -76.910536 38.892912,
                                            -77.039359 38.791753,
                                            -77.047906 38.841462,
                                            -77.034183 38.840655,
                                            -77.033142 38.857490,
                                            -77.117938 38.936860)))
        """, """ {"op": "and", "args": [{"op": "=", "args": [{"property": "beamMode"}, "ScanSAR Narrow"]}, {"op": "=", "args": [{"property": "swathDirection"}, "ascending"]}, {"op": "=", "args": [{"property": "polarization"}, "HH+VV+HV+VH"]}, {"op": "s_intersects", "args": [{"property": "footprint"}, {"type": "Polygon", "coordinates": [[[-77.117938, 38.936860], [-77.040604, 39.995648], [-76.910536, 38.892912], [-77.039359, 38.791753], [-77.047906, 38.841462], [-77.034183, 38.840655], [-77.033142, 38.857490], [-77.117938, 38.936860]]]}]}]} """)]
    [InlineData("example23", "S_WITHIN(location,BBOX(-118,33.8,-117.9,34))", """ {"op": "s_within", "args": [{"property": "location"}, {"bbox": [-118, 33.8, -117.9, 34]}]} """)]
    [InlineData("example24", "S_INTERSECTS(geometry,POLYGON((-10.0 -10.0,10.0 -10.0,10.0 10.0,-10.0 -10.0)))", """ {"op": "s_intersects", "args": [{"property": "geometry"}, {"type": "Polygon", "coordinates": [[[-10, -10], [10, -10], [10, 10], [-10, -10]]]}]} """)]
    [InlineData("example25", "floors>5 AND S_WITHIN(geometry,BBOX(-118,33.8,-117.9,34))", """ {"op": "and", "args": [{"op": ">", "args": [{"property": "floors"}, 5]}, {"op": "s_within", "args": [{"property": "geometry"}, {"bbox": [-118, 33.8, -117.9, 34]}]}]} """)]
    [InlineData("example45", """ S_INTERSECTS("geometry", BBOX(-128.098193, -1.1, -99999.0, 180.0, 90.0, 100000.0)) """, """ {"op": "s_intersects", "args": [{"property": "geometry"}, {"bbox": [-128.098193, -1.1, -99999.0, 180.0, 90.0, 100000.0]}]} """)]
    [InlineData("example46", """ S_EQUALS(POLYGON ((-0.333333 89.0, -102.723546 -0.5, -179.0 -89.0, -1.9 89.0, -0.0 89.0, 2.00001 -1.9, -0.333333 89.0)), "geometry") """, """ {"op": "s_equals", "args": [{"type": "Polygon", "coordinates": [[[-0.333333, 89.0], [-102.723546, -0.5], [-179.0, -89.0], [-1.9, 89.0], [-0.0, 89.0], [2.00001, -1.9], [-0.333333, 89.0]]]}, {"property": "geometry"}]} """)]
    [InlineData("example46-alt01", """
        S_EQUALS(
            POLYGON (
                (-0.333333 89.0, -102.723546 -0.5, -179.0 -89.0, -1.9 89.0, -0.0 89.0, 2.00001 -1.9, -0.333333 89.0)
            ),
            "geometry"
        )
        """, """ {"op": "s_equals", "args": [{"type": "Polygon", "coordinates": [[[-0.333333, 89.0], [-102.723546, -0.5], [-179.0, -89.0], [-1.9, 89.0], [-0.0, 89.0], [2.00001, -1.9], [-0.333333, 89.0]]]}, {"property": "geometry"}]} """)]
    [InlineData("example47", """ S_DISJOINT("geometry", MULTIPOLYGON (((144.022387 45.176126, -1.1 0.0, 180.0 47.808086, 144.022387 45.176126)))) """, """ {"op": "s_disjoint", "args": [{"property": "geometry"}, {"type": "MultiPolygon", "coordinates": [[[[144.022387, 45.176126], [-1.1, 0.0], [180.0, 47.808086], [144.022387, 45.176126]]]]}]} """)]
    [InlineData("example48", """ S_TOUCHES("geometry", MULTILINESTRING ((-1.9 -0.99999, 75.292574 1.5, -0.5 -4.016458, -31.708594 -74.743801, 179.0 -90.0),(-1.9 -1.1, 1.5 8.547371))) """, """ {"op": "s_touches", "args": [{"property": "geometry"}, {"type": "MultiLineString", "coordinates": [[[-1.9, -0.99999], [75.292574, 1.5], [-0.5, -4.016458], [-31.708594, -74.743801], [179.0, -90.0]], [[-1.9, -1.1], [1.5, 8.547371]]]}]} """)]
    [InlineData("example49", """ S_WITHIN(POLYGON Z ((-49.88024 0.5 -75993.341684, -1.5 -0.99999 -100000.0, 0.0 0.5 -0.333333, -49.88024 0.5 -75993.341684), (-65.887123 2.00001 -100000.0, 0.333333 -53.017711 -79471.332949, 180.0 0.0 1852.616704, -65.887123 2.00001 -100000.0)), "geometry") """, """ {"op": "s_within", "args": [{"type": "Polygon", "coordinates": [[[-49.88024, 0.5, -75993.341684], [-1.5, -0.99999, -100000.0], [0.0, 0.5, -0.333333], [-49.88024, 0.5, -75993.341684]], [[-65.887123, 2.00001, -100000.0], [0.333333, -53.017711, -79471.332949], [180.0, 0.0, 1852.616704], [-65.887123, 2.00001, -100000.0]]]}, {"property": "geometry"}]} """)]
    [InlineData("example49-alt01", """ S_WITHIN(POLYGON ((-49.88024 0.5 -75993.341684, -1.5 -0.99999 -100000.0, 0.0 0.5 -0.333333, -49.88024 0.5 -75993.341684), (-65.887123 2.00001 -100000.0, 0.333333 -53.017711 -79471.332949, 180.0 0.0 1852.616704, -65.887123 2.00001 -100000.0)), "geometry") """, """ {"op": "s_within", "args": [{"type": "Polygon", "coordinates": [[[-49.88024, 0.5, -75993.341684], [-1.5, -0.99999, -100000.0], [0.0, 0.5, -0.333333], [-49.88024, 0.5, -75993.341684]], [[-65.887123, 2.00001, -100000.0], [0.333333, -53.017711, -79471.332949], [180.0, 0.0, 1852.616704], [-65.887123, 2.00001, -100000.0]]]}, {"property": "geometry"}]} """)]
    [InlineData("example50", """ S_OVERLAPS("geometry", BBOX(-179.912109, 1.9, 180.0, 16.897016)) """, """ {"op": "s_overlaps", "args": [{"property": "geometry"}, {"bbox": [-179.912109, 1.9, 180.0, 16.897016]}]} """)]
    [InlineData("example51", """ S_CROSSES("geometry", LINESTRING (172.03086 1.5, 1.1 -90.0, -159.757695 0.99999, -180.0 0.5, -12.111235 81.336403, -0.5 64.43958, 0.0 81.991815, -155.93831 90.0)) """, """ {"op": "s_crosses", "args": [{"property": "geometry"}, {"type": "LineString", "coordinates": [[172.03086, 1.5], [1.1, -90.0], [-159.757695, 0.99999], [-180.0, 0.5], [-12.111235, 81.336403], [-0.5, 64.43958], [0.0, 81.991815], [-155.93831, 90.0]]}]} """)]
    [InlineData("example52", """ S_CONTAINS("geometry", POINT (-3.508362 -1.754181)) """, """ {"op": "s_contains", "args": [{"property": "geometry"}, {"type": "Point", "coordinates": [-3.508362, -1.754181]}]} """)]
    [InlineData("example83", """ S_EQUALS(MULTIPOINT ((180.0 -0.5), (179.0 -47.121701), (180.0 -0.0), (33.470475 -0.99999), (179.0 -15.333062)), "geometry") """, """ {"op": "s_equals", "args": [{"type": "MultiPoint", "coordinates": [[180.0, -0.5], [179.0, -47.121701], [180.0, -0.0], [33.470475, -0.99999], [179.0, -15.333062]]}, {"property": "geometry"}]} """)]
    [InlineData("example84", """ S_EQUALS(GEOMETRYCOLLECTION (POINT (1.9 2.00001), POINT (0.0 -2.00001), MULTILINESTRING ((-2.00001 -0.0, -77.292642 -0.5, -87.515626 -0.0, -180.0 12.502773, 21.204842 -1.5, -21.878857 -90.0)), POINT (1.9 0.5), LINESTRING (179.0 1.179148, -148.192487 -65.007816, 0.5 0.333333)), "geometry") """, """ {"op": "s_equals", "args": [{"type": "GeometryCollection", "geometries": [{"type": "Point", "coordinates": [1.9, 2.00001]}, {"type": "Point", "coordinates": [0.0, -2.00001]}, {"type": "MultiLineString", "coordinates": [[[-2.00001, -0.0], [-77.292642, -0.5], [-87.515626, -0.0], [-180.0, 12.502773], [21.204842, -1.5], [-21.878857, -90.0]]]}, {"type": "Point", "coordinates": [1.9, 0.5]}, {"type": "LineString", "coordinates": [[179.0, 1.179148], [-148.192487, -65.007816], [0.5, 0.333333]]}]}, {"property": "geometry"}]} """)]
    public void Spatial_examples_parse_to_the_same_tree_from_text_and_json(string example, string text, string json)
    {
        Assert.NotEmpty(example);
        AssertSameTree(text, json);
    }

    // Temporal functions (T_*, DATE, TIMESTAMP, INTERVAL).
    [Theory]
    [InlineData("clause7_12", "T_INTERSECTS(event_time, INTERVAL('1969-07-16T05:32:00Z', '1969-07-24T16:50:35Z'))", """ {"op": "t_intersects", "args": [{"property": "event_time"}, {"interval": ["1969-07-16T05:32:00Z", "1969-07-24T16:50:35Z"]}]} """)]
    [InlineData("clause7_13", "T_DURING(INTERVAL(touchdown, liftOff), INTERVAL('1969-07-16T13:32:00Z', '1969-07-24T16:50:35Z'))", """ {"op": "t_during", "args": [{"interval": [{"property": "touchdown"}, {"property": "liftOff"}]}, {"interval": ["1969-07-16T13:32:00Z", "1969-07-24T16:50:35Z"]}]} """)]
    [InlineData("clause7_17", "T_DURING(INTERVAL('1969-07-20T20:17:40Z', '1969-07-21T17:54:00Z'), INTERVAL('1969-07-16T13:32:00Z', '1969-07-24T16:50:35Z'))", """ {"op": "t_during", "args": [{"interval": ["1969-07-20T20:17:40Z", "1969-07-21T17:54:00Z"]}, {"interval": ["1969-07-16T13:32:00Z", "1969-07-24T16:50:35Z"]}]} """)]
    [InlineData("example20", "T_BEFORE(built, DATE('2015-01-01'))", """ {"op": "t_before", "args": [{"property": "built"}, {"date": "2015-01-01"}]} """)]
    [InlineData("example21", "T_AFTER(built,DATE('2012-06-05'))", """ {"op": "t_after", "args": [{"property": "built"}, {"date": "2012-06-05"}]} """)]
    [InlineData("example22", "T_DURING(INTERVAL(starts_at, ends_at), INTERVAL('2017-06-10T07:30:00Z', '2017-06-11T10:30:00Z'))", """ {"op": "t_during", "args": [{"interval": [{"property": "starts_at"}, {"property": "ends_at"}]}, {"interval": ["2017-06-10T07:30:00Z", "2017-06-11T10:30:00Z"]}]} """)]
    [InlineData("example53", """ T_AFTER("updated_at", DATE('2010-02-10')) """, """ {"op": "t_after", "args": [{"property": "updated_at"}, {"date": "2010-02-10"}]} """)]
    [InlineData("example54", """ T_BEFORE("updated_at", TIMESTAMP('2012-08-10T05:30:00.000000Z')) """, """ {"op": "t_before", "args": [{"property": "updated_at"}, {"timestamp": "2012-08-10T05:30:00Z"}]} """)]
    [InlineData("example54-alt01", "T_BEFORE(updated_at, TIMESTAMP('2012-08-10T05:30:00Z'))", """ {"op": "t_before", "args": [{"property": "updated_at"}, {"timestamp": "2012-08-10T05:30:00Z"}]} """)]
    [InlineData("example55", "T_CONTAINS(INTERVAL('2000-01-01T00:00:00.000000Z', '2005-01-10T01:01:01.393216Z'), INTERVAL(starts_at, ends_at))", """ {"op": "t_contains", "args": [{"interval": ["2000-01-01T00:00:00Z", "2005-01-10T01:01:01.393216Z"]}, {"interval": [{"property": "starts_at"}, {"property": "ends_at"}]}]} """)]
    [InlineData("example55-alt01", "T_CONTAINS(INTERVAL('2000-01-01T00:00:00Z', '2005-01-10T01:01:01.393216Z'), INTERVAL(starts_at, ends_at))", """ {"op": "t_contains", "args": [{"interval": ["2000-01-01T00:00:00Z", "2005-01-10T01:01:01.393216Z"]}, {"interval": [{"property": "starts_at"}, {"property": "ends_at"}]}]} """)]
    [InlineData("example56", "T_DISJOINT(INTERVAL('..', '2005-01-10T01:01:01.393216Z'), INTERVAL(starts_at, ends_at))", """ {"op": "t_disjoint", "args": [{"interval": ["..", "2005-01-10T01:01:01.393216Z"]}, {"interval": [{"property": "starts_at"}, {"property": "ends_at"}]}]} """)]
    [InlineData("example57", "T_DURING(INTERVAL(starts_at, ends_at), INTERVAL('2005-01-10', '2010-02-10'))", """ {"op": "t_during", "args": [{"interval": [{"property": "starts_at"}, {"property": "ends_at"}]}, {"interval": ["2005-01-10", "2010-02-10"]}]} """)]
    [InlineData("example58", """ T_EQUALS("updated_at", DATE('1851-04-29')) """, """ {"op": "t_equals", "args": [{"property": "updated_at"}, {"date": "1851-04-29"}]} """)]
    [InlineData("example59", "T_FINISHEDBY(INTERVAL(starts_at, ends_at), INTERVAL('1991-10-07T08:21:06.393262Z', '2010-02-10T05:29:20.073225Z'))", """ {"op": "t_finishedBy", "args": [{"interval": [{"property": "starts_at"}, {"property": "ends_at"}]}, {"interval": ["1991-10-07T08:21:06.393262Z", "2010-02-10T05:29:20.073225Z"]}]} """)]
    [InlineData("example60", "T_FINISHES(INTERVAL(starts_at, ends_at), INTERVAL('1991-10-07', '2010-02-10T05:29:20.073225Z'))", """ {"op": "t_finishes", "args": [{"interval": [{"property": "starts_at"}, {"property": "ends_at"}]}, {"interval": ["1991-10-07", "2010-02-10T05:29:20.073225Z"]}]} """)]
    [InlineData("example61", "T_INTERSECTS(INTERVAL(starts_at, ends_at), INTERVAL('1991-10-07T08:21:06.393262Z', '2010-02-10T05:29:20.073225Z'))", """ {"op": "t_intersects", "args": [{"interval": [{"property": "starts_at"}, {"property": "ends_at"}]}, {"interval": ["1991-10-07T08:21:06.393262Z", "2010-02-10T05:29:20.073225Z"]}]} """)]
    [InlineData("example62", "T_MEETS(INTERVAL('2005-01-10', '2010-02-10'), INTERVAL(starts_at, ends_at))", """ {"op": "t_meets", "args": [{"interval": ["2005-01-10", "2010-02-10"]}, {"interval": [{"property": "starts_at"}, {"property": "ends_at"}]}]} """)]
    [InlineData("example63", "T_METBY(INTERVAL('2010-02-10T05:29:20.073225Z', '2010-10-07'), INTERVAL(starts_at, ends_at))", """ {"op": "t_metBy", "args": [{"interval": ["2010-02-10T05:29:20.073225Z", "2010-10-07"]}, {"interval": [{"property": "starts_at"}, {"property": "ends_at"}]}]} """)]
    [InlineData("example64", "T_OVERLAPPEDBY(INTERVAL('1991-10-07T08:21:06.393262Z', '2010-02-10T05:29:20.073225Z'), INTERVAL(starts_at, ends_at))", """ {"op": "t_overlappedBy", "args": [{"interval": ["1991-10-07T08:21:06.393262Z", "2010-02-10T05:29:20.073225Z"]}, {"interval": [{"property": "starts_at"}, {"property": "ends_at"}]}]} """)]
    [InlineData("example65", "T_OVERLAPS(INTERVAL(starts_at, ends_at), INTERVAL('1991-10-07T08:21:06.393262Z', '1992-10-09T08:08:08.393473Z'))", """ {"op": "t_overlaps", "args": [{"interval": [{"property": "starts_at"}, {"property": "ends_at"}]}, {"interval": ["1991-10-07T08:21:06.393262Z", "1992-10-09T08:08:08.393473Z"]}]} """)]
    [InlineData("example66", "T_STARTEDBY(INTERVAL('1991-10-07T08:21:06.393262Z', '2010-02-10T05:29:20.073225Z'), INTERVAL(starts_at, ends_at))", """ {"op": "t_startedBy", "args": [{"interval": ["1991-10-07T08:21:06.393262Z", "2010-02-10T05:29:20.073225Z"]}, {"interval": [{"property": "starts_at"}, {"property": "ends_at"}]}]} """)]
    [InlineData("example67", "T_STARTS(INTERVAL(starts_at, ends_at), INTERVAL('1991-10-07T08:21:06.393262Z', '..'))", """ {"op": "t_starts", "args": [{"interval": [{"property": "starts_at"}, {"property": "ends_at"}]}, {"interval": ["1991-10-07T08:21:06.393262Z", ".."]}]} """)]
    public void Temporal_examples_parse_to_the_same_tree_from_text_and_json(string example, string text, string json)
    {
        Assert.NotEmpty(example);
        AssertSameTree(text, json);
    }

    // Array functions (A_*): parsed, not translated.
    [Theory]
    [InlineData("clause7_15", "A_CONTAINS(layer:ids, ('layers-ca','layers-us'))", """ {"op": "a_contains", "args": [{"property": "layer:ids"}, ["layers-ca", "layers-us"]]} """)]
    [InlineData("example79", """ A_CONTAINEDBY("values", ('a', 'b', 'c')) """, """ {"op": "a_containedBy", "args": [{"property": "values"}, ["a", "b", "c"]]} """)]
    [InlineData("example80", """ A_CONTAINS("values", ('a', 'b', 'c')) """, """ {"op": "a_contains", "args": [{"property": "values"}, ["a", "b", "c"]]} """)]
    [InlineData("example81", """ A_EQUALS(('a', TRUE, 1.0, 8), "values") """, """ {"op": "a_equals", "args": [["a", true, 1.0, 8], {"property": "values"}]} """)]
    [InlineData("example82", """ A_OVERLAPS("values", (TIMESTAMP('2012-08-10T05:30:00.000000Z'), DATE('2010-02-10'), FALSE)) """, """ {"op": "a_overlaps", "args": [{"property": "values"}, [{"timestamp": "2012-08-10T05:30:00Z"}, {"date": "2010-02-10"}, false]]} """)]
    public void Array_examples_parse_to_the_same_tree_from_text_and_json(string example, string text, string json)
    {
        Assert.NotEmpty(example);
        AssertSameTree(text, json);
    }

    // Custom functions: parsed, refused by the translator.
    [Theory]
    [InlineData("clause6_01", "avg(windSpeed)", """ {"op": "avg", "args": [{"property": "windSpeed"}]} """)]
    [InlineData("clause6_02b", "avg(windSpeed) < 4", """ {"op": "<", "args": [{"op": "avg", "args": [{"property": "windSpeed"}]}, 4]} """)]
    [InlineData("clause7_18", "S_WITHIN(road,Buffer(geometry,10,'m'))", """ {"op": "s_within", "args": [{"property": "road"}, {"op": "Buffer", "args": [{"property": "geometry"}, 10, "m"]}]} """)]
    [InlineData("example68", """ Foo("geometry") = TRUE """, """ {"op": "=", "args": [{"op": "Foo", "args": [{"property": "geometry"}]}, true]} """)]
    [InlineData("example69", """ FALSE <> Bar("geometry", 100, 'a', 'b', FALSE) """, """ {"op": "<>", "args": [false, {"op": "Bar", "args": [{"property": "geometry"}, 100, "a", "b", false]}]} """)]
    public void Function_call_examples_parse_to_the_same_tree_from_text_and_json(string example, string text, string json)
    {
        Assert.NotEmpty(example);
        AssertSameTree(text, json);
    }

    // Arithmetic expressions.
    [Theory]
    [InlineData("clause6_02c", "balance-150.0 > 0", """ {"op": ">", "args": [{"op": "-", "args": [{"property": "balance"}, 150.0]}, 0]} """)]
    [InlineData("clause7_19", "vehicle_height > (bridge_clearance-1)", """ {"op": ">", "args": [{"property": "vehicle_height"}, {"op": "-", "args": [{"property": "bridge_clearance"}, 1]}]} """)]
    [InlineData("example72", "\"value\" > (\"foo\" + 10)", """ {"op": ">", "args": [{"property": "value"}, {"op": "+", "args": [{"property": "foo"}, 10]}]} """)]
    [InlineData("example73", "\"value\" < (\"foo\" - 10)", """ {"op": "<", "args": [{"property": "value"}, {"op": "-", "args": [{"property": "foo"}, 10]}]} """)]
    [InlineData("example74", "\"value\" <> (22.1 * \"foo\")", """ {"op": "<>", "args": [{"property": "value"}, {"op": "*", "args": [22.1, {"property": "foo"}]}]} """)]
    [InlineData("example75", "\"value\" = (2 / \"foo\")", """ {"op": "=", "args": [{"property": "value"}, {"op": "/", "args": [2, {"property": "foo"}]}]} """)]
    [InlineData("example76", "\"value\" <= (2 ^ \"foo\")", """ {"op": "<=", "args": [{"property": "value"}, {"op": "^", "args": [2, {"property": "foo"}]}]} """)]
    [InlineData("example77", """ 0 = ("foo" % 2) """, """ {"op": "=", "args": [0, {"op": "%", "args": [{"property": "foo"}, 2]}]} """)]
    [InlineData("example78", """ 1 = ("foo" div 2) """, """ {"op": "=", "args": [1, {"op": "div", "args": [{"property": "foo"}, 2]}]} """)]
    [InlineData("example85", "\"value\" = ((((-1 * \"foo\") * 2.0) + (\"bar\" / 6.1234)) - (\"x\" ^ 2.0))", """ {"op": "=", "args": [{"property": "value"}, {"op": "-", "args": [{"op": "+", "args": [{"op": "*", "args": [{"op": "*", "args": [-1, {"property": "foo"}]}, 2.0]}, {"op": "/", "args": [{"property": "bar"}, 6.1234]}]}, {"op": "^", "args": [{"property": "x"}, 2.0]}]}]} """)]
    [InlineData("example85-alt01", """ value = - foo * 2.0 + "bar" / 6.1234 - "x" ^ 2.0 """, """ {"op": "=", "args": [{"property": "value"}, {"op": "-", "args": [{"op": "+", "args": [{"op": "*", "args": [{"op": "*", "args": [-1, {"property": "foo"}]}, 2.0]}, {"op": "/", "args": [{"property": "bar"}, 6.1234]}]}, {"op": "^", "args": [{"property": "x"}, 2.0]}]}]} """)]
    public void Arithmetic_examples_parse_to_the_same_tree_from_text_and_json(string example, string text, string json)
    {
        Assert.NotEmpty(example);
        AssertSameTree(text, json);
    }
}
