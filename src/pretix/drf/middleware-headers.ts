import type { ServerResponse } from 'node:http';
import type { Request, Response } from 'express';

/**
 * The headers pretix's middleware stack puts on its answers (measured on pretix 2026.8.0, the
 * release the mock declares): the multi-domain middleware (`Vary: Host`) and Django's
 * LocaleMiddleware (`Content-Language`, `Accept-Language` added to Vary) on every answer; on the
 * API views' answers also the session (`Vary: Cookie`), pretix's SecurityMiddleware
 * (Content-Security-Policy from the site URL unless the answer is JSON or CSS, P3P) and
 * XFrameOptionsMiddleware. Django's own pages (404, APPEND_SLASH redirects) get only the first set.
 * The ones added to the finished answer are applyResponseMiddleware's: the pipeline's response tap
 * runs it before the head of an `/api/` answer is written, Django's own pages call it themselves.
 */

/** The policies of the last site URLs seen (one per origin a client addressed, or the configured one). */
const policies = new Map<string, string>();

/** The Content-Security-Policy pretix sends for API answers, built from its site URL (once per origin). */
export function contentSecurityPolicy(siteUrl: string): string {
  let policy = policies.get(siteUrl);
  if (policy === undefined) {
    if (policies.size >= 64) policies.clear(); // Host headers are the client's: bounded
    policies.set(siteUrl, (policy = buildPolicy(siteUrl)));
  }
  return policy;
}

function buildPolicy(siteUrl: string): string {
  const s = siteUrl;
  return `default-src 'self' ${s}; script-src 'self' ${s}; object-src 'none'; frame-src 'self' ${s}; style-src 'self' ${s}; ` +
    `connect-src 'self' ${s}; img-src 'self' data: ${s}; font-src 'self' ${s}; media-src 'self' data: ${s}; form-action 'self' http: ${s} https:`;
}

/** The origin that plays pretix's site URL: the configured one, else the origin the request was sent to. */
export function siteUrlOf(req: Request, configured: string | undefined): string {
  if (configured) return configured;
  return `http://${req.headers.host ?? `${req.socket.localAddress}:${req.socket.localPort}`}`;
}

/** The media types pretix's SecurityMiddleware sends no Content-Security-Policy with. */
const NO_CSP_TYPES = new Set(['application/json', 'text/css']);

/** Django's patch_vary_headers: `name` appended unless Vary lists it already. */
function patchVary(res: ServerResponse, name: string): void {
  const vary = String(res.getHeader('Vary') ?? '');
  const names = vary.split(',').map((v) => v.trim().toLowerCase()).filter(Boolean);
  if (names.includes(name.toLowerCase()) || names.includes('*')) return;
  res.setHeader('Vary', vary.trim() === '' ? name : `${vary}, ${name}`);
}

/**
 * What the response middleware does to the finished answer (as the middleware sees the answer the
 * view made: its Content-Type, its Vary). Run it just before the head is written; it is idempotent.
 */
export function applyResponseMiddleware(res: ServerResponse): void {
  if (res.headersSent) return;
  if (!res.hasHeader('Content-Language')) res.setHeader('Content-Language', 'en');
  patchVary(res, 'Accept-Language');
  const type = String(res.getHeader('Content-Type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (NO_CSP_TYPES.has(type)) res.removeHeader('Content-Security-Policy');
}

/** Every `/api/` answer: what Django's middleware adds to any response before the view runs. */
export function setDjangoHeaders(res: Response): void {
  res.setHeader('Vary', 'Host');
}

/** An answer of a DRF view (JSON, 204): the full set. `allow` is the view's Allow header. */
export function setApiViewHeaders(res: Response, siteUrl: string, allow: string): void {
  setDjangoHeaders(res);
  res.setHeader('Allow', allow);
  res.setHeader('Content-Language', 'en');
  res.setHeader('Content-Security-Policy', contentSecurityPolicy(siteUrl));
  res.setHeader('P3P', 'CP="ALL DSP COR CUR ADM TAI OUR IND COM NAV INT"');
  res.setHeader('Vary', 'Accept-Language, Cookie, Host');
  res.setHeader('X-Frame-Options', 'DENY');
}

/** The session cookie's name and lifetime (Django's SESSION_COOKIE_AGE, two weeks). */
export const SESSION_COOKIE = 'pretix_session';
const SESSION_AGE_S = 1_209_600;

/**
 * The session cookie an OAuth-authenticated answer carries (django-oauth-toolkit stores the
 * token's user in a new session), attributes in Django's order.
 */
export function sessionCookie(key: string, now = Date.now()): string {
  const expires = new Date(now + SESSION_AGE_S * 1000).toUTCString();
  return `${SESSION_COOKIE}=${key}; expires=${expires}; HttpOnly; Max-Age=${SESSION_AGE_S}; Path=/`;
}
