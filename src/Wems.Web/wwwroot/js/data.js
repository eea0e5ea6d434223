// The figures behind the side panel's charts: the server's trends (/api/trends/series and /api/trends/data-clock,
// computed in PostgreSQL under the caller's tier, see docs/trends-and-briefing.md) for every filter of the map:
// period, species, commodity, country, agency and transport mode.
import { getJson, query } from './api.js';
import { datetimeOf } from './state.js';

/** Largest page the cases collection serves (Ogc:MaxLimit); beyond it the charts say they show a sample. */
export const PAGE = 10000;

const quote = (s) => `'${String(s).replaceAll("'", "''")}'`;

/** The CQL2 text filter of the filters that are properties of the cases collection. */
export function cqlOf(filters) {
  const parts = [];
  if (filters.country) parts.push(`country = ${quote(filters.country)}`);
  if (filters.commodity) parts.push(`commodities LIKE ${quote(`%${filters.commodity}%`)}`);
  if (filters.species) parts.push(`species LIKE ${quote(`%${filters.species}%`)}`);
  if (filters.mode) parts.push(`transport_mode = ${quote(filters.mode)}`);
  return parts.join(' AND ');
}

export function casesItemsUrl(filters, properties = 'date,country,commodities,quantity_kg') {
  return `/ogc/collections/cases/items${query({
    f: 'json', limit: PAGE, properties, datetime: datetimeOf(filters), filter: cqlOf(filters), 'filter-lang': cqlOf(filters) ? 'cql2-text' : '',
  })}`;
}

/**
 * Aggregates case features ({properties: {date, country, commodities, quantity_kg}}) by month, commodity group,
 * country and (year, month) for the Data Clock. A case with two commodity groups counts once in each.
 */
export function aggregate(features) {
  const byMonth = new Map(), byCommodity = new Map(), byCountry = new Map(), clock = new Map();
  let kg = 0;
  const add = (map, key, n = 1) => map.set(key, (map.get(key) ?? 0) + n);
  for (const { properties: p } of features) {
    const month = (p.date ?? '').slice(0, 7);
    if (month) {
      add(byMonth, month);
      add(clock, month);
    }
    for (const group of (p.commodities ?? '').split(',').filter(Boolean)) add(byCommodity, group);
    if (p.country) add(byCountry, p.country);
    kg += Number(p.quantity_kg ?? 0);
  }
  const sorted = (map) => [...map.entries()].sort((a, b) => b[1] - a[1]);
  return {
    total: features.length,
    kg,
    byMonth: [...byMonth.entries()].sort((a, b) => a[0].localeCompare(b[0])),
    byCommodity: sorted(byCommodity),
    byCountry: sorted(byCountry),
    clock,
  };
}

/** The trends parameters of the filters: whole months as dates, and the filters the trends know. */
export function trendParams(filters) {
  const [start, end] = (datetimeOf(filters) || '../..').split('/');
  return {
    from: start === '..' ? '' : start, to: end === '..' ? '' : end,
    country: filters.country ?? '', commodity: filters.commodity ?? '', species: filters.species ?? '',
    agency: filters.agency ?? '', transport_mode: filters.mode ?? '',
  };
}

/** The Data Clock answer ({rows: [{year, months[12]}]}) as counts keyed "YYYY-MM" (months without cases left out). */
export function clockOf(dataClock) {
  const clock = new Map();
  for (const { year, months } of dataClock.rows ?? []) {
    months.forEach((n, i) => { if (n) clock.set(`${year}-${String(i + 1).padStart(2, '0')}`, n); });
  }
  return clock;
}

const pairs = (series) => series.points.map((p) => [p.key, p.value]);
const sum = (series) => series.points.reduce((a, p) => a + p.value, 0);

/** The server's figures of the filters, in the shape of aggregate(): a case is in one month, so the months add up to the total. */
export async function trendStatistics(filters) {
  const q = trendParams(filters);
  const series = (by, measure = 'count') => getJson(`/api/trends/series${query({ ...q, by, measure })}`);
  const [byMonth, byCommodity, byCountry, weight, clock] = await Promise.all([
    series('month'), series('commodity'), series('country'), series('year', 'weight'), getJson(`/api/trends/data-clock${query(q)}`),
  ]);
  const total = sum(byMonth);
  return {
    source: 'server', matched: total, shown: total, total, kg: sum(weight),
    byMonth: pairs(byMonth), byCommodity: pairs(byCommodity), byCountry: pairs(byCountry), clock: clockOf(clock),
  };
}

/** The statistics of the cases matching the filters: {source, matched, shown, ...aggregate}. */
export const caseStatistics = trendStatistics;

export const collectionItems = (id, extra = '') => getJson(`/ogc/collections/${id}/items?f=json&limit=${PAGE}${extra ? `&${extra}` : ''}`);
