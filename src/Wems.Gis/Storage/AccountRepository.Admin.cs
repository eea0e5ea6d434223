using Npgsql;
using NpgsqlTypes;

namespace Wems.Gis.Storage;

/// <summary>An organisation: a national agency (with a country) or a regional organisation such as a task force (with a region, no country).</summary>
/// <param name="Code">Short code, e.g. KWS, LATF.</param>
/// <param name="Name">Full name.</param>
/// <param name="Country">ISO alpha-2 of a national agency; null for a regional organisation.</param>
/// <param name="Kind">Kind of agency (wildlife, customs, police, ..., or task-force).</param>
/// <param name="Region">The region a national agency's country belongs to, or the region a regional organisation serves.</param>
public sealed record Organisation(string Code, string Name, string? Country, string Kind, string? Region);

/// <summary>A user as administrators see it: never the password hash.</summary>
public sealed record UserSummary(string Username, string DisplayName, string? AgencyCode, string Role, bool Disabled, bool LockedOut);

/// <summary>A region (a task force's area) and its member countries.</summary>
public sealed record RegionMembers(string Code, string Name, IReadOnlyList<string> Members);

/// <summary>The outcome of an administrative write.</summary>
public enum AdminWriteOutcome
{
    /// <summary>Done.</summary>
    Done,

    /// <summary>The thing to update does not exist.</summary>
    NotFound,

    /// <summary>The thing to create exists already.</summary>
    Exists,

    /// <summary>A reference (agency, country, region) does not exist.</summary>
    BadReference,
}

/// <summary>Administration: organisations, users and regions (the admin API's storage).</summary>
public sealed partial class AccountRepository
{
    private const string ListOrganisationsSql = "select code, name, country, kind, region_code from agency order by code";

