using Npgsql;
using Wems.Gis.Storage;

namespace Wems.Gis.Governance;

/// <summary>One group of the public statistics: cases and kilograms seized, by country, year and commodity group.</summary>
/// <param name="Country">ISO alpha-2; null when not grouped by country.</param>
/// <param name="Year">Calendar year of the seizures; null when not grouped by year.</param>
/// <param name="CommodityGroup">Commodity group of the species; null when not grouped by commodity.</param>
/// <param name="Cases">Distinct cases in the group (never below the suppression threshold).</param>
/// <param name="Kilograms">Specimens reported in kilograms (or grams), summed, to 0.1 kg.</param>
public sealed record PublicStatRow(string? Country, int? Year, string? CommodityGroup, long Cases, decimal Kilograms);

/// <summary>The dimensions a public statistics query may group by.</summary>
[Flags]
public enum PublicStatDimensions
{
    /// <summary>No grouping: one total.</summary>
    None = 0,

    /// <summary>By country of seizure.</summary>
    Country = 1,

    /// <summary>By calendar year of seizure.</summary>
    Year = 2,

    /// <summary>By commodity group of the species.</summary>
    Commodity = 4,

    /// <summary>By country, year and commodity group: the view's own groups.</summary>
    All = Country | Year | Commodity,
}

/// <summary>
/// Public statistics (MISSION.md "Three tiers", public): read under the public tier role from the
/// <c>public_case_stats</c> view of migration 0005, which holds no case id, place or date finer than a year,
/// leaves out open cases younger than a year and suppresses groups under the threshold. Coarser groupings are
/// sums of the view's published groups, so a suppressed group never reappears inside a total.
/// </summary>
public sealed class PublicStatistics(NpgsqlDataSource dataSource)
{
    private const string ThresholdSql = "select set_config('wems.public_min_count', @min, true)";

    // The grouping columns are switched by boolean parameters: the SQL text is fixed, every value a parameter.
    // A total of published groups may count a case twice when its specimens span commodity groups; the view's
    // finest groups count each case once.
    private const string StatsSql = """
        select case when @byCountry then country end, case when @byYear then year end,
               case when @byCommodity then commodity_group end, sum(cases)::bigint, coalesce(sum(kilograms), 0)
        from public_case_stats
        group by 1, 2, 3
        having sum(cases) >= @min
        order by 1, 2, 3
        """;

    /// <summary>
    /// The published groups by <paramref name="dimensions"/>, each of at least <paramref name="minCount"/> cases.
    /// </summary>
    /// <param name="dimensions">Country, year and/or commodity group.</param>
    /// <param name="minCount">Suppression threshold (≥ 1): smaller groups are left out, by the view and again here.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public async Task<IReadOnlyList<PublicStatRow>> QueryAsync(PublicStatDimensions dimensions, int minCount,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minCount, 1);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await TierSession.ApplyAsync(connection, CallerScope.Anonymous, cancellationToken);
        await using (var threshold = new NpgsqlCommand(ThresholdSql, connection))
        {
            threshold.Parameters.AddWithValue("min", minCount.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await threshold.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var command = new NpgsqlCommand(StatsSql, connection);
        command.Parameters.AddWithValue("byCountry", dimensions.HasFlag(PublicStatDimensions.Country));
        command.Parameters.AddWithValue("byYear", dimensions.HasFlag(PublicStatDimensions.Year));
        command.Parameters.AddWithValue("byCommodity", dimensions.HasFlag(PublicStatDimensions.Commodity));
        command.Parameters.AddWithValue("min", (long)minCount);
        var rows = new List<PublicStatRow>();
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            rows.Add(new PublicStatRow(
                r.IsDBNull(0) ? null : r.GetString(0).Trim(),
                r.IsDBNull(1) ? null : r.GetInt32(1),
                r.IsDBNull(2) ? null : r.GetString(2),
                r.GetInt64(3),
                r.GetDecimal(4)));
        }

        return rows;
    }
}
