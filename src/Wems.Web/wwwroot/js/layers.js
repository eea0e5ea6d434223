// The map's thematic layers: how each is drawn (MapLibre layers), where its data comes from (vector tiles or an
// OGC API Features collection), its legend, and the layer list that toggles them and sets their opacity.
// A layer whose data the caller's tier cannot see is simply not offered.
import { t } from './i18n.js';

export const COMMODITY_COLOURS = {
  ivory: '#8c510a', 'rhino-horn': '#543005', pangolin: '#bf812d', 'big-cat': '#d95f02', primate: '#7570b3', 'mammal-other': '#a6761d',
  bird: '#1b9e77', reptile: '#66a61e', marine: '#1f78b4', timber: '#4d4d4d', 'plant-other': '#33a02c',
};

// Commodity of a case point (a comma list) or a cell (its most frequent group): the first listed group wins.
const commodityColour = ['case',
  ...Object.entries(COMMODITY_COLOURS).flatMap(([group, colour]) => [['in', group, ['coalesce', ['get', 'commodity'], ['get', 'commodities'], '']], colour]),
  '#999999'];

const HOTSPOT_BINS = [[3, '#b2182b', 'legend.hot3'], [2, '#ef8a62', 'legend.hot2'], [1, '#fddbc7', 'legend.hot1'], [0, '#f7f7f7', 'legend.bin0'],
  [-1, '#d1e5f0', 'legend.cold1'], [-2, '#67a9cf', 'legend.cold2'], [-3, '#2166ac', 'legend.cold3']];

const PATTERN_COLOURS = {
  1: '#67001f', 2: '#b2182b', 3: '#d6604d', 4: '#f4a582', 5: '#fddbc7', 6: '#e7298a', 7: '#c994c7', 8: '#bdbdbd',
  '-1': '#053061', '-2': '#2166ac', '-3': '#4393c3', '-4': '#92c5de', '-5': '#d1e5f0', '-6': '#1b7837', '-7': '#a6dba0', '-8': '#d9d9d9',
};

const ROLE_COLOURS = { origin: '#1b9e77', export: '#d95f02', transit: '#7570b3', destination: '#e7298a' };

const swatch = (colour, text, shape = 'box') => `<li><span class="swatch ${shape}" style="background:${colour}"></span>${text}</li>`;
const legendList = (items) => `<ul class="legend">${items.join('')}</ul>`;

/**
 * The layer catalogue. kind: 'style' (already in the operations style, served as public tiles), 'tiles' (a
 * tier-aware tile source added here), 'run' (the newest analysis run of the caller's scope, drawn from the vector
 * tiles of that run, /tiles/{collection}/{z}/{x}/{y}.mvt?run=ID, as the analysis runs page draws a run; for the public
 * tier, whose run has no tile layer, from the collection's GeoJSON).
 * `opacity` lists [mapLayerId, paintProperty, base] pairs scaled by the slider.
 */
