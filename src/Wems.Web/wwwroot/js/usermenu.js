// The user menu's contents: who is signed in (name, organisation, role, tier), the language, links to the
// access-token page and, for administrators, to the admin pages; sign-out stays last. Built here so that every
// signed-in page gets the same menu from the same markup (#user-menu with #user-tier and #sign-out).
import { t, lang, setLang, languages } from './i18n.js';
import { esc } from './ui.js';

/** True when the user administers something: the system administrator, or an organisation's admin. */
export const isAdmin = (user) => (user.roles ?? []).some((r) => r === 'admin' || r === 'system-admin');

const roleLabel = (role) => t(`account.role.${role}`);

/** Fills the menu (once) and re-labels it when the language changes. */
export function fillUserMenu(menu, user) {
  const box = document.createElement('div');
  box.className = 'user-details';
  const links = document.createElement('ul');
  links.className = 'menu-links';
  const picker = document.createElement('label');
  picker.className = 'menu-lang';
  menu.insertBefore(box, menu.querySelector('#sign-out'));
  menu.insertBefore(picker, menu.querySelector('#sign-out'));
  menu.insertBefore(links, menu.querySelector('#sign-out'));

  const render = () => {
    box.innerHTML = `<dl class="props">
      <dt>${esc(t('account.name'))}</dt><dd id="user-display">${esc(user.displayName || user.username)}</dd>
      <dt>${esc(t('account.organisation'))}</dt><dd id="user-organisation">${esc(user.organisation ?? t('account.noOrganisation'))}</dd>
      <dt>${esc(t('account.role'))}</dt><dd id="user-role">${esc((user.roles ?? []).map(roleLabel).join(', '))}</dd></dl>`;
    picker.innerHTML = `<span>${esc(t('nav.language'))}</span> <select id="menu-lang">${languages
      .map((code) => `<option value="${code}"${code === lang() ? ' selected' : ''}>${esc(t(`lang.${code}`))}</option>`).join('')}</select>`;
    picker.querySelector('select').addEventListener('change', (e) => setLang(e.target.value));
    const items = [['/tokens.html', 'nav.tokens', 'menu-tokens']];
    if (isAdmin(user)) items.push(['/admin.html', 'nav.admin', 'menu-admin']);
    links.innerHTML = items.map(([href, key, id]) => `<li><a id="${id}" href="${href}"${location.pathname === href ? ' aria-current="page"' : ''}>${esc(t(key))}</a></li>`).join('');
  };
  render();
  window.addEventListener('wems:lang', render);
}
