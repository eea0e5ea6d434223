// Charts (Chart.js 4, served locally as /lib/chart.js/chart.umd.min.js, which defines window.Chart) and the Data
// Clock, an accessible month × year table. Each chart keeps its data in a data-* attribute for tests and tools.
import { t, fmt } from './i18n.js';

const charts = new Map();

/** Draws (or redraws) a bar chart on the canvas with id `id`; `rows` are [key, value] pairs. */
export function barChart(id, rows, { labelOf = (k) => k, colourOf, horizontal = false, title } = {}) {
  const canvas = document.getElementById(id);
  if (!canvas) return;
  charts.get(id)?.destroy();
  const labels = rows.map(([k]) => labelOf(k));
  const values = rows.map(([, v]) => v);
  canvas.dataset.values = JSON.stringify(rows);
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', `${title}: ${rows.slice(0, 12).map(([k, v]) => `${labelOf(k)} ${fmt.number(v)}`).join(', ')}`);
  charts.set(id, new window.Chart(canvas, {
    type: 'bar',
    data: { labels, datasets: [{ label: t('trends.cases'), data: values, backgroundColor: colourOf ? rows.map(([k]) => colourOf(k)) : '#24628f' }] },
    options: {
      animation: false, responsive: true, maintainAspectRatio: false, indexAxis: horizontal ? 'y' : 'x',
      plugins: { legend: { display: false }, title: { display: !!title, text: title } },
      scales: { [horizontal ? 'x' : 'y']: { beginAtZero: true, ticks: { callback: (v) => fmt.number(v) } } },
      locale: document.documentElement.lang,
    },
  }));
}

/**
 * The Data Clock as a table: one row per year, one column per month, each cell shaded by its count (the darkest
 * for the largest) and carrying the number itself, so screen readers and keyboard users read the same data.
 */
export function dataClock(container, counts) {
  const years = [...new Set([...counts.keys()].map((k) => k.slice(0, 4)))].sort();
  const max = Math.max(1, ...counts.values());
  const table = document.createElement('table');
  table.className = 'data-clock';
  const head = `<tr><th scope="col">${t('clock.year')}</th>${Array.from({ length: 12 }, (_, i) => `<th scope="col">${fmt.monthName(i + 1)}</th>`).join('')}</tr>`;
  const body = years.map((year) => `<tr><th scope="row">${year}</th>${Array.from({ length: 12 }, (_, i) => {
    const n = counts.get(`${year}-${String(i + 1).padStart(2, '0')}`) ?? 0;
    const share = n / max;
    // Two bands of shade so that the number stays legible (WCAG AA 4.5:1): light cells with dark text up to half
    // the maximum, dark cells with white text above it.
    const alpha = share <= 0.5 ? 0.1 + 0.8 * share : 0.8 + 0.4 * (share - 0.5);
    const colour = n === 0 ? '#ffffff' : `rgba(29, 78, 115, ${alpha.toFixed(3)})`;
    return `<td style="background:${colour};color:${share > 0.5 ? '#fff' : '#1a1a1a'}" title="${fmt.month(`${year}-${String(i + 1).padStart(2, '0')}`)}: ${fmt.number(n)}">${n ? fmt.number(n) : ''}</td>`;
  }).join('')}</tr>`).join('');
  table.innerHTML = `<caption>${t('clock.caption')}</caption><thead>${head}</thead><tbody>${body}</tbody>`;
  container.replaceChildren(table);
}
