// Inline server errors for the account pages: a ProblemDetails that names a field (`parameter` of a 400, or the
// `errors` map of a 422) puts its message under that field, marks it invalid and focuses it; anything else
// (403, 404, 409, ...) goes to the form's own message line.
import { t } from './i18n.js';

/** Clears the messages and invalid marks of a form. */
export function clearErrors(form) {
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  for (const el of form.querySelectorAll('.field-error')) el.textContent = '';
}

/** The messages of a ProblemError by field name: {field: message}, and the rest under ''. */
export function problemMessages(error) {
  const problem = error?.problem ?? {};
  const detail = problem.detail || problem.title || t('form.failed', { status: error?.status ?? '' });
  if (problem.parameter) return { [problem.parameter]: detail };
  if (problem.errors && typeof problem.errors === 'object') {
    return Object.fromEntries(Object.entries(problem.errors).map(([k, v]) => [k, Array.isArray(v) ? v.join(' ') : String(v)]));
  }
  return { '': error?.status === 403 ? t('form.forbidden') : detail };
}

/** Shows a failed request's problem in the form: each message under its field (by name), else in the form's message line. */
export function showProblem(form, error) {
  clearErrors(form);
  let first = null;
  for (const [field, message] of Object.entries(problemMessages(error))) {
    const input = field ? form.querySelector(`[name="${CSS.escape(field)}"]`) : null;
    const slot = input ? form.querySelector(`#${CSS.escape(input.id)}-error`) : null;
    if (input && slot) {
      input.setAttribute('aria-invalid', 'true');
      slot.textContent = message;
      first ??= input;
    } else {
      const line = form.querySelector('.form-error');
      if (line) line.textContent = field ? `${field}: ${message}` : message;
    }
  }
  first?.focus();
}

/**
 * A labelled control with its error slot: `prefix-name` is the id, `name` the field the server's problems name.
 * kind: 'text' (default), 'password', 'number', 'checkbox', 'datetime-local', or {options: [{value, text}]} for a select.
 */
export function field(prefix, name, labelText, { kind = 'text', value = '', required = false, attrs = '' } = {}) {
  const id = `${prefix}-${name}`;
  const common = `id="${id}" name="${name}" aria-describedby="${id}-error"${required ? ' required' : ''} ${attrs}`;
  const escape = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  let control;
  if (kind === 'checkbox') control = `<input type="checkbox" ${common}${value ? ' checked' : ''}>`;
  else if (typeof kind === 'object') {
    control = `<select ${common}>${kind.options.map((o) => `<option value="${escape(o.value)}"${o.value === value ? ' selected' : ''}>${escape(o.text)}</option>`).join('')}</select>`;
  } else control = `<input type="${kind}" ${common} value="${escape(value)}">`;
  const cls = kind === 'checkbox' ? 'field check' : 'field';
  return `<label class="${cls}"><span>${escape(labelText)}</span> ${control}<span class="field-error" id="${id}-error" aria-live="polite"></span></label>`;
}
