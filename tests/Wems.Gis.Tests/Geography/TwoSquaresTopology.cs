namespace Wems.Gis.Tests.Geography;

/// <summary>
/// A hand-written quantized TopoJSON: two 0.1° squares on either side of the equator at 36.0–36.1° E that
/// share one edge, the equator itself (arc 0).
/// </summary>
/// <remarks>
/// Transform: x = 36.0 + 0.0001 · Σdx, y = −0.1 + 0.0001 · Σdy, so quantized (0, 1000) is (36.0, 0.0).
/// Arc 0: (36.0, 0) → (36.1, 0), the shared edge. Arc 1: the rest of the northern square, (36.1, 0) → (36.1, 0.1)
/// → (36.0, 0.1) → (36.0, 0). Arc 2: the rest of the southern square, (36.0, 0) → (36.0, −0.1) → (36.1, −0.1) →
/// (36.1, 0). The northern square "404" is ring [0, 1]; the southern square "834" is ring [2, ~0], arc 0 reversed.
/// </remarks>
internal static class TwoSquaresTopology
{
    public const string Json = """
        {
          "type": "Topology",
          "transform": { "scale": [0.0001, 0.0001], "translate": [36.0, -0.1] },
          "arcs": [
            [[0, 1000], [1000, 0]],
            [[1000, 1000], [0, 1000], [-1000, 0], [0, -1000]],
            [[0, 1000], [0, -1000], [1000, 0], [0, 1000]]
          ],
          "objects": {
            "countries": {
              "type": "GeometryCollection",
              "geometries": [
                { "type": "Polygon", "id": "404", "properties": { "name": "North" }, "arcs": [[0, 1]] },
                { "type": "Polygon", "id": "834", "properties": { "name": "South" }, "arcs": [[2, -1]] }
              ]
            }
          }
        }
        """;

    /// <summary>Alpha-2 codes of the fixture's numeric ids.</summary>
    public static readonly IReadOnlyDictionary<string, string> Alpha2ByNumeric =
        new Dictionary<string, string> { ["404"] = "KE", ["834"] = "TZ" };
}
