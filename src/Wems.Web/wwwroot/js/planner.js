// The border planner (signed in): the current enforcement posts against a scenario, a copy of them that analysts
// edit on the map (add, drag, remove) or in the list. The comparison (GET /api/scenarios/{id}/comparison) shows the
// totals side by side, each border segment coloured by what the scenario changes, and the gaps, longest first, each
// zoomable. The URL keeps the scenario and the view: /planner.html#scenario={id}&map=zoom/lat/lng. See docs/ui.md.
import { applyI18n, bindLanguagePickers, t, fmt } from './i18n.js';
import { signedInHint, requireSignIn, whoAmI } from './auth.js';
import { getJson, request } from './api.js';
import { userMenu, esc, fillSelect } from './ui.js';
import { clearErrors, showProblem, baseMap, maplibregl } from './viewkit.js';
import { segmentFeatures, changeCounts, totalsRows, boundsOf, countriesOf, parsePlannerHash, plannerHash } from './plannermodel.js';

const EDITING_ROLES = ['analyst', 'admin', 'regional-analyst'];
const CHANGE_COLOURS = { gained: '#1a9641', lost: '#d7191c', covered: '#7fbf7b', partial: '#fdae61', uncovered: '#8c8c8c' };
const $ = (id) => document.getElementById(id);

applyI18n();
bindLanguagePickers();
if (!signedInHint()) requireSignIn();
else start().catch((error) => {
  console.error(error);
  $('planner-message').textContent = t('error.load', { what: t('planner.title'), status: error.status ?? error.message });
});

