// HTTP helpers: JSON with the user's credentials, and ProblemDetails errors as exceptions that keep the body.
import { authHeaders, requireSignIn } from './auth.js';

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

/** A request with a JSON body, or a multipart one when the body is FormData (the browser sets its Content-Type). */
export async function request(method, url, body, headers = {}) {
  const form = typeof FormData !== 'undefined' && body instanceof FormData;
  const response = await fetch(url, {
    method,
    headers: { Accept: 'application/json', ...(body === undefined || form ? {} : { 'Content-Type': 'application/json' }), ...authHeaders(), ...headers },
    body: body === undefined || form ? body : JSON.stringify(body),
  });
  if (response.status === 401 && Object.keys(authHeaders()).length > 0) {
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
