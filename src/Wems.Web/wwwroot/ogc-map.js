// The map of an OGC API – Features HTML page (/ogc/collections/{id}, .../items, .../items/{featureId}).
// The page carries its features as GeoJSON in <script type="application/geo+json" id="ogc-map-data"> (a data block,
// never run); this static script (the CSP allows no inline script) draws them with MapLibre GL JS from this server
// over the offline countries basemap (/tiles/countries) and fits the map to them.
import * as maplibregl from '/lib/maplibre-gl/maplibre-gl.mjs';

const container = document.getElementById('ogc-map');
const block = document.getElementById('ogc-map-data');
const data = JSON.parse(block.textContent);

// The bounds of every coordinate of every geometry; null when there is none.
function bounds(collection) {
  let west = Infinity, south = Infinity, east = -Infinity, north = -Infinity;
  const visit = (c) => {
    if (typeof c[0] === 'number') {
      west = Math.min(west, c[0]); east = Math.max(east, c[0]);
      south = Math.min(south, c[1]); north = Math.max(north, c[1]);
    } else {
      c.forEach(visit);
    }
  };
  const geometries = (g) => (g.type === 'GeometryCollection' ? g.geometries.flatMap(geometries) : [g]);
  for (const feature of collection.features) {
    if (feature.geometry) {
      geometries(feature.geometry).forEach((g) => visit(g.coordinates));
    }
  }
  return west <= east ? [[west, south], [east, north]] : null;
}

const origin = window.location.origin;
const map = new maplibregl.Map({
  container,
  style: {
    version: 8,
    sources: {
      countries: { type: 'vector', url: `${origin}/tiles/countries.json` },
      features: { type: 'geojson', data },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#cfe3f0' } },
      {
        id: 'countries', type: 'fill', source: 'countries', 'source-layer': 'countries',
        paint: { 'fill-color': '#f4f1ea', 'fill-outline-color': '#b9b2a3' },
      },
      {
        id: 'feature-areas', type: 'fill', source: 'features', filter: ['in', ['geometry-type'], ['literal', ['Polygon', 'MultiPolygon']]],
        paint: { 'fill-color': '#c0392b', 'fill-opacity': 0.2 },
      },
      {
        id: 'feature-lines', type: 'line', source: 'features', filter: ['!', ['in', ['geometry-type'], ['literal', ['Point', 'MultiPoint']]]],
        paint: { 'line-color': '#c0392b', 'line-width': 1.5 },
      },
      {
        id: 'feature-points', type: 'circle', source: 'features', filter: ['in', ['geometry-type'], ['literal', ['Point', 'MultiPoint']]],
        paint: { 'circle-radius': 4, 'circle-color': '#c0392b', 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1 },
      },
    ],
  },
  center: [35, -3],
  zoom: 3,
  attributionControl: { compact: true },
});
map.addControl(new maplibregl.NavigationControl(), 'top-right');

const extent = bounds(data);
if (extent) {
  map.fitBounds(extent, { padding: 30, maxZoom: 12, animate: false });
}

// Browser tests wait on this: the first full render with the basemap and the features loaded.
map.once('idle', () => { document.body.dataset.mapReady = 'true'; });
window.wemsOgcMap = map;
