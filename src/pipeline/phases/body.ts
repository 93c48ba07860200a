import type { RequestHandler } from 'express';
import getRawBody from 'raw-body';
import { Errors } from '../../pretix/drf/errors.js';
import { contextOf } from '../context.js';

const hasBody = (headers: Record<string, unknown>) =>
  headers['transfer-encoding'] !== undefined || (headers['content-length'] !== undefined && headers['content-length'] !== '0');

/**
 * Reads the raw body into the context (and `req.body`, a Buffer), refusing bodies over `limit` bytes with 413
 * before reading them when Content-Length announces the size, or as soon as the limit is passed.
 * Content-Encoding is not undone, as Django does not undo it either.
 */
export function readRawBody(options: { limit: number }): RequestHandler {
  if (!Number.isInteger(options.limit) || options.limit < 1) throw new Error('readRawBody: limit must be a positive integer');
  const { limit } = options;
  return async function rawBody(req, res, next) {
    const ctx = contextOf(req);
    if (!hasBody(req.headers)) {
      req.body = undefined;
      return next();
    }
    try {
      req.body = await getRawBody(req, { length: req.headers['content-length'], limit });
      ctx.body = { kind: 'raw', bytes: req.body as Buffer };
      next();
    } catch (err) {
      const type = (err as { type?: string }).type;
      if (type === 'entity.too.large') {
        // The rest of the body is never read: close the connection after answering.
        res.setHeader('Connection', 'close');
        return next(Errors.payloadTooLarge(limit));
      }
      if (type === 'request.aborted') return; // the client left; nobody to answer
      res.setHeader('Connection', 'close');
      next(Errors.jsonParseError((err as Error).message));
    }
  };
}
