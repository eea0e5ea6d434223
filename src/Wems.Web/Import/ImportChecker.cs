using Wems.Gis.Cases;
using Wems.Gis.Storage;
using Wems.Web.Cases;

namespace Wems.Web.Import;

/// <summary>A case of the file that passed every check, with the id it is stored under.</summary>
public sealed record PlannedCase(ImportCase Source, SeizureCase Case);

/// <summary>What the checks found: the cases to store, those already stored by this import, and every problem.</summary>
/// <param name="ToStore">Valid cases not yet stored.</param>
/// <param name="AlreadyStored">Cases this import stored before it was interrupted (same file, same ids): skipped.</param>
/// <param name="Failed">Cases with at least one error.</param>
/// <param name="Problems">Every problem, by row and column, errors and warnings.</param>
public sealed record ImportCheck(IReadOnlyList<PlannedCase> ToStore, IReadOnlyList<ImportCase> AlreadyStored, IReadOnlyList<ImportCase> Failed,
    IReadOnlyList<ImportProblem> Problems)
{
    public int Errors => Problems.Count(p => p.Severity == "error");

    public int Warnings => Problems.Count(p => p.Severity == "warning");
}

/// <summary>
/// Checks the cases of an import file with the case API's rules (<see cref="CaseValidation.Read"/>), the caller's
/// ownership (its agency and country only), and against the stored cases: a reference the agency already uses is an
/// error, a case with the same date, place, species and quantity as a stored one (or an earlier one of the file) a
/// warning. Nothing is merged.
/// </summary>
public static class ImportChecker
{
    /// <summary>Checks <paramref name="file"/> for <paramref name="scope"/>.</summary>
    /// <param name="file">The cases read from the file.</param>
    /// <param name="tabular">CSV/XLSX (problems by template column and specimen row) rather than GeoJSON (by property path).</param>
    /// <param name="scope">The national caller the cases are imported for.</param>
    /// <param name="context">Reference data of the validator.</param>
    /// <param name="today">"Today" of the case API's future-date rule.</param>
    /// <param name="fileSha256">The file's hash, from which the cases' ids derive.</param>
    /// <param name="references">The agency's stored cases under the file's references.</param>
    /// <param name="fingerprints">Stored specimen lines of the country by <see cref="ImportRepository.Fingerprint"/>.</param>
    public static ImportCheck Check(ImportFile file, bool tabular, CallerScope scope, CaseValidationContext context, DateOnly today,
        string fileSha256, IReadOnlyDictionary<string, Guid> references, IReadOnlyDictionary<string, ExistingCase> fingerprints)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(scope);
        var problems = new List<ImportProblem>(file.FileProblems);
        var toStore = new List<PlannedCase>();
        var already = new List<ImportCase>();
        var failed = new List<ImportCase>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var inFile = new Dictionary<string, ImportCase>(StringComparer.Ordinal);
        // The case rules are pure and each case independent: check them on every core, then the file-wide checks in order.
        var read = new (SeizureCase Case, List<FieldProblem> Fields)[file.Cases.Count];
        Parallel.For(0, file.Cases.Count, i =>
        {
            var fields = new List<FieldProblem>(file.Cases[i].Problems);
            read[i] = (CaseValidation.Read(file.Cases[i].Request, scope, context, today, fields), fields);
        });
        for (var n = 0; n < file.Cases.Count; n++)
        {
            var source = file.Cases[n];
            var (seizure, fields) = read[n];
            if (seizure.AgencyCode != scope.Agency && !fields.Exists(p => p.Field == "agencyCode"))
            {
                fields.Add(new FieldProblem("agencyCode", $"'{seizure.AgencyCode}' is not your agency ({scope.Agency}): you import your own agency's cases only."));
            }

            if (seizure.Country != scope.Country && !fields.Exists(p => p.Field == "country"))
            {
                fields.Add(new FieldProblem("country", $"'{seizure.Country}' is not your agency's country ({scope.Country}): you import your own country's cases only."));
            }

            var id = ImportRepository.CaseId(fileSha256, seizure.AgencyCode, seizure.Reference);
            var alreadyStored = false;
            if (seen.TryGetValue(source.Reference, out var firstRow))
            {
                fields.Add(new FieldProblem("reference", $"repeats the case of row {firstRow}; give each case one feature."));
            }
            else
            {
                seen[source.Reference] = source.Row;
            }

            if (references.TryGetValue(source.Reference, out var existing))
            {
                if (existing == id)
                {
                    alreadyStored = true;
                }
                else
                {
                    fields.Add(new FieldProblem("reference",
                        $"is already used by case {existing} of your agency; an import never changes a stored case (change it with PUT /api/cases/{existing})."));
                }
            }

            if (!fields.Exists(p => p.Severity == ProblemSeverity.Error))
            {
                for (var i = 0; i < seizure.Specimens.Count; i++)
                {
                    var s = seizure.Specimens[i];
                    var key = ImportRepository.Fingerprint(seizure.Date, seizure.Location.X, seizure.Location.Y, s.ScientificName, s.Quantity,
                        string.IsNullOrEmpty(s.Unit) ? "NO" : s.Unit);
                    if (fingerprints.TryGetValue(key, out var twin) && twin.Id != id)
                    {
                        fields.Add(new FieldProblem($"specimens[{i}].quantity",
                            $"looks like a duplicate of stored case {twin.AgencyCode}/{twin.Reference} ({twin.Id}): same date, place, species and quantity. Imported anyway; check it.",
                            ProblemSeverity.Warning));
                    }
                    else if (inFile.TryGetValue(key, out var earlier) && earlier.Reference != source.Reference)
                    {
                        fields.Add(new FieldProblem($"specimens[{i}].quantity",
                            $"looks like a duplicate of case {earlier.Reference} (row {earlier.Row}) of this file: same date, place, species and quantity.",
                            ProblemSeverity.Warning));
                    }
                    else
                    {
                        inFile.TryAdd(key, source);
                    }
                }
            }

            problems.AddRange(fields.Select(p => Locate(p, source, tabular)));
            if (fields.Exists(p => p.Severity == ProblemSeverity.Error))
            {
                failed.Add(source);
            }
            else if (alreadyStored)
            {
                already.Add(source);
            }
            else
            {
                toStore.Add(new PlannedCase(source, seizure with { Id = id }));
            }
        }

        problems.Sort((a, b) => a.Row != b.Row ? a.Row.CompareTo(b.Row) : string.CompareOrdinal(a.Column, b.Column));
        return new ImportCheck(toStore, already, failed, problems);
    }

    /// <summary>Where a field problem of a case is in the file.</summary>
    internal static ImportProblem Locate(FieldProblem problem, ImportCase source, bool tabular)
    {
        var severity = problem.Severity == ProblemSeverity.Error ? "error" : "warning";
        var field = problem.Field;
        if (field.StartsWith('@'))
        {
            // A continuation row's cell: "@row:column".
            var colon = field.IndexOf(':', StringComparison.Ordinal);
            return new ImportProblem(int.Parse(field.AsSpan(1, colon - 1), System.Globalization.CultureInfo.InvariantCulture), source.Reference,
                field[(colon + 1)..], problem.Message, severity);
        }

        if (!tabular)
        {
            return new ImportProblem(source.Row, source.Reference, field.StartsWith("location", StringComparison.Ordinal) ? "geometry" : field,
                problem.Message, severity);
        }

        var (column, line) = ImportColumns.ColumnOf(field);
        var row = line is { } l && l < source.LineRows.Count ? source.LineRows[l] : source.Row;
        return new ImportProblem(row, source.Reference, column, problem.Message, severity);
    }
}
