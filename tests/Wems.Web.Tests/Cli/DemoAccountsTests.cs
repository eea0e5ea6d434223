using Microsoft.AspNetCore.Identity;
using Wems.Gis.Storage;
using Wems.Gis.Tests.Support;
using Wems.Web.Cli;

namespace Wems.Web.Tests.Cli;

public sealed class DemoAccountsTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Demo_accounts_are_stored_with_a_hash_that_verifies_the_given_password_only()
    {
        var accounts = new AccountRepository(db.DataSource);

        await DemoAccounts.CreateAsync(accounts, "correct horse");

        Assert.Equal(["admin", "cg-analyst", "ke-analyst", "ke-officer", "latf-analyst", "tz-analyst", "ug-analyst"],
            (await accounts.ListAsync()).Select(a => a.Username).ToArray());
        var hash = await accounts.GetPasswordHashAsync("ke-officer");
        Assert.DoesNotContain("correct horse", hash, StringComparison.Ordinal);
        var hasher = new PasswordHasher<UserAccount>();
        var user = DemoAccounts.All[1];
        Assert.Equal(PasswordVerificationResult.Success, hasher.VerifyHashedPassword(user, hash!, "correct horse"));
        Assert.Equal(PasswordVerificationResult.Failed, hasher.VerifyHashedPassword(user, hash!, "wems-demo"));
    }

    [Fact]
    public async Task The_regional_analyst_belongs_to_the_task_force_and_the_system_admin_to_no_agency()
    {
        var accounts = new AccountRepository(db.DataSource);
        await DemoAccounts.CreateAsync(accounts, "x-password");

        var stored = (await accounts.ListAsync()).ToDictionary(a => a.Username);

        Assert.Equal(("LATF", "regional-analyst"), (stored["latf-analyst"].AgencyCode, stored["latf-analyst"].Role));
        Assert.Null(stored["admin"].AgencyCode);
    }
}

public sealed class DemoAccountsWithoutPasswordTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Seeding_demo_accounts_without_a_password_is_refused()
    {
        var previous = Environment.GetEnvironmentVariable(DemoAccounts.PasswordVariable);
        Environment.SetEnvironmentVariable(DemoAccounts.PasswordVariable, null);
        try
        {
            var exit = await WemsCli.RunAsync(["seed", "--reference-only", "--demo-accounts", $"--Database:Url={db.ConnectionString}"]);

            Assert.Equal(1, exit);
            Assert.Empty(await new AccountRepository(db.DataSource).ListAsync());
        }
        finally
        {
            Environment.SetEnvironmentVariable(DemoAccounts.PasswordVariable, previous);
        }
    }
}
