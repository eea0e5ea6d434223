namespace Wems.Gis.Tiles;

/// <summary>
/// A vector tile layer: the fixed SQL that renders one Mapbox Vector Tile (MVT 2.1) of it with PostGIS, and what the
/// tile holds. All SQL is fixed text written in this library; a request only supplies parameter values (z, x, y and
/// filter values, see <see cref="TileStore"/>).
/// </summary>
/// <remarks>
/// Every query returns one <c>bytea</c>: <c>ST_AsMVT</c> of one MVT layer named <see cref="Id"/>, extent 4096, buffer
/// 64, with integer feature ids. Features are selected with <c>geom &amp;&amp; ST_Transform(ST_TileEnvelope(z, x, y,
/// margin =&gt; …), 4326)</c> so that the GiST index on the WGS84 geometry is used, and drawn with
/// <c>ST_AsMVTGeom(…, ST_TileEnvelope(z, x, y), 4096, 64, true)</c> in EPSG:3857.
/// </remarks>
/// <param name="Id">Layer id in URLs (<c>/tiles/{id}/{z}/{x}/{y}.mvt</c>) and the MVT layer name.</param>
/// <param name="Title">Human title.</param>
/// <param name="Description">What the layer holds, where the data come from, how it is generalised.</param>
/// <param name="Public">True for reference layers every caller may see (cacheable by anyone); false for case data.</param>
/// <param name="Sql">The query for zooms at or above <see cref="CellsBelowZoom"/>.</param>
/// <param name="Fields">Attributes of the features that <see cref="Sql"/> writes: name → "String", "Number" or "Boolean".</param>
/// <param name="CellSql">The aggregating query for zooms below <see cref="CellsBelowZoom"/>, or null.</param>
/// <param name="CellFields">Attributes of the aggregated features, or empty.</param>
/// <param name="CellsBelowZoom">Zooms below this one are served by <see cref="CellSql"/>; 0 when there is none.</param>
/// <param name="TakesCaseFilters">True when the layer honours the case filters (<see cref="CaseTileFilter"/>).</param>
/// <param name="ExtentSql">A query that returns the layer's extent (xmin, ymin, xmax, ymax in WGS84) or nulls.</param>
/// <param name="PreAggregatedCellSql">A faster equivalent of <see cref="CellSql"/> over pre-aggregated cells, usable when
/// no date or commodity filter is given (parameters @z, @x, @y, @country and the cell ranges @cx0, @cx1, @cy0, @cy1), or null.</param>
/// <param name="PreAggregatedPointSql">A faster equivalent of <see cref="Sql"/> over pre-aggregated merge squares, usable
/// at zooms <see cref="CellsBelowZoom"/>..<see cref="PreAggregatedPointsUpToZoom"/> when no filter but the country is given
/// (parameters @z, @x, @y, @country, the stored zoom @zs and @shift = @zs - @z, and the ranges @cx0, @cx1, @cy0, @cy1 of
/// stored squares), or null.</param>
/// <param name="PreAggregatedPointsUpToZoom">The highest zoom <see cref="PreAggregatedPointSql"/> serves.</param>
/// <param name="RunKind">For an analysis layer, the <c>analysis_run.kind</c> whose run (<c>@run</c>) a tile shows; null otherwise.</param>
/// <param name="CaseDerived">True for a public layer computed from case data (aggregates): any case write drops the whole
/// layer from the cache (<c>CaseTileInvalidator</c>), and it is served with the private max-age so no CDN keeps it long.</param>
public sealed record TileLayer(
    string Id,
    string Title,
    string Description,
    bool Public,
    string Sql,
    IReadOnlyDictionary<string, string> Fields,
    string? CellSql,
    IReadOnlyDictionary<string, string> CellFields,
    int CellsBelowZoom,
    bool TakesCaseFilters,
    string ExtentSql,
    string? RunKind = null,
    string? PreAggregatedCellSql = null,
    bool CaseDerived = false,
    string? PreAggregatedPointSql = null,
    int PreAggregatedPointsUpToZoom = -1)
{
    /// <summary>The query that renders a tile at zoom <paramref name="z"/>.</summary>
    /// <param name="z">Zoom level.</param>
    public string SqlFor(int z) => CellSql is not null && z < CellsBelowZoom ? CellSql : Sql;

    /// <summary>True when a tile at zoom <paramref name="z"/> holds aggregated cells rather than single features.</summary>
    /// <param name="z">Zoom level.</param>
    public bool IsAggregatedAt(int z) => CellSql is not null && z < CellsBelowZoom;

    /// <summary>True when an unfiltered tile at zoom <paramref name="z"/> can be read from pre-aggregated merge squares.</summary>
    /// <param name="z">Zoom level.</param>
    public bool HasPreAggregatedPointsAt(int z) => PreAggregatedPointSql is not null && z >= CellsBelowZoom && z <= PreAggregatedPointsUpToZoom;
}
