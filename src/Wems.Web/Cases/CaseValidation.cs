using Wems.Gis.Cases;
using Wems.Gis.Storage;

namespace Wems.Web.Cases;

/// <summary>
/// Checks a case request: reads it into the case model, runs <see cref="CaseValidator"/> against the reference
/// data (read once: it changes only with a reseed, after which the server restarts) and enforces that a case
/// belongs to the caller's agency and country.
/// </summary>
public sealed class CaseValidation(ReferenceStore reference, TimeProvider clock)
{
    private Task<CaseValidationContext>? context;

    /// <summary>
    /// "Today" for the future-date check: the server does not know the time zone of the place of seizure, so a
    /// date is accepted while it is today anywhere on earth (UTC+14), and an East African officer entering a
    /// seizure just after local midnight is not told it lies in the future.
    /// </summary>
    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime.AddHours(14));

    /// <summary>The case of <paramref name="request"/> and its warnings.</summary>
    /// <exception cref="CaseValidationException">The case has errors (all of them are listed).</exception>
    /// <exception cref="CaseAccessDeniedException">The case names an agency or country other than the caller's.</exception>
    public async Task<(SeizureCase Case, IReadOnlyList<FieldMessage> Warnings)> CheckAsync(CaseRequest request, CallerScope scope)
    {
        var problems = new List<FieldProblem>();
        var seizure = Read(request, scope, await ContextAsync(), Today, problems);
        if (problems.Exists(p => p.Severity == ProblemSeverity.Error))
        {
            throw new CaseValidationException(problems);
        }

        if (seizure.AgencyCode != scope.Agency || seizure.Country != scope.Country)
        {
            throw new CaseAccessDeniedException(
                $"A case is recorded by the caller's own agency ({scope.Agency}) in its country ({scope.Country}).");
        }

        return (seizure, Warnings(problems));
    }

    /// <summary>
    /// The case of <paramref name="request"/>, adding every problem (errors and warnings) to <paramref name="problems"/>
    /// without throwing; a field already in <paramref name="problems"/> (e.g. a cell the bulk import could not read)
    /// is not reported again, nor its sub-fields. The rules of <see cref="CheckAsync"/>, for the bulk import.
    /// </summary>
    internal static SeizureCase Read(CaseRequest request, CallerScope scope, CaseValidationContext context, DateOnly today,
        List<FieldProblem> problems)
    {
        var read = problems.Select(p => p.Field).ToList();
        var mapped = new List<FieldProblem>();
        var seizure = CaseMapping.ToCase(request, scope, mapped);
        problems.AddRange(mapped.Where(p => !Covered(read, p.Field)));
        read.AddRange(mapped.Select(p => p.Field));
        // A value missing when read (location, date) is not reported again by the validator under a sub-field.
        problems.AddRange(CaseValidator.Validate(seizure, context, today).Where(p => !Covered(read, p.Field)));
        return seizure;
    }

    private static bool Covered(List<string> read, string field) => read.Exists(f =>
        field == f || field.StartsWith(f + ".", StringComparison.Ordinal) || f.StartsWith(field + ".", StringComparison.Ordinal));

    /// <summary>The warnings of a stored case (e.g. its point lies outside its country).</summary>
    public async Task<IReadOnlyList<FieldMessage>> WarningsAsync(SeizureCase seizure) =>
        Warnings(CaseValidator.Validate(seizure, await ContextAsync(), Today));

    private static List<FieldMessage> Warnings(IEnumerable<FieldProblem> problems) =>
        problems.Where(p => p.Severity == ProblemSeverity.Warning).Select(p => new FieldMessage(p.Field, p.Message)).ToList();

    // Loaded once and shared by every request; a failed load (database down) is retried by the next request.
    internal Task<CaseValidationContext> ContextAsync()
    {
        var current = context;
        if (current is null || current.IsFaulted || current.IsCanceled)
        {
            var fresh = reference.LoadValidationContextAsync(CancellationToken.None);
            current = Interlocked.CompareExchange(ref context, fresh, current) == current ? fresh : context!;
        }

        return current;
    }
}
