// Every label, legend and message of the UI, in English and French; dates and numbers through Intl.
// Static markup names its text with data-i18n="key" (text), data-i18n-attr="attr:key;attr:key" (attributes).
import { en } from './lang/en.js';
import { fr } from './lang/fr.js';

const dictionaries = { en, fr };
const KEY = 'wems.lang';

export const languages = Object.keys(dictionaries);

export function lang() {
  const stored = localStorage.getItem(KEY);
  if (stored && dictionaries[stored]) return stored;
  return (navigator.language || 'en').toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

/** Switches the language, re-labels the static markup and tells the dynamic parts (event 'wems:lang'). */
export function setLang(code) {
  if (!dictionaries[code]) return;
  localStorage.setItem(KEY, code);
  applyI18n();
  window.dispatchEvent(new CustomEvent('wems:lang', { detail: code }));
}

/** The text of key in the current language (English when a French entry is missing), with {name} placeholders filled. */
export function t(key, vars) {
  const text = dictionaries[lang()][key] ?? en[key] ?? key;
  return vars ? text.replace(/\{(\w+)\}/g, (_, name) => (name in vars ? String(vars[name]) : `{${name}}`)) : text;
}

export function applyI18n(root = document) {
  document.documentElement.lang = lang();
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-attr]')) {
    for (const pair of el.dataset.i18nAttr.split(';')) {
      const [attr, key] = pair.split(':');
      el.setAttribute(attr.trim(), t(key.trim()));
    }
  }
  for (const select of root.querySelectorAll('select.lang-select')) select.value = lang();
}

/** Wires every language picker of the page. */
export function bindLanguagePickers(root = document) {
  for (const select of root.querySelectorAll('select.lang-select')) {
    select.value = lang();
    select.addEventListener('change', () => setLang(select.value));
  }
}

export const fmt = {
  number: (n, digits = 0) => new Intl.NumberFormat(lang(), { maximumFractionDigits: digits }).format(n),
  date: (iso) => (iso ? new Intl.DateTimeFormat(lang(), { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${iso.slice(0, 10)}T00:00:00Z`)) : ''),
  month: (ym) => new Intl.DateTimeFormat(lang(), { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${ym}-01T00:00:00Z`)),
  monthName: (m) => new Intl.DateTimeFormat(lang(), { month: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(2001, m - 1, 1))),
  country: (iso2) => {
    if (!iso2) return '';
    try { return new Intl.DisplayNames([lang()], { type: 'region' }).of(iso2) ?? iso2; } catch { return iso2; }
  },
};

/** The label of a code-list row ({code, label_en, label_fr}) in the current language. */
export const label = (row) => (row ? row[`label_${lang()}`] || row.label_en || row.code : '');
