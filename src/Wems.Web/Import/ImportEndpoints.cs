using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Wems.Gis.Features;
using Wems.Gis.Storage;
using Wems.Web.Auth;
using Wems.Web.Cases;

namespace Wems.Web.Import;

/// <summary>An import as <c>GET /api/imports/{id}</c> reports it.</summary>
/// <remarks>
/// <c>Interrupted</c>: status <c>running</c> but no process runs it (it died); post the same file again to resume.
/// Counts and problems are those of <see cref="ImportJob"/>.
/// </remarks>
public sealed record ImportJobDto(
    Guid Id, string Status, bool Interrupted, string Phase, string FileName, string Format, string Mode, bool DryRun, string AgencyCode,
    string Country, int RowsTotal, int RowsProcessed, int CasesTotal, int CasesStored, int CasesSkipped, int CasesFailed, int Errors,
    int Warnings, IReadOnlyList<ImportProblem> Problems, string? Message, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt)
{
    internal static ImportJobDto From(ImportJob j, bool interrupted) => new(j.Id, j.Status, interrupted, j.Phase, j.FileName, j.Format, j.Mode,
        j.DryRun, j.AgencyCode, j.Country, j.RowsTotal, j.RowsProcessed, j.CasesTotal, j.CasesStored, j.CasesSkipped, j.CasesFailed, j.Errors,
        j.Warnings, JsonSerializer.Deserialize<List<ImportProblem>>(j.ProblemsJson, ImportReader.JsonOptions) ?? [], j.Message, j.CreatedBy,
        j.CreatedAt, j.FinishedAt);
}

/// <summary>
/// Bulk import: <c>POST /api/imports</c> (a file, multipart or raw; <c>dryRun</c>, <c>mode</c>) queues an import and
/// answers 202 with its URL; <c>GET /api/imports/{id}</c> reports status, progress and problems;
/// <c>GET /api/import/templates/{csv|xlsx|geojson}</c> serves the templates. See docs/import.md.
/// </summary>
public static class ImportEndpoints
{
    private static readonly HashSet<string> PostParameters = ["dryRun", "mode", "fileName"];

    public static IServiceCollection AddImports(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ImportRepository>();
        services.AddSingleton<ImportService>();
        services.AddSingleton(Channel.CreateUnbounded<Guid>());
        services.AddHostedService<ImportWorker>();
        return services;
    }

    public static IEndpointRouteBuilder MapImports(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/import/templates/{format}", Template).WithTags("Imports");
        var imports = app.MapGroup("/api/imports").WithTags("Imports").RequireAuthorization();
        imports.MapPost("", Post).DisableAntiforgery();
        imports.MapGet("/{id:guid}", Get);
        return app;
    }

    /// <summary>The template of a format: the columns (or properties) and one example case.</summary>
    internal static async Task<FileContentHttpResult> Template(string format, CancellationToken cancellationToken) => format switch
    {
        "csv" => TypedResults.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(ImportColumns.CsvTemplate())).ToArray(),
            "text/csv; charset=utf-8", "wems-import-template.csv"),
        "xlsx" => TypedResults.File(await ImportTemplates.XlsxAsync(ImportColumns.Example, cancellationToken),
            ImportTemplates.XlsxContentType, "wems-import-template.xlsx"),
        "geojson" => TypedResults.File(ImportTemplates.GeoJson(ImportColumns.Example), "application/geo+json", "wems-import-template.geojson"),
        _ => throw new InvalidParameterException("format", "is csv, xlsx or geojson."),
    };

    /// <summary>Queues an import of the uploaded file for the caller's agency: 202 (or 200 when this file was already imported).</summary>
    internal static async Task<Results<Accepted<ImportJobDto>, Ok<ImportJobDto>>> Post(HttpRequest request, ClaimsPrincipal user,
        ImportService imports, ImportRepository jobs, Channel<Guid> queue, CancellationToken cancellationToken)
    {
        var scope = CallerScopes.From(user);
        if (scope.Tier != Tier.National)
        {
            throw new CaseAccessDeniedException("Only the users of a national agency import cases, into their own agency and country.");
        }

        var options = Options(request);
        var upload = await ReadUploadAsync(request, cancellationToken);
        var (job, run) = await imports.SubmitAsync(upload, scope, options, cancellationToken);
        if (run)
        {
            await queue.Writer.WriteAsync(job.Id, cancellationToken);
        }

        var dto = ImportJobDto.From(job, interrupted: false);
        return job.Status is "completed" or "failed"
            ? TypedResults.Ok(dto)
            : TypedResults.Accepted($"/api/imports/{job.Id}", dto);
    }

    /// <summary>An import of the caller's agency; 404 for anyone else's.</summary>
    internal static async Task<Ok<ImportJobDto>> Get(Guid id, ClaimsPrincipal user, ImportRepository jobs, CancellationToken cancellationToken)
    {
        var scope = CallerScopes.From(user);
        var job = await jobs.GetAsync(id, cancellationToken);
        if (job is null || scope.Tier != Tier.National || job.AgencyCode != scope.Agency)
        {
            throw new CaseNotFoundException(id);
        }

        var interrupted = job.Status == "running" && !await jobs.IsLockedAsync(id, cancellationToken);
        return TypedResults.Ok(ImportJobDto.From(job, interrupted));
    }

    private static ImportOptions Options(HttpRequest request)
    {
        foreach (var key in request.Query.Keys.Where(k => !PostParameters.Contains(k)))
        {
            throw new InvalidParameterException(key, "is not a parameter of an import (dryRun, mode, fileName).");
        }

        var dryRun = request.Query["dryRun"].ToString() switch
        {
            "" or "false" => false,
            "true" => true,
            var v => throw new InvalidParameterException("dryRun", $"is true or false, not '{v}'."),
        };
        var mode = request.Query["mode"].ToString() switch
        {
            "" => ImportService.AllOrNothing,
            var m when m is ImportService.AllOrNothing or ImportService.PerCase => m,
            var v => throw new InvalidParameterException("mode", $"is {ImportService.AllOrNothing} or {ImportService.PerCase}, not '{v}'."),
        };
        return new ImportOptions(dryRun, mode);
    }

    private static async Task<ImportUpload> ReadUploadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            var file = form.Files.GetFile("file") ?? (form.Files.Count > 0 ? form.Files[0] : null)
                       ?? throw new InvalidParameterException("file", "the multipart body has no file (field 'file').");
            var format = ImportReader.FormatOf(file.FileName, file.ContentType)
                         ?? throw new InvalidParameterException("file", $"'{file.FileName}' is not .csv, .xlsx or .geojson.");
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, cancellationToken);
            return new ImportUpload(Path.GetFileName(file.FileName), format, buffer.ToArray());
        }

        var name = request.Query["fileName"].ToString();
        var raw = ImportReader.FormatOf(name, request.ContentType)
                  ?? throw new BadHttpRequestException(
                      "Send the file as multipart/form-data (field 'file'), or as the body with Content-Type text/csv, " +
                      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet or application/geo+json.",
                      StatusCodes.Status415UnsupportedMediaType);
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, cancellationToken);
        var fileName = name.Length > 0 ? Path.GetFileName(name) : "upload." + ImportReader.Code(raw);
        return new ImportUpload(fileName, raw, body.ToArray());
    }
}

