using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Wems.Gis.Features;
using Wems.Gis.Reports;
using Wems.Gis.Storage;
using Wems.Web.Auth;
using Wems.Web.Cases;

namespace Wems.Web.Reports;

/// <summary>
/// Reports and exchange: the CITES Annual Illegal Trade Report (<c>/api/reports/cites-ait</c>) for national users
/// of the country, and the Ecomessage-style package export and import (<c>/api/exchange</c>).
/// </summary>
public static class ReportEndpoints
{
    public static IServiceCollection AddReports(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<CitesReportStore>();
        services.AddSingleton<ExchangeStore>();
        services.AddSingleton<EcomessageImporter>();
        services.AddSingleton<BriefingStore>();
        return services;
    }

    public static IEndpointRouteBuilder MapReports(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/reports/cites-ait", CitesAit).WithTags("Reports").RequireAuthorization();
        var exchange = app.MapGroup("/api/exchange").WithTags("Exchange").RequireAuthorization();
        exchange.MapGet("/export", Export);
        exchange.MapPost("/import", Import).Accepts<EcomessagePackage>("application/json");
        app.MapBriefing();
        return app;
    }

    /// <summary>The report of <c>country</c> and <c>year</c> as <c>format=xlsx</c> (default) or <c>csv</c>; 403 unless national of that country.</summary>
    internal static async Task<FileContentHttpResult> CitesAit(HttpRequest request, ClaimsPrincipal user, CitesReportStore reports,
        CancellationToken cancellationToken)
    {
        var (country, year, format) = ReportQuery.CitesAit(request);
        var scope = CallerScopes.From(user);
        if (scope.Tier != Tier.National || scope.Country != country)
        {
            throw new CaseAccessDeniedException($"The CITES report of {country} is made for the national users of {country} only.");
        }

        var report = await reports.LoadAsync(country, year, scope, cancellationToken);
        await Governance.ExportAudit.RecordAsync(request.HttpContext, scope, "cites-ait", cancellationToken);
        using var file = new MemoryStream();
        await CitesReportFiles.WriteAsync(file, report, format, cancellationToken);
        return TypedResults.File(file.ToArray(), format == "csv" ? CitesReportFiles.CsvContentType : CitesReportFiles.XlsxContentType,
            CitesReportFiles.FileName(report, format));
    }

    /// <summary>
    /// A package of the cases the caller sees (<c>shared</c>, <c>from</c>, <c>to</c>, <c>ids</c>), without nominal data
    /// unless a national caller asks <c>nominal=true</c> (a regional caller who asks gets 403).
    /// </summary>
    internal static async Task<JsonHttpResult<EcomessagePackage>> Export(HttpRequest request, ClaimsPrincipal user, ExchangeStore store,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var (selection, nominal) = ReportQuery.Export(request);
        var scope = CallerScopes.From(user);
        if (scope.Tier == Tier.Public || (nominal && scope.Tier != Tier.National))
        {
            throw new CaseAccessDeniedException(nominal
                ? "Nominal data leave the server only for national users of the case's country."
                : "Cases are exported for national and regional users only.");
        }

        var cases = await store.ReadAsync(selection, scope, nominal, cancellationToken);
        if (nominal)
        {
            await Governance.ExportAudit.RecordAsync(request.HttpContext, scope, "ecomessage", cancellationToken);
        }

        var origin = scope.Tier == Tier.National
            ? new EcomessageOrigin(scope.Country, scope.Agency, request.Host.Value)
            : new EcomessageOrigin(null, scope.Region, request.Host.Value);
        // The package's own options: null values (and so nominal data not asked for) are left out, as the schema says.
        return TypedResults.Json(Ecomessage.Package(origin, cases, clock.GetUtcNow()), Ecomessage.JsonOptions);
    }

