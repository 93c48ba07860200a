import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ReplicaUnavailable, type Replication } from '../store/replication.js';

/**
 * With `--redis`: before any request is served, this replica applies every write acknowledged
 * anywhere (one XRANGE when nothing is new), so a client that wrote through another replica
 * reads its write here. Without Redis the state could be stale: the request is refused (503).
 */
export function replicaBarrier(replication: Replication): RequestHandler {
  return function catchUp(_req, _res, next) {
    replication.catchUp().then(() => next(), next);
  };
}

/**
 * Renders ReplicaUnavailable as 503 `{"detail"}` with Retry-After. Sent as is, like a fault: it
 * is the mock's own condition, not one of pretix's answers the spec describes.
 */
export const replicaErrors: ErrorRequestHandler = function replicaErrors(err, _req, res, next) {
  if (!(err instanceof ReplicaUnavailable) || res.headersSent) return next(err);
  const text = JSON.stringify({ detail: err.message });
  res.statusCode = 503;
  res.setHeader('Content-Type', 'application/json');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.setHeader('Retry-After', String(err.retryAfter));
  res.end(text);
};
