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
    { from: '2020-01-01', to: '2024-02-29', country: '', commodity: 'ivory', species: '', agency: 'KWS', mode: 'air-cargo' });
  assert.deepEqual(trendParams({}), { from: '', to: '', country: '', commodity: '', species: '', agency: '', mode: '' });
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
