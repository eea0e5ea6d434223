// The WEMS map: MapLibre GL JS from the server itself (/lib, from npm), the server's own style and tiles.
import * as maplibregl from '/lib/maplibre-gl/maplibre-gl.mjs';

// ?style=public shows the public map (basemap and public aggregates); the operations map otherwise.
const styleName = new URLSearchParams(window.location.search).get('style') === 'public' ? 'public' : 'operations';
const map = new maplibregl.Map({
  container: 'map',
  style: `/styles/${styleName}.json`,
  center: [35, -3],
  zoom: 4,
  attributionControl: { compact: true },
});
map.addControl(new maplibregl.NavigationControl(), 'top-right');
map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');

// Browser tests wait on this: the first full render with all sources loaded.
map.once('idle', () => { document.body.dataset.mapReady = 'true'; });
window.wemsMap = map;
