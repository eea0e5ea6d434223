using NetTopologySuite.Geometries;

namespace Wems.Gis.Analysis.Density;

/// <summary>The area unit a density is expressed per.</summary>
public enum DensityAreaUnit
{
    /// <summary>Per square metre, the unit of the projected coordinates.</summary>
    SquareMeters,

    /// <summary>Per square kilometre (10⁶ m²): ArcGIS's default for input in metres.</summary>
    SquareKilometers,

    /// <summary>Per hectare (10⁴ m²).</summary>
    Hectares,
}

/// <summary>
/// A north-up raster of density values in a projected CRS with metre units: <see cref="Rows"/> ×
/// <see cref="Columns"/> square cells of <see cref="CellSizeMeters"/>, the first row the northernmost, values
/// row-major. A cell's value is the density at the cell's centre.
/// </summary>
/// <param name="OriginX">x of the grid's upper-left (north-west) corner, metres.</param>
/// <param name="OriginY">y of the grid's upper-left (north-west) corner, metres.</param>
/// <param name="CellSizeMeters">Width and height of a cell, metres.</param>
/// <param name="Rows">Number of rows (north to south).</param>
/// <param name="Columns">Number of columns (west to east).</param>
/// <param name="Values">Rows × Columns values, row-major: the cell at (row, column) is at index row · Columns + column.</param>
/// <param name="SearchRadiusMeters">The kernel's search radius (bandwidth) the values were computed with.</param>
/// <param name="AreaUnit">The unit the values are per: a count (or population) per this area.</param>
public sealed record DensityGrid(
    double OriginX,
    double OriginY,
    double CellSizeMeters,
    int Rows,
    int Columns,
    double[] Values,
    double SearchRadiusMeters,
    DensityAreaUnit AreaUnit)
{
    /// <summary>The value of the cell at (<paramref name="row"/>, <paramref name="column"/>), row 0 the northernmost.</summary>
    public double this[int row, int column] => Values[row * Columns + column];

    /// <summary>x of the centre of the cells in <paramref name="column"/>, metres.</summary>
    public double CellCenterX(int column) => OriginX + (column + 0.5) * CellSizeMeters;

    /// <summary>y of the centre of the cells in <paramref name="row"/>, metres (row 0 is the northernmost).</summary>
    public double CellCenterY(int row) => OriginY - (row + 0.5) * CellSizeMeters;

    /// <summary>The grid's outer boundary, metres.</summary>
    public Envelope Extent =>
        new(OriginX, OriginX + Columns * CellSizeMeters, OriginY - Rows * CellSizeMeters, OriginY);
}
