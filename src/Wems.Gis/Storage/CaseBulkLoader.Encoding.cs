using Wems.Gis.Cases;
using Wems.Gis.Geography;
using Wems.Gis.Governance;

namespace Wems.Gis.Storage;

public sealed partial class CaseBulkLoader
{
    /// <summary>One batch of cases, encoded: a binary COPY buffer per table (in <see cref="Tables"/> order).</summary>
    private sealed class EncodedBatch
    {
        public CopyRowWriter[] Tables { get; } = [.. CaseBulkLoader.Tables.Select(_ => new CopyRowWriter())];

        /// <summary>One digest per table, so that the tables of a batch can be hashed at the same time.</summary>
        public BulkAuditDigest[] Digests { get; } = [.. CaseBulkLoader.Tables.Select(_ => new BulkAuditDigest())];

        public int Cases { get; set; }

        public void Clear()
        {
            Cases = 0;
            foreach (var table in Tables)
            {
                table.Clear();
            }
        }
    }

    /// <summary>
    /// Encodes cases into the row images of <see cref="ColumnsOf"/>, in that column order. The last column,
    /// audit_batch, is written as 0 and stamped with the batch number just before the batch is sent.
    /// </summary>
    private sealed class BatchEncoder(Dictionary<string, SpeciesRef> species, BorderProximity borders, CaseRepository cases,
        string actor, DateTime now)
    {
        private const int Wgs84 = 4326;

        public void Add(EncodedBatch batch, SeizureCase c)
        {
            WriteCase(batch.Tables[0], c);
            WriteSpecimens(batch.Tables[1], c);
            var chain = batch.Tables[2];
            for (var i = 0; i < c.TradeChain.Count; i++)
            {
                var t = c.TradeChain[i];
                chain.StartRow(7);
                chain.Uuid(c.Id);
                chain.Int16((short)(i + 1));
                chain.Char(t.Country, 2);
                chain.Text(DbCodes.Of(t.Role));
                chain.Boolean(t.Custody);
                chain.Boolean(t.Intended);
                chain.AuditBatch();
            }

            if (c.Nominal is { } nominal)
            {
                WriteNominal(batch, c.Id, nominal);
            }

            batch.Cases++;
        }

        private void WriteCase(CopyRowWriter w, SeizureCase c)
        {
            w.StartRow(36);
            w.Uuid(c.Id);
            w.Text(c.AgencyCode);
            w.Text(c.Reference);
            w.Date(c.Date);
            w.Time(c.Time);
            w.Char(c.Country, 2);
            w.Text(c.PlaceName);
            w.Point(c.Location.X, c.Location.Y, Wgs84);
            w.Text(DbCodes.Of(c.LocationPrecision));
            w.Text(c.LocationType);
            w.Text(c.DetectingAgency);
            w.Text(c.Reason);
            w.Text(c.DetectionMethod);
            w.Text(DbCodes.Of(c.Status));
            w.Text(c.TransportMode);
            w.Text(c.Concealment);
            w.Int32(c.Outcome.Arrests);
            w.Text(c.Outcome.Charges);
            w.Text(c.Outcome.Law);
            w.Text(c.Outcome.CourtOutcome);
            w.Text(c.Outcome.Sanctions);
            w.Text(c.Outcome.Disposal);
            w.Boolean(cases.SharedByRule(c, borders));
            w.Boolean(c.SharedManually);
            w.Boolean(c.IccwcConsent);
            w.Int32(1);
            w.Timestamp(now);
            w.Text(actor);
            w.Timestamp(now);
            w.Text(actor);
            w.Null();
            w.Null();
            w.AuditBatch();
            var summary = Summary(c);
            w.Text(summary.Commodities);
            w.Text(summary.SpeciesNames);
            w.Numeric(summary.QuantityKg, summary.QuantityKg is { } kg ? kg.Scale : 0);
        }

        /// <summary>
        /// The case's specimen summary (migration 0018), by the rules of its <c>case_summary()</c>: distinct groups and
        /// names in byte order, comma-joined; kilograms of the KIL and GRM lines, without trailing zeros, or null.
        /// </summary>
        private (string? Commodities, string? SpeciesNames, decimal? QuantityKg) Summary(SeizureCase c)
        {
            if (c.Specimens.Count == 0)
            {
                return (null, null, null);
            }

            var groups = new SortedSet<string>(StringComparer.Ordinal);
            var names = new SortedSet<string>(StringComparer.Ordinal);
            decimal? kg = null;
            foreach (var s in c.Specimens)
            {
                names.Add(s.ScientificName);
                if (species.TryGetValue(s.ScientificName, out var known))
                {
                    groups.Add(known.Group);
                }

                // Stored as numeric(18, 3): the summary adds the stored quantities.
                var quantity = Math.Round(s.Quantity, 3, MidpointRounding.AwayFromZero);
                kg = s.Unit switch
                {
                    "KIL" => (kg ?? 0) + quantity,
                    "GRM" => (kg ?? 0) + (quantity / 1000),
                    _ => kg,
                };
            }

            // Trailing zeros off, as trim_scale() gives them in SQL (the display scale is part of the stored value).
            return (string.Join(',', groups), string.Join(',', names), kg is { } k ? k / 1.0000000000000000000000000000m : null);
        }

        private void WriteSpecimens(CopyRowWriter w, SeizureCase c)
        {
            for (var i = 0; i < c.Specimens.Count; i++)
            {
                var s = c.Specimens[i];
                if (!species.TryGetValue(s.ScientificName, out var known))
                {
                    throw new ArgumentException($"Case {c.AgencyCode}/{c.Reference}: unknown species '{s.ScientificName}'.", nameof(c));
                }

                w.StartRow(9);
                w.Uuid(c.Id);
                w.Int16((short)(i + 1));
                w.Int32(known.Id);
                w.Text(s.Term);
                w.Numeric(s.Quantity, 3);
                w.Text(s.Unit);
                w.Numeric(s.EstimatedValue, 2);
                w.Char(s.Currency, 3);
                w.AuditBatch();
            }
        }

        private static void WriteNominal(EncodedBatch batch, Guid id, NominalData nominal)
        {
            var w = batch.Tables[3];
            for (var i = 0; i < nominal.Offenders.Count; i++)
            {
                var o = nominal.Offenders[i];
                w.StartRow(10);
                w.Uuid(id);
                w.Int16((short)(i + 1));
                w.Text(o.Name);
                w.TextArray(o.Aliases);
                w.Text(o.Sex);
                w.Date(o.BirthDate);
                w.Char(o.Nationality, 2);
                w.TextArray(o.IdentityNumbers);
                w.Text(o.Role);
                w.AuditBatch();
            }

            w = batch.Tables[4];
            for (var i = 0; i < nominal.Companies.Count; i++)
            {
                var o = nominal.Companies[i];
                w.StartRow(7);
                w.Uuid(id);
                w.Int16((short)(i + 1));
                w.Text(o.Name);
                w.Text(o.RegistrationNumber);
                w.Char(o.Country, 2);
                w.Text(o.Role);
                w.AuditBatch();
            }

            w = batch.Tables[5];
            for (var i = 0; i < nominal.Conveyances.Count; i++)
            {
                var o = nominal.Conveyances[i];
                w.StartRow(6);
                w.Uuid(id);
                w.Int16((short)(i + 1));
                w.Text(o.Kind);
                w.Text(o.Identifier);
                w.Text(o.Description);
                w.AuditBatch();
            }

            w = batch.Tables[6];
            for (var i = 0; i < nominal.Notes.Count; i++)
            {
                var o = nominal.Notes[i];
                w.StartRow(5);
                w.Uuid(id);
                w.Int16((short)(i + 1));
                w.Text(o.Text);
                w.Boolean(o.InformantRelated);
                w.AuditBatch();
            }
        }
    }

    /// <summary>A species as the loader needs it: its id and its commodity group.</summary>
    private readonly record struct SpeciesRef(int Id, string Group);
}
