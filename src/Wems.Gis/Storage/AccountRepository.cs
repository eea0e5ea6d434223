using Npgsql;

namespace Wems.Gis.Storage;

/// <summary>A user account. <paramref name="AgencyCode"/> is null only for the system administrator.</summary>
/// <param name="Username">Lower-case login name.</param>
/// <param name="DisplayName">Name shown in the UI and the audit trail.</param>
/// <param name="AgencyCode">The agency or regional organisation the user belongs to.</param>
/// <param name="Role">officer, analyst, regional-analyst, admin or system-admin.</param>
public sealed record UserAccount(string Username, string DisplayName, string? AgencyCode, string Role);

/// <summary>
/// What sign-in needs to know of an account: its hash, lockout state, and where it belongs (the agency's
/// country, or the region of a task force).
/// </summary>
public sealed record SignInRecord(
    UserAccount Account,
    string PasswordHash,
    int FailedSignIns,
    DateTimeOffset? LockedUntil,
    bool Disabled,
    string? Country,
    string? Region);

/// <summary>Stores user accounts; passwords arrive already hashed and never leave as anything else.</summary>
public sealed partial class AccountRepository(NpgsqlDataSource dataSource)
{
    private const string UpsertSql = """
        insert into app_user (username, display_name, agency_code, role, password_hash)
        values (@username, @displayName, @agency, @role, @hash)
        on conflict (username) do update set display_name = excluded.display_name, agency_code = excluded.agency_code,
            role = excluded.role, password_hash = excluded.password_hash
        """;

    /// <summary>Creates the account, or replaces its name, agency, role and password hash.</summary>
    public async Task UpsertAsync(UserAccount account, string passwordHash, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(UpsertSql);
        command.Parameters.AddWithValue("username", account.Username);
        command.Parameters.AddWithValue("displayName", account.DisplayName);
        command.Parameters.AddWithValue("agency", (object?)account.AgencyCode ?? DBNull.Value);
        command.Parameters.AddWithValue("role", account.Role);
        command.Parameters.AddWithValue("hash", passwordHash);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private const string ListSql = "select username, display_name, agency_code, role from app_user order by username";

    /// <summary>All accounts, by username.</summary>
    public async Task<IReadOnlyList<UserAccount>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(ListSql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var accounts = new List<UserAccount>();
        while (await reader.ReadAsync(cancellationToken))
        {
            accounts.Add(new UserAccount(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3)));
        }

        return accounts;
    }

    private const string SignInSql = """
        select u.username, u.display_name, u.agency_code, u.role, u.password_hash, u.failed_sign_ins, u.locked_until,
               u.disabled, a.country, a.region_code
        from app_user u left join agency a on a.code = u.agency_code
        where u.username = @username
        """;

    /// <summary>The account <paramref name="username"/> with its sign-in state, or null.</summary>
    public async Task<SignInRecord?> FindForSignInAsync(string username, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(SignInSql);
        command.Parameters.AddWithValue("username", username);
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        if (!await r.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new SignInRecord(
            new UserAccount(r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetString(3)),
            r.GetString(4), r.GetInt32(5), r.IsDBNull(6) ? null : r.GetFieldValue<DateTimeOffset>(6), r.GetBoolean(7),
            r.IsDBNull(8) ? null : r.GetString(8), r.IsDBNull(9) ? null : r.GetString(9));
    }

    private const string FailureSql = """
        update app_user set failed_sign_ins = failed_sign_ins + 1,
            locked_until = case when failed_sign_ins + 1 >= @maxFailures then @lockUntil else locked_until end
        where username = @username
        """;

    /// <summary>Counts a failed sign-in; the <paramref name="maxFailures"/>-th in a row locks the account until <paramref name="lockUntil"/>.</summary>
    public async Task RecordFailureAsync(string username, int maxFailures, DateTimeOffset lockUntil, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(FailureSql);
        command.Parameters.AddWithValue("username", username);
        command.Parameters.AddWithValue("maxFailures", maxFailures);
        command.Parameters.AddWithValue("lockUntil", lockUntil);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private const string SuccessSql = "update app_user set failed_sign_ins = 0, locked_until = null where username = @username and failed_sign_ins > 0";

    /// <summary>Resets the failure count after a successful sign-in.</summary>
    public async Task RecordSuccessAsync(string username, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(SuccessSql);
        command.Parameters.AddWithValue("username", username);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private const string PasswordHashSql = "select password_hash from app_user where username = @username";

    /// <summary>The stored password hash of <paramref name="username"/>, or null when there is no such user.</summary>
    public async Task<string?> GetPasswordHashAsync(string username, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(PasswordHashSql);
        command.Parameters.AddWithValue("username", username);
        return (string?)await command.ExecuteScalarAsync(cancellationToken);
    }
}
