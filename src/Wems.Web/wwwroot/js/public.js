// The public map (anonymous): reference layers and the published, aggregated statistics only. It asks the server
// for nothing case-level: no case tiles, no cases collection; just /api/public/stats.
import * as maplibregl from '/lib/maplibre-gl/maplibre-gl.mjs';
import { applyI18n, bindLanguagePickers, t, fmt } from './i18n.js';
import { getJson } from './api.js';
import { createState, writeHash } from './state.js';
import { addLayers, renderLayerList, setVisible, setOpacity } from './layers.js';
import { barChart } from './charts.js';
import { COMMODITY_COLOURS } from './layers.js';

const SHADES = ['#fee5d9', '#fcae91', '#fb6a4a', '#de2d26', '#a50f15'];

applyI18n();
bindLanguagePickers();
start().catch((error) => console.error(error));

/** Fill colour per country: five classes of published cases (quantiles of the countries shown). */
function choropleth(rows) {
  const counts = rows.map((r) => r.cases).sort((a, b) => a - b);
  const breaks = [0.2, 0.4, 0.6, 0.8].map((q) => counts[Math.floor(q * (counts.length - 1))] ?? 0);
  const colourOf = (n) => SHADES[breaks.filter((b) => n > b).length];
  const pairs = rows.flatMap((r) => [r.country, colourOf(r.cases)]);
  return { expression: pairs.length ? ['match', ['get', 'iso2'], ...pairs, 'rgba(0,0,0,0)'] : 'rgba(0,0,0,0)', breaks };
}

async function start() {
  const state = createState({ view: { zoom: 3.2, lat: -3, lng: 30 }, filters: {}, layers: ['public-stats', 'borders', 'protected-areas', 'border-posts', 'ports', 'airports'] });
  const map = new maplibregl.Map({
    container: 'map', style: '/styles/operations.json', center: [state.view.lng, state.view.lat], zoom: state.view.zoom,
    attributionControl: { compact: true },
  });
  window.wemsMap = map;
  map.addControl(new maplibregl.NavigationControl(), 'top-right');
  const [byCountry, byYear, byCommodity] = await Promise.all([
    getJson('/api/public/stats/countries'), getJson('/api/public/stats?by=year'), getJson('/api/public/stats?by=commodity'),
  ]);
  await map.once('load');
  const { expression, breaks } = choropleth(byCountry.rows);
  const statsDef = {
    id: 'public-stats', kind: 'public', interactive: ['public-stats-fill'],
    layers: [{ id: 'public-stats-fill', type: 'fill', source: 'countries', 'source-layer': 'countries', paint: { 'fill-color': expression, 'fill-opacity': 0.75 } }],
    opacity: [['public-stats-fill', 'fill-opacity', 0.75]],
    legend: () => `<ul class="legend">${SHADES.map((c, i) => `<li><span class="swatch box" style="background:${c}"></span>${
      i === 0 ? `≤ ${fmt.number(breaks[0])}` : i === SHADES.length - 1 ? `> ${fmt.number(breaks.at(-1))}` : `${fmt.number(breaks[i - 1])} – ${fmt.number(breaks[i])}`}</li>`).join('')}</ul>
      <p class="note">${t('legend.publicStats')}</p>`,
  };
  map.addLayer(statsDef.layers[0], 'protected-areas');
  const defs = [statsDef, ...await addLayers(map, { available: new Set(), visible: state.layers, opacity: state.opacity, caseTiles: null, fetchGeoJson: null })];
  setVisible(map, statsDef, state.layers.has('public-stats'));
  setOpacity(map, statsDef, state.opacity['public-stats'] ?? 1);
  const list = document.getElementById('layer-list');
  const renderLayers = () => renderLayerList(list, defs, state, {
    onToggle: (def, on) => { if (on) state.layers.add(def.id); else state.layers.delete(def.id); setVisible(map, def, on); writeHash(state); },
    onOpacity: (def, value) => { state.opacity[def.id] = value; setOpacity(map, def, value); writeHash(state); },
  });

  const cases = new Map(byCountry.rows.map((r) => [r.country, r]));
  const popup = new maplibregl.Popup({ closeButton: true });
  map.on('click', 'public-stats-fill', (e) => {
    const iso2 = e.features[0].properties.iso2;
    const row = cases.get(iso2);
    popup.setLngLat(e.lngLat).setText(row ? `${fmt.country(iso2)}: ${t('public.total', { count: fmt.number(row.cases), kg: fmt.number(row.kilograms, 1) })}` : fmt.country(iso2)).addTo(map);
  });

  const renderText = () => {
    document.getElementById('suppression').textContent = t('public.suppression', { min: byCountry.minCount });
    const total = byCountry.rows.reduce((s, r) => s + r.cases, 0);
    const kg = byCountry.rows.reduce((s, r) => s + r.kilograms, 0);
    document.getElementById('public-total').textContent = t('public.total', { count: fmt.number(total), kg: fmt.number(kg, 1) });
    barChart('chart-year', byYear.rows.map((r) => [String(r.year), r.cases]), { title: t('public.byYear') });
    barChart('chart-commodity', byCommodity.rows.map((r) => [r.commodity_group, r.cases]), {
      labelOf: (g) => t(`commodity.${g}`), colourOf: (g) => COMMODITY_COLOURS[g] ?? '#999', horizontal: true, title: t('public.byCommodity'),
    });
    barChart('chart-country', [...byCountry.rows].sort((a, b) => b.cases - a.cases).slice(0, 12).map((r) => [r.country, r.cases]),
      { labelOf: fmt.country, horizontal: true, title: t('public.byCountry') });
  };
  renderLayers();
  renderText();
  window.addEventListener('wems:lang', () => { renderLayers(); renderText(); });
  map.on('moveend', () => { const c = map.getCenter(); state.view = { zoom: map.getZoom(), lat: c.lat, lng: c.lng }; writeHash(state); });
  // The map may have gone idle while the panels were being set up: one more frame makes it report idle again.
  map.once('idle', () => { document.body.dataset.mapReady = 'true'; });
  map.triggerRepaint();
}
