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
/** Longest wait of the side panel's charts for the map's first complete view, ms. */
const FIRST_VIEW_WAIT = 15_000;

applyI18n();
bindLanguagePickers();
if (!signedInHint()) requireSignIn();
else start().catch((error) => {
  console.error(error);
  document.getElementById('details').textContent = t('error.load', { what: 'WEMS', status: error.status ?? error.message });
});

async function start() {
  const thisMonth = new Date().toISOString().slice(0, 7);
  const state = createState({ view: { zoom: 4, lat: -3, lng: 35 }, filters: { from: FIRST_MONTH, to: thisMonth }, layers: DEFAULT_LAYERS });
  let freshCaseTilesUntil = 0;

  // The map starts at once: its style, glyphs and basemap tiles load while the page asks who the user is and which
  // layers the tier may see; the tier's layers are added when both are there.
  const map = new maplibregl.Map({
    container: 'map',
    style: '/styles/operations.json',
    center: [state.view.lng, state.view.lat],
    zoom: state.view.zoom,
    attributionControl: { compact: true },
    // Labels appear without a fade: each fade is a run of frames, and a frame costs a lot where WebGL falls back to software.
    fadeDuration: 0,
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

  const [user] = await Promise.all([whoAmI(getJson), map.once('load')]);
  userMenu(user);
  document.getElementById('nav-import').hidden = user.tier !== 'national';

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
  // The newest run of an analysis collection for the caller's scope, from one feature of it: the run id and how many
  // features it has (a run without any is drawn as no run). The public tier's run has no tile layer: its GeoJSON.
  const runOf = async (id) => {
    const page = await getJson(`/ogc/collections/${id}/items?f=json&limit=1&properties=run_id`);
    return { count: page.numberMatched, run: page.features[0]?.properties.run_id };
  };
  const fetchGeoJson = (id) => getJson(`/ogc/collections/${id}/items?f=json&limit=10000`);
  const tiledRuns = user.tier === 'national' || user.tier === 'regional';

  const defs = await addLayers(map, {
    available: user.collections, visible: state.layers, opacity: state.opacity, caseTiles, runOf: tiledRuns ? runOf : undefined, fetchGeoJson,
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
  // The charts wait for the map's first complete view: their trend queries and Chart.js drawing would otherwise
  // compete with the tiles for the server and the page's main thread. A filter change before then draws them at once,
  // and they never wait more than FIRST_VIEW_WAIT ms on a map that cannot finish.
  const firstView = mapSettled(map);
  Promise.race([firstView, new Promise((resolve) => { setTimeout(resolve, FIRST_VIEW_WAIT); })]).then(refreshCharts);

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

  // Browser tests wait on this: every source of the first view loaded, the visible analysis layers' data included.
  firstView.then(() => { document.body.dataset.mapReady = 'true'; });
}

/**
 * Settles when the map has rendered with every tile of the view loaded (the visible analysis layers are on the map by
 * then, see addLayers).
 */
function mapSettled(map) {
  return new Promise((resolve) => {
    const check = () => {
      if (!map.loaded() || !map.areTilesLoaded()) return;
      map.off('idle', check);
      resolve();
    };
    map.on('idle', check);
    // The map may have gone idle already: one more frame makes it report idle again.
    map.triggerRepaint();
  });
}
