// The sign-in page: a user name and password exchanged for a session cookie by auth.js, then back to where the user was.
import { applyI18n, bindLanguagePickers, t } from './i18n.js';
import { signIn, SignInError } from './auth.js';

applyI18n();
bindLanguagePickers();
const params = new URLSearchParams(location.search);
const message = document.getElementById('signin-message');
if (params.get('reason') === 'expired') message.textContent = t('signin.expired');
// Only a path of this site is followed after sign-in, never another origin.
const next = (params.get('next') ?? '/').startsWith('/') && !(params.get('next') ?? '').startsWith('//') ? params.get('next') ?? '/' : '/';

document.getElementById('signin-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const form = e.target;
  const button = form.querySelector('button');
  button.disabled = true;
  message.textContent = '';
  try {
    await signIn(form.username.value.trim(), form.password.value);
    location.assign(next);
  } catch (error) {
    const status = error instanceof SignInError ? error.status : 0;
    message.textContent = status === 401 ? t('signin.failed') : status === 429 ? t('signin.locked') : t('signin.error', { status });
    form.password.value = '';
    form.password.focus();
  } finally {
    button.disabled = false;
  }
});
document.getElementById('username').focus();