/// <summary>
/// Runs the queued imports one at a time (the machine's cores are better spent on one COPY than on several), and at
/// start-up resumes the imports a previous server process left unfinished.
/// </summary>
internal sealed partial class ImportWorker(Channel<Guid> queue, ImportService imports, ImportRepository jobs, ILogger<ImportWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            foreach (var id in await jobs.UnfinishedAsync(stoppingToken))
            {
                await queue.Writer.WriteAsync(id, stoppingToken);
            }
        }
        catch (Npgsql.NpgsqlException e)
        {
            LogResumeFailed(logger, e);
        }

        await foreach (var id in queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                var job = await imports.RunAsync(id, cancellationToken: stoppingToken);
                LogFinished(logger, id, job.Status, job.CasesStored);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, e, id);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Import {Id} {Status}: {Stored} case(s) stored")]
    private static partial void LogFinished(ILogger logger, Guid id, string status, int stored);

    [LoggerMessage(Level = LogLevel.Error, Message = "Import {Id} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, Guid id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not look for unfinished imports at start-up")]
    private static partial void LogResumeFailed(ILogger logger, Exception exception);
}

/// <summary>The XLSX and GeoJSON templates (and any list of cases in those formats, for round trips).</summary>
public static class ImportTemplates
{
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>An XLSX workbook: sheet <c>cases</c> with the template columns (text cells), sheet <c>columns</c> describing them.</summary>
    public static async Task<byte[]> XlsxAsync(IEnumerable<CaseRequest> cases, CancellationToken cancellationToken = default)
    {
        using var data = new System.Data.DataTable(ImportReader.Sheet);
        foreach (var column in ImportColumns.All)
        {
            data.Columns.Add(column, typeof(string));
        }

        foreach (var row in cases.SelectMany(ImportColumns.Rows))
        {
            data.Rows.Add(row.Cast<object>().ToArray());
        }

        using var help = new System.Data.DataTable("columns");
        help.Columns.Add("column", typeof(string));
        help.Columns.Add("meaning", typeof(string));
        foreach (var column in ImportColumns.All)
        {
            help.Rows.Add(column, ImportColumns.Descriptions[column]);
        }

        using var buffer = new MemoryStream();
        var sheets = new Dictionary<string, object> { [ImportReader.Sheet] = data, ["columns"] = help };
        await MiniExcelLibs.MiniExcel.SaveAsAsync(buffer, sheets, excelType: MiniExcelLibs.ExcelType.XLSX, cancellationToken: cancellationToken);
        return buffer.ToArray();
    }

    /// <summary>A GeoJSON FeatureCollection: one Point feature per case, the case API's fields as properties.</summary>
    public static byte[] GeoJson(IEnumerable<CaseRequest> cases)
    {
        var features = cases.Select(c => new
        {
            type = "Feature",
            geometry = new { type = "Point", coordinates = new[] { c.Location?.X ?? 0, c.Location?.Y ?? 0 } },
            properties = c with { Location = null },
        });
        return JsonSerializer.SerializeToUtf8Bytes(new { type = "FeatureCollection", features }, WriteOptions);
    }

    private static readonly JsonSerializerOptions WriteOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };
}
