import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { requestNote } from '../http/request-note.js';
import { WARM_UP_HEADER } from '../http/warm-up-header.js';

/**
 * One pino line per answered request: method, path, status, duration (ms), sandbox, operationId.
 * Headers, query strings and bodies are never logged, so Authorization values cannot leak. The
 * server's own warm-up requests are not logged. This is pino directly rather than pino-http:
 * measured on this machine, pino-http adds 42-52 µs of CPU to every request (two child loggers
 * per request, even when silent), this middleware 5-11 µs (bench/README.md).
 */
export function requestLog(logger: Logger): RequestHandler {
  return function logRequest(req, res, next) {
    if (!logger.isLevelEnabled('info') || req.headers[WARM_UP_HEADER] !== undefined) return next();
    const note = requestNote(req);
    // Read now: routers mounted under a prefix (`/__admin`) shorten `req.path` while they run.
    const path = req.path;
    res.once('finish', () => {
      const level = res.statusCode >= 500 ? 'error' : 'info';
      logger[level]({
        method: req.method,
        path,
        status: res.statusCode,
        duration: Number(process.hrtime.bigint() - note.startedAt) / 1e6,
        sandbox: note.sandbox,
        operationId: note.operationId,
      }, 'request');
    });
    next();
  };
}
