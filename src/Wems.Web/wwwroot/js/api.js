// HTTP helpers: JSON with the session cookie (and antiforgery token), and ProblemDetails errors as exceptions that keep the body.
import { csrfHeaders, csrfToken, CSRF_HEADER, signedInHint, requireSignIn } from './auth.js';

export class ProblemError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem ?? {};
  }
}

async function problemOf(response) {
  try { return await response.json(); } catch { return null; }
}

/**
 * A request with a JSON body, or a multipart one when the body is FormData (the browser sets its Content-Type).
 * The session cookie goes along; a request that changes something carries the antiforgery token, renewed once
 * when the server says it is missing or stale. A 401 of a signed-in page sends the user to sign in again.
 */
export async function request(method, url, body, headers = {}) {
  const form = typeof FormData !== 'undefined' && body instanceof FormData;
  const send = async (extra) => fetch(url, {
    method,
    credentials: 'same-origin',
    headers: { Accept: 'application/json', ...(body === undefined || form ? {} : { 'Content-Type': 'application/json' }), ...extra, ...headers },
    body: body === undefined || form ? body : JSON.stringify(body),
  });
  let response = await send(await csrfHeaders(method));
  if (response.status === 400 && method !== 'GET' && /antiforgery/i.test((await problemOf(response.clone()))?.title ?? '')) {
    const token = await csrfToken(true);
    response = await send(token ? { [CSRF_HEADER]: token } : {});
  }
  if (response.status === 401 && signedInHint()) {
    requireSignIn('expired');
    throw new ProblemError(401, await problemOf(response));
  }
  if (!response.ok) throw new ProblemError(response.status, await problemOf(response));
  return { status: response.status, headers: response.headers, body: response.status === 204 ? null : await response.json() };
}

export const getJson = async (url) => (await request('GET', url)).body;

/** Query string from an object, leaving out empty values. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}
