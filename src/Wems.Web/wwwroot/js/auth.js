// Every authentication call of the UI lives here. Sign-in is by cookie: POST /api/auth/signin sets an HttpOnly
// session cookie (the page never sees it; it goes along with every request to this server, tiles and OGC
// collections included) and answers who the user is with the antiforgery token, which every POST, PUT, PATCH or
// DELETE sends as X-CSRF-TOKEN. GET /api/auth/me says who is signed in; POST /api/auth/signout ends it.
// See docs/security.md.

/** A hint that this browser signed in (the user name): without it a page goes to sign-in without asking. Not a credential. */
const HINT = 'wems.signedIn';
/** The antiforgery request token of this tab (from the sign-in answer or GET /api/auth/antiforgery). */
const CSRF = 'wems.csrf';
export const CSRF_HEADER = 'X-CSRF-TOKEN';

export class SignInError extends Error {
  constructor(status) { super(`sign-in failed (${status})`); this.status = status; }
}

/** The user name this browser signed in with, or null: whether a page should ask the server who is signed in. */
export function signedInHint() {
  try { return localStorage.getItem(HINT); } catch { return null; }
}

function forget() {
  try { localStorage.removeItem(HINT); sessionStorage.removeItem(CSRF); } catch { /* storage unavailable */ }
}

export async function signIn(username, password) {
  const response = await fetch('/api/auth/signin', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!response.ok) throw new SignInError(response.status);
  const me = await response.json();
  localStorage.setItem(HINT, me.username);
  if (me.csrfToken) sessionStorage.setItem(CSRF, me.csrfToken);
  return me;
}

/** The antiforgery token of the signed-in user; asked for again when `renew` (a 400 said it was missing or stale). */
export async function csrfToken(renew = false) {
  const kept = renew ? null : sessionStorage.getItem(CSRF);
  if (kept) return kept;
  const response = await fetch('/api/auth/antiforgery', { credentials: 'same-origin', headers: { Accept: 'application/json' }, cache: 'no-store' });
  if (!response.ok) return null;
  const { token } = await response.json();
  sessionStorage.setItem(CSRF, token);
  return token;
}

/** Headers a request of this method needs besides the cookie: the antiforgery token when it changes something. */
export async function csrfHeaders(method) {
  if (['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase())) return {};
  const token = await csrfToken();
  return token ? { [CSRF_HEADER]: token } : {};
}

export async function signOut() {
  try {
    await fetch('/api/auth/signout', { method: 'POST', credentials: 'same-origin', headers: await csrfHeaders('POST') });
  } finally {
    forget();
  }
}

/** Sends the user to the sign-in page, coming back to this very view (hash included) afterwards. */
export function requireSignIn(reason) {
  if (reason) forget();
  const next = encodeURIComponent(location.pathname + location.search + location.hash);
  location.replace(`/signin.html?next=${next}${reason ? `&reason=${reason}` : ''}`);
}

/**
 * Who the user is (GET /api/auth/me: username, displayName, organisation, country, region, roles, tier) and the
 * collections the server lists for them (the layers the map may offer; the ids only, without the extents that
 * /ogc/collections computes). A 401 raises a ProblemError.
 */
export async function whoAmI(getJson) {
  const me = await getJson('/api/auth/me');
  return { ...me, collections: new Set(me.collections) };
}
