// Unit tests of the UI's DOM-free modules, run by `node --test` (Node's built-in runner) from JsModuleTests.
// The modules are imported from the source folder, exactly as the browser loads them.
import test from 'node:test';
import assert from 'node:assert/strict';

const js = new URL('../../../../src/Wems.Web/wwwroot/js/', import.meta.url);
const { aggregate, cqlOf, trendParams, clockOf } = await import(new URL('data.js', js));
const { parseCsv } = await import(new URL('codelists.js', js));
const { monthRange, datetimeOf } = await import(new URL('state.js', js));
const { toRequest, parentPath, emptyDraft } = await import(new URL('casemodel.js', js));
const { en } = await import(new URL('lang/en.js', js));
const { fr } = await import(new URL('lang/fr.js', js));

test('aggregate counts cases by month, commodity (each group of a mixed case once) and country', () => {
  const cases = [
    { properties: { date: '2020-01-05', country: 'KE', commodities: 'ivory', quantity_kg: 10 } },
    { properties: { date: '2020-01-20', country: 'KE', commodities: 'ivory,pangolin', quantity_kg: 2.5 } },
    { properties: { date: '2021-03-01', country: 'TZ', commodities: 'timber', quantity_kg: null } },
  ];
  const result = aggregate(cases);
  // Expected values counted by hand from the three cases above.
  assert.equal(result.total, 3);
  assert.equal(result.kg, 12.5);
  assert.deepEqual(result.byMonth, [['2020-01', 2], ['2021-03', 1]]);
  assert.deepEqual(result.byCommodity, [['ivory', 2], ['pangolin', 1], ['timber', 1]]);
  assert.deepEqual(result.byCountry, [['KE', 2], ['TZ', 1]]);
  assert.equal(result.clock.get('2020-01'), 2);
});

test('the trends parameters are every filter of the map, the period as whole months of dates', () => {
  // 2024 is a leap year: February ends on the 29th.
  assert.deepEqual(trendParams({ from: '2020-01', to: '2024-02', commodity: 'ivory', mode: 'air-cargo', agency: 'KWS' }),
    { from: '2020-01-01', to: '2024-02-29', country: '', commodity: 'ivory', species: '', agency: 'KWS', transport_mode: 'air-cargo' });
  assert.deepEqual(trendParams({}), { from: '', to: '', country: '', commodity: '', species: '', agency: '', transport_mode: '' });
});

test('the Data Clock answer becomes counts by YYYY-MM, empty months left out', () => {
  const clock = clockOf({ rows: [{ year: 2021, months: [3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7] }] });
  assert.deepEqual([...clock.entries()], [['2021-01', 3], ['2021-12', 7]]);
});

test('the CQL2 filter quotes values and joins the filters that are case properties', () => {
  assert.equal(cqlOf({}), '');
  assert.equal(cqlOf({ country: 'KE', commodity: 'ivory', species: "O'Brien", mode: 'air-cargo' }),
    "country = 'KE' AND commodities LIKE '%ivory%' AND species LIKE '%O''Brien%' AND transport_mode = 'air-cargo'");
});

test('the datetime interval runs from the first day of the first month to the last day of the last', () => {
  assert.equal(datetimeOf({ from: '2020-01', to: '2024-02' }), '2020-01-01/2024-02-29');
  assert.equal(datetimeOf({ from: '2020-03' }), '2020-03-01/..');
  assert.equal(datetimeOf({}), '');
  // Sliders at their ends leave the period open there; the whole span is no filter (pre-aggregated case tiles).
  const now = new Date(Date.UTC(2026, 10, 30));
  assert.equal(datetimeOf({ from: '2015-01', to: '2026-11' }, now), '');
  assert.equal(datetimeOf({ from: '2015-01', to: '2020-02' }, now), '../2020-02-29');
  assert.equal(datetimeOf({ from: '2018-05', to: '2026-11' }, now), '2018-05-01/..');
  assert.deepEqual(monthRange('2019-11', '2020-02'), ['2019-11', '2019-12', '2020-01', '2020-02']);
});

test('CSV with quoted commas, doubled quotes and CRLF line ends is read field by field', () => {
  const rows = parseCsv('code,label_en,source\r\nB,"Breeding, captive","say ""hi"""\r\nE,Educational,x\r\n');
  assert.deepEqual(rows, [{ code: 'B', label_en: 'Breeding, captive', source: 'say "hi"' }, { code: 'E', label_en: 'Educational', source: 'x' }]);
});

