using System.Globalization;

namespace Wems.Gis.Features;

/// <summary>
/// An OGC API bbox in CRS84 (x = longitude, y = latitude): lower-left then upper-right corner. MinX greater
/// than MaxX means the box crosses the antimeridian, as OGC API – Features allows.
/// </summary>
public readonly record struct BoundingBox(double MinX, double MinY, double MaxX, double MaxY)
{
    /// <summary>True when the box crosses the antimeridian (MinX &gt; MaxX).</summary>
    public bool CrossesAntimeridian => MinX > MaxX;

    /// <summary>
    /// Parses <c>minx,miny,maxx,maxy</c> or the 6-number 3D form <c>minx,miny,minz,maxx,maxy,maxz</c>
    /// (heights are ignored). Longitudes must lie in −180..180, latitudes in −90..90 with miny ≤ maxy.
    /// </summary>
    /// <exception cref="InvalidParameterException">The text is not a valid bbox; the message says why.</exception>
    public static BoundingBox Parse(string text) => Parse(text, null);

    /// <summary>
    /// Parses a bbox given in <paramref name="bboxCrs"/> (OGC API Part 2 <c>bbox-crs</c>; null for CRS84), in that
    /// CRS's axis order and units, and returns it in CRS84.
    /// </summary>
    /// <exception cref="InvalidParameterException">The text is not a valid bbox; the message says why.</exception>
    public static BoundingBox Parse(string text, SupportedCrs? bboxCrs)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(',');
        if (parts.Length is not (4 or 6))
        {
            throw new InvalidParameterException("bbox", $"expected 4 or 6 comma-separated numbers, got {parts.Length}.");
        }

        var numbers = new double[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[i]) || !double.IsFinite(numbers[i]))
            {
                throw new InvalidParameterException("bbox", $"'{parts[i]}' is not a number.");
            }
        }

        var box = parts.Length == 4
            ? new BoundingBox(numbers[0], numbers[1], numbers[2], numbers[3])
            : new BoundingBox(numbers[0], numbers[1], numbers[3], numbers[4]);
        if (bboxCrs is not null && bboxCrs != CrsRegistry.Crs84)
        {
            if (bboxCrs.Projected && (box.MinX > box.MaxX || box.MinY > box.MaxY))
            {
                throw new InvalidParameterException("bbox", "the lower corner must be below and left of the upper corner.");
            }

            box = CrsRegistry.BboxToCrs84(box.MinX, box.MinY, box.MaxX, box.MaxY, bboxCrs);
        }

        if (box.MinX is < -180 or > 180 || box.MaxX is < -180 or > 180)
        {
            throw new InvalidParameterException("bbox", "longitudes must lie between -180 and 180.");
        }

        if (box.MinY is < -90 or > 90 || box.MaxY is < -90 or > 90)
        {
            throw new InvalidParameterException("bbox", "latitudes must lie between -90 and 90.");
        }

        if (box.MinY > box.MaxY)
        {
            throw new InvalidParameterException("bbox", "the lower latitude is greater than the upper one.");
        }

        return box;
    }

    /// <summary>
    /// The box as one or two non-crossing boxes (split at the antimeridian), each as (minX, minY, maxX, maxY).
    /// </summary>
    public IReadOnlyList<BoundingBox> Parts() => CrossesAntimeridian
        ? [this with { MaxX = 180 }, this with { MinX = -180 }]
        : [this];
}
