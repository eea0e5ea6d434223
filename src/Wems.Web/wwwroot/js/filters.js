// The filters panel: a period of whole months (two sliders, with play) and species, commodity, country,
// transport mode and agency pickers. Every change updates the shared state and calls onChange once.
import { t, fmt, label } from './i18n.js';
import { codeList, species, commodityGroups } from './codelists.js';
import { countries } from './countries.js';
import { FIRST_MONTH, monthRange } from './state.js';
import { fillSelect } from './ui.js';
import { getJson } from './api.js';

export async function setupFilters(state, onChange) {
  const months = monthRange(FIRST_MONTH, new Date().toISOString().slice(0, 7));
  const from = document.getElementById('from');
  const to = document.getElementById('to');
  const play = document.getElementById('play');
  const output = document.getElementById('period-label');
  const selects = { species: document.getElementById('species'), commodity: document.getElementById('commodity'),
    country: document.getElementById('country'), mode: document.getElementById('mode'), agency: document.getElementById('agency') };
  for (const slider of [from, to]) slider.max = String(months.length - 1);
  const index = (ym, fallback) => (months.includes(ym) ? months.indexOf(ym) : fallback);
  from.value = String(index(state.filters.from, 0));
  to.value = String(index(state.filters.to, months.length - 1));

  // The agencies whose cases the caller sees (none for the public tier, which has no case data to filter).
  const [speciesRows, groups, modes, agencies] = await Promise.all([species(), commodityGroups(), codeList('transport_modes'),
    getJson('/api/trends/agencies').catch(() => [])]);
  const fill = () => {
    fillSelect(selects.species, speciesRows.map((s) => ({ value: s.scientific_name, text: `${s[`common_name_${document.documentElement.lang}`] || s.common_name_en} (${s.scientific_name})` }))
      .sort((a, b) => a.text.localeCompare(b.text)), { any: t('filters.any'), value: state.filters.species ?? '' });
    fillSelect(selects.commodity, groups.map((g) => ({ value: g, text: t(`commodity.${g}`) })), { any: t('filters.any'), value: state.filters.commodity ?? '' });
    fillSelect(selects.country, countries().map((c) => ({ value: c.code, text: c.name })), { any: t('filters.any'), value: state.filters.country ?? '' });
    fillSelect(selects.mode, modes.map((m) => ({ value: m.code, text: label(m) })), { any: t('filters.any'), value: state.filters.mode ?? '' });
    fillSelect(selects.agency, agencies.map((a) => ({ value: a.code, text: `${a.name} (${a.code})` })), { any: t('filters.any'), value: state.filters.agency ?? '' });
    output.value = t('filters.period', { from: fmt.month(months[from.value]), to: fmt.month(months[to.value]) });
    for (const [slider, i] of [[from, from.value], [to, to.value]]) slider.setAttribute('aria-valuetext', fmt.month(months[i]));
  };
  fill();
  window.addEventListener('wems:lang', fill);

  const changed = () => {
    state.filters.from = months[from.value];
    state.filters.to = months[to.value];
    for (const [key, select] of Object.entries(selects)) state.filters[key] = select.value;
    output.value = t('filters.period', { from: fmt.month(state.filters.from), to: fmt.month(state.filters.to) });
    for (const slider of [from, to]) slider.setAttribute('aria-valuetext', fmt.month(months[slider.value]));
    // Arrow keys on a slider fire a change per step: tiles and charts follow once the steps pause.
    clearTimeout(pending);
    pending = setTimeout(onChange, 250);
  };
  let pending = 0;
  // The sliders report while dragging; tiles and charts follow when the thumb is released (or a key pressed).
  from.addEventListener('input', () => { if (Number(from.value) > Number(to.value)) to.value = from.value; });
  to.addEventListener('input', () => { if (Number(to.value) < Number(from.value)) from.value = to.value; });
  for (const slider of [from, to]) slider.addEventListener('change', changed);
  for (const select of Object.values(selects)) select.addEventListener('change', changed);
  document.getElementById('reset').addEventListener('click', () => {
    from.value = '0';
    to.value = String(months.length - 1);
    for (const select of Object.values(selects)) select.value = '';
    changed();
  });

  // Play: a window of the chosen length (a year when the whole span is chosen) moves on a month at a time.
  let timer = 0;
  const stop = () => {
    clearInterval(timer);
    timer = 0;
    play.textContent = '▶';
    play.setAttribute('aria-pressed', 'false');
    play.setAttribute('aria-label', t('filters.play'));
  };
  play.addEventListener('click', () => {
    if (timer) { stop(); return; }
    let width = Number(to.value) - Number(from.value);
    if (width >= months.length - 1) { width = 11; from.value = '0'; to.value = '11'; changed(); }
    play.textContent = '⏸';
    play.setAttribute('aria-pressed', 'true');
    play.setAttribute('aria-label', t('filters.pause'));
    timer = setInterval(() => {
      if (Number(to.value) >= months.length - 1) { stop(); return; }
      from.value = String(Number(from.value) + 1);
      to.value = String(Number(from.value) + width);
      changed();
    }, 1500);
  });
}
