using Npgsql;
using Wems.Gis.Cases;
using Wems.Gis.Storage;
using Wems.Gis.Tests.Support;

namespace Wems.Gis.Tests.Storage;

/// <summary>
/// The tiers enforced by PostgreSQL itself: each test runs deliberately careless SQL (no country or sharing
/// filter) under a caller's tier and checks that the database returns only what the tier allows.
/// </summary>
public sealed class TierEnforcementTests : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private readonly DatabaseFixture db;

    public TierEnforcementTests(DatabaseFixture db) => this.db = db;

    public async Task InitializeAsync()
    {
        // One database per class; the cases are inserted once, the tests only read.
        await using var check = db.DataSource.CreateCommand("select count(*) from seizure_case where reference like 'TIER-%'");
        if ((long)(await check.ExecuteScalarAsync())! > 0)
        {
            return;
        }

        var repository = new CaseRepository(db.DataSource, new SharingRule());
        await repository.InsertAsync(CaseRepositoryTests.NewCase("TIER-KE-DOMESTIC"), "seed");
        await repository.InsertAsync(CaseRepositoryTests.NewCase("TIER-KE-SHARED") with { LocationType = "airport" }, "seed");
        await repository.InsertAsync(CaseRepositoryTests.NewCase("TIER-TZ-SHARED") with
        {
            AgencyCode = "TAWA", Country = "TZ", Location = new GeoPoint(39.2026, -6.8782), LocationType = "seaport",
        }, "seed");
        await repository.InsertAsync(CaseRepositoryTests.NewCase("TIER-ZM-SHARED") with
        {
            AgencyCode = "DNPW", Country = "ZM", Location = new GeoPoint(28.4522, -15.3308), LocationType = "airport",
        }, "seed");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_national_caller_sees_only_its_country_even_without_a_filter()
    {
        var countries = await QueryAsync(CallerScope.National("ke-analyst", "KE", "KWS"), "select distinct country from seizure_case");

        Assert.Equal(["KE"], countries);
    }

    [Theory]
    [InlineData("KEN")]
    [InlineData("K")]
    [InlineData("ke")]
    [InlineData("KE ")]
    public async Task A_national_caller_whose_country_is_not_exactly_a_stored_code_sees_no_case(string country)
    {
        // The policy compares country_key() values (0021); they must match exactly when the codes do.
        var rows = await QueryAsync(CallerScope.National("odd-analyst", country, "KWS"), "select count(*)::text from seizure_case");

        Assert.Equal(["0"], rows);
    }

    [Fact]
    public async Task The_country_key_of_the_national_policy_tells_every_country_code_apart()
    {
        await using var command = db.DataSource.CreateCommand("""
            select count(*) = count(distinct country_key(iso2::text))
                   and bool_and(country_key(iso2::text) <> country_key(iso2::text || 'X'))
                   and bool_and(country_key(iso2::text) <> country_key(left(iso2::text, 1)))
                   and country_key(null) is null
            from country
            """);

        Assert.True((bool)(await command.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task A_national_caller_sees_the_nominal_data_of_its_own_cases_only()
    {
        var names = await QueryAsync(CallerScope.National("tz-analyst", "TZ", "TAWA"),
            "select c.country from case_offender o join seizure_case c on c.id = o.case_id");
        var unjoined = await QueryAsync(CallerScope.National("tz-analyst", "TZ", "TAWA"), "select count(*)::text from case_offender");

        Assert.All(names, n => Assert.Equal("TZ", n));
        Assert.Equal(names.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), Assert.Single(unjoined));
    }

    [Fact]
    public async Task A_regional_caller_sees_only_shared_cases_of_member_countries()
    {
        var references = await QueryAsync(CallerScope.Regional("latf-analyst", "LATF"),
            "select reference from seizure_case where reference like 'TIER-%' order by 1");

        // KE domestic: not shared; ZM: not a LATF member in the demo region.
        Assert.Equal(["TIER-KE-SHARED", "TIER-TZ-SHARED"], references);
    }

    [Theory]
    [InlineData("case_offender")]
    [InlineData("case_company")]
    [InlineData("case_conveyance")]
    [InlineData("case_note")]
    public async Task A_regional_caller_cannot_read_a_nominal_table_at_all(string table)
    {
        var error = await Assert.ThrowsAsync<PostgresException>(() => QueryAsync(CallerScope.Regional("latf-analyst", "LATF"), $"select 1 from {table}"));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
    }

    [Fact]
    public async Task A_public_caller_cannot_read_cases_but_can_read_suppressed_statistics()
    {
        var error = await Assert.ThrowsAsync<PostgresException>(() => QueryAsync(CallerScope.Anonymous, "select 1 from seizure_case"));
        var stats = await QueryAsync(CallerScope.Anonymous, "select min(cases)::text from public_case_stats");

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
        // Only one case per country exists here: every group is below the threshold of 3 and suppressed.
        Assert.Null(Assert.Single(stats));
    }

    [Fact]
    public async Task A_national_caller_cannot_write_a_case_of_another_country()
    {
        await using var connection = await db.DataSource.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await TierSession.ApplyAsync(connection, CallerScope.National("ke-officer", "KE", "KWS"));
        await using var update = new NpgsqlCommand("update seizure_case set place_name = 'tampered' where reference = 'TIER-TZ-SHARED'", connection);

        Assert.Equal(0, await update.ExecuteNonQueryAsync());
    }

    [Fact]
    public async Task A_national_caller_cannot_erase_the_audit_trail()
    {
        await using var connection = await db.DataSource.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await TierSession.ApplyAsync(connection, CallerScope.National("ke-officer", "KE", "KWS"));
        await using var delete = new NpgsqlCommand("delete from audit_log", connection);

        var error = await Assert.ThrowsAsync<PostgresException>(() => delete.ExecuteNonQueryAsync());
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
    }

    [Fact]
    public async Task A_national_write_under_the_tier_role_is_still_audited()
    {
        await using var connection = await db.DataSource.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await TierSession.ApplyAsync(connection, CallerScope.National("ke-officer", "KE", "KWS"));
        await using var update = new NpgsqlCommand("update seizure_case set place_name = 'corrected' where reference = 'TIER-KE-DOMESTIC'", connection);
        Assert.Equal(1, await update.ExecuteNonQueryAsync());

        // Back to the server's own role (as an admin would be) to read the trail.
        await using var reset = new NpgsqlCommand("reset role", connection);
        await reset.ExecuteNonQueryAsync();
        await using var audit = new NpgsqlCommand(
            "select count(*) from audit_log where actor = 'ke-officer' and operation = 'UPDATE' and after ->> 'place_name' = 'corrected'", connection);
        Assert.Equal(1L, await audit.ExecuteScalarAsync());
        await tx.RollbackAsync();
    }

    private async Task<List<string?>> QueryAsync(CallerScope scope, string sql)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await TierSession.ApplyAsync(connection, scope);
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string?>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.IsDBNull(0) ? null : reader.GetValue(0).ToString());
        }

        return rows;
    }
}
