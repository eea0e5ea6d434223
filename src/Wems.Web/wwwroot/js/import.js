// The import page (national users): the templates, a file uploaded to POST /api/imports with its options (dry
// run, all-or-nothing or per case), the import polled at GET /api/imports/{id} for its progress, then its counts
// and every problem by row, reference and column. See docs/import.md.
import { applyI18n, bindLanguagePickers, t } from './i18n.js';
import { signedInHint, requireSignIn, whoAmI } from './auth.js';
import { getJson, request, query, ProblemError } from './api.js';
import { userMenu } from './ui.js';
import { finished, statusText, resultHtml, reportHtml } from './importview.js';

const POLL_MS = 500;

applyI18n();
bindLanguagePickers();
if (!signedInHint()) requireSignIn();
else start().catch((error) => {
  console.error(error);
  document.getElementById('import-denied').hidden = false;
  document.getElementById('import-denied').textContent = t('error.load', { what: 'WEMS', status: error.status ?? error.message });
});

async function start() {
  const user = await whoAmI(getJson);
  userMenu(user);
  if (user.tier !== 'national') {
    document.getElementById('import-denied').hidden = false;
    return;
  }
  document.getElementById('import-body').hidden = false;
  const form = document.getElementById('import-form');
  const box = document.getElementById('import-job');
  const status = document.getElementById('import-status');
  const progress = document.getElementById('import-progress');
  const result = document.getElementById('import-result');
  const report = document.getElementById('import-report');
  let job = null;

  const show = () => {
    if (!job) return;
    box.hidden = false;
    box.dataset.status = job.status;
    box.dataset.id = job.id;
    status.textContent = statusText(job);
    progress.max = Math.max(job.rowsTotal, 1);
    progress.value = finished(job) && job.rowsTotal === 0 ? 1 : job.rowsProcessed;
    result.innerHTML = resultHtml(job);
    report.innerHTML = reportHtml(job);
  };
  window.addEventListener('wems:lang', show);

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const file = form.file.files[0];
    const button = form.querySelector('button[type=submit]');
    if (!file) {
      box.hidden = false;
      status.textContent = t('import.noFile');
      return;
    }
    button.disabled = true;
    box.dataset.status = 'posting';
    delete box.dataset.id;
    status.textContent = t('import.sending');
    result.innerHTML = '';
    report.innerHTML = '';
    try {
      const body = new FormData();
      body.append('file', file, file.name);
      const options = query({ dryRun: String(form.dryRun.checked), mode: form.mode.value });
      job = (await request('POST', `/api/imports${options}`, body)).body;
      show();
      while (!finished(job)) {
        await new Promise((resolve) => { setTimeout(resolve, POLL_MS); });
        job = await getJson(`/api/imports/${job.id}`);
        show();
      }
    } catch (error) {
      box.hidden = false;
      box.dataset.status = 'error';
      const problem = error instanceof ProblemError ? error.problem : {};
      const fields = Object.entries(problem.errors ?? {}).map(([k, v]) => `${k}: ${[].concat(v).join(' ')}`).join('; ');
      status.textContent = t('import.failedToSend', { detail: [error.message, fields].filter(Boolean).join(' — ') });
    } finally {
      button.disabled = false;
    }
  });
}