    /// <summary>
    /// Imports a package (national and regional users): 200 with what was created and updated; 422 when the sender is
    /// unknown or a case has errors (keyed <c>cases[i].field</c>), and then nothing is imported. Nominal data are
    /// dropped except for a national importer's own country's cases.
    /// </summary>
    internal static async Task<Results<Ok<ImportReportDto>, ProblemHttpResult>> Import(HttpRequest request, ClaimsPrincipal user,
        EcomessageImporter importer, CancellationToken cancellationToken)
    {
        var scope = CallerScopes.From(user);
        if (scope.Tier == Tier.Public)
        {
            throw new CaseAccessDeniedException("Packages are imported by national and regional users only.");
        }

        EcomessagePackage package;
        try
        {
            package = await JsonSerializer.DeserializeAsync<EcomessagePackage>(request.Body, Ecomessage.JsonOptions, cancellationToken)
                      ?? throw new MalformedCaseException("$", "the body must be a package object, not null.");
        }
        catch (JsonException e)
        {
            throw new MalformedCaseException(string.IsNullOrEmpty(e.Path) ? "$" : e.Path.TrimStart('$', '.'),
                "is not valid JSON, has the wrong type or is not a field of a package.");
        }

        // Nominal data stay in the national tier: they are kept only for a national importer's own country's cases.
        package = package with
        {
            Cases = package.Cases?.Select(c => scope.Tier == Tier.National && c.Country == scope.Country ? c : c with { Nominal = null }).ToList(),
        };
        try
        {
            return TypedResults.Ok(await importer.ImportAsync(package, scope.Actor, cancellationToken));
        }
        catch (EcomessageRejectedException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status422UnprocessableEntity, title: "The package was not imported",
                extensions: new Dictionary<string, object?> { ["errors"] = e.Errors });
        }
    }
}

/// <summary>The query parameters of the report and exchange endpoints, parsed at the edge.</summary>
internal static class ReportQuery
{
    private static readonly HashSet<string> CitesParameters = ["country", "year", "format"];
    private static readonly HashSet<string> ExportParameters = ["shared", "from", "to", "ids", "nominal"];

    public static (string Country, int Year, string Format) CitesAit(HttpRequest request)
    {
        Known(request, CitesParameters);
        var country = request.Query["country"].ToString();
        if (country.Length != 2 || !country.All(char.IsAsciiLetterUpper))
        {
            throw new InvalidParameterException("country", "is required: an ISO 3166-1 alpha-2 code in capitals (e.g. KE).");
        }

        if (!int.TryParse(request.Query["year"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year is < 1975 or > 9998)
        {
            throw new InvalidParameterException("year", "is required: a year from 1975 (CITES in force).");
        }

        var format = request.Query.TryGetValue("format", out var f) ? f.ToString() : "xlsx";
        return format is "xlsx" or "csv" ? (country, year, format) : throw new InvalidParameterException("format", "must be xlsx or csv.");
    }

    public static (ExchangeSelection Selection, bool Nominal) Export(HttpRequest request)
    {
        Known(request, ExportParameters);
        List<Guid>? ids = null;
        if (request.Query.TryGetValue("ids", out var list))
        {
            ids = [];
            foreach (var part in list.ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                ids.Add(Guid.TryParse(part, out var id) ? id : throw new InvalidParameterException("ids", $"'{part}' is not a case id."));
            }
        }

        return (new ExchangeSelection(Flag(request, "shared"), Date(request, "from"), Date(request, "to"), Ids: ids), Flag(request, "nominal"));
    }

    private static void Known(HttpRequest request, HashSet<string> allowed)
    {
        foreach (var key in request.Query.Keys.Where(k => !allowed.Contains(k)))
        {
            throw new InvalidParameterException(key, $"is not a parameter of this resource ({string.Join(", ", allowed)}).");
        }
    }

    private static bool Flag(HttpRequest request, string name) => request.Query[name].ToString() switch
    {
        "" or "false" => false,
        "true" => true,
        _ => throw new InvalidParameterException(name, "must be true or false."),
    };

    private static DateOnly? Date(HttpRequest request, string name) => request.Query.TryGetValue(name, out var v)
        ? DateOnly.TryParseExact(v.ToString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d
            : throw new InvalidParameterException(name, "must be a date (yyyy-MM-dd).")
        : null;
}
