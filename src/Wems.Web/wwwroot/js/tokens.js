// The access-token page (any signed-in user): create a personal access token (its secret shown once, with a copy
// button), list one's tokens and revoke them. POST/GET/DELETE /api/auth/tokens; see docs/security.md.
import { applyI18n, bindLanguagePickers, t } from './i18n.js';
import { signedInHint, requireSignIn, whoAmI } from './auth.js';
import { getJson, request } from './api.js';
import { userMenu, esc } from './ui.js';
import { clearErrors, showProblem } from './forms.js';

applyI18n();
bindLanguagePickers();
if (!signedInHint()) requireSignIn();
else start().catch((error) => {
  console.error(error);
  document.getElementById('token-status').textContent = t('error.load', { what: t('tokens.title'), status: error.status ?? error.message });
});

const dateTime = (iso) => (iso ? new Intl.DateTimeFormat(document.documentElement.lang, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)) : '');

async function start() {
  const user = await whoAmI(getJson);
  userMenu(user);
  document.getElementById('nav-import').hidden = user.tier !== 'national';
  const form = document.getElementById('token-form');
  const table = document.getElementById('token-table');
  const status = document.getElementById('token-status');
  let tokens = [];

  const render = () => {
    if (tokens.length === 0) {
      table.innerHTML = `<p>${esc(t('tokens.none'))}</p>`;
      return;
    }
    const head = ['tokens.name', 'tokens.prefix', 'tokens.created', 'tokens.expires', 'tokens.state', 'tokens.actions'];
    table.innerHTML = `<table class="data list"><caption class="sr-only">${esc(t('tokens.list'))}</caption><thead><tr>${head.map((k) => `<th scope="col">${esc(t(k))}</th>`).join('')}</tr></thead><tbody>${tokens.map((k) => `<tr data-token="${k.id}">
      <th scope="row">${esc(k.name)}</th><td><code>${esc(k.prefix)}…</code></td><td>${esc(dateTime(k.createdAt))}</td><td>${esc(dateTime(k.expiresAt))}</td>
      <td class="token-state">${esc(k.active ? t('tokens.active') : k.revokedAt ? t('tokens.revoked') : t('tokens.expired'))}</td>
      <td>${k.active ? `<button type="button" data-revoke="${k.id}" aria-label="${esc(t('tokens.revokeNamed', { name: k.name }))}">${esc(t('tokens.revoke'))}</button>` : ''}</td></tr>`).join('')}</tbody></table>`;
    for (const button of table.querySelectorAll('button[data-revoke]')) {
      button.addEventListener('click', async () => {
        const token = tokens.find((k) => String(k.id) === button.dataset.revoke);
        if (!window.confirm(t('tokens.confirmRevoke', { name: token.name }))) return;
        try {
          await request('DELETE', `/api/auth/tokens/${token.id}`);
          status.textContent = t('tokens.revokedNamed', { name: token.name });
          await load();
        } catch (error) {
          status.textContent = t('error.load', { what: t('tokens.title'), status: error.status ?? error.message });
        }
      });
    }
  };
  const load = async () => {
    tokens = await getJson('/api/auth/tokens');
    render();
  };
  window.addEventListener('wems:lang', render);

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const days = form.elements.expiresInDays.value.trim();
    const body = { name: form.elements.name.value.trim(), expiresInDays: days === '' ? null : Number(days) };
    try {
      const { body: created } = await request('POST', '/api/auth/tokens', body);
      const box = document.getElementById('token-created');
      box.hidden = false;
      document.getElementById('token-secret').value = created.token;
      document.getElementById('token-copied').textContent = '';
      document.getElementById('token-secret').focus();
      document.getElementById('token-secret').select();
      form.reset();
      status.textContent = t('tokens.createdNamed', { name: created.name });
      await load();
    } catch (error) {
      showProblem(form, error);
    }
  });

  document.getElementById('token-copy').addEventListener('click', async () => {
    const secret = document.getElementById('token-secret');
    const said = document.getElementById('token-copied');
    try {
      await navigator.clipboard.writeText(secret.value);
      said.textContent = t('tokens.copied');
    } catch {
      // Without clipboard access (plain HTTP, or a browser that asks): select it for Ctrl+C.
      secret.focus();
      secret.select();
      said.textContent = t('tokens.copyByHand');
    }
  });
  await load();
  document.body.dataset.ready = 'true';
}
