namespace Wems.Web.Import;

/// <summary>One problem of an import, where a spreadsheet user finds it: row, case reference, column.</summary>
/// <param name="Row">CSV/XLSX: the row in the sheet (the header is row 1); GeoJSON: the feature number, from 1.</param>
/// <param name="Reference">The case reference of the row, when known.</param>
/// <param name="Column">CSV/XLSX: the template column; GeoJSON: the property path (e.g. <c>specimens[1].quantity</c>).</param>
/// <param name="Message">What is wrong and how to fix it.</param>
/// <param name="Severity"><c>error</c> (the case is not stored) or <c>warning</c> (stored, flagged).</param>
public sealed record ImportProblem(int Row, string? Reference, string Column, string Message, string Severity = "error");
