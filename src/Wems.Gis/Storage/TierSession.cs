using Npgsql;

namespace Wems.Gis.Storage;

/// <summary>The data tiers of MISSION.md: what a caller may see.</summary>
public enum Tier
{
    /// <summary>An agency's users: their own country's cases, nominal data included.</summary>
    National,

    /// <summary>Task-force users: the shared (transboundary) cases of the region's members, no nominal data.</summary>
    Regional,

    /// <summary>Anyone: aggregated, non-nominal statistics only.</summary>
    Public,
}

/// <summary>Who is asking, as far as the database needs to know to filter rows.</summary>
/// <param name="Tier">The caller's tier.</param>
/// <param name="Actor">User name, recorded in the audit trail.</param>
/// <param name="Country">National tier: the agency's country (ISO alpha-2).</param>
/// <param name="Agency">National tier: the agency code (writes are limited to its cases).</param>
/// <param name="Region">Regional tier: the region code (e.g. LATF).</param>
public sealed record CallerScope(Tier Tier, string Actor, string? Country = null, string? Agency = null, string? Region = null)
{
    /// <summary>A national caller of <paramref name="agency"/> in <paramref name="country"/>.</summary>
    public static CallerScope National(string actor, string country, string agency) => new(Tier.National, actor, country, agency);

    /// <summary>A regional caller of <paramref name="region"/>.</summary>
    public static CallerScope Regional(string actor, string region) => new(Tier.Regional, actor, Region: region);

    /// <summary>An anonymous public caller.</summary>
    public static CallerScope Anonymous { get; } = new(Tier.Public, "anonymous");
}

/// <summary>
/// Puts a transaction under a caller's tier: <c>SET LOCAL ROLE</c> to the tier's database role and the
/// settings its row-level security policies read (<c>wems.country</c>, <c>wems.agency</c>, <c>wems.region</c>,
/// <c>wems.actor</c>). Everything the transaction then reads or writes is filtered by PostgreSQL, whatever
/// SQL runs. The settings end with the transaction.
/// </summary>
public static class TierSession
{
    private const string ApplySql = """
        select set_config('wems.country', $1, true), set_config('wems.agency', $2, true),
               set_config('wems.region', $3, true), set_config('wems.actor', $4, true)
        """;

    /// <summary>The database role of each tier (created by migration 0005).</summary>
    public static string RoleOf(Tier tier) => tier switch
    {
        Tier.National => "wems_national",
        Tier.Regional => "wems_regional",
        Tier.Public => "wems_public",
        _ => throw new ArgumentOutOfRangeException(nameof(tier)),
    };

    /// <summary>Applies <paramref name="scope"/> to the open transaction of <paramref name="connection"/>.</summary>
    /// <exception cref="ArgumentException">A national scope lacks its country or agency, or a regional one its region.</exception>
    public static async Task ApplyAsync(NpgsqlConnection connection, CallerScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.Tier == Tier.National && (string.IsNullOrEmpty(scope.Country) || string.IsNullOrEmpty(scope.Agency)))
        {
            throw new ArgumentException("A national caller needs a country and an agency.", nameof(scope));
        }

        if (scope.Tier == Tier.Regional && string.IsNullOrEmpty(scope.Region))
        {
            throw new ArgumentException("A regional caller needs a region.", nameof(scope));
        }

        // One round trip for both statements: every tile and feature read starts here, and on a loaded machine each
        // round trip is a wait for the scheduler. The role name comes from RoleOf, a fixed list: never from input.
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"set local role {RoleOf(scope.Tier)}"));
        var settings = new NpgsqlBatchCommand(ApplySql);
        settings.Parameters.Add(new NpgsqlParameter { Value = scope.Country ?? "" });
        settings.Parameters.Add(new NpgsqlParameter { Value = scope.Agency ?? "" });
        settings.Parameters.Add(new NpgsqlParameter { Value = scope.Region ?? "" });
        settings.Parameters.Add(new NpgsqlParameter { Value = scope.Actor });
        batch.BatchCommands.Add(settings);
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }
}
