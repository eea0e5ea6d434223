// The analysis runs page (signed in): choose an analysis and its parameters, run it (POST /api/analyses/{kind}),
// watch its progress (GET /api/analyses/{id}, polled), see the result as vector-tile layers of exactly that run
// (/tiles/{collection}/{z}/{x}/{y}.mvt?run={runId}, drawn as on the operations map), and re-open earlier runs from
// the list (GET /api/analyses). The URL keeps the run shown: /analyses.html#run={jobId}. See docs/ui.md.
import { applyI18n, bindLanguagePickers, t, fmt } from './i18n.js';
import { signedInHint, requireSignIn, whoAmI } from './auth.js';
import { getJson, request } from './api.js';
import { userMenu, esc, fillSelect } from './ui.js';
import { LAYERS, addArrowImage, COMMODITY_COLOURS } from './layers.js';
import { clearErrors, showProblem, baseMap } from './viewkit.js';
import { KINDS, parametersOf, bodyOf, collectionsOf, finished, runOfHash } from './analysismodel.js';

const POLL_MS = 500;
const RUNNING_ROLES = ['analyst', 'admin', 'regional-analyst'];
const $ = (id) => document.getElementById(id);

applyI18n();
bindLanguagePickers();
if (!signedInHint()) requireSignIn();
else start().catch((error) => {
  console.error(error);
  $('runs-message').textContent = t('error.load', { what: t('runs.title'), status: error.status ?? error.message });
});

