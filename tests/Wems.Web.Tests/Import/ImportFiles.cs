using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Wems.Gis.Reports;
using Wems.Web.Cases;
using Wems.Web.Import;
using Wems.Web.Tests.Cases;
using Wems.Web.Tests.Support;

namespace Wems.Web.Tests.Import;

/// <summary>Import files for the tests, and the HTTP round trip of an import.</summary>
internal static class ImportFiles
{
    /// <summary>
    /// A valid Kenyan case of the Kenya Wildlife Service with two specimen lines, inside Nairobi National Park (no
    /// border nearby, inside KE). Quantities derive from <paramref name="n"/> so that no two cases look alike.
    /// </summary>
    public static CaseRequest Case(string reference, int n) => new()
    {
        Reference = reference,
        Date = new DateOnly(2023, 1, 1).AddDays(n % 300),
        Time = new TimeOnly(6, 45),
        Country = "KE",
        AgencyCode = "KWS",
        PlaceName = "Nairobi National Park",
        Location = new LocationDto(36.8402 + n % 50 * 0.0001, -1.3731),
        LocationPrecision = "approximate",
        LocationType = "protected-area",
        Reason = "poaching",
        DetectionMethod = "patrol",
        TransportMode = "on-foot",
        Concealment = "none",
        TradeChain = [new TradeChainEntryDto("KE", "origin"), new TradeChainEntryDto("CN", "destination", Intended: true)],
        Specimens =
        [
            new SpecimenDto("Loxodonta africana", "TUS", 2 + n, null, 900m + n, "USD"),
            new SpecimenDto("Smutsia temminckii", "SCA", 3.25m + n, "KIL"),
        ],
        Outcome = new OutcomeDto(Arrests: 1, Law: "Wildlife Conservation and Management Act 2013", Disposal: "held-as-evidence"),
        IccwcConsent = true,
    };

    /// <summary>The cases as CSV rows (header first), each row as its cells in template order.</summary>
    public static List<string[]> Rows(IEnumerable<CaseRequest> cases) => [[.. ImportColumns.All], .. cases.SelectMany(ImportColumns.Rows)];

    public static byte[] Csv(IEnumerable<string[]> rows) =>
        Encoding.UTF8.GetBytes(string.Concat(rows.Select(r => CsvText.Record(r) + "\r\n")));

    public static byte[] Csv(IEnumerable<CaseRequest> cases) => Csv(Rows(cases));

    public static int Column(string name)
    {
        for (var i = 0; i < ImportColumns.All.Count; i++)
        {
            if (ImportColumns.All[i] == name)
            {
                return i;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(name));
    }

    /// <summary>Uploads <paramref name="content"/> (multipart) and waits for the import to finish; returns its final report.</summary>
    public static async Task<ImportJobDto> ImportAsync(HttpClient client, byte[] content, string fileName, string query = "")
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        var response = await client.PostAsync(new Uri("/api/imports" + query, UriKind.Relative), form);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        var job = (await response.Content.ReadFromJsonAsync<ImportJobDto>())!;
        return await WaitAsync(client, job.Id);
    }

    public static async Task<ImportJobDto> WaitAsync(HttpClient client, Guid id)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            var job = (await client.GetFromJsonAsync<ImportJobDto>(new Uri($"/api/imports/{id}", UriKind.Relative)))!;
            if (job.Status is "completed" or "failed" || DateTime.UtcNow > deadline)
            {
                return job;
            }

            await Task.Delay(100);
        }
    }

    public static Task<long> CountAsync(this WemsFactory factory, string sql, params object[] parameters) =>
        factory.ScalarAsync<long>(sql, parameters);

    public static string Text(this decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