export const LAYERS = [
  {
    id: 'cases', kind: 'tiles', needs: 'cases', interactive: ['cases-cells', 'cases-points'],
    layers: [
      {
        id: 'cases-cells', type: 'circle', source: 'cases', 'source-layer': 'cases', filter: ['has', 'count'],
        paint: {
          'circle-color': commodityColour, 'circle-opacity': 0.75, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1,
          'circle-radius': ['interpolate', ['linear'], ['sqrt', ['get', 'count']], 1, 4, 10, 14, 40, 30],
        },
      },
      {
        id: 'cases-points', type: 'circle', source: 'cases', 'source-layer': 'cases', filter: ['!', ['has', 'count']],
        paint: {
          'circle-color': commodityColour, 'circle-opacity': 0.9, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1,
          'circle-radius': ['interpolate', ['linear'], ['coalesce', ['get', 'quantity_kg'], 0], 0, 4, 10, 6, 100, 9, 1000, 14],
        },
      },
    ],
    opacity: [['cases-cells', 'circle-opacity', 0.75], ['cases-points', 'circle-opacity', 0.9]],
    legend: () => legendList(Object.entries(COMMODITY_COLOURS).map(([g, c]) => swatch(c, t(`commodity.${g}`), 'dot')))
      + `<p class="note">${t('legend.cases.cells')} ${t('legend.cases.points')}</p><p class="note">${t('legend.cases.filtersNote')}</p>`,
  },
  {
    id: 'hotspots', kind: 'run', needs: 'hotspots', before: 'protected-areas', interactive: ['hotspots-fill'],
    layers: [{
      id: 'hotspots-fill', type: 'fill', source: 'hotspots',
      paint: {
        'fill-color': ['match', ['coalesce', ['get', 'bin'], 0], ...HOTSPOT_BINS.filter(([b]) => b !== 0).flatMap(([b, c]) => [b, c]), '#f7f7f7'],
        'fill-opacity': ['case', ['==', ['coalesce', ['get', 'bin'], 0], 0], 0.15, 0.7], 'fill-outline-color': '#ffffff',
      },
    }],
    opacity: [['hotspots-fill', 'fill-opacity', 0.7]],
    legend: () => legendList(HOTSPOT_BINS.map(([, c, key]) => swatch(c, t(key)))) + `<p class="note caveat-note">${t('legend.hotspots.caveat')}</p>`,
  },
  {
    id: 'density-contours', kind: 'run', needs: 'density-contours', before: 'protected-areas', interactive: ['density-fill'],
    layers: [{
      id: 'density-fill', type: 'fill', source: 'density-contours',
      paint: { 'fill-color': ['interpolate', ['linear'], ['get', 'level_no'], 1, '#ffffb2', 3, '#fd8d3c', 6, '#bd0026'], 'fill-opacity': 0.35 },
    }],
    opacity: [['density-fill', 'fill-opacity', 0.35]],
    legend: () => legendList([swatch('#ffffb2', t('legend.density.low')), swatch('#bd0026', t('legend.density.high'))]),
  },
  {
    id: 'emerging-hotspots', kind: 'run', needs: 'emerging-hotspots', before: 'protected-areas', interactive: ['emerging-fill'],
    layers: [{
      id: 'emerging-fill', type: 'fill', source: 'emerging-hotspots', filter: ['!=', ['get', 'pattern'], 0],
      paint: {
        'fill-color': ['match', ['get', 'pattern'], ...Object.entries(PATTERN_COLOURS).flatMap(([p, c]) => [Number(p), c]), '#ffffff'],
        'fill-opacity': 0.7, 'fill-outline-color': '#ffffff',
      },
    }],
    opacity: [['emerging-fill', 'fill-opacity', 0.7]],
    legend: () => legendList(Object.entries(PATTERN_COLOURS).map(([p, c]) => swatch(c, t(`pattern.${p}`))))
      + `<p class="note caveat-note">${t('legend.hotspots.caveat')}</p>`,
  },
  {
    id: 'border-coverage', kind: 'run', needs: 'border-coverage', before: 'border-posts', interactive: ['border-coverage-line'],
    layers: [{
      id: 'border-coverage-line', type: 'line', source: 'border-coverage',
      paint: {
        'line-color': ['interpolate', ['linear'], ['coalesce', ['get', 'coverage_pct'], 0], 0, '#d7191c', 50, '#fdae61', 100, '#1a9641'],
        'line-width': 4, 'line-opacity': 0.9,
      },
    }],
    opacity: [['border-coverage-line', 'line-opacity', 0.9]],
    legend: () => legendList([swatch('#d7191c', t('legend.coverage.0'), 'line'), swatch('#fdae61', t('legend.coverage.50'), 'line'),
      swatch('#1a9641', t('legend.coverage.100'), 'line')]),
  },
  {
    id: 'border-gaps', kind: 'run', needs: 'border-gaps', before: 'border-posts', interactive: ['border-gaps-line'],
    layers: [{ id: 'border-gaps-line', type: 'line', source: 'border-gaps', paint: { 'line-color': '#67001f', 'line-width': 6, 'line-opacity': 0.6 } }],
    opacity: [['border-gaps-line', 'line-opacity', 0.6]],
    legend: () => legendList([swatch('#67001f', t('legend.gaps'), 'line')]),
  },
  {
    id: 'corridors', kind: 'run', needs: 'corridors', before: 'border-posts', interactive: ['corridors-line'],
    layers: [
      {
        id: 'corridors-line', type: 'line', source: 'corridors', layout: { 'line-cap': 'round' },
        paint: { 'line-color': '#6a3d9a', 'line-opacity': 0.7, 'line-width': ['interpolate', ['linear'], ['get', 'cases'], 1, 1, 20, 4, 200, 10] },
      },
      {
        id: 'corridors-arrows', type: 'symbol', source: 'corridors',
        layout: { 'symbol-placement': 'line', 'symbol-spacing': 90, 'icon-image': 'wems-arrow', 'icon-allow-overlap': true, 'icon-rotation-alignment': 'map' },
        paint: { 'icon-opacity': 0.9 },
      },
    ],
    opacity: [['corridors-line', 'line-opacity', 0.7], ['corridors-arrows', 'icon-opacity', 0.9]],
    legend: () => legendList([swatch('#6a3d9a', t('legend.corridors'), 'line')]),
  },
  {
    id: 'country-roles', kind: 'run', needs: 'country-roles', interactive: ['country-roles-circle'],
    layers: [{
      id: 'country-roles-circle', type: 'circle', source: 'country-roles',
      paint: {
        'circle-color': ['case',
          ['all', ['>=', ['get', 'origin'], ['get', 'export']], ['>=', ['get', 'origin'], ['get', 'transit']], ['>=', ['get', 'origin'], ['get', 'destination']]], ROLE_COLOURS.origin,
          ['all', ['>=', ['get', 'export'], ['get', 'transit']], ['>=', ['get', 'export'], ['get', 'destination']]], ROLE_COLOURS.export,
          ['>=', ['get', 'transit'], ['get', 'destination']], ROLE_COLOURS.transit, ROLE_COLOURS.destination],
        'circle-radius': ['interpolate', ['linear'], ['sqrt', ['+', ['get', 'origin'], ['get', 'export'], ['get', 'transit'], ['get', 'destination']]], 0, 3, 10, 12, 40, 30],
        'circle-opacity': 0.6, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1,
      },
    }],
    opacity: [['country-roles-circle', 'circle-opacity', 0.6]],
    legend: () => legendList(Object.entries(ROLE_COLOURS).map(([r, c]) => swatch(c, t(`role.${r}`), 'dot'))) + `<p class="note">${t('legend.roles')}</p>`,
  },
  { id: 'protected-areas', kind: 'style', layers: [{ id: 'protected-areas' }], opacity: [['protected-areas', 'fill-opacity', 0.35]], interactive: ['protected-areas'],
    legend: () => legendList([swatch('#7cb07a', t('layer.protected-areas'))]) },
  { id: 'borders', kind: 'style', layers: [{ id: 'borders' }], opacity: [['borders', 'line-opacity', 1]], interactive: [],
    legend: () => legendList([swatch('#7a5c8e', t('layer.borders'), 'line')]) },
  { id: 'border-posts', kind: 'style', layers: [{ id: 'border-posts' }], opacity: [['border-posts', 'circle-opacity', 1]], interactive: ['border-posts'],
    legend: () => legendList([swatch('#7a5c8e', t('layer.border-posts'), 'dot')]) },
  { id: 'ports', kind: 'style', layers: [{ id: 'ports' }], opacity: [['ports', 'circle-opacity', 1]], interactive: ['ports'],
    legend: () => legendList([swatch('#1f6fa8', t('layer.ports'), 'dot')]) },
  { id: 'airports', kind: 'style', layers: [{ id: 'airports' }], opacity: [['airports', 'circle-opacity', 1]], interactive: ['airports'],
    legend: () => legendList([swatch('#444444', t('layer.airports'), 'dot')]) },
];

