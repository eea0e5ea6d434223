// The side panel's views: trend charts and the Data Clock (from data.js), top corridors and country roles (from
// /api/trends/corridors, with the same filters) and the details of a clicked feature, as the server returns it for the tier.
import { t, fmt } from './i18n.js';
import { caseStatistics, cqlOf, trendParams } from './data.js';
import { datetimeOf } from './state.js';
import { barChart, dataClock } from './charts.js';
import { COMMODITY_COLOURS } from './layers.js';
import { getJson, query } from './api.js';
import { esc } from './ui.js';

let generation = 0;
let networkGeneration = 0;

export async function showTrends(filters, hasCases) {
  const total = document.getElementById('trends-total');
  const sample = document.getElementById('trends-sample');
  if (!hasCases) {
    total.textContent = t('trends.noAccess');
    document.getElementById('clock').textContent = t('trends.noAccess');
    return;
  }
  const mine = ++generation;
  const stats = await caseStatistics(filters).catch((error) => ({ error }));
  if (mine !== generation) return; // a newer filter change is on its way
  if (stats.error) {
    total.textContent = t('error.load', { what: t('trends.cases'), status: stats.error.status ?? '' });
    return;
  }
  total.textContent = stats.matched === 0 ? t('trends.none') : t('trends.total', { count: fmt.number(stats.matched), kg: fmt.number(stats.kg, 1) });
  total.dataset.count = String(stats.matched);
  total.dataset.source = stats.source;
  sample.textContent = stats.shown < stats.matched ? t('trends.sample', { shown: fmt.number(stats.shown), matched: fmt.number(stats.matched) }) : '';
  barChart('chart-month', stats.byMonth, { labelOf: fmt.month, title: t('trends.byMonth') });
  barChart('chart-commodity', stats.byCommodity, {
    labelOf: (g) => t(`commodity.${g}`), colourOf: (g) => COMMODITY_COLOURS[g] ?? '#999', horizontal: true, title: t('trends.byCommodity'),
  });
  barChart('chart-country', stats.byCountry.slice(0, 12), { labelOf: fmt.country, horizontal: true, title: t('trends.byCountry') });
  dataClock(document.getElementById('clock'), stats.clock);
}

function table(headers, rows) {
  return `<table class="data"><thead><tr>${headers.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead>`
    + `<tbody>${rows.map((r) => `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${c}</th>` : `<td>${c}</td>`)).join('')}</tr>`).join('')}</tbody></table>`;
}

/**
 * Top corridors and country roles of the cases matching the filters, computed by the server for the caller's tier
 * (/api/trends/corridors, the corridors analysis run on the fly), so they follow the map's filters.
 */
export async function showNetwork(map, hasCases, filters) {
  const corridorsBox = document.getElementById('corridors-table');
  const rolesBox = document.getElementById('roles-table');
  if (!hasCases) {
    corridorsBox.textContent = t('network.none');
    rolesBox.textContent = '';
    return;
  }
  const mine = ++networkGeneration;
  const network = await getJson(`/api/trends/corridors${query(trendParams(filters))}`).catch((error) => ({ error }));
  if (mine !== networkGeneration) return; // a newer filter change is on its way
  if (network.error) {
    corridorsBox.textContent = t('error.load', { what: t('network.corridors'), status: network.error.status ?? '' });
    rolesBox.textContent = '';
    return;
  }
  corridorsBox.dataset.cases = String(network.cases);
  const top = network.flows;
  if (top.length === 0) corridorsBox.textContent = t('network.none');
  else {
    corridorsBox.innerHTML = table([t('network.from'), t('network.to'), t('network.cases'), t('network.kg')], top.map((f, i) => [
      `<button type="button" class="link" data-flow="${i}" aria-label="${esc(t('network.zoom', { from: fmt.country(f.from), to: fmt.country(f.to) }))}">${esc(fmt.country(f.from))}</button>`,
      esc(fmt.country(f.to)), fmt.number(f.cases), fmt.number(f.kg ?? 0, 1)]));
    for (const button of corridorsBox.querySelectorAll('button[data-flow]')) {
      const { fromPoint: a, toPoint: b } = top[Number(button.dataset.flow)];
      if (a.length < 2 || b.length < 2) continue;
      button.addEventListener('click', () => map.fitBounds([[Math.min(a[0], b[0]), Math.min(a[1], b[1])], [Math.max(a[0], b[0]), Math.max(a[1], b[1])]],
        { padding: 60, maxZoom: 7 }));
    }
  }
  const rows = [...network.roles].sort((a, b) => (b.seizuresIn + b.seizuresOut) - (a.seizuresIn + a.seizuresOut)).slice(0, 15);
  rolesBox.innerHTML = rows.length === 0 ? '' : table(
    [t('network.country'), t('role.origin'), t('role.export'), t('role.transit'), t('role.destination'), t('network.seizuresIn'), t('network.seizuresOut'), t('network.betweenness')],
    rows.map((r) => [esc(fmt.country(r.iso2)), ...[r.origin, r.export, r.transit, r.destination, r.seizuresIn, r.seizuresOut].map((n) => fmt.number(n)),
      fmt.number(r.betweenness ?? 0, 1)]));
}

function propertyList(properties) {
  return `<dl class="props">${Object.entries(properties).filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(typeof v === 'number' ? fmt.number(v, 3) : v)}</dd>`).join('')}</dl>`;
}