test('a draft becomes the case request: empty text is null, numbers are numbers, a time gets its seconds', () => {
  const draft = { ...emptyDraft(), reference: ' KWS-1 ', date: '2024-05-14', time: '14:30', location: { x: '36.9', y: '-1.3' },
    specimens: [{ scientificName: 'Loxodonta africana', term: 'TUS', quantity: '12.5', unit: 'KIL' }],
    tradeChain: [{ country: 'KE', role: 'export', custody: false, intended: '' }], outcome: { arrests: '2' } };
  const body = toRequest(draft);
  assert.equal(body.reference, 'KWS-1');
  assert.equal(body.time, '14:30:00');
  assert.equal(body.placeName, null);
  assert.deepEqual(body.location, { x: 36.9, y: -1.3 });
  assert.deepEqual(body.specimens, [{ scientificName: 'Loxodonta africana', term: 'TUS', quantity: 12.5, unit: 'KIL' }]);
  assert.deepEqual(body.tradeChain, [{ country: 'KE', role: 'export', custody: false, intended: false }]);
  assert.equal(body.outcome.arrests, 2);
  assert.equal(toRequest(emptyDraft()).location, null);
});

test('a server field path climbs to the control that can show it', () => {
  assert.equal(parentPath('specimens[0].quantity'), 'specimens[0]');
  assert.equal(parentPath('specimens[0]'), 'specimens');
  assert.equal(parentPath('specimens'), '');
  assert.equal(parentPath('location.x'), 'location');
});

test('English and French dictionaries have the same keys', () => {
  assert.deepEqual(Object.keys(fr).sort(), Object.keys(en).sort());
});

