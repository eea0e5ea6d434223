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
        select set_config('wems.country', @country, true), set_config('wems.agency', @agency, true),
               set_config('wems.region', @region, true), set_config('wems.actor', @actor, true)
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
        // One round trip for both statements: every tile and feature request pays it, and on a busy machine each round
        // trip waits for the server process to be scheduled.
        await using var batch = new NpgsqlBatch(connection);
        AddTo(batch, scope);
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Adds the statements that apply <paramref name="scope"/> at the start of <paramref name="batch"/>, so that the
    /// statements after them run under the tier in the same round trip; the batch must run in a transaction (it ends the
    /// settings). The tier statements' own result (one row of the settings) comes first.
    /// </summary>
    /// <exception cref="ArgumentException">A national scope lacks its country or agency, or a regional one its region.</exception>
    public static void AddTo(NpgsqlBatch batch, CallerScope scope)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.Tier == Tier.National && (string.IsNullOrEmpty(scope.Country) || string.IsNullOrEmpty(scope.Agency)))
        {
            throw new ArgumentException("A national caller needs a country and an agency.", nameof(scope));
        }

        if (scope.Tier == Tier.Regional && string.IsNullOrEmpty(scope.Region))
        {
            throw new ArgumentException("A regional caller needs a region.", nameof(scope));
        }

        // The role name comes from RoleOf, a fixed list: never from input.
        var settings = new NpgsqlBatchCommand(ApplySql);
        settings.Parameters.AddWithValue("country", scope.Country ?? "");
        settings.Parameters.AddWithValue("agency", scope.Agency ?? "");
        settings.Parameters.AddWithValue("region", scope.Region ?? "");
        settings.Parameters.AddWithValue("actor", scope.Actor);
        batch.BatchCommands.Insert(0, settings);
        batch.BatchCommands.Insert(0, new NpgsqlBatchCommand($"set local role {RoleOf(scope.Tier)}"));
    }
}
