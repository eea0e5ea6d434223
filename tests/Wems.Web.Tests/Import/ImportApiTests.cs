using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Wems.Web.Cases;
using Wems.Web.Import;
using Wems.Web.Tests.Cases;
using Wems.Web.Tests.Support;

namespace Wems.Web.Tests.Import;

/// <summary>Formats, templates, duplicates and tiers of <c>/api/imports</c>.</summary>
public sealed class ImportApiTests(WemsFactory factory) : IClassFixture<WemsFactory>
{
    [Theory]
    [InlineData("csv")]
    [InlineData("xlsx")]
    [InlineData("geojson")]
    public async Task Each_format_round_trips_the_case_fields(string format)
    {
        var sources = Enumerable.Range(0, 3).Select(i => ImportFiles.Case($"RT-{format}-{i}", 200 + i) with
        {
            SharedManually = i == 1,
            DetectingAgency = i == 2 ? "Kenya Police Service" : null,
        }).ToList();
        var (file, name) = format switch
        {
            "csv" => (ImportFiles.Csv(sources), "cases.csv"),
            "xlsx" => (await ImportTemplates.XlsxAsync(sources), "cases.xlsx"),
            _ => (ImportTemplates.GeoJson(sources), "cases.geojson"),
        };
        var client = factory.BasicClient("ke-officer");

        var job = await ImportFiles.ImportAsync(client, file, name);

        Assert.True(job.Status == "completed" && job.Errors == 0, string.Join("\n", job.Problems));
        Assert.Equal(3, job.CasesStored);
        foreach (var source in sources)
        {
            var id = await factory.ScalarAsync<Guid>("select id from seizure_case where reference = $1", source.Reference!);
            var stored = (await client.GetFromJsonAsync<NationalCaseDto>(CaseApi.Case(id)))!;
            Assert.Equal(Comparable(source), Comparable(stored));
        }
    }

    // The fields a file carries, in one comparable text (the stored side has server fields besides).
    private static string Comparable(CaseRequest c) => JsonSerializer.Serialize(new
    {
        c.Reference, c.Date, c.Time, c.Country, c.AgencyCode, c.PlaceName, c.Location, c.LocationPrecision, c.LocationType, c.DetectingAgency,
        c.Reason, c.DetectionMethod, c.TransportMode, c.Concealment, Specimens = Normalized(c.Specimens!), c.TradeChain, c.Outcome,
        c.SharedManually, c.IccwcConsent,
    });

    private static string Comparable(NationalCaseDto c) => JsonSerializer.Serialize(new
    {
        c.Reference, Date = (DateOnly?)c.Date, c.Time, c.Country, c.AgencyCode, c.PlaceName, c.Location, c.LocationPrecision, c.LocationType,
        c.DetectingAgency, c.Reason, c.DetectionMethod, c.TransportMode, c.Concealment, Specimens = Normalized(c.Specimens), c.TradeChain, c.Outcome,
        c.SharedManually, c.IccwcConsent,
    });

    // The database keeps numeric(…, 3): 202 comes back as 202.000, the same quantity.
    private static List<SpecimenDto> Normalized(IReadOnlyList<SpecimenDto> lines) =>
        lines.Select(s => s with { Quantity = s.Quantity / 1.0000000000000000000000000000m, EstimatedValue = s.EstimatedValue / 1.0000000000000000000000000000m })
            .ToList();

