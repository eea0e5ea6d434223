// Case entry: specimen lines, the trade chain as an ordered list of countries with roles, a location picked on
// the map, pickers from the code lists, the server's validation messages shown at the fields they name
// (ProblemDetails "errors" keyed by JSON path, e.g. specimens[0].quantity) and a draft kept in localStorage on
// every keystroke, so that a dropped connection or a closed tab loses nothing.
import * as maplibregl from '/lib/maplibre-gl/maplibre-gl.mjs';
import { t, label } from './i18n.js';
import { request, ProblemError } from './api.js';
import { codeList, species } from './codelists.js';
import { countries } from './countries.js';
import { esc } from './ui.js';
import { emptyDraft, parentPath, toRequest } from './casemodel.js';

const VOCABULARIES = { locationType: 'location_types', reason: 'seizure_reasons', detectionMethod: 'detection_methods',
  transportMode: 'transport_modes', concealment: 'concealment_methods' };
const PRECISIONS = ['exact', 'approximate', 'admin-area-centroid'];
const ROLES = ['origin', 'export', 'transit', 'destination'];

export function mountCaseForm(container, { map, user, onCreated }) {
  const writer = user.tier === 'national';
  const draftKey = `wems.caseDraft.${user.username}`;
  let picking = false;
  let marker = null;
  let lists = null;
  let draft;
  try { draft = JSON.parse(localStorage.getItem(draftKey)) ?? null; } catch { draft = null; }
  const restored = !!draft;
  draft ??= emptyDraft();

  const save = () => localStorage.setItem(draftKey, JSON.stringify(draft));
  const options = (rows, value, { blank = true } = {}) =>
    (blank ? `<option value="">${t('case.choose')}</option>` : '') + rows.map((r) => `<option value="${esc(r.value)}" ${r.value === value ? 'selected' : ''}>${esc(r.text)}</option>`).join('');
  const field = (path, labelKey, control) =>
    `<div class="field"><label for="f-${path}">${t(labelKey)}</label>${control}<span class="field-error" id="e-${path}" data-error-for="${path}"></span></div>`;

  function render(status) {
    if (!writer) {
      container.innerHTML = `<h2>${t('case.title')}</h2><p>${t('case.readOnly')}</p>`;
      return;
    }
    const code = (name) => lists[VOCABULARIES[name]].map((r) => ({ value: r.code, text: label(r) }));
    const unitsOf = (term) => lists.units.filter((u) => !term || lists.termUnits.some((p) => p.term === term && (p.unit || 'NO') === u.code))
      .map((u) => ({ value: u.code, text: label(u) }));
    const speciesOptions = lists.species.map((s) => ({ value: s.scientific_name, text: `${s[`common_name_${document.documentElement.lang}`] || s.common_name_en} (${s.scientific_name})` }))
      .sort((a, b) => a.text.localeCompare(b.text));
    const countryOptions = countries().map((c) => ({ value: c.code, text: c.name }));
    const input = (path, value, type = 'text', extra = '') => `<input id="f-${path}" data-field="${path}" type="${type}" value="${esc(value)}" ${extra}>`;
    const select = (path, rows, value, opts) => `<select id="f-${path}" data-field="${path}">${options(rows, value, opts)}</select>`;
    container.innerHTML = `
      <h2>${t('case.title')}</h2>
      <p class="status" role="status" aria-live="polite" id="case-status">${status ?? (restored ? t('case.draftRestored') : '')}</p>
      <form id="case-form" novalidate>
        ${field('reference', 'case.reference', input('reference', draft.reference, 'text', 'required maxlength="64" autocomplete="off"'))}
        <div class="row">
          ${field('date', 'case.date', input('date', draft.date, 'date', 'required'))}
          ${field('time', 'case.time', input('time', draft.time, 'time'))}
        </div>
        ${field('placeName', 'case.placeName', input('placeName', draft.placeName))}
        <fieldset data-field="location" id="f-location"><legend>${t('case.location')}</legend>
          <div class="row">
            ${field('location.x', 'case.x', input('location.x', draft.location.x, 'number', 'step="any" min="-180" max="180"'))}
            ${field('location.y', 'case.y', input('location.y', draft.location.y, 'number', 'step="any" min="-90" max="90"'))}
          </div>
          <button type="button" id="pick" aria-pressed="${picking}">${t('case.pick')}</button>
          <span class="field-error" id="e-location" data-error-for="location"></span>
          ${field('locationPrecision', 'case.precision', select('locationPrecision', PRECISIONS.map((p) => ({ value: p, text: t(`case.precision.${p}`) })), draft.locationPrecision, { blank: false }))}
        </fieldset>
        ${Object.keys(VOCABULARIES).map((name) => field(name, `case.${name}`, select(name, code(name), draft[name]))).join('')}
        <fieldset id="f-specimens" data-field="specimens"><legend>${t('case.specimens')}</legend>
          <span class="field-error" id="e-specimens" data-error-for="specimens"></span>
          <ol class="lines">${draft.specimens.map((s, i) => `<li data-line="${i}"><fieldset><legend>${t('case.line', { n: i + 1 })}</legend>
            ${field(`specimens[${i}].scientificName`, 'case.species', select(`specimens[${i}].scientificName`, speciesOptions, s.scientificName))}
            ${field(`specimens[${i}].term`, 'case.term', select(`specimens[${i}].term`, lists.terms.map((r) => ({ value: r.code, text: `${label(r)} (${r.code})` })), s.term))}
            <div class="row">
              ${field(`specimens[${i}].quantity`, 'case.quantity', input(`specimens[${i}].quantity`, s.quantity, 'number', 'step="any" min="0"'))}
              ${field(`specimens[${i}].unit`, 'case.unit', select(`specimens[${i}].unit`, unitsOf(s.term), s.unit))}
            </div>
            <button type="button" data-remove-specimen="${i}" ${draft.specimens.length === 1 ? 'disabled' : ''}>${t('case.remove')}</button>
          </fieldset></li>`).join('')}</ol>
          <button type="button" id="add-specimen">${t('case.addSpecimen')}</button>
        </fieldset>
        <fieldset id="f-tradeChain" data-field="tradeChain"><legend>${t('case.tradeChain')}</legend>
          <span class="field-error" id="e-tradeChain" data-error-for="tradeChain"></span>
          <ol class="lines">${draft.tradeChain.map((c, i) => `<li data-link="${i}">
            <div class="row">
              ${field(`tradeChain[${i}].country`, 'case.country', select(`tradeChain[${i}].country`, countryOptions, c.country))}
              ${field(`tradeChain[${i}].role`, 'case.role', select(`tradeChain[${i}].role`, ROLES.map((r) => ({ value: r, text: t(`role.${r}`) })), c.role))}
            </div>
            <label><input type="checkbox" data-field="tradeChain[${i}].custody" ${c.custody ? 'checked' : ''}> ${t('case.custody')}</label>
            <label><input type="checkbox" data-field="tradeChain[${i}].intended" ${c.intended ? 'checked' : ''}> ${t('case.intended')}</label>
            <span class="field-error" id="e-tradeChain[${i}].intended" data-error-for="tradeChain[${i}].intended"></span>
            <div class="buttons">
              <button type="button" data-move="${i}:-1" ${i === 0 ? 'disabled' : ''}>${t('case.up')}</button>
              <button type="button" data-move="${i}:1" ${i === draft.tradeChain.length - 1 ? 'disabled' : ''}>${t('case.down')}</button>
              <button type="button" data-remove-link="${i}">${t('case.remove')}</button>
            </div></li>`).join('')}</ol>
          <button type="button" id="add-country">${t('case.addCountry')}</button>
        </fieldset>
        ${field('outcome.arrests', 'case.arrests', input('outcome.arrests', draft.outcome.arrests, 'number', 'min="0" step="1"'))}
        <label class="check"><input type="checkbox" data-field="sharedManually" ${draft.sharedManually ? 'checked' : ''}> ${t('case.shared')}</label>
        <div class="buttons">
          <button type="submit" class="primary">${t('case.submit')}</button>
          <button type="button" id="clear-case">${t('case.clear')}</button>
        </div>
      </form>`;
    wire();
  }

  // Reads every control back into the draft (paths such as specimens[1].unit address the draft directly).
  function read() {
    for (const el of container.querySelectorAll('[data-field]')) {
      if (el.tagName === 'FIELDSET') continue;
      const path = el.dataset.field.replace(/\[(\d+)\]/g, '.$1').split('.');
      let target = draft;
      for (const key of path.slice(0, -1)) target = target[key];
      target[path.at(-1)] = el.type === 'checkbox' ? el.checked : el.value;
    }
    save();
  }

  function status(text) {
    const el = container.querySelector('#case-status');
    if (el) el.textContent = text;
  }

  function clearErrors() {
    for (const el of container.querySelectorAll('.field-error')) el.textContent = '';
    for (const el of container.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  }

  /** Shows each message at the control its path names, or at the nearest enclosing one (specimens[0] → specimens). */
  function showErrors(errors) {
    let first = null;
    const unplaced = [];
    for (const [path, messages] of Object.entries(errors ?? {})) {
      let at = path;
      let box = null;
      while (at && !(box = container.querySelector(`[data-error-for="${CSS.escape(at)}"]`))) at = parentPath(at);
      if (!box) { unplaced.push(`${path} ${messages.join(' ')}`); continue; }
      box.textContent = [box.textContent, ...messages.map((m) => (at === path ? m : `${path}: ${m}`))].filter(Boolean).join(' ');
      const control = container.querySelector(`[data-field="${CSS.escape(at)}"]`);
      if (control) {
        control.setAttribute('aria-invalid', 'true');
        control.setAttribute('aria-describedby', box.id);
        first ??= control;
      }
    }
    status([t('case.invalid'), ...unplaced].join(' '));
    first?.focus();
  }

  async function submit(e) {
    e.preventDefault();
    read();
    clearErrors();
    try {
      const { status: code, body } = await request('POST', '/api/cases', toRequest(draft));
      const reference = draft.reference;
      localStorage.removeItem(draftKey);
      draft = emptyDraft();
      marker?.remove();
      render(code === 201 ? t('case.created', { reference }) : t('case.exists'));
      for (const w of body.warnings ?? []) status(`${container.querySelector('#case-status').textContent} ${t('case.warning', { field: w.field, message: w.message })}`);
      container.dataset.lastCreated = reference;
      onCreated(body);
    } catch (error) {
      if (!(error instanceof ProblemError)) { status(t('case.offline')); return; }
      if (error.status === 422 || error.status === 400) showErrors(error.problem.errors ?? { reference: [error.message] });
      else if (error.status === 409) showErrors({ reference: [t('case.duplicate')] });
      else status(t('case.forbidden', { detail: error.message }));
    }
  }

  function setPicking(on) {
    picking = on;
    map.getCanvas().style.cursor = on ? 'crosshair' : '';
    const button = container.querySelector('#pick');
    button?.setAttribute('aria-pressed', String(on));
    if (on) status(t('case.picking'));
  }

  function placeMarker() {
    const x = Number(draft.location.x), y = Number(draft.location.y);
    if (draft.location.x === '' || draft.location.y === '' || !Number.isFinite(x) || !Number.isFinite(y)) return;
    marker ??= new maplibregl.Marker({ color: '#c0392b' });
    marker.setLngLat([x, y]).addTo(map);
  }

  function wire() {
    const form = container.querySelector('#case-form');
    form.addEventListener('input', read);
    form.addEventListener('change', (e) => {
      read();
      if (/^specimens\[\d+\]\.term$/.test(e.target.dataset.field ?? '')) render();
      if (/^location\./.test(e.target.dataset.field ?? '')) placeMarker();
    });
    form.addEventListener('submit', submit);
    form.querySelector('#pick').addEventListener('click', () => setPicking(!picking));
    form.querySelector('#add-specimen').addEventListener('click', () => {
      read(); draft.specimens.push({ scientificName: '', term: '', quantity: '', unit: '' }); save(); render();
      container.querySelector(`[data-field="specimens[${draft.specimens.length - 1}].scientificName"]`).focus();
    });
    form.querySelector('#add-country').addEventListener('click', () => {
      read(); draft.tradeChain.push({ country: '', role: '', custody: false, intended: false }); save(); render();
      container.querySelector(`[data-field="tradeChain[${draft.tradeChain.length - 1}].country"]`).focus();
    });
    form.querySelector('#clear-case').addEventListener('click', () => { draft = emptyDraft(); localStorage.removeItem(draftKey); marker?.remove(); render(); });
    form.addEventListener('click', (e) => {
      const b = e.target.closest('button');
      if (!b) return;
      if (b.dataset.removeSpecimen !== undefined) { read(); draft.specimens.splice(Number(b.dataset.removeSpecimen), 1); save(); render(); }
      if (b.dataset.removeLink !== undefined) { read(); draft.tradeChain.splice(Number(b.dataset.removeLink), 1); save(); render(); }
      if (b.dataset.move !== undefined) {
        read();
        const [i, step] = b.dataset.move.split(':').map(Number);
        const [moved] = draft.tradeChain.splice(i, 1);
        draft.tradeChain.splice(i + step, 0, moved);
        save(); render();
        container.querySelector(`[data-field="tradeChain[${i + step}].country"]`).focus();
      }
    });
    placeMarker();
  }

  document.addEventListener('keydown', (e) => { if (e.key === 'Escape' && picking) setPicking(false); });
  window.addEventListener('wems:lang', () => { if (lists || !writer) { if (writer) read(); render(); } });

  if (!writer) render();
  else {
    Promise.all([...Object.values(VOCABULARIES).map(codeList), species(), codeList('cites_terms'), codeList('cites_units'), codeList('cites_term_units')])
      .then((loaded) => {
        lists = Object.fromEntries(Object.values(VOCABULARIES).map((name, i) => [name, loaded[i]]));
        [lists.species, lists.terms, lists.units, lists.termUnits] = loaded.slice(Object.keys(VOCABULARIES).length);
        render();
      });
  }

  return {
    picking: () => picking,
    pick(lngLat) {
      read();
      draft.location = { x: lngLat.lng.toFixed(5), y: lngLat.lat.toFixed(5) };
      save();
      setPicking(false);
      render();
      placeMarker();
    },
  };
}
