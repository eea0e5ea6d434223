using Wems.Gis.Cases;
using Wems.Gis.Reports;
using Wems.Gis.Storage;

namespace Wems.Web.Reports;

/// <summary>What an import did, case by case (in package order).</summary>
public sealed record ImportReportDto(int Created, int Updated, IReadOnlyList<ImportedCaseDto> Cases);

/// <summary>One imported case: its index in the package, its id here and what happened (created, updated, deleted-here).</summary>
public sealed record ImportedCaseDto(int Index, string AgencyCode, string Reference, Guid Id, string Outcome);

/// <summary>A package that was refused as a whole: nothing was imported. <see cref="Errors"/> are keyed by field path.</summary>
public sealed class EcomessageRejectedException(string message, IDictionary<string, string[]> errors) : Exception(message)
{
    public IDictionary<string, string[]> Errors { get; } = errors;
}

/// <summary>
/// Imports an exchange package: checks the sender and every case first (the same <see cref="CaseValidator"/>
/// as the case API, problems keyed <c>cases[i].field</c>), then stores the cases by provenance.
/// </summary>
public sealed class EcomessageImporter(ExchangeStore store, ReferenceStore reference, TimeProvider clock)
{
    /// <summary>Imports <paramref name="package"/> with <paramref name="actor"/> in the audit trail.</summary>
    /// <exception cref="EcomessageRejectedException">The sender is unknown, or a case has errors: nothing was written.</exception>
    public async Task<ImportReportDto> ImportAsync(EcomessagePackage package, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(package);
        var agency = package.Origin?.Agency;
        if (string.IsNullOrEmpty(agency) || !await store.IsKnownAgencyAsync(agency, cancellationToken))
        {
            throw new EcomessageRejectedException(
                $"The package comes from agency '{agency}', which this server does not know: nothing was imported.",
                new Dictionary<string, string[]> { ["origin.agency"] = ["is not an agency known to this server."] });
        }

        var context = await reference.LoadValidationContextAsync(cancellationToken);
        // As in the case API: a date is not in the future while it is today anywhere on earth (UTC+14).
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime.AddHours(14));
        var problems = new List<FieldProblem>();
        var cases = new List<SeizureCase>();
        var messages = package.Cases ?? [];
        for (var i = 0; i < messages.Count; i++)
        {
            var read = new List<FieldProblem>();
            var seizure = Ecomessage.ToCase(messages[i], read);
            var fields = read.Select(p => p.Field).ToList();
            read.AddRange(CaseValidator.Validate(seizure, context, today)
                .Where(p => !fields.Exists(f => p.Field == f || p.Field.StartsWith(f + ".", StringComparison.Ordinal))));
            problems.AddRange(read.Where(p => p.Severity == ProblemSeverity.Error).Select(p => p with { Field = $"cases[{i}].{p.Field}" }));
            cases.Add(seizure);
        }

        if (problems.Count > 0)
        {
            throw new EcomessageRejectedException(
                $"{problems.Count} error(s) in the package's cases: nothing was imported.",
                problems.GroupBy(p => p.Field).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray()));
        }

        var imported = new List<ImportedCaseDto>();
        for (var i = 0; i < cases.Count; i++)
        {
            var (outcome, id) = await store.ImportAsync(cases[i], actor, cancellationToken);
            imported.Add(new ImportedCaseDto(i, cases[i].AgencyCode, cases[i].Reference, id, outcome switch
            {
                ImportOutcome.Created => "created",
                ImportOutcome.Updated => "updated",
                _ => "deleted-here",
            }));
        }

        return new ImportReportDto(imported.Count(c => c.Outcome == "created"), imported.Count(c => c.Outcome == "updated"), imported);
    }
}
