import type { Request, Response } from 'express';
import { authenticate } from './authentication.js';
import { Errors } from './errors.js';
import { sessionCookie, setApiViewHeaders, siteUrlOf } from './middleware-headers.js';
import { negotiate } from './negotiation.js';
import { newSessionKey } from './session-key.js';
import { rawQuery, requestOrigin } from './site-url.js';
import type { ResourceRoute } from '../resources/resource.js';
import type { Problem } from '../../spec/problem.js';
import type { Sandbox } from '../../store/sandbox.js';

/** What the pipeline knows of a request when DRF's view takes it. */
export interface DispatchRequest {
  route: ResourceRoute;
  sandbox: Sandbox;
  /** The path as requested. */
  path: string;
  /** The parsed body, or the parse error DRF raises when it is read. */
  body: () => unknown;
  violations: readonly Problem[];
  /** The mock's clock. */
  now: Date;
  /** pretix's SITE_URL for `public_url`; default: the origin the request was addressed to. */
  siteUrl?: string;
}

/**
 * DRF's APIView.dispatch for every resource: content negotiation (format suffix, `?format=`,
 * Accept: 404, 406), authentication in pretix's class order (where OAuth's class is reached, the
 * body is parsed: 400/415 before 401/403), the resource's permission (403, or 401 when no
 * credential authenticated), the method (405), then the action.
 */
export async function dispatch(req: Request, res: Response, request: DispatchRequest): Promise<void> {
  const { route: { resource, params }, sandbox, body } = request;
  const siteUrl = siteUrlOf(req, request.siteUrl);
  setApiViewHeaders(res, siteUrl, resource.allow);
  const query = rawQuery(req);
  negotiate(req.headers.accept, query, params.format);
  const data = sandbox.data;
  const principal = authenticate(req.headers.authorization, data, () => void body());
  if (principal?.kind === 'oauth') res.setHeader('Set-Cookie', sessionCookie(newSessionKey()));
  if (!principal) throw Errors.notAuthenticated();
  if (!resource.permission({ principal, method: req.method, params, data })) throw Errors.permissionDenied();
  const action = resource.actions[req.method];
  if (!action) throw Errors.methodNotAllowed(req.method);
  await action({
    req, res, params, principal, sandbox, data, path: request.path, query, origin: requestOrigin(req),
    siteUrl: siteUrl.replace(/\/+$/, ''), now: request.now, body, violations: request.violations,
  });
}
