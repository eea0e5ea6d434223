// The planner's figures, without the DOM: a scenario comparison (GET /api/scenarios/{id}/comparison) turned into
// map features (each border segment classed by what the scenario changes), the totals side by side, and the
// bounds of a gap for zooming. Pure functions, tested by Node (Ui/Js/modules.test.mjs).

/** Below this many km a difference is rounding, not a change of coverage (the server counts "fully covered" to 1 m). */
export const KM_EPSILON = 0.001;

/**
 * What the scenario does to one segment: 'gained' or 'lost' coverage, or, unchanged, 'covered' (all of it),
 * 'partial' or 'uncovered' (none of it).
 */
export function changeOf(segment) {
  const delta = segment.coveredKmAfter - segment.coveredKmBefore;
  if (delta > KM_EPSILON) return 'gained';
  if (delta < -KM_EPSILON) return 'lost';
  if (segment.coveredAfter) return 'covered';
  return segment.coveredKmAfter > KM_EPSILON ? 'partial' : 'uncovered';
}

/** The segments as a GeoJSON FeatureCollection of lines with their change, before/after % and difference (km). */
export function segmentFeatures(report) {
  return {
    type: 'FeatureCollection',
    features: (report?.segments ?? []).filter((s) => s.line?.length >= 2).map((s) => ({
      type: 'Feature',
      geometry: { type: 'LineString', coordinates: s.line },
      properties: {
        id: s.segmentId, pair: `${s.iso2A}-${s.iso2B}`, change: changeOf(s), before: s.coveragePctBefore, after: s.coveragePctAfter,
        deltaKm: s.coveredKmAfter - s.coveredKmBefore, seizures: s.seizures,
      },
    })),
  };
}

/** Counts of segments by change, e.g. { gained: 3, lost: 0, covered: 40, partial: 5, uncovered: 120 }. */
export function changeCounts(report) {
  const counts = { gained: 0, lost: 0, covered: 0, partial: 0, uncovered: 0 };
  for (const s of report?.segments ?? []) counts[changeOf(s)]++;
  return counts;
}

/**
 * The totals side by side: [key, before, after, difference, better] rows; `better` says whether a positive
 * difference is an improvement (coverage up) or not (uncovered km, seizures on uncovered border, gaps).
 */
export function totalsRows(report) {
  const row = (key, before, after, better) => [key, before, after, after - before, better];
  return [
    row('posts', report.postsBefore, report.postsAfter, true),
    row('coverage', report.coveragePctBefore, report.coveragePctAfter, true),
    row('coveredKm', report.coveredKmBefore, report.coveredKmAfter, true),
    row('uncoveredKm', report.borderKm - report.coveredKmBefore, report.borderKm - report.coveredKmAfter, false),
    row('uncoveredSeizures', report.uncoveredSeizuresBefore, report.uncoveredSeizuresAfter, false),
    row('gaps', report.gapsBefore.length, report.gapsAfter.length, false),
  ];
}

/** [[west, south], [east, north]] of a line's [lon, lat] vertices (MapLibre's fitBounds form), or null when empty. */
export function boundsOf(line) {
  if (!line?.length) return null;
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of line) {
    w = Math.min(w, x); e = Math.max(e, x); s = Math.min(s, y); n = Math.max(n, y);
  }
  return [[w, s], [e, n]];
}

/** The [lon, lat] halfway along a line (by length in degrees, good enough to place a post on a short gap). */
export function midpointOf(line) {
  if (!line?.length) return null;
  const lengths = line.slice(1).map(([x, y], i) => Math.hypot(x - line[i][0], y - line[i][1]));
  let half = lengths.reduce((a, b) => a + b, 0) / 2;
  for (let i = 0; i < lengths.length; i++) {
    if (half <= lengths[i] && lengths[i] > 0) {
      const f = half / lengths[i];
      return [line[i][0] + f * (line[i + 1][0] - line[i][0]), line[i][1] + f * (line[i + 1][1] - line[i][1])];
    }
    half -= lengths[i];
  }
  return line[line.length - 1];
}

/** The countries of the comparison's borders, sorted: where a post could be added. */
export function countriesOf(report) {
  return [...new Set((report?.pairs ?? []).flatMap((p) => [p.iso2A, p.iso2B]))].sort();
}

/** The planner's URL hash: #scenario={id}&map=zoom/lat/lng. */
export function parsePlannerHash(hash) {
  const q = new URLSearchParams(hash.replace(/^#/, ''));
  const map = q.get('map')?.split('/').map(Number);
  return {
    scenario: q.get('scenario') || null,
    view: map?.length === 3 && map.every(Number.isFinite) ? { zoom: map[0], lat: map[1], lng: map[2] } : null,
  };
}

export function plannerHash({ scenario, view }) {
  const parts = [];
  if (scenario) parts.push(`scenario=${encodeURIComponent(scenario)}`);
  if (view) parts.push(`map=${view.zoom.toFixed(2)}/${view.lat.toFixed(4)}/${view.lng.toFixed(4)}`);
  return `#${parts.join('&')}`;
}
