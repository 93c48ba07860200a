import type { Request, Response } from 'express';

/**
 * The headers pretix's middleware stack puts on its answers (measured on pretix 2026.5):
 * SecurityMiddleware (Cross-Origin-Opener-Policy, Referrer-Policy, X-Content-Type-Options) and
 * the multi-domain middleware (`Vary: Host`) on every answer; on the API views' answers also
 * LocaleMiddleware (Content-Language, `Vary: Accept-Language`), the session (`Vary: Cookie`),
 * pretix's SecurityMiddleware (Content-Security-Policy from the site URL, P3P) and
 * XFrameOptionsMiddleware. Django's own pages (404, APPEND_SLASH redirects) get only the first set.
 */

/** The Content-Security-Policy pretix sends for API answers, built from its site URL. */
export function contentSecurityPolicy(siteUrl: string): string {
  const s = siteUrl;
  return `default-src 'self' ${s}; script-src 'self' ${s}; object-src 'none'; frame-src 'self' ${s}; style-src 'self' ${s}; ` +
    `connect-src 'self' ${s}; img-src 'self' data: ${s}; font-src 'self' ${s}; media-src 'self' data: ${s}; form-action 'self' http: ${s} https:`;
}

/** The origin that plays pretix's site URL: the configured one, else the origin the request was sent to. */
export function siteUrlOf(req: Request, configured: string | undefined): string {
  if (configured) return configured;
  return `http://${req.headers.host ?? `${req.socket.localAddress}:${req.socket.localPort}`}`;
}

/** Every `/api/` answer: what Django's middleware adds to any response. */
export function setDjangoHeaders(res: Response): void {
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Referrer-Policy', 'same-origin');
  res.setHeader('Vary', 'Host');
  res.setHeader('X-Content-Type-Options', 'nosniff');
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