/** The details of a clicked feature. A case point is read again from the cases collection, as the tier sees it. */
/** Most cases a merged feature's details list (read from the cases collection by bounding box). */
const LIST_MAX = 100;

/**
 * The cases drawn as one feature (a cell, or cases merged within a few pixels at point zooms): read from the cases
 * collection in a box of a few screen pixels around the feature, with the map's filters.
 */
async function listCases(container, map, lngLat, filters) {
  const at = map.project(lngLat);
  // A merged feature stands at the centroid of cases in one square of 8 pixels (the tiles' merge square): 12 pixels
  // either way reach every corner of it.
  const [sw, ne] = [map.unproject([at.x - 12, at.y + 12]), map.unproject([at.x + 12, at.y - 12])];
  const filter = cqlOf(filters ?? {});
  const page = await getJson(`/ogc/collections/cases/items${query({
    f: 'json', limit: LIST_MAX, bbox: [sw.lng, sw.lat, ne.lng, ne.lat].map((v) => v.toFixed(6)).join(','),
    datetime: datetimeOf(filters ?? {}), filter, 'filter-lang': filter ? 'cql2-text' : '', properties: 'reference,date,commodities,quantity_kg',
  })}`).catch(() => null);
  const rows = (page?.features ?? []).map((f) => `<li>${esc(f.properties.reference)} · ${esc(f.properties.date ?? '')} · ${esc(f.properties.commodities ?? '')}</li>`);
  container.insertAdjacentHTML('beforeend', `<ul class="case-list">${rows.join('')}</ul>`);
}

/** The details of a clicked feature. A case point is read again from the cases collection, as the tier sees it. */
export async function showDetails(container, feature, { map, lngLat, filters }) {
  const p = feature.properties;
  if (feature.layer.id === 'cases-cells') {
    container.innerHTML = `<h2>${t('details.cell')}</h2>${propertyList({ [t('trends.cases')]: p.count, kg: p.quantity_kg, commodities: p.commodities })}`;
    if (map.getZoom() >= 9 && p.count <= LIST_MAX) {
      // At point zooms a feature with a count is a few cases at (almost) the same place: list them.
      await listCases(container, map, lngLat, filters);
    } else {
      container.insertAdjacentHTML('beforeend', `<button type="button" id="zoom-in">${t('details.zoomIn')}</button>`);
      container.querySelector('#zoom-in').addEventListener('click', () => map.flyTo({ center: lngLat, zoom: Math.max(9.5, map.getZoom() + 2) }));
    }
    return;
  }
  if (feature.layer.id === 'cases-points') {
    container.innerHTML = `<h2>${esc(t('details.case', { reference: p.reference }))}</h2><p>${t('details.loading')}</p>`;
    const filter = `reference = '${String(p.reference).replaceAll("'", "''")}' AND agency = '${String(p.agency).replaceAll("'", "''")}'`;
    const page = await getJson(`/ogc/collections/cases/items${query({ f: 'json', limit: 1, filter, 'filter-lang': 'cql2-text' })}`).catch(() => null);
    const full = page?.features?.[0]?.properties ?? p;
    container.innerHTML = `<h2>${esc(t('details.case', { reference: p.reference }))}</h2><p class="note">${t('details.serverSays')}</p>${propertyList(full)}`;
    return;
  }
  const title = feature.layer.id.replace(/-(fill|line|circle)$/, '');
  container.innerHTML = `<h2>${esc(t(`layer.${title}`))}</h2>${propertyList(p)}`;
}
