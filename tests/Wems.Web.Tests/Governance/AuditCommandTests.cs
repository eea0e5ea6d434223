using Wems.Gis.Tests.Support;
using Wems.Web.Cli;

namespace Wems.Web.Tests.Governance;

/// <summary><c>wems audit verify</c>: exit 0 when the chain is intact, 1 when broken, 2 on a usage error.</summary>
public sealed class AuditCommandTests
{
    [Fact]
    public async Task Verify_exits_0_on_an_intact_chain_and_1_once_a_row_is_changed()
    {
        var db = new DatabaseFixture();
        await db.InitializeAsync();
        try
        {
            await ExecuteAsync(db, "insert into audit_log (actor, table_name, operation) values ('a', 'seizure_case', 'INSERT'), ('b', 'seizure_case', 'INSERT')");
            var intact = await WemsCli.RunAsync(["audit", "verify", $"--Database:Url={db.ConnectionString}"]);

            await ExecuteAsync(db, "update audit_log set actor = 'someone else' where actor = 'a'");
            var broken = await WemsCli.RunAsync(["audit", "verify", $"--Database:Url={db.ConnectionString}"]);

            Assert.Equal(0, intact);
            Assert.Equal(1, broken);
        }
        finally
        {
            await db.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_unknown_subcommand_is_a_usage_error() =>
        Assert.Equal(2, await WemsCli.RunAsync(["audit", "repair", "--Database:Url=postgresql://nobody@127.0.0.1:1/none"]));

    private static async Task ExecuteAsync(DatabaseFixture db, string sql)
    {
        await using var command = db.DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
