using Wems.Gis.Features.Cql2;

namespace Wems.Gis.Tests.Features.Cql2;

/// <summary>Queryables shaped like those of the seizure-case collection, and a shortcut to translate cql2-text with them.</summary>
internal static class CaseQueryables
{
    public static readonly QueryableSet Set = new(
        new QueryableProperty("status", "c.status", QueryableType.Text),
        new QueryableProperty("place", "c.place_name", QueryableType.Text),
        new QueryableProperty("arrests", "c.arrests", QueryableType.Number),
        new QueryableProperty("transboundary", "c.transboundary", QueryableType.Boolean),
        new QueryableProperty("date", "c.event_date", QueryableType.Date),
        new QueryableProperty("closed", "c.closed_on", QueryableType.Date),
        new QueryableProperty("updated", "c.updated_at", QueryableType.Timestamp),
        new QueryableProperty("geometry", "c.geom", QueryableType.Geometry));

    public static SqlFilter Sql(string cql2Text, int srid = 4326) => Cql2Sql.Translate(Cql2Text.Parse(cql2Text), Set, srid);

    public static Cql2Exception Refused(string cql2Text) => Assert.Throws<Cql2Exception>(() => Sql(cql2Text));
}
