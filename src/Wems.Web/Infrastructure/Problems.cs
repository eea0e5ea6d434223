using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using Wems.Gis.Features;
using Wems.Web.Cases;

namespace Wems.Web.Infrastructure;

/// <summary>Every error leaves the server as RFC 9457 ProblemDetails, made in this one place.</summary>
public static class Problems
{
    public static IServiceCollection AddWemsProblems(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
            c.ProblemDetails.Extensions["traceId"] = c.HttpContext.TraceIdentifier);
        services.AddExceptionHandler<WemsExceptionHandler>();
        return services;
    }

    public static WebApplication UseWemsProblems(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}

/// <summary>Maps the libraries' exceptions to HTTP status codes; anything unexpected is a logged 500.</summary>
internal sealed partial class WemsExceptionHandler(IProblemDetailsService problems, ILogger<WemsExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title) = exception switch
        {
            InvalidParameterException => (StatusCodes.Status400BadRequest, "Invalid parameter value"),
            FeatureNotFoundException => (StatusCodes.Status404NotFound, "Not found"),
            BadHttpRequestException e => (e.StatusCode, "Bad request"),
            MalformedCaseException => (StatusCodes.Status400BadRequest, "Malformed case"),
            CaseValidationException => (StatusCodes.Status422UnprocessableEntity, "The case is not valid"),
            CaseNotFoundException => (StatusCodes.Status404NotFound, "Not found"),
            CaseAccessDeniedException => (StatusCodes.Status403Forbidden, "Forbidden"),
            CasePreconditionRequiredException => (StatusCodes.Status428PreconditionRequired, "If-Match required"),
            CaseVersionConflictException => (StatusCodes.Status412PreconditionFailed, "The case has changed"),
            DuplicateCaseReferenceException => (StatusCodes.Status409Conflict, "Duplicate case reference"),
            NpgsqlException { IsTransient: true } => (StatusCodes.Status503ServiceUnavailable, "Database unavailable"),
            OperationCanceledException when context.RequestAborted.IsCancellationRequested => (499, "Client closed request"),
            _ => (StatusCodes.Status500InternalServerError, "Internal server error"),
        };
        if (status >= 500)
        {
            LogUnhandled(logger, exception, context.Request.Path);
        }

        context.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Title = title, Detail = status >= 500 ? null : exception.Message };
        switch (exception)
        {
            // The OGC API exception code, and the parameter at fault, for clients that read them.
            case InvalidParameterException invalid:
                problem.Extensions["code"] = "InvalidParameterValue";
                problem.Extensions["parameter"] = invalid.Parameter;
                break;
            case FeatureNotFoundException:
                problem.Extensions["code"] = "NotFound";
                break;
            // The case API: every field problem keyed by its path, as ValidationProblemDetails has them.
            case CaseValidationException invalid:
                problem.Extensions["errors"] = invalid.Errors;
                problem.Extensions["warnings"] = invalid.Warnings;
                break;
            case MalformedCaseException malformed:
                problem.Extensions["errors"] = new Dictionary<string, string[]> { [malformed.Field] = [malformed.FieldMessage] };
                break;
            case CaseVersionConflictException conflict:
                problem.Extensions["currentVersion"] = conflict.CurrentVersion;
                break;
            case DuplicateCaseReferenceException duplicate:
                problem.Extensions["existingCaseId"] = duplicate.ExistingId;
                problem.Extensions["existingCase"] = $"/api/cases/{duplicate.ExistingId}";
                break;
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, Exception = exception, ProblemDetails = problem });
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error on {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, PathString path);
}
