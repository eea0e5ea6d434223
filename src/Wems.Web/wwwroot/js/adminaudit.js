// The audit-log view of the admin pages: newest first, a page at a time (GET /api/admin/audit with limit and next),
// filtered by actor, operation and period, and a link that exports the same filter as CSV (f=csv). The server gives
// an organisation admin only the entries of its organisation's users.
import { t } from './i18n.js';
import { getJson, query } from './api.js';
import { esc } from './ui.js';
import { field, clearErrors, showProblem } from './forms.js';

const PAGE = 50;
const OPERATIONS = ['', 'INSERT', 'UPDATE', 'DELETE', 'EXPORT', 'ADMIN', 'TOKEN'];

const instant = (local) => (local ? new Date(local).toISOString() : '');
const when = (iso) => new Intl.DateTimeFormat(document.documentElement.lang, { dateStyle: 'short', timeStyle: 'medium' }).format(new Date(iso));
const brief = (json) => (json ? String(json).slice(0, 160) : '');

export async function mountAudit(root) {
  let filters = {};
  let entries = [];
  let next = null;
  const csvHref = () => `/api/admin/audit${query({ ...filters, f: 'csv' })}`;
  const rows = () => entries.map((e) => `<tr><th scope="row">${esc(when(e.at))}</th><td>${esc(e.actor)}</td><td>${esc(e.operation)}</td>
    <td>${esc(e.tableName)}</td><td class="wrap">${esc(brief(e.after ?? e.before))}</td></tr>`).join('');
  const render = () => {
    root.innerHTML = `<h3>${esc(t('admin.audit'))}</h3>
      <form id="audit-filter" novalidate><div class="row">
        ${field('audit', 'actor', t('admin.actor'), { value: filters.actor ?? '' })}
        ${field('audit', 'operation', t('admin.operation'), { kind: { options: OPERATIONS.map((o) => ({ value: o, text: o || t('filters.any') })) }, value: filters.operation ?? '' })}
        ${field('audit', 'from', t('filters.from'), { kind: 'datetime-local' })}
        ${field('audit', 'to', t('filters.to'), { kind: 'datetime-local' })}</div>
        <p class="field-error form-error" aria-live="polite"></p>
        <div class="buttons"><button type="submit" class="primary">${esc(t('admin.show'))}</button>
        <a id="audit-csv" href="${esc(csvHref())}" download="audit.csv">${esc(t('admin.exportCsv'))}</a></div></form>
      <p id="audit-status" class="note" aria-live="polite">${esc(t('admin.entries', { count: entries.length }))}</p>
      <div class="scroll"><table class="data list" id="audit-table"><caption class="sr-only">${esc(t('admin.audit'))}</caption>
        <thead><tr>${['admin.at', 'admin.actor', 'admin.operation', 'admin.table', 'admin.change'].map((k) => `<th scope="col">${esc(t(k))}</th>`).join('')}</tr></thead>
        <tbody>${rows()}</tbody></table></div>
      ${next ? `<button type="button" id="audit-more">${esc(t('admin.older'))}</button>` : ''}`;
    const form = root.querySelector('#audit-filter');
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      clearErrors(form);
      const f = form.elements;
      const wanted = { actor: f.actor.value.trim(), operation: f.operation.value, from: instant(f.from.value), to: instant(f.to.value) };
      try {
        const page = await getJson(`/api/admin/audit${query({ ...wanted, limit: PAGE })}`);
        filters = wanted;
        entries = page.entries;
        next = page.next;
        render();
        root.querySelector('#audit-status').focus?.();
      } catch (error) { showProblem(form, error); }
    });
    root.querySelector('#audit-more')?.addEventListener('click', async () => {
      const page = await getJson(`/api/admin/audit${query({ ...filters, limit: PAGE, next })}`);
      entries = entries.concat(page.entries);
      next = page.next;
      render();
      root.querySelector('#audit-more')?.focus();
    });
  };
  const first = await getJson(`/api/admin/audit${query({ limit: PAGE })}`);
  entries = first.entries;
  next = first.next;
  render();
  window.addEventListener('wems:lang', render);
}
