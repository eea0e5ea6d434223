using Npgsql;
using Wems.Gis.Storage;

namespace Wems.Gis.Governance;

/// <summary>What a share or un-share did.</summary>
public enum ShareOutcome
{
    /// <summary>The flag changed; the case has a new version.</summary>
    Updated,

    /// <summary>The case already was as asked; nothing was written.</summary>
    Unchanged,

    /// <summary>No live case of the caller's country with that id.</summary>
    NotFound,

    /// <summary>An un-share of a case the sharing rule shares: the rule's result is not the user's to undo.</summary>
    SharedByRule,
}

/// <summary>The sharing state of a case after <see cref="CaseSharing.SetSharedAsync"/>.</summary>
public sealed record ShareResult(ShareOutcome Outcome, Guid Id, int Version, bool SharedByRule, bool SharedManually, bool Transboundary);

/// <summary>
/// Sharing a case with the region by hand (MISSION.md "Sharing"): a national user of the case's country sets or
/// clears <c>shared_manually</c>; regional users see the case, or lose it, at once, since their row-level
/// security reads <c>transboundary</c>. Runs under the caller's tier through the <c>share_case</c> function of
/// migration 0009, which changes that one flag of a case of the caller's country and nothing else; the audit
/// trail records the change with the caller as actor.
/// </summary>
public sealed class CaseSharing(NpgsqlDataSource dataSource)
{
    private const string ShareSql = "select outcome, version, shared_by_rule, shared_manually, transboundary from share_case(@id, @shared)";

    /// <summary>Shares (<paramref name="shared"/> true) or un-shares case <paramref name="id"/> as <paramref name="scope"/>.</summary>
    /// <exception cref="ArgumentException">The caller is not national.</exception>
    public async Task<ShareResult> SetSharedAsync(Guid id, bool shared, CallerScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.Tier != Tier.National)
        {
            throw new ArgumentException("Only a national caller shares its country's cases.", nameof(scope));
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await TierSession.ApplyAsync(connection, scope, cancellationToken);
        ShareResult result;
        await using (var command = new NpgsqlCommand(ShareSql, connection))
        {
            command.Parameters.AddWithValue("id", id);
            command.Parameters.AddWithValue("shared", shared);
            await using var r = await command.ExecuteReaderAsync(cancellationToken);
            await r.ReadAsync(cancellationToken);
            var outcome = r.GetString(0) switch
            {
                "updated" => ShareOutcome.Updated,
                "unchanged" => ShareOutcome.Unchanged,
                "by-rule" => ShareOutcome.SharedByRule,
                _ => ShareOutcome.NotFound,
            };
            result = new ShareResult(outcome, id, r.GetInt32(1), r.GetBoolean(2), r.GetBoolean(3), r.GetBoolean(4));
        }

        await tx.CommitAsync(cancellationToken);
        return result;
    }
}
