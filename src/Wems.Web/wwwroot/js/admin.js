// The admin pages (/admin.html): users, organisations, region members and the audit log, over /api/admin. The server
// decides who may do what (the system administrator everything; an organisation's admin its own users and the audit
// entries of its users) and answers 403 otherwise; the page only leaves out what the caller cannot use. See
// docs/security.md and docs/ui.md.
import { applyI18n, bindLanguagePickers, t } from './i18n.js';
import { signedInHint, requireSignIn, whoAmI } from './auth.js';
import { getJson } from './api.js';
import { userMenu, tabs } from './ui.js';
import { isAdmin } from './usermenu.js';
import { mountUsers } from './adminusers.js';
import { mountOrganisations, mountRegions } from './adminorgs.js';
import { mountAudit } from './adminaudit.js';

applyI18n();
bindLanguagePickers();
if (!signedInHint()) requireSignIn();
else start().catch((error) => {
  console.error(error);
  const denied = document.getElementById('admin-denied');
  denied.hidden = false;
  denied.textContent = t('error.load', { what: t('admin.title'), status: error.status ?? error.message });
});

async function start() {
  const user = await whoAmI(getJson);
  userMenu(user);
  document.getElementById('nav-import').hidden = user.tier !== 'national';
  if (!isAdmin(user)) {
    document.getElementById('admin-denied').hidden = false;
    return;
  }
  const system = user.roles.includes('system-admin');
  const scope = document.getElementById('admin-scope');
  const sayScope = () => {
    scope.textContent = system ? t('admin.scopeSystem') : t('admin.scopeOrganisation', { organisation: user.organisation });
  };
  sayScope();
  window.addEventListener('wems:lang', sayScope);
  document.getElementById('admin-body').hidden = false;

  // Region members are the system administrator's alone: an organisation admin is not offered the tab.
  document.getElementById('tab-regions').hidden = !system;
  const context = { user, system };
  const views = {
    'tab-users': () => mountUsers(document.getElementById('view-users'), context),
    'tab-organisations': () => mountOrganisations(document.getElementById('view-organisations'), context),
    'tab-regions': () => mountRegions(document.getElementById('view-regions'), context),
    'tab-audit': () => mountAudit(document.getElementById('view-audit'), context),
  };
  const mounted = new Set();
  const show = (id) => {
    if (mounted.has(id)) return;
    mounted.add(id);
    views[id]().catch((error) => {
      console.error(error);
      document.getElementById(document.getElementById(id).getAttribute('aria-controls')).textContent =
        t('error.load', { what: document.getElementById(id).textContent, status: error.status ?? error.message });
    });
  };
  const select = tabs(document.getElementById('admin-tabs'), show);
  select('tab-users');
}
