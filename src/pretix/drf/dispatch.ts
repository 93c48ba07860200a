import type { RequestHandler } from 'express';
import { rawQuery, requestOrigin } from './site-url.js';
import { authenticate } from '../authentication.js';
import { Errors } from '../errors.js';
import { sessionCookie, setApiViewHeaders, siteUrlOf } from '../middleware-headers.js';
import { negotiate } from '../negotiation.js';
import type { ResourceRoute } from '../resources/resource.js';
import { newSessionKey } from '../webhook-view.js';
import { requestState } from '../../http/request-state.js';

export interface ResourceViewOptions {
  /** The mock's clock. */
  now: () => Date;
  /** pretix's SITE_URL for `public_url`; default: the origin the request was addressed to. */
  siteUrl?: string;
}

const routes = new WeakMap<object, ResourceRoute>();

/** Remembers the registry route a request resolved to (set once, at the start of the pipeline). */
export function setResourceRoute(req: object, route: ResourceRoute | undefined): void {
  if (route) routes.set(req, route);
}

export function resourceRouteOf(req: object): ResourceRoute | undefined {
  return routes.get(req);
}

/**
 * DRF's APIView.dispatch for the registry resources, as the webhook view does it: content
 * negotiation (format suffix, `?format=`, Accept: 404, 406), authentication in pretix's class
 * order (where OAuth's class is reached, the body is parsed: 400/415 first), the resource's
 * permission (403, or 401 when no credential authenticated), the method (405), then the action.
 */
export function resourceView(options: ResourceViewOptions): RequestHandler {
  return async function pretixResource(req, res, next) {
    const route = resourceRouteOf(req);
    const state = requestState(req);
    const sandbox = state.sandbox;
    if (!route || !sandbox) return next();
    const { resource, params } = route;
    const siteUrl = siteUrlOf(req, options.siteUrl);
    setApiViewHeaders(res, siteUrl, resource.allow);
    const query = rawQuery(req);
    negotiate(req.headers.accept, query, params.format);
    const data = sandbox.data;
    const principal = authenticate(req.headers.authorization, data, () => {
      if (state.bodyError) throw state.bodyError;
    });
    if (principal?.kind === 'oauth') res.setHeader('Set-Cookie', sessionCookie(newSessionKey()));
    if (!principal) throw Errors.notAuthenticated();
    if (!resource.permission({ principal, method: req.method, params, data })) throw Errors.permissionDenied();
    const action = resource.actions[req.method];
    if (!action) throw Errors.methodNotAllowed(req.method);
    await action({ req, res, params, principal, data, query, origin: requestOrigin(req), siteUrl: siteUrl.replace(/\/+$/, ''), now: options.now() });
  };
}
