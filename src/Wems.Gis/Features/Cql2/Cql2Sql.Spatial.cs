using System.Globalization;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using static Wems.Gis.Features.Cql2.Cql2Rules;

namespace Wems.Gis.Features.Cql2;

public static partial class Cql2Sql
{
    /// <summary>SRID in which longitudes wrap at ±180°, so that a BBOX with west &gt; east crosses the antimeridian.</summary>
    private const int Wgs84 = 4326;

    private static readonly string[] SpatialSql =
        ["ST_Intersects", "ST_Equals", "ST_Disjoint", "ST_Touches", "ST_Within", "ST_Overlaps", "ST_Crosses", "ST_Contains"];

    private static readonly GeometryFactory PlainFactory = new();

    private sealed partial class Translator
    {
        private Fragment Spatial(SpatialPredicate predicate)
        {
            var name = Name(SpatialFunctions, predicate.Op);
            var (left, right) = SameSrid(GeometryValue(predicate.Left, name), GeometryValue(predicate.Right, name));
            return new Fragment($"{SpatialSql[(int)predicate.Op]}({left.Sql}, {right.Sql})");
        }

        private Fragment Distance(DistancePredicate predicate)
        {
            var left = Geography(GeometryValue(predicate.Left, DistanceFunction));
            var right = Geography(GeometryValue(predicate.Right, DistanceFunction));
            return new Fragment($"ST_DWithin({left}, {right}, {Bind(predicate.DistanceMeters)})");
        }

        private static string Geography(Operand geometry) => geometry.Srid == Wgs84
            ? $"{geometry.Sql}::geography"
            : $"ST_Transform({geometry.Sql}, {Wgs84})::geography";

        /// <summary>A geometry operand: a geometry property, or a literal bound as WKT in the filter's SRID.</summary>
        private Operand GeometryValue(Cql2Expression e, string function)
        {
            switch (e)
            {
                case PropertyRef property:
                    var operand = Property(property);
                    return operand.Type == QueryableType.Geometry
                        ? operand
                        : throw new Cql2Exception($"{function} needs geometries, but {operand.Description} is {TypeName(operand.Type)}");
                case GeometryLiteral literal:
                    return Literal(literal.Geometry, Describe(literal));
                case BBoxLiteral box:
                    return Literal(BoxGeometry(box), Describe(box));
                case FunctionCall call:
                    throw UnsupportedFunction(call);
                default:
                    throw new Cql2Exception($"{function} needs geometries, but found {Describe(e)}");
            }
        }

        private Operand Literal(Geometry geometry, string description)
        {
            // 2D WKT: WEMS geometries are 2D, and PostGIS predicates ignore Z.
            var wkt = new WKTWriter(2).Write(geometry);
            var sql = $"ST_GeomFromText({Bind(wkt)}, {srid.ToString(CultureInfo.InvariantCulture)})";
            return new Operand(sql, QueryableType.Geometry, description, srid);
        }

        private Geometry BoxGeometry(BBoxLiteral box)
        {
            if (box.West <= box.East)
            {
                return PlainFactory.ToGeometry(new Envelope(box.West, box.East, box.South, box.North));
            }

            if (srid != Wgs84)
            {
                throw new Cql2Exception("the BBOX west is greater than its east; only a longitude/latitude box may cross the antimeridian");
            }

            return PlainFactory.CreateMultiPolygon(
            [
                (Polygon)PlainFactory.ToGeometry(new Envelope(box.West, 180, box.South, box.North)),
                (Polygon)PlainFactory.ToGeometry(new Envelope(-180, box.East, box.South, box.North)),
            ]);
        }

        /// <summary>Brings two geometries to one SRID, transforming a literal rather than a column (which keeps its index usable).</summary>
        private static (Operand Left, Operand Right) SameSrid(Operand left, Operand right)
        {
            if (left.Srid == right.Srid)
            {
                return (left, right);
            }

            return right.IsProperty && !left.IsProperty
                ? (Transform(left, right.Srid), right)
                : (left, Transform(right, left.Srid));
        }

        private static Operand Transform(Operand geometry, int toSrid) => geometry with
        {
            Sql = $"ST_Transform({geometry.Sql}, {toSrid.ToString(CultureInfo.InvariantCulture)})",
            Srid = toSrid,
        };
    }
}
