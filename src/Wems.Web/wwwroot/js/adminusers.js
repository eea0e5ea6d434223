// The users view of the admin pages: list (by organisation for the system administrator), create, edit (name,
// role, organisation, disabled), password reset. POST/PUT /api/admin/users...; problems shown under their field.
import { t } from './i18n.js';
import { getJson, request, query } from './api.js';
import { esc } from './ui.js';
import { field, clearErrors, showProblem } from './forms.js';

const ROLES = ['officer', 'analyst', 'regional-analyst', 'admin', 'system-admin'];

export async function mountUsers(root, { user, system }) {
  const organisations = await getJson('/api/admin/organisations');
  let filter = system ? '' : user.organisation;
  let users = [];
  let editing = null;
  const roleOptions = () => ({ options: ROLES.filter((r) => system || r !== 'system-admin').map((r) => ({ value: r, text: t(`account.role.${r}`) })) });
  const orgOptions = (withNone) => ({ options: [
    ...(withNone ? [{ value: '', text: t('account.noOrganisation') }] : []),
    ...organisations.map((o) => ({ value: o.code, text: `${o.name} (${o.code})` })),
  ] });

  const state = (u) => [u.disabled ? t('admin.disabled') : t('admin.enabled'), u.lockedOut ? t('admin.locked') : ''].filter(Boolean).join(', ');
  const table = () => (users.length === 0 ? `<p>${esc(t('admin.noUsers'))}</p>` : `<table class="data list" id="users-table">
    <caption class="sr-only">${esc(t('admin.users'))}</caption>
    <thead><tr>${['account.username', 'account.name', 'account.organisation', 'account.role', 'admin.state', 'admin.actions']
      .map((k) => `<th scope="col">${esc(t(k))}</th>`).join('')}</tr></thead>
    <tbody>${users.map((u) => `<tr data-user="${esc(u.username)}"><th scope="row">${esc(u.username)}</th><td>${esc(u.displayName)}</td>
      <td>${esc(u.agencyCode ?? '')}</td><td>${esc(t(`account.role.${u.role}`))}</td><td>${esc(state(u))}</td>
      <td><button type="button" data-edit="${esc(u.username)}" aria-label="${esc(t('admin.editNamed', { name: u.username }))}">${esc(t('admin.edit'))}</button></td></tr>`).join('')}</tbody></table>`);

  const editForms = () => {
    if (!editing) return '';
    const u = users.find((x) => x.username === editing);
    if (!u) return '';
    return `<form id="user-edit" novalidate><fieldset><legend>${esc(t('admin.editNamed', { name: u.username }))}</legend>
      ${field('edit', 'displayName', t('account.name'), { value: u.displayName, required: true })}
      ${field('edit', 'role', t('account.role'), { kind: roleOptions(), value: u.role })}
      ${system ? field('edit', 'organisation', t('account.organisation'), { kind: orgOptions(true), value: u.agencyCode ?? '' }) : ''}
      ${field('edit', 'disabled', t('admin.disable'), { kind: 'checkbox', value: u.disabled })}
      <p class="field-error form-error" aria-live="polite"></p>
      <div class="buttons"><button type="submit" class="primary">${esc(t('admin.save'))}</button>
      <button type="button" id="edit-cancel">${esc(t('admin.cancel'))}</button></div></fieldset></form>
      <form id="user-password" novalidate><fieldset><legend>${esc(t('admin.resetNamed', { name: u.username }))}</legend>
      ${field('reset', 'password', t('account.newPassword'), { kind: 'password', required: true, attrs: 'autocomplete="new-password" minlength="12"' })}
      <p class="note">${esc(t('admin.passwordRule'))}</p>
      <p class="field-error form-error" aria-live="polite"></p>
      <button type="submit">${esc(t('admin.resetPassword'))}</button></fieldset></form>`;
  };

  const render = () => {
    root.innerHTML = `<h3>${esc(t('admin.users'))}</h3>
      ${system ? `<label class="inline">${esc(t('admin.showOrganisation'))} <select id="users-filter">
        <option value="">${esc(t('admin.allOrganisations'))}</option>${organisations.map((o) => `<option value="${esc(o.code)}"${o.code === filter ? ' selected' : ''}>${esc(o.name)} (${esc(o.code)})</option>`).join('')}</select></label>` : ''}
      <p id="users-status" class="note" aria-live="polite"></p>
      <div class="scroll">${table()}</div>
      <div id="user-edit-box">${editForms()}</div>
      <form id="user-create" novalidate><fieldset><legend>${esc(t('admin.createUser'))}</legend>
        <div class="row">${field('new', 'username', t('account.username'), { required: true, attrs: 'autocomplete="off"' })}
        ${field('new', 'displayName', t('account.name'), { required: true })}</div>
        <div class="row">${field('new', 'organisation', t('account.organisation'), { kind: orgOptions(system), value: system ? filter : user.organisation })}
        ${field('new', 'role', t('account.role'), { kind: roleOptions(), value: 'officer' })}</div>
        ${field('new', 'password', t('account.password'), { kind: 'password', required: true, attrs: 'autocomplete="new-password" minlength="12"' })}
        <p class="note">${esc(t('admin.passwordRule'))}</p>
        ${field('new', 'disabled', t('admin.disable'), { kind: 'checkbox' })}
        <p class="field-error form-error" aria-live="polite"></p>
        <button type="submit" class="primary">${esc(t('admin.createUser'))}</button></fieldset></form>`;
    wire();
  };

  const load = async () => {
    users = await getJson(`/api/admin/users${query({ organisation: filter })}`);
  };
  const say = (text) => { root.querySelector('#users-status').textContent = text; };

  const wire = () => {
    root.querySelector('#users-filter')?.addEventListener('change', async (e) => {
      filter = e.target.value;
      editing = null;
      await load();
      render();
      root.querySelector('#users-filter').focus();
    });
    for (const button of root.querySelectorAll('button[data-edit]')) {
      button.addEventListener('click', () => {
        editing = button.dataset.edit;
        render();
        root.querySelector('#edit-displayName').focus();
      });
    }
    const create = root.querySelector('#user-create');
    create.addEventListener('submit', async (e) => {
      e.preventDefault();
      clearErrors(create);
      const f = create.elements;
      const body = { username: f.username.value.trim(), displayName: f.displayName.value.trim(), organisation: f.organisation.value || null,
        role: f.role.value, password: f.password.value, disabled: f.disabled.checked };
      try {
        await request('POST', '/api/admin/users', body);
        await load();
        render();
        say(t('admin.userCreated', { name: body.username }));
      } catch (error) { showProblem(create, error); }
    });
    const edit = root.querySelector('#user-edit');
    edit?.addEventListener('submit', async (e) => {
      e.preventDefault();
      const f = edit.elements;
      const body = { displayName: f.displayName.value.trim(), role: f.role.value, disabled: f.disabled.checked };
      if (f.organisation) body.organisation = f.organisation.value || null;
      try {
        await request('PUT', `/api/admin/users/${encodeURIComponent(editing)}`, body);
        const name = editing;
        editing = null;
        await load();
        render();
        say(t('admin.userSaved', { name }));
      } catch (error) { showProblem(edit, error); }
    });
    root.querySelector('#edit-cancel')?.addEventListener('click', () => { editing = null; render(); });
    const reset = root.querySelector('#user-password');
    reset?.addEventListener('submit', async (e) => {
      e.preventDefault();
      try {
        await request('POST', `/api/admin/users/${encodeURIComponent(editing)}/password`, { password: reset.elements.password.value });
        reset.reset();
        clearErrors(reset);
        say(t('admin.passwordReset', { name: editing }));
      } catch (error) { showProblem(reset, error); }
    });
  };

  await load();
  render();
  window.addEventListener('wems:lang', render);
}
