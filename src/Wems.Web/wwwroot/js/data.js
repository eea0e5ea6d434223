// The figures behind the side panel's charts. Today they are computed in the browser from the cases collection
// (OGC API Features, under the caller's tier, with the filters as datetime + CQL2); when /api/trends lands,
// caseStatistics() can ask it instead and keep the same result shape.
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

/** The statistics of the cases matching the filters: {matched, shown, ...aggregate}. */
export async function caseStatistics(filters) {
  const page = await getJson(casesItemsUrl(filters));
  return { matched: page.numberMatched ?? page.features.length, shown: page.features.length, ...aggregate(page.features) };
}

export const collectionItems = (id, extra = '') => getJson(`/ogc/collections/${id}/items?f=json&limit=${PAGE}${extra ? `&${extra}` : ''}`);