async function start() {
  const user = await whoAmI(getJson);
  userMenu(user);
  const map = baseMap({ zoom: 5, lat: -2, lng: 36 });
  const message = $('runs-message');
  if (user.tier === 'public') {
    message.textContent = t('runs.noAccess');
    for (const section of document.querySelectorAll('#runs-panel section')) section.hidden = true;
    return;
  }
  const canRun = user.roles.some((r) => RUNNING_ROLES.includes(r));
  $('run-form').hidden = !canRun;
  $('runs-readonly').hidden = canRun;
  await map.once('load');
  addArrowImage(map);

  const page = { job: null, shown: [], values: {}, runs: [] };
  const form = $('run-form');
  const kindSelect = $('run-kind');

  const renderKinds = () => {
    fillSelect(kindSelect, KINDS.map((k) => ({ value: k, text: t(`runs.kind.${k}`) })), { value: kindSelect.value || 'hotspots' });
    fillSelect($('runs-filter'), KINDS.map((k) => ({ value: k, text: t(`runs.kind.${k}`) })), { any: t('runs.allKinds') });
  };

  const keepValues = () => {
    for (const input of $('run-parameters').querySelectorAll('[name]')) page.values[input.name] = input.value;
  };

  const renderParameters = () => {
    const kind = kindSelect.value;
    $('run-kind-about').textContent = t(`runs.about.${kind}`);
    $('run-parameters').innerHTML = parametersOf(kind).map((p) => {
      const id = `param-${p.name}`;
      const value = page.values[p.name] ?? '';
      const label = `<label for="${id}">${esc(t(`runs.param.${p.name}`))}</label>`;
      const hint = `<span class="note" id="${id}-hint">${esc(t(`runs.hint.${p.name}`))}</span>`;
      let input;
      if (p.type === 'choice') {
        input = `<select id="${id}" name="${p.name}" aria-describedby="${id}-hint">${p.values.map((v) =>
          `<option value="${v}" ${v === (value || p.values[0]) ? 'selected' : ''}>${esc(t(`runs.value.${v}`))}</option>`).join('')}</select>`;
      } else if (p.type === 'commodity') {
        input = `<select id="${id}" name="${p.name}" aria-describedby="${id}-hint"><option value="">${esc(t('filters.any'))}</option>${Object.keys(COMMODITY_COLOURS).map((c) =>
          `<option value="${c}" ${c === value ? 'selected' : ''}>${esc(t(`commodity.${c}`))}</option>`).join('')}</select>`;
      } else {
        // Dates and numbers as text: what is typed reaches the server, whose validation names what is wrong.
        const mode = p.type === 'number' ? 'inputmode="decimal"' : `placeholder="${esc(t('runs.datePlaceholder'))}"`;
        input = `<input id="${id}" name="${p.name}" type="text" ${mode} value="${esc(value)}" aria-describedby="${id}-hint">`;
      }
      return `<div class="field">${label}${input}${hint}</div>`;
    }).join('');
  };

  /** The form takes an opened run's kind and parameters, so that it can be run again with a change. */
  const useParameters = (job) => {
    if (!KINDS.includes(job.kind)) return;
    kindSelect.value = job.kind;
    page.values = { ...job.parameters };
    renderParameters();
  };

  kindSelect.addEventListener('change', () => { keepValues(); renderParameters(); });
  renderKinds();
  renderParameters();

  /** Shows a job: status, progress, its figures; once succeeded, its layers on the map (that run's tiles). */
  const showJob = async (job, { fit = false } = {}) => {
    page.job = job;
    $('run-job').hidden = false;
    const box = $('run-job');
    box.dataset.status = job.status;
    box.dataset.id = job.id;
    const status = $('run-status');
    status.dataset.status = job.status;
    status.textContent = t('runs.statusLine', { kind: t(`runs.kind.${job.kind}`), status: t(`runs.status.${job.status}`), percent: fmt.number(100 * job.progress) });
    $('run-progress').value = job.progress;
    $('run-details').innerHTML = detailsHtml(job);
    history.replaceState(null, '', `#run=${job.id}`);
    if (job.status === 'succeeded' && job.runId && page.shownRun !== job.runId) await showLayers(job, fit);
    else if (job.status !== 'succeeded') clearLayers();
  };

  const clearLayers = () => {
    for (const { layerIds, sourceId } of page.shown) {
      for (const id of layerIds) if (map.getLayer(id)) map.removeLayer(id);
      if (map.getSource(sourceId)) map.removeSource(sourceId);
    }
    page.shown = [];
    page.shownRun = null;
    page.legends = [];
    $('run-legend').replaceChildren();
    delete document.body.dataset.resultLayers;
  };

  const showLayers = async (job, fit) => {
    clearLayers();
    page.shownRun = job.runId;
    const collections = collectionsOf(job);
    let bounds = null;
    const legends = [];
    for (const collection of collections) {
      const def = LAYERS.find((l) => l.needs === collection);
      if (!def) continue;
      const sourceId = `run-${collection}`;
      map.addSource(sourceId, { type: 'vector', tiles: [`${location.origin}/tiles/${collection}/{z}/{x}/{y}.mvt?run=${job.runId}`], minzoom: 0, maxzoom: 14 });
      const layerIds = [];
      for (const layer of def.layers) {
        const id = `run-${layer.id}`;
        map.addLayer({ ...layer, id, source: sourceId, 'source-layer': collection });
        layerIds.push(id);
      }
      page.shown.push({ sourceId, layerIds });
      legends.push(def);
      try {
        const tilejson = await getJson(`/tiles/${collection}.json?run=${job.runId}`);
        if (tilejson.bounds) bounds = bounds ? union(bounds, tilejson.bounds) : tilejson.bounds;
      } catch { /* no bounds: keep the view */ }
    }
    page.legends = legends;
    renderLegends();
    document.body.dataset.resultLayers = page.shown.flatMap((s) => s.layerIds).join(',');
    if (fit && bounds && bounds.every(Number.isFinite)) map.fitBounds([[bounds[0], bounds[1]], [bounds[2], bounds[3]]], { padding: 40, maxZoom: 8, duration: 0 });
  };

  const renderLegends = () => {
    $('run-legend').innerHTML = (page.legends ?? []).map((def) => `<h4>${esc(t(`layer.${def.id}`))}</h4>${def.legend()}`).join('');
  };

  const poll = async (job) => {
    await showJob(job, { fit: true });
    while (!finished(job)) {
      await new Promise((resolve) => { setTimeout(resolve, POLL_MS); });
      job = await getJson(`/api/analyses/${job.id}`);
      await showJob(job, { fit: true });
    }
    await listRuns();
    return job;
  };

  const listRuns = async () => {
    const kind = $('runs-filter').value;
    page.runs = (await getJson(`/api/analyses?limit=50${kind ? `&kind=${kind}` : ''}`)).items;
    renderRuns();
  };

  const renderRuns = () => {
    const box = $('runs-list');
    if (page.runs.length === 0) { box.innerHTML = `<p class="note">${esc(t('runs.none'))}</p>`; return; }
    box.innerHTML = `<table class="data runs-table"><thead><tr><th scope="col">${esc(t('runs.col.kind'))}</th><th scope="col">${esc(t('runs.col.when'))}</th>
      <th scope="col">${esc(t('runs.col.status'))}</th><th scope="col">${esc(t('runs.col.parameters'))}</th><th scope="col">${esc(t('runs.col.data'))}</th>
      <th scope="col"><span class="visually-hidden">${esc(t('runs.col.open'))}</span></th></tr></thead><tbody>${page.runs.map((job) => `
      <tr data-job="${job.id}"><th scope="row">${esc(t(`runs.kind.${job.kind}`))}</th>
        <td>${esc(when(job.createdAt))}<br><span class="note">${esc(job.createdBy)}</span></td>
        <td class="run-status" data-status="${job.status}">${esc(t(`runs.status.${job.status}`))}</td>
        <td class="params">${esc(parametersText(job.parameters))}</td>
        <td class="params">${esc(job.dataVersion ?? '')}${job.inputCases != null ? `<br>${esc(t('runs.cases', { n: fmt.number(job.inputCases) }))}` : ''}</td>
        <td><button type="button" class="link" data-open="${job.id}">${esc(t('runs.open'))}</button></td></tr>`).join('')}</tbody></table>`;
    for (const button of box.querySelectorAll('[data-open]')) {
      button.addEventListener('click', async () => {
        try {
          page.shownRun = null;
          const job = await getJson(`/api/analyses/${button.dataset.open}`);
          useParameters(job);
          await poll(job);
        } catch (error) {
          showProblem(error, { inputOf: () => null, status: message });
        }
      });
    }
  };

  $('runs-filter').addEventListener('change', () => listRuns().catch((error) => showProblem(error, { inputOf: () => null, status: message })));

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    keepValues();
    message.textContent = '';
    const kind = kindSelect.value;
    const submit = $('run-submit');
    submit.disabled = true;
    try {
      const job = (await request('POST', `/api/analyses/${kind}`, bodyOf(kind, page.values))).body;
      page.shownRun = null;
      await poll(job);
    } catch (error) {
      showProblem(error, { inputOf: (field) => form.querySelector(`[name="${CSS.escape(field)}"]`), status: message });
    } finally {
      submit.disabled = false;
    }
  });

  window.addEventListener('wems:lang', () => {
    keepValues();
    renderKinds();
    renderParameters();
    renderRuns();
    renderLegends();
    if (page.job) showJob(page.job);
  });

  await listRuns();
  const reopen = runOfHash(location.hash);
  if (reopen) {
    try {
      const job = await getJson(`/api/analyses/${reopen}`);
      useParameters(job);
      await poll(job);
    } catch (error) { showProblem(error, { inputOf: () => null, status: message }); }
  }
  map.once('idle', () => { document.body.dataset.mapReady = 'true'; });
  map.triggerRepaint();
}

const union = (a, b) => [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])];

const when = (iso) => (iso ? new Intl.DateTimeFormat(document.documentElement.lang, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)) : '');

const parametersText = (parameters) => Object.entries(parameters ?? {}).map(([k, v]) => `${k}=${v}`).join(', ') || t('runs.defaults');

function detailsHtml(job) {
  const rows = [
    ['runs.col.parameters', parametersText(job.parameters)],
    ['runs.detail.scope', [t(`user.tier.${job.tier}`), job.country, job.region].filter(Boolean).join(' · ')],
    ['runs.detail.dataVersion', job.dataVersion ?? ''],
    ['runs.detail.inputCases', job.inputCases != null ? fmt.number(job.inputCases) : ''],
    ['runs.detail.resultRows', job.resultRows != null ? fmt.number(job.resultRows) : ''],
    ['runs.detail.duration', job.durationMs != null ? t('runs.seconds', { s: fmt.number(job.durationMs / 1000, 1) }) : ''],
    ['runs.detail.error', job.error ?? ''],
  ].filter(([, v]) => v !== '');
  // Each key is one of the literal runs.* keys above.
  return rows.map(([key, value]) => `<dt>${esc(t(key))}</dt><dd>${esc(value)}</dd>`).join('');
}
