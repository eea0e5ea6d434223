using System.Globalization;
using System.Text;
using Npgsql;
using Wems.Gis.Storage;

namespace Wems.Gis.Reports;

/// <summary>
/// Reads the CITES Annual Illegal Trade Report of a country and year: the specimen lines of the country's
/// cases of that year (by seizure date) that have ICCWC consent and are not deleted.
/// </summary>
public sealed class CitesReportStore(NpgsqlDataSource dataSource)
{
    private const string RowsSql = """
        select c.reference, c.event_date, coalesce(c.detecting_agency, a.name, c.agency_code), c.place_name,
               ST_X(c.geom), ST_Y(c.geom), s.scientific_name, p.term, p.quantity, p.unit, p.estimated_value, p.currency,
               c.reason, c.detection_method, c.transport_mode, c.concealment,
               (select string_agg(t.country, '; ' order by t.seq) from trade_chain t where t.case_id = c.id and t.role = 'origin'),
               (select string_agg(t.country, '; ' order by t.seq) from trade_chain t where t.case_id = c.id and t.role in ('export', 'transit')),
               (select string_agg(t.country, '; ' order by t.seq) from trade_chain t where t.case_id = c.id and t.role = 'destination'),
               (select string_agg(distinct o.nationality, '; ' order by o.nationality) from case_offender o where o.case_id = c.id),
               c.law, c.sanctions, c.disposal, c.arrests, c.charges, c.court_outcome
        from seizure_case c
        join specimen p on p.case_id = c.id
        join species s on s.id = p.species_id
        left join agency a on a.code = c.agency_code
        where c.deleted_at is null and c.iccwc_consent and c.country = @country and c.event_date >= @from and c.event_date < @to
        order by c.event_date, c.reference, p.line_no
        """;

    private const string WithoutConsentSql = """
        select count(*)::int from seizure_case c
        where c.deleted_at is null and not c.iccwc_consent and c.country = @country and c.event_date >= @from and c.event_date < @to
        """;

    private const string NamesSql = """
        select (select name_en from country where iso2 = @country), (select name from agency where code = @agency)
        """;

    /// <summary>
    /// The report of <paramref name="country"/> for <paramref name="year"/>. With a <paramref name="scope"/> the
    /// rows are read under that caller's tier (a national caller of the country: the report is national and
    /// names offender nationalities); without one, as the system owner (the command line).
    /// </summary>
    /// <exception cref="ArgumentException">A scope that is not national for <paramref name="country"/>.</exception>
    public async Task<CitesReport> LoadAsync(string country, int year, CallerScope? scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(country);
        if (scope is not null && (scope.Tier != Tier.National || scope.Country != country))
        {
            throw new ArgumentException("The CITES report is made for national users of its country.", nameof(scope));
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        if (scope is not null)
        {
            await TierSession.ApplyAsync(connection, scope, cancellationToken);
        }

        var from = new DateOnly(year, 1, 1);
        var to = from.AddYears(1);
        var rows = new List<CitesReportRow>();
        await using (var command = new NpgsqlCommand(RowsSql, connection))
        {
            AddPeriod(command, country, from, to);
            await using var r = await command.ExecuteReaderAsync(cancellationToken);
            while (await r.ReadAsync(cancellationToken))
            {
                rows.Add(new CitesReportRow(r.GetString(0), r.GetFieldValue<DateOnly>(1), r.GetString(2), Text(r, 3), r.GetDouble(4),
                    r.GetDouble(5), r.GetString(6), r.GetString(7), r.GetDecimal(8), Text(r, 9),
                    r.IsDBNull(10) ? null : r.GetDecimal(10), Text(r, 11), Text(r, 12), Text(r, 13), Text(r, 14), Text(r, 15),
                    Text(r, 16), Text(r, 17), Text(r, 18), Text(r, 19), Text(r, 20), Text(r, 21), Text(r, 22),
                    Additional(r.GetString(0), r.GetInt32(23), Text(r, 24), Text(r, 25))));
            }
        }

        int withoutConsent;
        await using (var command = new NpgsqlCommand(WithoutConsentSql, connection))
        {
            AddPeriod(command, country, from, to);
            withoutConsent = (int)(await command.ExecuteScalarAsync(cancellationToken))!;
        }

        await using var names = new NpgsqlCommand(NamesSql, connection);
        names.Parameters.AddWithValue("country", country);
        names.Parameters.AddWithValue("agency", scope?.Agency ?? "");
        await using var n = await names.ExecuteReaderAsync(cancellationToken);
        await n.ReadAsync(cancellationToken);
        var countryName = Text(n, 0) ?? country;
        var agency = Text(n, 1) ?? string.Join("; ", rows.Select(row => row.DetectingAgency).Distinct().Order(StringComparer.Ordinal));
        return new CitesReport(country, countryName, year, agency, rows, withoutConsent);
    }

    private static void AddPeriod(NpgsqlCommand command, string country, DateOnly from, DateOnly to)
    {
        command.Parameters.AddWithValue("country", country);
        command.Parameters.AddWithValue("from", from);
        command.Parameters.AddWithValue("to", to);
    }

    // The case reference (to trace a row back), arrests, charges and court outcome: what the report's columns
    // have no place for.
    private static string Additional(string reference, int arrests, string? charges, string? courtOutcome)
    {
        var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"Case {reference}; arrests: {arrests}"));
        if (charges is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"; charges: {charges}");
        }

        if (courtOutcome is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"; court outcome: {courtOutcome}");
        }

        return text.ToString();
    }

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
