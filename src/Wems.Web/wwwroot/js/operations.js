// The operations map (signed in): MapLibre with the tier's layers, the filters and time slider that drive the
// case tiles and the charts together, the side panel (trends, Data Clock, corridors, details, case entry) and
// the URL hash that keeps it all shareable.
import * as maplibregl from '/lib/maplibre-gl/maplibre-gl.mjs';
import { applyI18n, bindLanguagePickers, t } from './i18n.js';
import { signedInHint, requireSignIn, whoAmI } from './auth.js';
import { getJson } from './api.js';
import { createState, writeHash, datetimeOf, FIRST_MONTH } from './state.js';
import { addLayers, renderLayerList, setVisible, setOpacity } from './layers.js';
import { setupFilters } from './filters.js';
import { showTrends, showNetwork, showDetails } from './panel.js';
import { mountCaseForm } from './caseform.js';
import { tabs, userMenu } from './ui.js';

const DEFAULT_LAYERS = ['cases', 'hotspots', 'borders', 'border-posts', 'protected-areas', 'ports', 'airports'];

applyI18n();
bindLanguagePickers();
if (!signedInHint()) requireSignIn();
else start().catch((error) => {
  console.error(error);
  document.getElementById('details').textContent = t('error.load', { what: 'WEMS', status: error.status ?? error.message });
});

async function start() {
  const user = await whoAmI(getJson);
  userMenu(user);
  document.getElementById('nav-import').hidden = user.tier !== 'national';
  const thisMonth = new Date().toISOString().slice(0, 7);
  const state = createState({ view: { zoom: 4, lat: -3, lng: 35 }, filters: { from: FIRST_MONTH, to: thisMonth }, layers: DEFAULT_LAYERS });
  let freshCaseTilesUntil = 0;

  const map = new maplibregl.Map({
    container: 'map',
    style: '/styles/operations.json',
    center: [state.view.lng, state.view.lat],
    zoom: state.view.zoom,
    attributionControl: { compact: true },
    // The session cookie goes along with every request to this server (case tiles and collections are tier-aware).
    // Right after a case is written, case tiles skip the browser cache (they are cacheable for a minute).
    transformRequest: (url) => {
      const fresh = url.startsWith(location.origin) && url.includes('/tiles/cases/') && Date.now() < freshCaseTilesUntil;
      return fresh ? { url, cache: 'no-cache' } : { url };
    },
  });
  window.wemsMap = map;
  map.addControl(new maplibregl.NavigationControl(), 'top-right');
  map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');

  const caseTiles = () => {
    const q = new URLSearchParams();
    const datetime = datetimeOf(state.filters);
    if (datetime) q.set('datetime', datetime);
    if (state.filters.country) q.set('country', state.filters.country);
    if (state.filters.commodity) q.set('commodity', state.filters.commodity);
    if (state.filters.species) q.set('species', state.filters.species);
    if (state.filters.mode) q.set('transport_mode', state.filters.mode);
    if (state.filters.agency) q.set('agency', state.filters.agency);
    const s = q.toString();
    return `${location.origin}/tiles/cases/{z}/{x}/{y}.mvt${s ? `?${s}` : ''}`;
  };
  const collections = new Map();
  const fetchGeoJson = (id, extra) => {
    if (!collections.has(id)) collections.set(id, getJson(`/ogc/collections/${id}/items?f=json&limit=10000${extra ? `&${extra}` : ''}`));
    return collections.get(id);
  };

  await map.once('load');
  const defs = await addLayers(map, {
    available: user.collections, visible: state.layers, opacity: state.opacity, caseTiles, fetchGeoJson,
    onError: (def, error) => console.warn(`layer ${def.id}: ${error.message}`),
  });
  const layerList = document.getElementById('layer-list');
  const renderLayers = () => renderLayerList(layerList, defs, state, {
    onToggle: (def, on) => {
      if (on) state.layers.add(def.id); else state.layers.delete(def.id);
      setVisible(map, def, on);
      writeHash(state);
    },
    onOpacity: (def, value) => { state.opacity[def.id] = value; setOpacity(map, def, value); writeHash(state); },
  });
  renderLayers();
  map.on('wems:layerdata', renderLayers);

  const hasCases = user.collections.has('cases');
  const refreshTiles = () => map.getSource('cases')?.setTiles([caseTiles()]);
  const refreshCharts = () => showTrends(state.filters, hasCases);
  const networkShown = () => !document.getElementById('view-network').hidden;
  await setupFilters(state, () => {
    refreshTiles();
    refreshCharts();
    if (networkShown()) showNetwork(map, hasCases, state.filters);
    writeHash(state);
  });
  refreshCharts();

  const selectTab = tabs(document.getElementById('tabs'), (id) => {
    if (id === 'tab-network') showNetwork(map, hasCases, state.filters);
  });
  const caseForm = mountCaseForm(document.getElementById('case-view'), {
    map, user,
    onCreated: (created) => {
      freshCaseTilesUntil = Date.now() + 120_000;
      refreshTiles();
      refreshCharts();
      map.flyTo({ center: [created.location.x, created.location.y], zoom: Math.max(map.getZoom(), 11) });
    },
  });

  map.on('click', (e) => {
    if (caseForm.picking()) {
      caseForm.pick(e.lngLat);
      return;
    }
    const layers = defs.filter((d) => state.layers.has(d.id)).flatMap((d) => d.interactive ?? []).filter((id) => map.getLayer(id));
    const [feature] = map.queryRenderedFeatures(e.point, { layers });
    if (!feature) return;
    selectTab('tab-details');
    showDetails(document.getElementById('details'), feature, { map, lngLat: e.lngLat, filters: state.filters });
  });
  for (const def of defs) {
    for (const id of def.interactive ?? []) {
      map.on('mouseenter', id, () => { map.getCanvas().style.cursor = 'pointer'; });
      map.on('mouseleave', id, () => { map.getCanvas().style.cursor = caseForm.picking() ? 'crosshair' : ''; });
    }
  }
  map.on('moveend', () => {
    const c = map.getCenter();
    state.view = { zoom: map.getZoom(), lat: c.lat, lng: c.lng };
    writeHash(state);
  });
  window.addEventListener('wems:lang', () => {
    renderLayers();
    refreshCharts();
    if (networkShown()) showNetwork(map, hasCases, state.filters);
  });
  window.wems = { state, map, defs, refreshTiles, caseTiles };
  writeHash(state);

  // Browser tests and the first-render measurement wait on this: every source of the first view loaded.
  // The map may have gone idle while the panels were being set up: one more frame makes it report idle again.
  map.once('idle', () => { document.body.dataset.mapReady = 'true'; });
  map.triggerRepaint();
}
