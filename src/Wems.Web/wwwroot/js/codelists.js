// The code lists the case form and the filters pick from: the curated CSV files the server validates against
// (data/codes, data/species.csv), copied next to the UI by the build. One place to switch to an API later.
const cache = new Map();

/** Parses RFC 4180 CSV (quoted fields, doubled quotes) into objects keyed by the header row. */
export function parseCsv(text) {
  const rows = [];
  let row = [], field = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field); field = '';
      if (row.some((f) => f !== '')) rows.push(row);
      row = [];
    } else field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  const [header, ...body] = rows;
  return body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

export function codeList(name) {
  if (!cache.has(name)) {
    cache.set(name, fetch(`/codes/${name}.csv`).then((r) => {
      if (!r.ok) throw new Error(`code list ${name}: ${r.status}`);
      return r.text();
    }).then(parseCsv));
  }
  return cache.get(name);
}

export const species = () => codeList('species');

/** The commodity groups, as the tiles accept them (from species.csv, column group). */
export async function commodityGroups() {
  return [...new Set((await species()).map((s) => s.group))].sort();
}