    /// <summary>Every organisation, by code.</summary>
    public async Task<IReadOnlyList<Organisation>> ListOrganisationsAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(ListOrganisationsSql);
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<Organisation>();
        while (await r.ReadAsync(cancellationToken))
        {
            list.Add(new Organisation(r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2).Trim(), r.GetString(3),
                r.IsDBNull(4) ? null : r.GetString(4)));
        }

        return list;
    }

    private const string CreateOrganisationSql = """
        insert into agency (code, name, country, kind, region_code) values (@code, @name, @country, @kind, @region)
        on conflict (code) do nothing
        """;

    private const string UpdateOrganisationSql = """
        update agency set name = @name, country = @country, kind = @kind, region_code = @region where code = @code
        """;

    /// <summary>Creates (<paramref name="create"/>) or updates an organisation.</summary>
    public Task<AdminWriteOutcome> WriteOrganisationAsync(Organisation organisation, bool create, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(organisation);
        return ExecuteAsync(create ? CreateOrganisationSql : UpdateOrganisationSql, create, cancellationToken,
            ("code", organisation.Code, NpgsqlDbType.Text), ("name", organisation.Name, NpgsqlDbType.Text),
            ("country", organisation.Country, NpgsqlDbType.Char), ("kind", organisation.Kind, NpgsqlDbType.Text),
            ("region", organisation.Region, NpgsqlDbType.Text));
    }

    private const string ListUsersSql = """
        select username, display_name, agency_code, role, disabled, coalesce(locked_until > now(), false) from app_user
        where @agency::text is null or agency_code = @agency::text
        order by username
        """;

    /// <summary>The users of <paramref name="agency"/>, or every user when it is null.</summary>
    public async Task<IReadOnlyList<UserSummary>> ListUsersAsync(string? agency, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(ListUsersSql);
        command.Parameters.Add(new NpgsqlParameter("agency", NpgsqlDbType.Text) { Value = (object?)agency ?? DBNull.Value });
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<UserSummary>();
        while (await r.ReadAsync(cancellationToken))
        {
            list.Add(ReadUser(r));
        }

        return list;
    }

    private const string FindUserSql = """
        select username, display_name, agency_code, role, disabled, coalesce(locked_until > now(), false) from app_user where username = @username
        """;

    /// <summary>The user <paramref name="username"/>, or null.</summary>
    public async Task<UserSummary?> FindUserAsync(string username, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(FindUserSql);
        command.Parameters.AddWithValue("username", username);
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        return await r.ReadAsync(cancellationToken) ? ReadUser(r) : null;
    }

    private const string CreateUserSql = """
        insert into app_user (username, display_name, agency_code, role, password_hash, disabled)
        values (@username, @displayName, @agency, @role, @hash, @disabled)
        on conflict (username) do nothing
        """;

    /// <summary>Creates a user with an already hashed password.</summary>
    public Task<AdminWriteOutcome> CreateUserAsync(UserAccount account, string passwordHash, bool disabled, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        return ExecuteAsync(CreateUserSql, true, cancellationToken,
            ("username", account.Username, NpgsqlDbType.Text), ("displayName", account.DisplayName, NpgsqlDbType.Text),
            ("agency", account.AgencyCode, NpgsqlDbType.Text), ("role", account.Role, NpgsqlDbType.Text),
            ("hash", passwordHash, NpgsqlDbType.Text), ("disabled", disabled, NpgsqlDbType.Boolean));
    }

    private const string UpdateUserSql = """
        update app_user set display_name = @displayName, agency_code = @agency, role = @role, disabled = @disabled where username = @username
        """;

    /// <summary>Replaces a user's name, organisation, role and disabled flag.</summary>
    public Task<AdminWriteOutcome> UpdateUserAsync(UserAccount account, bool disabled, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        return ExecuteAsync(UpdateUserSql, false, cancellationToken,
            ("username", account.Username, NpgsqlDbType.Text), ("displayName", account.DisplayName, NpgsqlDbType.Text),
            ("agency", account.AgencyCode, NpgsqlDbType.Text), ("role", account.Role, NpgsqlDbType.Text),
            ("disabled", disabled, NpgsqlDbType.Boolean));
    }

    private const string SetPasswordSql = """
        update app_user set password_hash = @hash, failed_sign_ins = 0, locked_until = null where username = @username
        """;

    /// <summary>Sets a new password hash and lifts any lockout.</summary>
    public Task<AdminWriteOutcome> SetPasswordAsync(string username, string passwordHash, CancellationToken cancellationToken = default) =>
        ExecuteAsync(SetPasswordSql, false, cancellationToken, ("username", username, NpgsqlDbType.Text), ("hash", passwordHash, NpgsqlDbType.Text));

    private const string ListRegionsSql = """
        select r.code, r.name, coalesce(array_agg(m.country::text order by m.country) filter (where m.country is not null), '{}')
        from region r left join region_member m on m.region_code = r.code
        group by r.code, r.name order by r.code
        """;

    /// <summary>Every region with its members.</summary>
    public async Task<IReadOnlyList<RegionMembers>> ListRegionsAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(ListRegionsSql);
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<RegionMembers>();
        while (await r.ReadAsync(cancellationToken))
        {
            list.Add(new RegionMembers(r.GetString(0), r.GetString(1), r.GetFieldValue<string[]>(2)));
        }

        return list;
    }

    private const string UpsertRegionSql = """
        insert into region (code, name) values (@code, @name) on conflict (code) do update set name = excluded.name
        """;

    private const string ReplaceMembersSql = """
        delete from region_member where region_code = @code;
        insert into region_member (region_code, country) select @code, unnest(@members::char(2)[]);
        """;

    /// <summary>Creates or renames a region and replaces its member countries, in one transaction.</summary>
    public async Task<AdminWriteOutcome> WriteRegionAsync(RegionMembers region, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(region);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await using (var upsert = new NpgsqlCommand(UpsertRegionSql, connection))
            {
                upsert.Parameters.AddWithValue("code", region.Code);
                upsert.Parameters.AddWithValue("name", region.Name);
                await upsert.ExecuteNonQueryAsync(cancellationToken);
            }

            await using (var members = new NpgsqlCommand(ReplaceMembersSql, connection))
            {
                members.Parameters.AddWithValue("code", region.Code);
                members.Parameters.AddWithValue("members", region.Members.ToArray());
                await members.ExecuteNonQueryAsync(cancellationToken);
            }

            await tx.CommitAsync(cancellationToken);
            return AdminWriteOutcome.Done;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            return AdminWriteOutcome.BadReference;
        }
    }

    private async Task<AdminWriteOutcome> ExecuteAsync(string sql, bool create, CancellationToken cancellationToken,
        params (string Name, object? Value, NpgsqlDbType Type)[] parameters)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var (name, value, type) in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter(name, type) { Value = value ?? DBNull.Value });
        }

        try
        {
            var rows = await command.ExecuteNonQueryAsync(cancellationToken);
            return rows > 0 ? AdminWriteOutcome.Done : create ? AdminWriteOutcome.Exists : AdminWriteOutcome.NotFound;
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.ForeignKeyViolation or PostgresErrorCodes.CheckViolation)
        {
            return AdminWriteOutcome.BadReference;
        }
    }

    private static UserSummary ReadUser(NpgsqlDataReader r) => new(r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2),
        r.GetString(3), r.GetBoolean(4), r.GetBoolean(5));
}
