using Wems.Web.Import;
using Wems.Web.Tests.Support;

namespace Wems.Web.Tests.Import;

/// <summary>The dry run and the two modes of a real run, on a file with 50 seeded errors.</summary>
public sealed class ImportValidationTests(WemsFactory factory) : IClassFixture<WemsFactory>
{
    /// <summary>
    /// One error each, on 50 cases of two rows: (case, line or null for a case column, column, bad cell). Every rule of
    /// the reader, the mapping and the validator that a cell can break, some of them twice with another value.
    /// </summary>
    private static readonly (int Line, string Column, string Value)[] Seeds =
    [
        (0, "date", "2024-13-01"), (0, "date", "2099-01-01"), (0, "date", "1970-06-30"), (0, "date", ""), (0, "time", "25:99"),
        (0, "country", "XX"), (0, "agencyCode", "NOPE"), (0, "agencyCode", "LATF"), (0, "location.x", "abc"), (0, "location.x", "200"),
        (0, "location.y", "-95"), (0, "locationPrecision", "precise"), (0, "locationType", "ship"), (0, "locationType", ""),
        (0, "reason", "bad-reason"), (0, "detectionMethod", "telepathy"), (0, "transportMode", "teleport"), (0, "concealment", "cloak"),
        (0, "tradeChain", "KE-origin"), (0, "tradeChain", "KE:origin>KE:transit"), (0, "tradeChain", "XX:origin"),
        (0, "tradeChain", "KE:origin>TZ:sideways"), (0, "tradeChain", "KE:destination>TZ:transit"),
        (0, "tradeChain", "KE:origin+intended>CN:destination"), (0, "outcome.arrests", "-1"), (0, "outcome.arrests", "two"),
        (0, "outcome.disposal", "burnt"), (0, "sharedManually", "maybe"), (0, "iccwcConsent", "perhaps"),
        (0, "specimens.scientificName", "Unicornis fabulosa"), (1, "specimens.scientificName", ""), (1, "specimens.term", "XYZ"),
        (0, "specimens.quantity", "0"), (1, "specimens.quantity", "-3"), (1, "specimens.quantity", "lots"), (1, "specimens.unit", "BAG"),
        (0, "specimens.unit", "MTR"), (0, "specimens.estimatedValue", "-5"), (0, "specimens.estimatedValue", "cheap"),
        (0, "specimens.currency", "dollars"), (0, "specimens.currency", ""), (1, "placeName", "Somewhere else"),
        (1, "date", "2023-02-02"), (1, "locationType", "airport"), (0, "specimens.term", ""), (1, "specimens.quantity", "1,5"),
        (1, "specimens.estimatedValue", "1e"), (0, "location.y", "north"), (0, "time", "noon"), (1, "outcome.arrests", "3"),
    ];

    private static (byte[] File, List<(int Row, string Reference, string Column)> Expected) SeededFile(string prefix, int good)
    {
        var cases = Enumerable.Range(0, Seeds.Length + good).Select(i => ImportFiles.Case($"{prefix}-{i:D3}", i)).ToList();
        var rows = ImportFiles.Rows(cases);
        var expected = new List<(int, string, string)>();
        for (var i = 0; i < Seeds.Length; i++)
        {
            var (line, column, value) = Seeds[i];
            // Row 1 is the header; case i has rows 2 + 2i (line 0) and 3 + 2i (line 1).
            var row = 2 + 2 * i + line;
            rows[row - 1][ImportFiles.Column(column)] = value;
            if (line == 0 && !column.StartsWith("specimens.", StringComparison.Ordinal))
            {
                // A case column is repeated on the case's second row, as a spreadsheet user copies it down.
                rows[row][ImportFiles.Column(column)] = value;
            }
            expected.Add((row, $"{prefix}-{i:D3}", column));
        }

        return (ImportFiles.Csv(rows), expected);
    }

