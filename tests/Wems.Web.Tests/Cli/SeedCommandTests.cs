using Npgsql;
using Wems.Gis.Tests.Support;
using Wems.Web.Cli;

namespace Wems.Web.Tests.Cli;

public sealed class SeedCommandTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private Task<int> Run(params string[] args) => WemsCli.RunAsync([.. args, $"--Database:Url={db.ConnectionString}"]);

    [Fact]
    public async Task The_demo_seed_loads_5000_cases_in_at_least_8_countries_and_a_second_run_loads_nothing()
    {
        Assert.Equal(0, await Run("seed", "--if-empty"));
        var (cases, countries) = await CountAsync();
        Assert.Equal(5000, cases);
        Assert.True(countries >= 8, $"cases in {countries} countries");

        Assert.Equal(0, await Run("seed", "--if-empty"));

        Assert.Equal((5000L, countries), await CountAsync());
    }

    [Fact]
    public async Task Migrate_on_a_current_database_succeeds_and_changes_nothing() =>
        Assert.Equal(0, await Run("migrate"));

    [Fact]
    public async Task A_malformed_option_is_a_usage_error_not_a_crash() =>
        Assert.Equal(1, await Run("seed", "--cases", "many"));

    private async Task<(long Cases, long Countries)> CountAsync()
    {
        await using var command = db.DataSource.CreateCommand("select count(*), count(distinct country) from seizure_case");
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }
}
