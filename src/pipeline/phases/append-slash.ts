import type { RequestHandler } from 'express';
import { sendAppendSlashNotFound, sendPermanentRedirect } from '../../pretix/drf/django-pages.js';
import { isPretixPath } from '../../pretix/resources/registry.js';
import { contextOf } from '../context.js';

const NO_REDIRECT = new Set(['POST', 'PUT', 'PATCH']);

/**
 * pretix's CustomCommonMiddleware (Django's APPEND_SLASH): a path without its trailing slash whose
 * slashed form is a pretix URL gets a 301 to it (query kept), except POST, PUT and PATCH, which
 * get a 404 because the body would be lost. Runs before authentication.
 */
export const appendSlash: RequestHandler = function appendSlash(req, res, next) {
  const path = req.path;
  if (path.endsWith('/') || contextOf(req).route !== null || !isPretixPath(`${path}/`)) return next();
  if (NO_REDIRECT.has(req.method)) return sendAppendSlashNotFound(res);
  const query = req.originalUrl.indexOf('?');
  sendPermanentRedirect(res, `${path}/${query >= 0 ? req.originalUrl.slice(query) : ''}`);
};
