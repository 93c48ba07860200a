import type { RequestHandler } from 'express';
import { PACKAGE_VERSION, PRETIX_VERSION } from '../version.js';

/** The body of `GET /__admin/health`. */
export type { Health } from './types.js';
import type { Health } from './types.js';

/**
 * `GET /__admin/health`: liveness for container healthchecks and load balancers. It needs no
 * credentials, also when the control plane is guarded, and answers whatever the dataset holds.
 */
export function healthCheck(): RequestHandler {
  const startedAt = performance.now();
  return function getHealth(_req, res) {
    const body: Health = {
      status: 'ok',
      version: PACKAGE_VERSION,
      uptime_seconds: Math.round(performance.now() - startedAt) / 1000,
      pretix_version: PRETIX_VERSION,
    };
    res.json(body);
  };
}
