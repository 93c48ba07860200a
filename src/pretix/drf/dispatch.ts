import type { RequestHandler } from 'express';
import { rawQuery, requestOrigin } from './site-url.js';
import { authenticate } from '../authentication.js';
import { Errors } from '../errors.js';
import { negotiate } from '../negotiation.js';
import type { ResourceRoute } from '../resources/resource.js';
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
 * DRF's APIView.dispatch for the registry resources: the format suffix and content negotiation
 * (404, 406), authentication (401), the resource's permission (403, or 401 when no credential
 * authenticated), the method (405), then the action.
 */
export function resourceView(options: ResourceViewOptions): RequestHandler {
  return async function pretixResource(req, res, next) {
    const route = resourceRouteOf(req);
    const sandbox = requestState(req).sandbox;
    if (!route || !sandbox) return next();
    const { resource, params } = route;
    res.setHeader('Vary', 'Accept, Accept-Language');
    res.setHeader('Allow', resource.allow);
    res.setHeader('Content-Language', 'en');
    res.setHeader('X-Frame-Options', 'DENY');
    const query = rawQuery(req);
    // A format suffix wins over `?format=`; either way the Accept header is still negotiated.
    if (params.format !== undefined && params.format !== 'json') throw Errors.notFound();
    negotiate(req.headers.accept, params.format !== undefined ? '' : query);
    const data = sandbox.data;
    const principal = authenticate(req.headers.authorization, data);
    if (!principal) throw Errors.notAuthenticated();
    if (!resource.permission({ principal, method: req.method, params, data })) throw Errors.permissionDenied();
    const action = resource.actions[req.method];
    if (!action) throw Errors.methodNotAllowed(req.method);
    const origin = requestOrigin(req);
    await action({ req, res, params, principal, data, query, origin, siteUrl: options.siteUrl ?? origin, now: options.now() });
  };
}
