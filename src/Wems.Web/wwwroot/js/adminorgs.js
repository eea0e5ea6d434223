// The organisations and region-members views of the admin pages. The system administrator creates and edits
// organisations (agencies with a country, regional organisations with a region) and sets the member countries of a
// region; an organisation admin sees its own organisation only, read-only (the API answers 403 to anything more).
import { t, fmt } from './i18n.js';
import { getJson, request } from './api.js';
import { esc } from './ui.js';
import { field, clearErrors, showProblem } from './forms.js';

export async function mountOrganisations(root, { system }) {
  let organisations = [];
  let editing = null;
  const load = async () => { organisations = await getJson('/api/admin/organisations'); };
  const render = () => {
    const o = organisations.find((x) => x.code === editing) ?? {};
    root.innerHTML = `<h3>${esc(t('admin.organisations'))}</h3>
      <p id="orgs-status" class="note" aria-live="polite"></p>
      <div class="scroll"><table class="data list" id="orgs-table"><caption class="sr-only">${esc(t('admin.organisations'))}</caption>
      <thead><tr>${['admin.code', 'account.name', 'admin.country', 'admin.kind', 'admin.region', ...(system ? ['admin.actions'] : [])]
        .map((k) => `<th scope="col">${esc(t(k))}</th>`).join('')}</tr></thead>
      <tbody>${organisations.map((x) => `<tr data-organisation="${esc(x.code)}"><th scope="row">${esc(x.code)}</th><td>${esc(x.name)}</td>
        <td>${esc(x.country ? fmt.country(x.country) : '')}</td><td>${esc(x.kind)}</td><td>${esc(x.region ?? '')}</td>
        ${system ? `<td><button type="button" data-edit="${esc(x.code)}" aria-label="${esc(t('admin.editNamed', { name: x.code }))}">${esc(t('admin.edit'))}</button></td>` : ''}</tr>`).join('')}</tbody></table></div>
      ${system ? `<form id="org-form" novalidate><fieldset><legend>${esc(editing ? t('admin.editNamed', { name: editing }) : t('admin.createOrganisation'))}</legend>
        <div class="row">${field('org', 'code', t('admin.code'), { value: o.code ?? '', required: true, attrs: editing ? 'readonly' : 'autocomplete="off"' })}
        ${field('org', 'name', t('account.name'), { value: o.name ?? '', required: true })}</div>
        <div class="row">${field('org', 'country', t('admin.countryHint'), { value: o.country ?? '', attrs: 'maxlength="2"' })}
        ${field('org', 'region', t('admin.regionHint'), { value: o.region ?? '' })}
        ${field('org', 'kind', t('admin.kind'), { value: o.kind ?? '' })}</div>
        <p class="field-error form-error" aria-live="polite"></p>
        <div class="buttons"><button type="submit" class="primary">${esc(editing ? t('admin.save') : t('admin.createOrganisation'))}</button>
        ${editing ? `<button type="button" id="org-cancel">${esc(t('admin.cancel'))}</button>` : ''}</div></fieldset></form>` : ''}`;
    for (const b of root.querySelectorAll('button[data-edit]')) {
      b.addEventListener('click', () => { editing = b.dataset.edit; render(); root.querySelector('#org-name').focus(); });
    }
    root.querySelector('#org-cancel')?.addEventListener('click', () => { editing = null; render(); });
    const form = root.querySelector('#org-form');
    form?.addEventListener('submit', async (e) => {
      e.preventDefault();
      clearErrors(form);
      const f = form.elements;
      const text = (el) => el.value.trim() || null;
      const body = { code: text(f.code), name: text(f.name), country: text(f.country)?.toUpperCase() ?? null, region: text(f.region)?.toUpperCase() ?? null, kind: text(f.kind) };
      try {
        if (editing) await request('PUT', `/api/admin/organisations/${encodeURIComponent(editing)}`, body);
        else await request('POST', '/api/admin/organisations', body);
        const name = body.code;
        editing = null;
        await load();
        render();
        root.querySelector('#orgs-status').textContent = t('admin.organisationSaved', { name });
      } catch (error) { showProblem(form, error); }
    });
  };
  await load();
  render();
  window.addEventListener('wems:lang', render);
}

export async function mountRegions(root) {
  let regions = [];
  const load = async () => { regions = await getJson('/api/admin/regions'); };
  const render = () => {
    root.innerHTML = `<h3>${esc(t('admin.regions'))}</h3><p class="note">${esc(t('admin.regionsIntro'))}</p>
      <p id="regions-status" class="note" aria-live="polite"></p>
      ${regions.map((r, i) => `<form class="region-form" data-region="${esc(r.code)}" novalidate><fieldset><legend>${esc(r.name)} (${esc(r.code)})</legend>
        ${field(`region${i}`, 'name', t('account.name'), { value: r.name, required: true })}
        ${field(`region${i}`, 'members', t('admin.members'), { value: r.members.join(', '), required: true })}
        <p class="note">${esc(r.members.map(fmt.country).join(', '))}</p>
        <p class="field-error form-error" aria-live="polite"></p>
        <button type="submit" class="primary">${esc(t('admin.save'))}</button></fieldset></form>`).join('')}`;
    for (const form of root.querySelectorAll('form.region-form')) {
      form.addEventListener('submit', async (e) => {
        e.preventDefault();
        clearErrors(form);
        const code = form.dataset.region;
        const members = form.elements.members.value.split(/[\s,;]+/).map((m) => m.trim().toUpperCase()).filter(Boolean);
        try {
          await request('PUT', `/api/admin/regions/${encodeURIComponent(code)}`, { name: form.elements.name.value.trim(), members });
          await load();
          render();
          root.querySelector('#regions-status').textContent = t('admin.regionSaved', { name: code });
        } catch (error) { showProblem(form, error); }
      });
    }
  };
  await load();
  render();
  window.addEventListener('wems:lang', render);
}