/** An arrow drawn on a canvas (no sprite sheet needed offline), pointing along the line. */
export function addArrowImage(map) {
  const size = 16;
  const canvas = document.createElement('canvas');
  canvas.width = size; canvas.height = size;
  const g = canvas.getContext('2d');
  g.fillStyle = '#3f1f63';
  g.beginPath(); g.moveTo(3, 3); g.lineTo(14, 8); g.lineTo(3, 13); g.lineTo(6, 8); g.closePath(); g.fill();
  map.addImage('wems-arrow', g.getImageData(0, 0, size, size));
}

/**
 * Adds the layers the caller may see to the map, hidden or shown per `visible`, and returns their definitions.
 * `caseTiles()` is the case tile URL. A 'run' layer is drawn from the vector tiles of its run when `runOf` is given
 * (`runOf(collection)` answers {count, run} for the newest run of the caller's scope), else from the collection's
 * GeoJSON (`fetchGeoJson(collection)`: the public tier, whose run has no tile layer). Its definition gets `load()`,
 * which asks for the run (or the data) once: the visible ones are loaded before their sources are added, a hidden one
 * when it is first shown (`setVisible`), so that a hidden layer costs no request and no tile.
 */
export async function addLayers(map, { available, visible, opacity, caseTiles, runOf, fetchGeoJson, onError }) {
  const offered = LAYERS.filter((l) => l.kind === 'style' || available.has(l.needs));
  for (const def of offered.filter((d) => d.kind === 'run')) {
    let loading;
    const ask = runOf
      ? () => runOf(def.needs).then(({ count, run }) => {
        def.count = count;
        def.run = run;
        map.getSource(def.id)?.setTiles([runTiles(def)]);
      })
      : () => fetchGeoJson(def.needs).then((data) => {
        def.count = data.features.length;
        def.data = data;
        map.getSource(def.id)?.setData(data);
      });
    def.load = () => {
      loading ??= ask().then(() => map.fire('wems:layerdata', { id: def.id, count: def.count }))
        .catch((error) => onError?.(def, error)); // a failed request leaves the layer empty (or on the newest run's tiles)
      return loading;
    };
  }
  await Promise.all(offered.filter((d) => d.load && visible.has(d.id)).map((d) => d.load()));
  addArrowImage(map);
  for (const def of offered) {
    if (def.kind === 'tiles') {
      map.addSource('cases', { type: 'vector', tiles: [caseTiles()], minzoom: 0, maxzoom: 14 });
      for (const layer of def.layers) map.addLayer(layer, def.before);
    }
    if (def.kind === 'run' && runOf) {
      map.addSource(def.id, { type: 'vector', tiles: [runTiles(def)], minzoom: 0, maxzoom: 14 });
      for (const layer of def.layers) map.addLayer({ ...layer, 'source-layer': def.needs }, def.before);
    }
    if (def.kind === 'run' && !runOf) {
      map.addSource(def.id, { type: 'geojson', data: def.data ?? { type: 'FeatureCollection', features: [] } });
      for (const layer of def.layers) map.addLayer(layer, def.before);
    }
    setVisible(map, def, visible.has(def.id));
    setOpacity(map, def, opacity[def.id] ?? 1);
  }
  return offered;
}