    [Theory]
    [InlineData("csv", "text/csv")]
    [InlineData("xlsx", ImportTemplates.XlsxContentType)]
    [InlineData("geojson", "application/geo+json")]
    public async Task Each_template_downloads_and_its_example_passes_a_dry_run(string format, string contentType)
    {
        var client = factory.BasicClient("ke-officer");
        var response = await client.GetAsync(new Uri($"/api/import/templates/{format}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType!.MediaType);

        var job = await ImportFiles.ImportAsync(client, await response.Content.ReadAsByteArrayAsync(), $"template.{format}", "?dryRun=true");

        Assert.True(job.Status == "completed" && job.Errors == 0 && job.Warnings == 0, string.Join("\n", job.Problems));
        Assert.Equal(1, job.CasesTotal);
    }

    [Fact]
    public async Task A_raw_csv_body_is_accepted_as_well_as_multipart()
    {
        var client = factory.BasicClient("ke-officer");
        using var content = new ByteArrayContent(ImportFiles.Csv([ImportFiles.Case("RAW-1", 301)]));
        content.Headers.ContentType = new("text/csv");

        var response = await client.PostAsync(new Uri("/api/imports?dryRun=true", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var job = await ImportFiles.WaitAsync(client, (await response.Content.ReadFromJsonAsync<ImportJobDto>())!.Id);
        Assert.True(job.Status == "completed", job.Message);
        Assert.Equal(("completed", 1, 0), (job.Status, job.CasesTotal, job.Errors));
    }

    [Fact]
    public async Task A_reference_the_agency_already_uses_is_an_error_and_the_stored_case_is_not_changed()
    {
        var client = factory.BasicClient("ke-officer");
        var (id, etag) = await CaseApi.CreateAsync(client, CaseApi.Valid("DUP-REF-1"));

        var job = await ImportFiles.ImportAsync(client, ImportFiles.Csv([ImportFiles.Case("DUP-REF-1", 302), ImportFiles.Case("DUP-REF-2", 303)]),
            "dup.csv", "?mode=per-case");

        var problem = Assert.Single(job.Problems);
        Assert.Equal((2, "DUP-REF-1", "reference", "error"), (problem.Row, problem.Reference, problem.Column, problem.Severity));
        Assert.Contains(id.ToString(), problem.Message, StringComparison.Ordinal);
        Assert.Equal(1, job.CasesStored);
        var stored = await client.GetAsync(CaseApi.Case(id));
        Assert.Equal(etag, stored.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task The_same_date_place_species_and_quantity_as_a_stored_case_is_a_warning_not_a_merge()
    {
        var client = factory.BasicClient("ke-officer");
        var existing = CaseApi.Valid("TWIN-SRC") with { Date = new DateOnly(2024, 5, 5) };
        var (id, _) = await CaseApi.CreateAsync(client, existing);
        var twin = ImportFiles.Case("TWIN-IMPORT", 304) with
        {
            Date = existing.Date,
            Location = existing.Location,
            Specimens = [existing.Specimens![1]],
        };

        var job = await ImportFiles.ImportAsync(client, ImportFiles.Csv([twin]), "twin.csv", "?mode=per-case");

        var warning = Assert.Single(job.Problems);
        Assert.Equal(("warning", 2, "specimens.quantity"), (warning.Severity, warning.Row, warning.Column));
        Assert.Contains(id.ToString(), warning.Message, StringComparison.Ordinal);
        Assert.Equal(1, job.CasesStored);
        Assert.Equal(2, await factory.CountAsync("select count(*) from seizure_case where reference in ('TWIN-SRC', 'TWIN-IMPORT')"));
    }

    [Fact]
    public async Task Two_cases_of_one_file_that_describe_the_same_seizure_are_flagged()
    {
        var first = ImportFiles.Case("TWINS-1", 305);
        var second = first with { Reference = "TWINS-2" };

        var job = await ImportFiles.ImportAsync(factory.BasicClient("ke-officer"), ImportFiles.Csv([first, second]), "twins.csv", "?dryRun=true");

        Assert.Equal(2, job.Warnings);
        Assert.All(job.Problems, p => Assert.Equal(("warning", "TWINS-2"), (p.Severity, p.Reference)));
        Assert.All(job.Problems, p => Assert.Contains("TWINS-1", p.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_same_file_posted_again_returns_the_finished_import_and_stores_nothing_more()
    {
        var client = factory.BasicClient("ke-officer");
        var file = ImportFiles.Csv([ImportFiles.Case("AGAIN-1", 306), ImportFiles.Case("AGAIN-2", 307)]);
        var first = await ImportFiles.ImportAsync(client, file, "again.csv");

        var second = await ImportFiles.ImportAsync(client, file, "again.csv");

        Assert.Equal((first.Id, "completed", 2), (second.Id, second.Status, second.CasesStored));
        Assert.Equal(2, await factory.CountAsync("select count(*) from seizure_case where reference like 'AGAIN-%'"));
    }

    [Fact]
    public async Task A_regional_user_cannot_import()
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(ImportFiles.Csv([ImportFiles.Case("REG-1", 308)])), "file", "r.csv" } };

        var response = await factory.BasicClient("latf-analyst").PostAsync(new Uri("/api/imports", UriKind.Relative), form);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, await factory.CountAsync("select count(*) from import_job where created_by = 'latf-analyst'"));
    }

    [Fact]
    public async Task A_kenyan_officer_cannot_import_tanzanian_cases()
    {
        var tanzanian = ImportFiles.Case("TZ-BY-KE-1", 309) with { Country = "TZ", Location = new LocationDto(39.2026, -6.8781) };

        var job = await ImportFiles.ImportAsync(factory.BasicClient("ke-officer"), ImportFiles.Csv([tanzanian]), "tz.csv", "?mode=per-case");

        var problem = Assert.Single(job.Problems, p => p.Severity == "error");
        Assert.Equal((2, "country"), (problem.Row, problem.Column));
        Assert.Equal(0, job.CasesStored);
        Assert.Equal(0, await factory.CountAsync("select count(*) from seizure_case where reference = 'TZ-BY-KE-1'"));
    }

    [Fact]
    public async Task Another_agency_cannot_read_an_import()
    {
        var job = await ImportFiles.ImportAsync(factory.BasicClient("ke-officer"), ImportFiles.Csv([ImportFiles.Case("PRIV-1", 310)]), "p.csv",
            "?dryRun=true");

        var response = await factory.BasicClient("tz-analyst").GetAsync(new Uri($"/api/imports/{job.Id}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task An_unknown_column_stops_the_whole_file_before_anything_is_stored()
    {
        var rows = ImportFiles.Rows([ImportFiles.Case("COL-1", 311)]);
        rows[0][ImportFiles.Column("specimens.quantity")] = "specimens.quantiy";

        var job = await ImportFiles.ImportAsync(factory.BasicClient("ke-officer"), ImportFiles.Csv(rows), "col.csv", "?mode=per-case");

        Assert.Equal(("failed", 0), (job.Status, job.CasesStored));
        Assert.Contains(job.Problems, p => p.Row == 1 && p.Column == "specimens.quantiy");
    }

    [Fact]
    public async Task A_bad_option_is_a_400_naming_the_parameter()
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes("reference\r\n"));
        content.Headers.ContentType = new("text/csv");

        var response = await factory.BasicClient("ke-officer").PostAsync(new Uri("/api/imports?mode=some", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("mode", (await response.JsonAsync()).GetProperty("parameter").GetString());
    }
}
