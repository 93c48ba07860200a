import type { RequestHandler } from 'express';
import { dispatch } from '../../pretix/drf/dispatch.js';
import { readBody } from '../body-state.js';
import { contextOf } from '../context.js';

export interface ViewOptions {
  /** The mock's clock. */
  now: () => Date;
  /** pretix's SITE_URL; default: the origin the request was addressed to. */
  siteUrl?: string;
}

/** The last phase: DRF's dispatch of the resolved resource; a path no resource matched goes on to Django's 404. */
export function view(options: ViewOptions): RequestHandler {
  return async function pretixView(req, res, next) {
    const ctx = contextOf(req);
    if (!ctx.route) return next();
    await dispatch(req, res, {
      route: ctx.route, sandbox: ctx.sandbox, path: ctx.path, body: () => readBody(ctx.body), violations: ctx.violations, now: options.now(), siteUrl: options.siteUrl,
    });
  };
}
