// The import page's HTML from an import as GET /api/imports/{id} reports it (no DOM access: strings only).
import { t, fmt } from './i18n.js';
import { esc } from './ui.js';

/** An import is over when it completed or failed (an interrupted one is not: posting the file again resumes it). */
export const finished = (job) => job.status === 'completed' || job.status === 'failed';

/** The status line: status, phase and rows processed of the total. */
export function statusText(job) {
  const status = t(`import.status.${job.status}`);
  const rows = t('import.rows', { done: fmt.number(job.rowsProcessed), total: fmt.number(job.rowsTotal) });
  const parts = [status, job.dryRun ? t('import.isDryRun') : null, finished(job) ? null : t(`import.phase.${job.phase}`), rows,
    job.interrupted ? t('import.interrupted') : null];
  return parts.filter(Boolean).join(' · ');
}

const COUNTS = ['casesTotal', 'casesStored', 'casesSkipped', 'casesFailed', 'errors', 'warnings'];

/** The result counts as a description list, each value with its field name in data-count. */
export function resultHtml(job) {
  const items = COUNTS.map((k) => `<dt>${esc(t(`import.count.${k}`))}</dt><dd data-count="${k}">${esc(fmt.number(job[k] ?? 0))}</dd>`).join('');
  return `<dl class="props import-counts">${items}</dl>${job.message ? `<p class="note">${esc(job.message)}</p>` : ''}`;
}

/** Every problem in a table: row, reference, column, message, severity (errors first, then by row). */
export function reportHtml(job) {
  const problems = [...(job.problems ?? [])].sort((a, b) => (a.severity === b.severity ? a.row - b.row : a.severity === 'error' ? -1 : 1));
  if (problems.length === 0) return `<p>${esc(t(finished(job) ? 'import.noProblems' : 'import.checking'))}</p>`;
  const head = ['row', 'reference', 'column', 'message', 'severity'].map((k) => `<th scope="col">${esc(t(`import.col.${k}`))}</th>`).join('');
  const rows = problems.map((p) => `<tr class="${p.severity === 'error' ? 'bad' : 'warn'}" data-row="${esc(p.row)}" data-column="${esc(p.column)}">`
    + `<th scope="row">${esc(p.row)}</th><td>${esc(p.reference)}</td><td><code>${esc(p.column)}</code></td><td>${esc(p.message)}</td>`
    + `<td>${esc(t(`import.severity.${p.severity}`))}</td></tr>`).join('');
  return `<table class="data problems" id="import-problems"><caption>${esc(t('import.problems', { n: fmt.number(problems.length) }))}</caption>`
    + `<thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
}
