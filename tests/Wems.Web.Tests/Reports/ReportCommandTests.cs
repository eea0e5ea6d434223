using Wems.Web.Cli;
using Wems.Web.Tests.Cases;
using Wems.Web.Tests.Support;
using Wems.Web.Tests.Trends;

namespace Wems.Web.Tests.Reports;

/// <summary><c>wems report briefing</c>: the briefing as a standalone HTML file.</summary>
[Collection(ReportServer.Name)]
public sealed class ReportCommandTests(WemsFactory factory) : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("wems-report-").FullName;

    [Fact]
    public async Task Report_briefing_writes_a_standalone_page_with_the_stylesheet_embedded_and_the_country_count()
    {
        var output = Path.Combine(folder, "ke.html");
        var cases = await factory.ScalarAsync<long>(
            "select count(*) from seizure_case where country = 'KE' and deleted_at is null and event_date between '2022-01-01' and '2022-12-31'");

        var code = await ReportCommand.RunAsync(factory.Services, ["briefing", "--country", "KE", "--from", "2022-01-01", "--to", "2022-12-31", "--out", output]);

        Assert.Equal(0, code);
        var html = await File.ReadAllTextAsync(output);
        Assert.Contains("<style>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<link rel=\"stylesheet\"", html, StringComparison.Ordinal);
        Assert.Contains($"data-figure=\"cases\" data-value=\"{cases}\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"hotspot-map\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_briefing_with_both_a_country_and_a_region_prints_the_usage()
    {
        Assert.Equal(2, await ReportCommand.RunAsync(factory.Services,
            ["briefing", "--country", "KE", "--region", "LATF", "--out", Path.Combine(folder, "x.html")]));
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