async function start() {
  const user = await whoAmI(getJson);
  userMenu(user);
  const initial = parsePlannerHash(location.hash);
  const map = baseMap(initial.view ?? { zoom: 5, lat: -2, lng: 36 }, { hide: ['border-posts'] });
  const message = $('planner-message');
  if (user.tier === 'public') {
    message.textContent = t('planner.noAccess');
    for (const section of document.querySelectorAll('#planner-panel section')) section.hidden = true;
    return;
  }
  const canEdit = user.roles.some((r) => EDITING_ROLES.includes(r));
  $('edit-readonly').hidden = canEdit;
  $('edit-controls').hidden = !canEdit;
  $('scenario-new-box').hidden = !canEdit;
  $('scenario-delete').hidden = !canEdit;

  await map.once('load');
  addPlannerLayers(map);
  // Every current post: the comparison counts a neighbour's post that reaches across the border too.
  const current = await getJson('/api/posts');
  map.getSource('planner-current').setData({
    type: 'FeatureCollection',
    features: current.map((p) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [p.longitude, p.latitude] }, properties: { name: p.name } })),
  });

  const view = { scenarios: [], scenario: null, report: null, markers: [], picking: false, version: 0 };

  const writeUrl = () => {
    const c = map.getCenter();
    history.replaceState(null, '', plannerHash({ scenario: view.scenario?.id, view: { zoom: map.getZoom(), lat: c.lat, lng: c.lng } }));
  };
  map.on('moveend', writeUrl);

  const busy = (on, text) => {
    document.body.dataset.busy = String(on);
    for (const b of document.querySelectorAll('#planner-panel button')) b.disabled = on;
    if (text !== undefined) message.textContent = text;
  };

  const listScenarios = async (select) => {
    view.scenarios = await getJson('/api/scenarios');
    fillSelect($('scenario-select'), view.scenarios.map((s) => ({ value: s.id, text: s.name })),
      { any: t('planner.noneChosen'), value: select ?? view.scenario?.id ?? '' });
  };

  /** Reads the scenario and its comparison again and redraws everything. */
  const load = async (id) => {
    if (!id) {
      view.scenario = null; view.report = null;
      render();
      writeUrl();
      return;
    }
    busy(true, t('planner.computing'));
    try {
      const [scenario, report] = await Promise.all([getJson(`/api/scenarios/${id}`), getJson(`/api/scenarios/${id}/comparison`)]);
      view.scenario = scenario;
      view.report = report;
      $('scenario-select').value = id;
      message.textContent = '';
    } catch (error) {
      showProblem(error, { inputOf: () => null, status: message });
    } finally {
      busy(false);
    }
    render();
    writeUrl();
  };

  const render = () => {
    renderTotals(view.report);
    renderPairs(view.report);
    renderGaps();
    renderLegend(view.report);
    renderPosts();
    map.getSource('planner-segments').setData(segmentFeatures(view.report));
    fillSelect($('new-post-country'), countriesOf(view.report).map((c) => ({ value: c, text: fmt.country(c) })),
      { value: $('new-post-country').value || user.country || countriesOf(view.report)[0] || '' });
    $('edit-section').hidden = !view.scenario;
    $('scenario-delete').hidden = !canEdit || !view.scenario;
    $('totals').dataset.version = String(++view.version);
  };

  const renderGaps = () => {
    const list = $('gaps-list');
    list.replaceChildren();
    const gaps = view.report ? ($('gap-side').value === 'before' ? view.report.gapsBefore : view.report.gapsAfter) : [];
    if (view.report && gaps.length === 0) list.innerHTML = `<li>${esc(t('planner.noGaps'))}</li>`;
    gaps.forEach((gap, i) => {
      const item = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'link';
      button.dataset.gap = String(i);
      button.textContent = t('planner.gap', {
        a: fmt.country(gap.iso2A), b: fmt.country(gap.iso2B), from: fmt.number(gap.fromKm, 1), to: fmt.number(gap.toKm, 1),
        length: fmt.number(gap.lengthKm, 1), seizures: fmt.number(gap.seizures),
      });
      button.addEventListener('click', () => {
        map.getSource('planner-gap').setData({ type: 'Feature', geometry: { type: 'LineString', coordinates: gap.line }, properties: {} });
        map.fitBounds(boundsOf(gap.line), { padding: 60, maxZoom: 11, duration: 0 });
      });
      item.append(button);
      list.append(item);
    });
  };

  const renderPosts = () => {
    for (const m of view.markers) m.remove();
    view.markers = [];
    const posts = view.scenario?.posts ?? [];
    $('posts-summary').textContent = t('planner.postsCount', { n: fmt.number(posts.length) });
    const list = $('posts-list');
    list.replaceChildren();
    for (const post of posts) {
      const element = document.createElement('div');
      element.className = `post-marker${post.sourcePost ? '' : ' new'}`;
      element.title = post.name;
      const marker = new maplibregl.Marker({ element, draggable: canEdit }).setLngLat([post.longitude, post.latitude]).addTo(map);
      marker.getElement().dataset.post = post.id;
      marker.on('dragend', () => {
        const { lng, lat } = marker.getLngLat();
        change('PUT', `/posts/${post.id}`, { name: post.name, longitude: round(lng), latitude: round(lat) }, null);
      });
      view.markers.push(marker);
      list.append(postRow(post));
    }
  };

  const postRow = (post) => {
    const row = document.createElement('form');
    row.className = 'post-row';
    row.noValidate = true;
    row.dataset.post = post.id;
    const id = `post-${post.id}`;
    row.innerHTML = `
      <div><label for="${id}-name">${esc(t('planner.postName.short'))}</label><input id="${id}-name" name="name" type="text" value="${esc(post.name)}" ${canEdit ? '' : 'readonly'}></div>
      <div><label for="${id}-lon">${esc(t('planner.longitude'))}</label><input id="${id}-lon" name="longitude" type="number" step="any" value="${post.longitude}" ${canEdit ? '' : 'readonly'}></div>
      <div><label for="${id}-lat">${esc(t('planner.latitude'))}</label><input id="${id}-lat" name="latitude" type="number" step="any" value="${post.latitude}" ${canEdit ? '' : 'readonly'}></div>
      <div class="buttons" ${canEdit ? '' : 'hidden'}>
        <button type="submit">${esc(t('planner.savePost'))}</button>
        <button type="button" data-remove>${esc(t('planner.removePost'))}</button>
        <span class="note">${esc(fmt.country(post.country))}${post.sourcePost ? '' : ` · ${esc(t('planner.added'))}`}</span>
      </div>`;
    row.addEventListener('submit', (e) => {
      e.preventDefault();
      const body = { name: row.elements.name.value, longitude: numberOrText(row.elements.longitude.value), latitude: numberOrText(row.elements.latitude.value) };
      change('PUT', `/posts/${post.id}`, body, row);
    });
    row.querySelector('[data-remove]').addEventListener('click', () => change('DELETE', `/posts/${post.id}`, undefined, row));
    return row;
  };

  /** A change to the scenario's posts, then the comparison again; a refusal is shown at the field it names. */
  const change = async (method, path, body, form) => {
    if (!view.scenario) return;
    if (form) clearErrors(form);
    busy(true, t('planner.saving'));
    let failed = false;
    try {
      await request(method, `/api/scenarios/${view.scenario.id}${path}`, body);
    } catch (error) {
      failed = true;
      busy(false);
      showProblem(error, { inputOf: (field) => form?.elements[field] ?? (field === 'country' ? $('new-post-country') : field === 'name' ? $('new-post-name') : null), status: message });
    }
    if (!failed) await load(view.scenario.id);
    else renderPosts();
  };

  $('scenario-select').addEventListener('change', (e) => load(e.target.value));
  $('gap-side').addEventListener('change', renderGaps);
  $('scenario-delete').addEventListener('click', async () => {
    if (!view.scenario || !confirm(t('planner.confirmDelete', { name: view.scenario.name }))) return;
    try {
      await request('DELETE', `/api/scenarios/${view.scenario.id}`);
      await listScenarios('');
      await load('');
    } catch (error) {
      showProblem(error, { inputOf: () => null, status: message });
    }
  });

  const form = $('scenario-form');
  const formInputs = { name: 'scenario-name', segmentKm: 'scenario-segment', coverageKm: 'scenario-coverage', nearKm: 'scenario-near' };
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const body = { name: form.elements.name.value };
    for (const key of ['segmentKm', 'coverageKm', 'nearKm']) if (form.elements[key].value !== '') body[key] = Number(form.elements[key].value);
    busy(true, t('planner.creating'));
    try {
      const created = (await request('POST', '/api/scenarios', body)).body;
      busy(false);
      form.reset();
      $('scenario-new-box').open = false;
      await listScenarios(created.id);
      await load(created.id);
    } catch (error) {
      busy(false);
      showProblem(error, { inputOf: (field) => $(formInputs[field] ?? ''), status: message });
    }
  });

  // Adding a post: press the button (it stays pressed), then click the map, or, from the keyboard, move the map with
  // the arrow keys and press Enter to place it at the centre; Esc or the button again cancels.
  const setPicking = (on) => {
    view.picking = on;
    $('add-post').setAttribute('aria-pressed', String(on));
    $('pick-hint').hidden = !on;
    $('map').classList.toggle('picking', on);
    if (on) map.getCanvas().focus();
  };
  const addAt = ({ lng, lat }) => {
    setPicking(false);
    const name = $('new-post-name').value.trim() || t('planner.defaultName', { n: (view.scenario?.posts.length ?? 0) + 1 });
    clearErrors($('edit-controls'));
    change('POST', '/posts', { name, longitude: round(lng), latitude: round(lat), country: $('new-post-country').value || undefined }, null)
      .then(() => { $('new-post-name').value = ''; });
  };
  $('add-post').addEventListener('click', () => setPicking(!view.picking));
  document.addEventListener('keydown', (e) => {
    if (!view.picking) return;
    if (e.key === 'Escape') setPicking(false);
    else if (e.key === 'Enter' && $('map').contains(document.activeElement)) { e.preventDefault(); addAt(map.getCenter()); }
  });
  map.on('click', (e) => { if (view.picking) addAt(e.lngLat); });

  window.addEventListener('wems:lang', () => { fillSelect($('scenario-select'), view.scenarios.map((s) => ({ value: s.id, text: s.name })), { any: t('planner.noneChosen') }); render(); });

  await listScenarios(initial.scenario ?? '');
  await load(initial.scenario && view.scenarios.some((s) => s.id === initial.scenario) ? initial.scenario : '');
  window.wemsPlanner = view;
  map.once('idle', () => { document.body.dataset.mapReady = 'true'; });
  map.triggerRepaint();
}