    [Fact]
    public async Task A_dry_run_reports_each_of_50_seeded_errors_by_row_and_column_and_writes_nothing()
    {
        var (file, expected) = SeededFile("DRY", good: 5);
        var casesBefore = await factory.CountAsync("select count(*) from seizure_case");
        var auditBefore = await factory.CountAsync("select count(*) from audit_log");

        var job = await ImportFiles.ImportAsync(factory.BasicClient("ke-officer"), file, "seeded.csv", "?dryRun=true");

        var errors = job.Problems.Where(p => p.Severity == "error").ToList();
        Assert.Equal("completed", job.Status);
        Assert.Equal(expected.OrderBy(e => e.Row).ToList(), errors.Select(p => (p.Row, p.Reference!, p.Column)).ToList());
        Assert.All(errors, p => Assert.False(string.IsNullOrWhiteSpace(p.Message)));
        Assert.Equal(50, job.Errors);
        Assert.Equal((110, 55, 50, 0), (job.RowsTotal, job.CasesTotal, job.CasesFailed, job.CasesStored));
        Assert.Equal(casesBefore, await factory.CountAsync("select count(*) from seizure_case"));
        Assert.Equal(auditBefore, await factory.CountAsync("select count(*) from audit_log"));
    }

    [Fact]
    public async Task Per_case_mode_stores_the_good_cases_and_reports_the_bad_ones()
    {
        var (file, expected) = SeededFile("PER", good: 7);

        var job = await ImportFiles.ImportAsync(factory.BasicClient("ke-officer"), file, "seeded.csv", "?mode=per-case");

        Assert.Equal(("completed", 7, 50, 50), (job.Status, job.CasesStored, job.CasesFailed, job.Errors));
        Assert.Equal(7, await factory.CountAsync("select count(*) from seizure_case where reference like 'PER-%'"));
        Assert.Equal(14, await factory.CountAsync("select count(*) from specimen s join seizure_case c on c.id = s.case_id where c.reference like 'PER-%'"));
        Assert.Equal(Enumerable.Range(50, 7).Select(i => $"PER-{i:D3}"),
            await ReferencesAsync("PER-%"));
        Assert.Equal(expected.Count, job.Problems.Count(p => p.Severity == "error"));
    }

    [Fact]
    public async Task All_or_nothing_stores_nothing_when_one_case_is_bad()
    {
        var cases = Enumerable.Range(0, 20).Select(i => ImportFiles.Case($"AON-{i:D3}", i)).ToList();
        var rows = ImportFiles.Rows(cases);
        rows[15][ImportFiles.Column("specimens.quantity")] = "0";

        var job = await ImportFiles.ImportAsync(factory.BasicClient("ke-officer"), ImportFiles.Csv(rows), "one-bad.csv");

        Assert.Equal(("failed", 0, 1), (job.Status, job.CasesStored, job.Errors));
        var problem = Assert.Single(job.Problems);
        Assert.Equal((16, "AON-007", "specimens.quantity"), (problem.Row, problem.Reference, problem.Column));
        Assert.Equal(0, await factory.CountAsync("select count(*) from seizure_case where reference like 'AON-%'"));
    }

    [Fact]
    public async Task An_imported_case_is_audited_under_the_importing_user()
    {
        var job = await ImportFiles.ImportAsync(factory.BasicClient("ke-officer"), ImportFiles.Csv([ImportFiles.Case("AUD-001", 77)]), "a.csv");

        Assert.Equal(("completed", 1), (job.Status, job.CasesStored));
        Assert.Equal(1, await factory.CountAsync(
            "select count(*) from seizure_case where reference = 'AUD-001' and created_by = 'ke-officer' and agency_code = 'KWS'"));
        Assert.True(await factory.CountAsync("select count(*) from audit_log where actor = 'ke-officer' and table_name = 'seizure_case'") >= 1);
    }

    private async Task<List<string>> ReferencesAsync(string like)
    {
        await using var command = factory.Database.DataSource.CreateCommand("select reference from seizure_case where reference like $1 order by 1");
        command.Parameters.AddWithValue(like);
        var list = new List<string>();
        await using var r = await command.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            list.Add(r.GetString(0));
        }

        return list;
    }
}