/**
 * The tile URL of a 'run' layer: its run's once known, so that a newer run is never mixed with cached tiles of an older
 * one (as the analysis runs page draws a run); until then the newest run's (a hidden layer that was never shown).
 */
function runTiles(def) {
  const base = `${location.origin}/tiles/${def.needs}/{z}/{x}/{y}.mvt`;
  return def.run === undefined ? base : `${base}?run=${def.run}`;
}

export function setVisible(map, def, on) {
  if (on) def.load?.();
  for (const layer of def.layers) if (map.getLayer(layer.id)) map.setLayoutProperty(layer.id, 'visibility', on ? 'visible' : 'none');
}

export function setOpacity(map, def, value) {
  for (const [layer, property, base] of def.opacity ?? []) if (map.getLayer(layer)) map.setPaintProperty(layer, property, base * value);
}

/** Renders the layer list: a checkbox, an opacity slider and a legend per layer. */
export function renderLayerList(container, defs, state, { onToggle, onOpacity }) {
  container.replaceChildren();
  for (const def of defs) {
    const item = document.createElement('li');
    item.className = 'layer-item';
    item.dataset.layer = def.id;
    const name = t(`layer.${def.id}`);
    // A hidden analysis layer has not been asked for yet: whether it has a run shows once it is first shown.
    const empty = def.kind === 'run' && def.count === 0 ? `<p class="note">${t('layer.noRun')}</p>` : '';
    item.innerHTML = `
      <label class="layer-toggle"><input type="checkbox" name="layer-${def.id}" ${state.layers.has(def.id) ? 'checked' : ''}> <span>${name}</span></label>
      <input type="range" class="opacity" min="0" max="1" step="0.05" value="${state.opacity[def.id] ?? 1}" aria-label="${t('layers.opacity', { name })}">
      <details class="legend-box"><summary>${t('layers.legend')}</summary>${def.legend()}${empty}</details>`;
    item.querySelector('input[type=checkbox]').addEventListener('change', (e) => onToggle(def, e.target.checked));
    item.querySelector('input.opacity').addEventListener('input', (e) => onOpacity(def, Number(e.target.value)));
    container.append(item);
  }
}