const round = (v) => Math.round(v * 1e5) / 1e5;
const numberOrText = (v) => (v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : null);

function addPlannerLayers(map) {
  map.addSource('planner-segments', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
  map.addSource('planner-gap', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
  map.addSource('planner-current', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
  map.addLayer({ id: 'planner-gap-line', type: 'line', source: 'planner-gap', paint: { 'line-color': '#f0b400', 'line-width': 12, 'line-opacity': 0.6 } });
  map.addLayer({
    id: 'planner-segments-line', type: 'line', source: 'planner-segments', layout: { 'line-cap': 'round' },
    paint: {
      'line-color': ['match', ['get', 'change'], ...Object.entries(CHANGE_COLOURS).flat(), '#8c8c8c'],
      'line-width': ['match', ['get', 'change'], 'gained', 7, 'lost', 7, 4],
    },
  });
  map.addLayer({
    id: 'planner-current-posts', type: 'circle', source: 'planner-current',
    paint: { 'circle-radius': 5, 'circle-color': '#ffffff', 'circle-stroke-color': '#24323f', 'circle-stroke-width': 2 },
  });
}

function renderTotals(report) {
  const box = $('totals');
  if (!report) {
    box.innerHTML = `<p class="note">${esc(t('planner.chooseFirst'))}</p>`;
    return;
  }
  const digits = { coverage: 1, coveredKm: 0, uncoveredKm: 0 };
  const show = (key, v) => (key === 'coverage' ? `${fmt.number(v, 1)} %` : fmt.number(v, digits[key] ?? 0));
  // The difference of two percentages is in percentage points.
  const showDelta = (key, v) => (key === 'coverage' ? t('planner.points', { n: fmt.number(v, 1) }) : show(key, v));
  const rows = totalsRows(report).map(([key, before, after, delta, better]) => {
    const sign = delta > 1e-9 ? '+' : '';
    const tone = Math.abs(delta) < 1e-9 || key === 'posts' ? '' : (delta > 0) === better ? 'better' : 'worse';
    return `<tr data-total="${key}"><th scope="row">${esc(t(`planner.total.${key}`))}</th>
      <td id="${key}-before" data-value="${before}">${show(key, before)}</td>
      <td id="${key}-after" data-value="${after}">${show(key, after)}</td>
      <td class="${tone}">${sign}${showDelta(key, delta)}</td></tr>`;
  });
  box.innerHTML = `<table class="data"><caption class="note">${esc(t('planner.totalsCaption', {
    border: fmt.number(report.borderKm, 0), segment: fmt.number(report.segmentKm, 1), coverage: fmt.number(report.coverageKm, 1), near: fmt.number(report.nearKm, 1),
  }))}</caption><thead><tr><th scope="col"></th><th scope="col">${esc(t('planner.side.current'))}</th><th scope="col">${esc(t('planner.side.scenario'))}</th>
    <th scope="col">${esc(t('planner.difference'))}</th></tr></thead><tbody>${rows.join('')}</tbody></table>
    <p class="note">${esc(t('planner.closedOpened', { closed: fmt.number(report.gapsClosed), opened: fmt.number(report.gapsOpened) }))}</p>`;
}

function renderPairs(report) {
  const box = $('pairs');
  if (!report) { box.replaceChildren(); return; }
  const rows = report.pairs.map((p) => `<tr><th scope="row">${esc(fmt.country(p.iso2A))} – ${esc(fmt.country(p.iso2B))}</th>
    <td>${fmt.number(p.borderKm, 0)}</td><td>${fmt.number(p.coveragePctBefore, 1)} %</td><td>${fmt.number(p.coveragePctAfter, 1)} %</td>
    <td>${fmt.number(p.uncoveredSeizuresBefore)}</td><td>${fmt.number(p.uncoveredSeizuresAfter)}</td></tr>`);
  box.innerHTML = `<div class="scroll"><table class="data"><thead><tr><th scope="col">${esc(t('planner.pair'))}</th><th scope="col">${esc(t('planner.borderKm'))}</th>
    <th scope="col">${esc(t('planner.coverageBefore'))}</th><th scope="col">${esc(t('planner.coverageAfter'))}</th>
    <th scope="col">${esc(t('planner.seizuresBefore'))}</th><th scope="col">${esc(t('planner.seizuresAfter'))}</th></tr></thead>
    <tbody>${rows.join('')}</tbody></table></div>`;
}

function renderLegend(report) {
  const counts = changeCounts(report);
  $('planner-legend').innerHTML = Object.entries(CHANGE_COLOURS).map(([change, colour]) =>
    `<li><span class="swatch line" style="background:${colour}"></span>${esc(t(`planner.change.${change}`))} (${fmt.number(counts[change])})</li>`).join('')
    + `<li><span class="swatch dot" style="background:#fff;border:2px solid #24323f"></span>${esc(t('planner.legend.current'))}</li>`
    + `<li><span class="swatch dot" style="background:#24628f"></span>${esc(t('planner.legend.scenario'))}</li>`
    + `<li><span class="swatch dot" style="background:#f0b400"></span>${esc(t('planner.legend.added'))}</li>`;
}
