using Npgsql;
using NpgsqlTypes;
using Wems.Gis.Analysis.Trends;

namespace Wems.Gis.Storage;

/// <summary>Which cases trends read, on top of what the caller's tier may see.</summary>
/// <param name="From">First seizure date (inclusive), or null.</param>
/// <param name="To">Last seizure date (inclusive), or null.</param>
/// <param name="Country">Country of seizure (ISO alpha-2), or null for all visible.</param>
/// <param name="CommodityGroup">Only specimen lines of this commodity group (and the cases holding one), or null.</param>
/// <param name="Species">Only specimen lines of this species (scientific name, and the cases holding one), or null.</param>
/// <param name="Agency">Only cases recorded by this agency (its code), or null.</param>
/// <param name="TransportMode">Only cases of this transport mode (a code of the <c>transport_modes</c> list), or null.</param>
public sealed record TrendFilter(DateOnly? From = null, DateOnly? To = null, string? Country = null, string? CommodityGroup = null,
    string? Species = null, string? Agency = null, string? TransportMode = null);

/// <summary>An agency the trends can be filtered by: its code, name and country (ISO alpha-2).</summary>
public sealed record TrendAgency(string Code, string Name, string Country);

/// <summary>
/// Loads <see cref="TrendFact"/>s for <see cref="TrendAnalysis"/>: one per specimen line of the cases the caller may
/// see (row-level security under <see cref="TierSession"/>), or one per case without lines. Kilograms count lines
/// in KIL or GRM and values lines in USD, as the analysis runs do.
/// </summary>
public sealed class TrendRepository(NpgsqlDataSource dataSource)
{
    // With a commodity or species filter the left joins become inner ones in effect: only matching lines are read.
    private const string FactsSql = """
        select c.id, c.event_date, c.country, s.scientific_name, s.commodity_group,
               (select string_agg(t.country::text, '>' order by t.seq) from trade_chain t where t.case_id = c.id),
               coalesce(case p.unit when 'KIL' then p.quantity when 'GRM' then p.quantity / 1000 end, 0)::float8,
               coalesce(case when p.currency = 'USD' then p.estimated_value end, 0)::float8
        from seizure_case c
        left join specimen p on p.case_id = c.id
        left join species s on s.id = p.species_id
        where c.deleted_at is null
          and (@from::date is null or c.event_date >= @from)
          and (@to::date is null or c.event_date <= @to)
          and (@country::text is null or c.country = @country)
          and (@commodity::text is null or s.commodity_group = @commodity)
          and (@species::text is null or s.scientific_name = @species)
          and (@agency::text is null or c.agency_code = @agency)
          and (@mode::text is null or c.transport_mode = @mode)
        order by c.event_date, c.id, p.line_no
        """;

    /// <summary>The facts of the cases <paramref name="scope"/> may see that pass <paramref name="filter"/>.</summary>
    /// <exception cref="ArgumentException">The scope is public: it sees no case, only the published aggregates.</exception>
    public async Task<IReadOnlyList<TrendFact>> LoadAsync(CallerScope scope, TrendFilter filter, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(scope, cancellationToken);
        return await LoadAsync(connection, filter, cancellationToken);
    }

    private const string LatestSql = """
        select max(c.event_date) from seizure_case c
        where c.deleted_at is null and (@country::text is null or c.country = @country)
        """;

    /// <summary>The latest seizure date among the cases <paramref name="scope"/> may see (of one country when given); null when none.</summary>
    public async Task<DateOnly?> LatestDateAsync(CallerScope scope, string? country, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(scope, cancellationToken);
        await using var command = new NpgsqlCommand(LatestSql, connection);
        command.Parameters.Add(new NpgsqlParameter("country", NpgsqlDbType.Text) { Value = (object?)country ?? DBNull.Value });
        return await command.ExecuteScalarAsync(cancellationToken) is DateOnly d ? d : null;
    }

    private const string AgenciesSql = """
        select a.code, a.name, a.country from agency a
        where a.country is not null
          and (@country::text is null or a.country = @country)
          and (@region::text is null or a.country in (select m.country from region_member m where m.region_code = @region))
        order by a.name, a.code
        """;

    /// <summary>
    /// The agencies whose cases <paramref name="scope"/> may see (national: those of its country; regional: those of the
    /// region's member countries), for the agency filter. Agencies are reference data, not case data.
    /// </summary>
    public async Task<IReadOnlyList<TrendAgency>> AgenciesAsync(CallerScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.Tier == Tier.Public)
        {
            return [];
        }

        await using var command = dataSource.CreateCommand(AgenciesSql);
        command.Parameters.Add(new NpgsqlParameter("country", NpgsqlDbType.Text) { Value = (object?)(scope.Tier == Tier.National ? scope.Country : null) ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("region", NpgsqlDbType.Text) { Value = (object?)(scope.Tier == Tier.Regional ? scope.Region : null) ?? DBNull.Value });
        var agencies = new List<TrendAgency>();
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            agencies.Add(new TrendAgency(r.GetString(0), r.GetString(1), r.GetString(2).Trim()));
        }

        return agencies;
    }

    /// <summary>The facts visible in the open transaction of <paramref name="connection"/> (already under a tier).</summary>
    internal static async Task<List<TrendFact>> LoadAsync(NpgsqlConnection connection, TrendFilter filter, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(FactsSql, connection);
        command.Parameters.Add(new NpgsqlParameter("from", NpgsqlDbType.Date) { Value = (object?)filter.From ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("to", NpgsqlDbType.Date) { Value = (object?)filter.To ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("country", NpgsqlDbType.Text) { Value = (object?)filter.Country ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("commodity", NpgsqlDbType.Text) { Value = (object?)filter.CommodityGroup ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("species", NpgsqlDbType.Text) { Value = (object?)filter.Species ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("agency", NpgsqlDbType.Text) { Value = (object?)filter.Agency ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("mode", NpgsqlDbType.Text) { Value = (object?)filter.TransportMode ?? DBNull.Value });
        var facts = new List<TrendFact>();
        await using var r = await command.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            facts.Add(new TrendFact(r.GetGuid(0), r.GetFieldValue<DateOnly>(1), r.GetString(2).Trim(),
                r.IsDBNull(3) ? null : r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5),
                r.GetDouble(6), r.GetDouble(7)));
        }

        return facts;
    }

    // The connection's transaction ends when the connection is disposed (rolled back: trends only read).
    private async Task<NpgsqlConnection> OpenAsync(CallerScope scope, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.Tier == Tier.Public)
        {
            throw new ArgumentException("The public tier sees published aggregates only, not case-level trends.", nameof(scope));
        }

        var connection = await dataSource.OpenConnectionAsync(ct);
        try
        {
            await connection.BeginTransactionAsync(ct);
            await TierSession.ApplyAsync(connection, scope, ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
