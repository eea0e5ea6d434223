// Small helpers shared by the planner and the analysis runs page: a ProblemDetails message shown under the field
// it names (or in a status line), and a signed-in page's common start (language, user menu, map).
import * as maplibregl from '/lib/maplibre-gl/maplibre-gl.mjs';
import { t } from './i18n.js';
import { ProblemError } from './api.js';

/** Removes the inline error messages and invalid marks of a form. */
export function clearErrors(root) {
  for (const el of root.querySelectorAll('.field-error')) el.remove();
  for (const el of root.querySelectorAll('[aria-invalid=true]')) {
    el.removeAttribute('aria-invalid');
    const rest = (el.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => id && id !== `${el.id}-error`).join(' ');
    if (rest) el.setAttribute('aria-describedby', rest); else el.removeAttribute('aria-describedby');
  }
}

/**
 * Shows a server refusal: under the input `inputOf(field)` returns for the field the ProblemDetails names (marked
 * invalid, described by the message and focused), else in the status line. Returns whether a field took it.
 */
export function showProblem(error, { inputOf, status }) {
  const problem = error instanceof ProblemError ? error.problem : {};
  const field = problem.parameter ?? Object.keys(problem.errors ?? {})[0];
  const detail = problem.errors?.[field]?.join?.(' ') ?? problem.detail ?? error.message;
  const input = field ? inputOf(field) : null;
  if (input) {
    const message = document.createElement('span');
    message.className = 'field-error';
    message.id = `${input.id}-error`;
    message.textContent = t('view.fieldProblem', { detail });
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', [input.getAttribute('aria-describedby'), message.id].filter(Boolean).join(' '));
    input.insertAdjacentElement('afterend', message);
    input.focus();
  }
  if (status) {
    status.textContent = error instanceof ProblemError
      ? t(input ? 'view.refusedField' : 'view.refused', { status: error.status, detail })
      : t('view.unreachable', { detail: error.message });
  }
  return Boolean(input);
}

/** The operations style as the base map, the session cookie going along with every request to this server. */
export function baseMap(view, { hide = [] } = {}) {
  const map = new maplibregl.Map({
    container: 'map',
    style: '/styles/operations.json',
    center: [view.lng, view.lat],
    zoom: view.zoom,
    attributionControl: { compact: true },
  });
  map.addControl(new maplibregl.NavigationControl(), 'top-right');
  map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');
  map.once('load', () => { for (const id of hide) if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', 'none'); });
  window.wemsMap = map;
  return map;
}

export { maplibregl };
