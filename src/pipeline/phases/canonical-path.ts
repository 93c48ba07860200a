import type { RequestHandler } from 'express';
import { contextOf } from '../context.js';

/**
 * The spec (and its validator) names a resource's paths without DRF's format suffix: a suffixed
 * request is shown to the validator and the view under the canonical path (the query kept). The
 * context keeps the path as requested.
 */
export const canonicalPath: RequestHandler = function canonicalPath(req, _res, next) {
  const { route } = contextOf(req);
  if (!route?.resource.canonicalPath || route.params.format === undefined) return next();
  const query = req.url.indexOf('?');
  req.url = route.resource.canonicalPath(route.params) + (query < 0 ? '' : req.url.slice(query));
  next();
};
