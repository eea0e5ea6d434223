using Wems.Gis.Cases;

namespace Wems.Web.Cases;

// The case API's errors. Each carries what its ProblemDetails needs; Infrastructure/Problems maps them to
// their status in one place.

/// <summary>The case has errors (422); every problem is listed, warnings alongside.</summary>
public sealed class CaseValidationException(IReadOnlyList<FieldProblem> problems)
    : Exception($"The case has {problems.Count(p => p.Severity == ProblemSeverity.Error)} error(s); see 'errors'.")
{
    public IReadOnlyList<FieldProblem> Problems { get; } = problems;

    /// <summary>Error messages keyed by field path (e.g. <c>specimens[0].quantity</c>), as ValidationProblemDetails has them.</summary>
    public IDictionary<string, string[]> Errors => Problems.Where(p => p.Severity == ProblemSeverity.Error)
        .GroupBy(p => p.Field).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray());

    public IReadOnlyList<FieldMessage> Warnings => Problems.Where(p => p.Severity == ProblemSeverity.Warning)
        .Select(p => new FieldMessage(p.Field, p.Message)).ToList();
}

/// <summary>The body is not JSON, or a field has the wrong JSON type or an unknown name (400).</summary>
public sealed class MalformedCaseException(string field, string message) : Exception($"{field}: {message}")
{
    public string Field { get; } = field;
    public string FieldMessage { get; } = message;
}

/// <summary>No such case for this caller (404): absent, deleted, or in a tier the caller may not see.</summary>
public sealed class CaseNotFoundException(Guid id) : Exception($"Case {id} was not found.")
{
    public Guid CaseId { get; } = id;
}

/// <summary>The caller may not do this (403): not a national user, or another agency's or country's case.</summary>
public sealed class CaseAccessDeniedException(string message) : Exception(message);

/// <summary>A change needs <c>If-Match: "&lt;version&gt;"</c> and came without one (428).</summary>
public sealed class CasePreconditionRequiredException()
    : Exception("Send If-Match with the case's ETag (its version) so that a concurrent change is not overwritten.");

/// <summary>The case changed since the version the caller sent in If-Match (412); nothing was written.</summary>
public sealed class CaseVersionConflictException(Guid id, int currentVersion)
    : Exception($"Case {id} is at version {currentVersion}, not the one in If-Match; read it again and reapply the change.")
{
    public Guid CaseId { get; } = id;
    public int CurrentVersion { get; } = currentVersion;
}

/// <summary>The agency already has another case under this reference (409); nothing was written.</summary>
public sealed class DuplicateCaseReferenceException(string reference, Guid existingId)
    : Exception($"Reference '{reference}' is already used by case {existingId} of the same agency.")
{
    public string Reference { get; } = reference;
    public Guid ExistingId { get; } = existingId;
}
