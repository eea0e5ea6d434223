using Npgsql;

namespace Wems.Gis.Storage;

/// <summary>A user account. <paramref name="AgencyCode"/> is null only for the system administrator.</summary>
/// <param name="Username">Lower-case login name.</param>
/// <param name="DisplayName">Name shown in the UI and the audit trail.</param>
/// <param name="AgencyCode">The agency or regional organisation the user belongs to.</param>
/// <param name="Role">officer, analyst, regional-analyst, admin or system-admin.</param>
public sealed record UserAccount(string Username, string DisplayName, string? AgencyCode, string Role);

/// <summary>Stores user accounts; passwords arrive already hashed and never leave as anything else.</summary>
public sealed class AccountRepository(NpgsqlDataSource dataSource)
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

    private const string PasswordHashSql = "select password_hash from app_user where username = @username";

    /// <summary>The stored password hash of <paramref name="username"/>, or null when there is no such user.</summary>
    public async Task<string?> GetPasswordHashAsync(string username, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(PasswordHashSql);
        command.Parameters.AddWithValue("username", username);
        return (string?)await command.ExecuteScalarAsync(cancellationToken);
    }
}