test('every literal key the modules and pages ask for is in the English dictionary', async () => {
  const { readdir, readFile } = await import('node:fs/promises');
  const wwwroot = new URL('../', js);
  const files = [...(await readdir(js)).filter((f) => f.endsWith('.js')).map((f) => new URL(f, js)),
    ...(await readdir(wwwroot)).filter((f) => f.endsWith('.html')).map((f) => new URL(f, wwwroot))];
  const missing = [];
  for (const file of files) {
    const text = await readFile(file, 'utf8');
    const keys = [...text.matchAll(/\bt\('([\w.-]+)'/g), ...text.matchAll(/data-i18n="([a-z]+\.[\w.-]+)"/g), ...text.matchAll(/:([a-z]+\.[\w.-]+)[;"]/g)].map((m) => m[1]);
    missing.push(...keys.filter((k) => !(k in en)).map((k) => `${file.pathname.split('/').pop()}: ${k}`));
  }
  assert.deepEqual(missing, []);
});

const planner = await import(new URL('plannermodel.js', js));
const runs = await import(new URL('analysismodel.js', js));

// A comparison as GET /api/scenarios/{id}/comparison answers it, cut down to what the planner reads.
const segment = (id, before, after, length = 10) => ({
  segmentId: id, iso2A: 'KE', iso2B: 'TZ', lengthKm: length, coveredKmBefore: before, coveredKmAfter: after,
  coveragePctBefore: (100 * before) / length, coveragePctAfter: (100 * after) / length, coveredBefore: before >= length, coveredAfter: after >= length,
  seizures: 1, line: [[36, -2], [36.1, -2.1]],
});

test('the planner classes each segment by what the scenario changes', () => {
  assert.equal(planner.changeOf(segment('a', 0, 4)), 'gained');
  assert.equal(planner.changeOf(segment('b', 10, 3)), 'lost');
  assert.equal(planner.changeOf(segment('c', 10, 10)), 'covered');
  assert.equal(planner.changeOf(segment('d', 5, 5)), 'partial');
  assert.equal(planner.changeOf(segment('e', 0, 0)), 'uncovered');
  // Half a metre is rounding, not a change.
  assert.equal(planner.changeOf(segment('f', 5, 5.0005)), 'partial');
  const report = { segments: [segment('a', 0, 4), segment('e', 0, 0), { ...segment('g', 0, 0), line: [] }] };
  const features = planner.segmentFeatures(report).features;
  assert.deepEqual(features.map((f) => [f.properties.id, f.properties.change]), [['a', 'gained'], ['e', 'uncovered']]);
  assert.deepEqual(planner.changeCounts(report), { gained: 1, lost: 0, covered: 0, partial: 0, uncovered: 2 });
});

test('the planner totals put the current posts and the scenario side by side with the difference', () => {
  const report = {
    postsBefore: 3, postsAfter: 4, borderKm: 200, coveredKmBefore: 50, coveredKmAfter: 80, coveragePctBefore: 25, coveragePctAfter: 40,
    uncoveredSeizuresBefore: 7, uncoveredSeizuresAfter: 5, gapsBefore: [{}, {}], gapsAfter: [{}],
  };
  const rows = Object.fromEntries(planner.totalsRows(report).map(([key, ...rest]) => [key, rest]));
  assert.deepEqual(rows.coverage, [25, 40, 15, true]);
  assert.deepEqual(rows.uncoveredKm, [150, 120, -30, false]);
  assert.deepEqual(rows.uncoveredSeizures, [7, 5, -2, false]);
  assert.deepEqual(rows.gaps, [2, 1, -1, false]);
});

test('a gap zooms to the bounds of its line; the planner hash keeps the scenario and the view', () => {
  assert.deepEqual(planner.boundsOf([[36, -2], [35.5, -1], [36.2, -1.5]]), [[35.5, -2], [36.2, -1]]);
  assert.equal(planner.boundsOf([]), null);
  assert.deepEqual(planner.midpointOf([[0, 0], [2, 0], [2, 2]]), [2, 0]);
  assert.deepEqual(planner.countriesOf({ pairs: [{ iso2A: 'TZ', iso2B: 'UG' }, { iso2A: 'KE', iso2B: 'TZ' }] }), ['KE', 'TZ', 'UG']);
  const hash = planner.plannerHash({ scenario: 'abc', view: { zoom: 6, lat: -1.5, lng: 36.25 } });
  assert.equal(hash, '#scenario=abc&map=6.00/-1.5000/36.2500');
  assert.deepEqual(planner.parsePlannerHash(hash), { scenario: 'abc', view: { zoom: 6, lat: -1.5, lng: 36.25 } });
  assert.deepEqual(planner.parsePlannerHash(''), { scenario: null, view: null });
});

test('an analysis request carries only the kind\'s parameters that were filled in, as typed', () => {
  const values = { from: ' 2020-01-01 ', to: '', 'cell-km2': 'abc', step: 'quarter', 'segment-km': '5', commodity: 'ivory' };
  assert.deepEqual(runs.bodyOf('hotspots', values), { from: '2020-01-01', commodity: 'ivory', 'cell-km2': 'abc' });
  assert.deepEqual(runs.bodyOf('emerging', values), { from: '2020-01-01', commodity: 'ivory', 'cell-km2': 'abc', step: 'quarter' });
  assert.deepEqual(runs.bodyOf('border', values), { from: '2020-01-01', commodity: 'ivory', 'segment-km': '5' });
  assert.equal(runs.problemField({ parameter: 'cell-km2' }), 'cell-km2');
  assert.equal(runs.problemField({ errors: { from: ['bad'] } }), 'from');
  assert.deepEqual(runs.collectionsOf({ links: [{ rel: 'self', href: '/api/analyses/1' }, { rel: 'collection', href: '/ogc/collections/border-coverage', title: 'border-coverage' },
    { rel: 'items', href: '/ogc/collections/border-coverage/items', title: 'border-coverage' }, { rel: 'collection', href: '/ogc/collections/border-gaps', title: 'border-gaps' }] }),
  ['border-coverage', 'border-gaps']);
  assert.equal(runs.runOfHash('#run=42'), '42');
});

test('every label the planner and the runs page build from a name exists in both languages', () => {
  const keys = [
    ...runs.KINDS.flatMap((k) => [`runs.kind.${k}`, `runs.about.${k}`]),
    ...runs.PARAMETERS.flatMap((p) => [`runs.param.${p.name}`, `runs.hint.${p.name}`, ...(p.values ?? []).map((v) => `runs.value.${v}`)]),
    ...['queued', 'running', 'succeeded', 'failed'].map((s) => `runs.status.${s}`),
    ...['posts', 'coverage', 'coveredKm', 'uncoveredKm', 'uncoveredSeizures', 'gaps'].map((k) => `planner.total.${k}`),
    ...['gained', 'lost', 'covered', 'partial', 'uncovered'].map((c) => `planner.change.${c}`),
  ];
  assert.deepEqual(keys.filter((k) => !(k in en) || !(k in fr)), []);
});
