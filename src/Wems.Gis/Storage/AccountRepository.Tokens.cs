using Npgsql;

namespace Wems.Gis.Storage;

/// <summary>A personal access token as its owner sees it: never the secret, which is shown once at creation.</summary>
/// <param name="Id">Token id (for revoking).</param>
/// <param name="Name">The owner's label.</param>
/// <param name="Prefix">The first characters of the secret.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="ExpiresAt">When it stops working.</param>
/// <param name="RevokedAt">When it was revoked, or null.</param>
public sealed record AccessTokenInfo(long Id, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? RevokedAt);

/// <summary>Personal access tokens (migration 0013): stored as the SHA-256 of their secret only.</summary>
public sealed partial class AccountRepository
{
    private const string CreateTokenSql = """
        insert into personal_access_token (username, name, token_hash, prefix, expires_at)
        values (@username, @name, @hash, @prefix, @expires)
        returning id, name, prefix, created_at, expires_at, revoked_at
        """;

    /// <summary>Stores a new token of <paramref name="username"/> by the hash of its secret.</summary>
    public async Task<AccessTokenInfo> CreateTokenAsync(string username, string name, byte[] hash, string prefix, DateTimeOffset expiresAt,
        CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(CreateTokenSql);
        command.Parameters.AddWithValue("username", username);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("hash", hash);
        command.Parameters.AddWithValue("prefix", prefix);
        command.Parameters.AddWithValue("expires", expiresAt);
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        await r.ReadAsync(cancellationToken);
        return ReadToken(r);
    }

    private const string ListTokensSql = """
        select id, name, prefix, created_at, expires_at, revoked_at from personal_access_token
        where username = @username order by id
        """;

    /// <summary>The tokens of <paramref name="username"/>, oldest first, revoked and expired ones included.</summary>
    public async Task<IReadOnlyList<AccessTokenInfo>> ListTokensAsync(string username, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(ListTokensSql);
        command.Parameters.AddWithValue("username", username);
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        var tokens = new List<AccessTokenInfo>();
        while (await r.ReadAsync(cancellationToken))
        {
            tokens.Add(ReadToken(r));
        }

        return tokens;
    }

    private const string RevokeTokenSql = """
        update personal_access_token set revoked_at = coalesce(revoked_at, now())
        where id = @id and username = @username
        returning id, name, prefix, created_at, expires_at, revoked_at
        """;

    /// <summary>Revokes token <paramref name="id"/> of <paramref name="username"/>; null when the user has no such token.</summary>
    public async Task<AccessTokenInfo?> RevokeTokenAsync(string username, long id, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(RevokeTokenSql);
        command.Parameters.AddWithValue("username", username);
        command.Parameters.AddWithValue("id", id);
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        return await r.ReadAsync(cancellationToken) ? ReadToken(r) : null;
    }

    private const string FindByTokenSql = """
        select u.username, u.display_name, u.agency_code, u.role, u.password_hash, u.failed_sign_ins, u.locked_until,
               u.disabled, a.country, a.region_code
        from personal_access_token t
        join app_user u on u.username = t.username
        left join agency a on a.code = u.agency_code
        where t.token_hash = @hash and t.revoked_at is null and t.expires_at > @now and not u.disabled
        """;

    /// <summary>The account a live token (not revoked, not expired, user not disabled) belongs to, or null.</summary>
    public async Task<SignInRecord?> FindByTokenAsync(byte[] hash, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(FindByTokenSql);
        command.Parameters.AddWithValue("hash", hash);
        command.Parameters.AddWithValue("now", now);
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        return await r.ReadAsync(cancellationToken) ? ReadSignIn(r) : null;
    }

    private static SignInRecord ReadSignIn(NpgsqlDataReader r) => new(
        new UserAccount(r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetString(3)),
        r.GetString(4), r.GetInt32(5), r.IsDBNull(6) ? null : r.GetFieldValue<DateTimeOffset>(6), r.GetBoolean(7),
        r.IsDBNull(8) ? null : r.GetString(8).Trim(), r.IsDBNull(9) ? null : r.GetString(9));

    private static AccessTokenInfo ReadToken(NpgsqlDataReader r) => new(r.GetInt64(0), r.GetString(1), r.GetString(2),
        r.GetFieldValue<DateTimeOffset>(3), r.GetFieldValue<DateTimeOffset>(4), r.IsDBNull(5) ? null : r.GetFieldValue<DateTimeOffset>(5));
}
