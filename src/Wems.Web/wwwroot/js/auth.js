// Every authentication call of the UI lives here, so that cookie sign-in (/api/auth/signin, /api/auth/me) can
// replace the bearer token without touching the views. Today: POST /api/auth/token, the token kept for the tab
// (sessionStorage) and sent on fetches and on MapLibre's tile and source requests.

const KEY = 'wems.session';

export class SignInError extends Error {
  constructor(status) { super(`sign-in failed (${status})`); this.status = status; }
}

function stored() {
  try { return JSON.parse(sessionStorage.getItem(KEY)); } catch { return null; }
}

/** The signed-in session ({username, token, expires}) or null when absent or expired. */
export function session() {
  const s = stored();
  return s && s.expires > Date.now() ? s : null;
}

export async function signIn(username, password) {
  const response = await fetch('/api/auth/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!response.ok) throw new SignInError(response.status);
  const token = await response.json();
  sessionStorage.setItem(KEY, JSON.stringify({
    username, token: token.accessToken, expires: Date.now() + (token.expiresIn ?? 3600) * 1000,
  }));
}

export function signOut() {
  sessionStorage.removeItem(KEY);
}

/** Headers that authenticate a request of the signed-in user (none when anonymous). */
export function authHeaders() {
  const s = session();
  return s ? { Authorization: `Bearer ${s.token}` } : {};
}

/** Sends the user to the sign-in page, coming back to this very view (hash included) afterwards. */
export function requireSignIn(reason) {
  const next = encodeURIComponent(location.pathname + location.search + location.hash);
  location.replace(`/signin.html?next=${next}${reason ? `&reason=${reason}` : ''}`);
}

/**
 * Who the user is and what the server lets them see. Until /api/auth/me exists this is read from what the
 * server itself publishes for the caller: the collections it lists (a cases collection only for national and
 * regional tiers) and the cases queryables (nominal fields only in the national tier).
 */
export async function whoAmI(getJson) {
  const s = session();
  const collections = await getJson('/ogc/collections');
  const ids = new Set(collections.collections.map((c) => c.id));
  let tier = 'public';
  if (ids.has('cases')) {
    const queryables = await getJson('/ogc/collections/cases/queryables');
    tier = 'offenders' in (queryables.properties ?? {}) ? 'national' : 'regional';
  }
  return { username: s?.username ?? null, tier, collections: ids };
}
