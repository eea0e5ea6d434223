// The view, the filters and the visible layers, kept in the URL hash so that a link reproduces the view:
// #map=zoom/lat/lon&from=YYYY-MM&to=YYYY-MM&commodity=..&country=..&species=..&mode=..&agency=..&layers=a,b&opacity=a:0.5
export const FILTER_KEYS = ['from', 'to', 'species', 'commodity', 'country', 'mode', 'agency'];

export function createState(defaults) {
  const state = {
    view: { ...defaults.view },
    filters: { ...defaults.filters },
    layers: new Set(defaults.layers),
    opacity: {},
  };
  const hash = new URLSearchParams(location.hash.slice(1));
  const map = hash.get('map')?.split('/').map(Number);
  if (map?.length === 3 && map.every(Number.isFinite)) state.view = { zoom: map[0], lat: map[1], lng: map[2] };
  for (const key of FILTER_KEYS) if (hash.has(key)) state.filters[key] = hash.get(key);
  if (hash.has('layers')) state.layers = new Set(hash.get('layers').split(',').filter(Boolean));
  for (const pair of (hash.get('opacity') ?? '').split(',').filter(Boolean)) {
    const [id, value] = pair.split(':');
    if (Number.isFinite(Number(value))) state.opacity[id] = Number(value);
  }
  return state;
}

let pending = 0;

/** Writes the state into the hash (replaceState, debounced: panning must not flood the history). */
export function writeHash(state) {
  clearTimeout(pending);
  pending = setTimeout(() => {
    const hash = new URLSearchParams();
    const { zoom, lat, lng } = state.view;
    hash.set('map', `${zoom.toFixed(2)}/${lat.toFixed(4)}/${lng.toFixed(4)}`);
    for (const key of FILTER_KEYS) if (state.filters[key]) hash.set(key, state.filters[key]);
    hash.set('layers', [...state.layers].join(','));
    const opacity = Object.entries(state.opacity).filter(([, v]) => v !== 1).map(([k, v]) => `${k}:${v}`);
    if (opacity.length) hash.set('opacity', opacity.join(','));
    history.replaceState(null, '', `#${hash.toString().replaceAll('%2F', '/').replaceAll('%2C', ',').replaceAll('%3A', ':')}`);
  }, 150);
}

/** Months "YYYY-MM" from first to last, inclusive. */
export function monthRange(first, last) {
  const months = [];
  let [y, m] = first.split('-').map(Number);
  const [ly, lm] = last.split('-').map(Number);
  while (y < ly || (y === ly && m <= lm)) {
    months.push(`${y}-${String(m).padStart(2, '0')}`);
    if (++m > 12) { m = 1; y++; }
  }
  return months;
}

/** The first month of the period sliders. */
export const FIRST_MONTH = '2015-01';

/**
 * The OGC datetime interval of a month range: first day of `from` to last day of `to`. A slider at its end leaves that
 * end open (the first month means "from the beginning", the current month "up to now"), and the whole span is no period
 * filter at all: the case tiles of the default view are then the pre-aggregated cells rather than a count of every case.
 */
export function datetimeOf(filters, now = new Date()) {
  const from = filters.from && filters.from > FIRST_MONTH ? filters.from : '';
  const to = filters.to && filters.to < now.toISOString().slice(0, 7) ? filters.to : '';
  if (!from && !to) return '';
  const start = from ? `${from}-01` : '..';
  let end = '..';
  if (to) {
    const [y, m] = to.split('-').map(Number);
    end = `${to}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
  }
  return `${start}/${end}`;
}
