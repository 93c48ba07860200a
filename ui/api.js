// The control plane's HTTP API, as the dashboard uses it: same origin, JSON in and out, the
// admin token (if the page was given one) as `Authorization: Bearer`.
const TOKEN_KEY = 'pretix-mock-admin-token';

/** A non-2xx answer: `status` and the parsed body (the control plane's `{detail, errors}`). */
export class ApiError extends Error {
  constructor(status, body) {
    super(body && typeof body === 'object' && body.detail ? body.detail : `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

const listeners = new Set();

/** Called with true when the control plane wants a (different) token, false once a call succeeds. */
export function onAuthNeeded(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export const token = {
  get: () => sessionStorage.getItem(TOKEN_KEY) ?? '',
  set(value) {
    if (value) sessionStorage.setItem(TOKEN_KEY, value);
    else sessionStorage.removeItem(TOKEN_KEY);
  },
};

/** Calls `/__admin<path>`; query values that are undefined or '' are left out. */
export async function api(method, path, { query, body } = {}) {
  const url = new URL(`/__admin${path}`, location.origin);
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== '') url.searchParams.set(k, String(v));
  const headers = {};
  if (token.get()) headers.authorization = `Bearer ${token.get()}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = text;
  }
  for (const l of listeners) l(res.status === 401);
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

/** The text to show for a failed call, with the problems a 400 lists. */
export function errorText(err) {
  if (!(err instanceof ApiError)) return String(err?.message ?? err);
  const problems = Array.isArray(err.body?.errors) ? err.body.errors.map((p) => `${p.path}: ${p.message}`) : [];
  return [`${err.status}: ${err.message}`, ...problems].join('\n');
}
