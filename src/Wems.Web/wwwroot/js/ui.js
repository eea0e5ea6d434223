// Small shared widgets: keyboard-navigable tabs (WAI-ARIA tabs pattern), the user menu, HTML escaping.
import { t } from './i18n.js';
import { signOut } from './auth.js';
import { fillUserMenu } from './usermenu.js';

export const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));

/** Tabs: click or Enter selects; Left/Right/Home/End move between tabs. Returns select(id). */
export function tabs(tablist, onSelect) {
  const all = () => [...tablist.querySelectorAll('[role=tab]')].filter((b) => !b.hidden);
  const select = (tab, focus = false) => {
    for (const b of all()) {
      const on = b === tab;
      b.setAttribute('aria-selected', String(on));
      b.tabIndex = on ? 0 : -1;
      document.getElementById(b.getAttribute('aria-controls')).hidden = !on;
    }
    if (focus) tab.focus();
    onSelect?.(tab.id);
  };
  tablist.addEventListener('click', (e) => { const tab = e.target.closest('[role=tab]'); if (tab) select(tab); });
  tablist.addEventListener('keydown', (e) => {
    const list = all();
    const i = list.indexOf(document.activeElement);
    if (i < 0) return;
    const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: list.length - 1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    select(list[(next + list.length) % list.length], true);
  });
  return (id) => select(document.getElementById(id));
}

/** The user menu: who is signed in, language, tokens, administration, sign-out (usermenu.js); Escape closes it. */
export function userMenu(user) {
  const button = document.getElementById('user-button');
  const menu = document.getElementById('user-menu');
  const render = () => {
    document.getElementById('user-name').textContent = user.username ?? '';
    document.getElementById('user-tier').textContent = `${t('user.signedInAs', { name: user.username ?? '' })} · ${t(`user.tier.${user.tier}`)}`;
  };
  render();
  window.addEventListener('wems:lang', render);
  fillUserMenu(menu, user);
  const close = () => { menu.hidden = true; button.setAttribute('aria-expanded', 'false'); };
  button.addEventListener('click', () => {
    menu.hidden = !menu.hidden;
    button.setAttribute('aria-expanded', String(!menu.hidden));
    if (!menu.hidden) menu.querySelector('select, a, button').focus();
  });
  menu.addEventListener('keydown', (e) => { if (e.key === 'Escape') { close(); button.focus(); } });
  document.getElementById('sign-out').addEventListener('click', async () => {
    try { await signOut(); } finally { location.assign('/signin.html'); }
  });
}

/** Fills a select with options [{value, text}], keeping the current value when it is still offered. */
export function fillSelect(select, options, { any, value } = {}) {
  const current = value ?? select.value;
  select.replaceChildren();
  if (any !== undefined) select.append(new Option(any, ''));
  for (const o of options) select.append(new Option(o.text, o.value));
  select.value = options.some((o) => o.value === current) ? current : '';
}
