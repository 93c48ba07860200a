import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { AdminErrors } from './admin-errors.js';
import { isDashboardRequest } from './routes/dashboard-routes.js';

/**
 * Who may use `/__admin/`: everybody (`open`, the default on a loopback address), only holders of
 * the admin token (`{ token }`), or nobody (`disabled`: a non-loopback address without a token).
 */
export type AdminAccess = 'open' | 'disabled' | { token: string };

/** Paths under `/__admin/` that stay reachable whatever the access (Docker's HEALTHCHECK; the dashboard too, see isDashboardRequest). */
const EXEMPT = new Set(['/health']);

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * Guards the control plane only; the pretix API keeps pretix's own authentication. The token is
 * compared in constant time and never echoed.
 */
export function adminGuard(options: { access: AdminAccess }): RequestHandler {
  const { access } = options;
  if (access !== 'open' && access !== 'disabled' && !(typeof access?.token === 'string' && access.token.length > 0)) {
    throw new Error('adminGuard: access must be "open", "disabled" or { token } with a non-empty token');
  }
  const expected = typeof access === 'object' ? digest(access.token) : undefined;
  return function guardControlPlane(req, _res, next) {
    if (access === 'open' || EXEMPT.has(req.path) || isDashboardRequest(req)) return next();
    if (access === 'disabled') return next(AdminErrors.controlPlaneDisabled());
    const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(req.headers.authorization ?? '');
    if (!m) return next(AdminErrors.adminTokenMissing());
    if (!timingSafeEqual(digest(m[1]!), expected!)) return next(AdminErrors.adminTokenInvalid());
    next();
  };
}

/** Whether a bound address is loopback (127.0.0.0/8, ::1 or an IPv4-mapped 127.x address). */
export function isLoopback(address: string): boolean {
  return address === '::1' || /^(::ffff:)?127\./i.test(address);
}
