import { createHash } from 'node:crypto';
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import { Errors } from '../../pretix/drf/errors.js';
import type { IdempotencyStore } from '../../runtime/idempotency-keys.js';
import { contextOf } from '../context.js';

/** The cookie pretix's idempotency scope includes next to the Authorization value. */
const SESSION_COOKIE = 'pretix_session';

function sessionCookie(header: string | undefined): string {
  if (!header) return '';
  for (const part of header.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return value.join('=');
  }
  return '';
}

/** What a key is scoped by, as in pretix: the Authorization value, the session cookie and the key. */
export function idempotencyScope(authorization: string | undefined, cookie: string | undefined, key: string): string {
  return `${authorization ?? ''}:${sessionCookie(cookie)}\u0000${key}`;
}

/**
 * pretix's IdempotencyMiddleware for `/api/` requests other than GET, HEAD and OPTIONS: the first
 * request with a key runs and its answer is stored; later ones get it replayed (status, headers,
 * body); a duplicate that arrives while the first still runs gets 409 with `Retry-After: 5`.
 */
export function idempotency(store: IdempotencyStore): RequestHandler {
  return function idempotencyKeys(req, res, next) {
    const key = req.headers['x-idempotency-key'];
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS' || typeof key !== 'string' || key === '') {
      return next();
    }
    // Hashed, as pretix hashes the credentials: the store holds no Authorization values and no
    // 16 kB keys, whatever clients send.
    const scope = createHash('sha256').update(idempotencyScope(req.headers.authorization, req.headers.cookie, key)).digest('base64');
    const entry = store.get(scope);
    if (entry?.response) {
      replayStoredAnswer(res, entry.response);
      return;
    }
    if (entry) return next(Errors.idempotencyConflict());
    store.lock(scope, contextOf(req).sandbox.id);
    contextOf(req).tap.afterSend((answer) => {
      store.complete(scope, { status: answer.status, headers: storableHeaders(answer.headers), body: answer.body });
    });
    res.on('close', () => store.release(scope));
    next();
  };
}

/** The headers pretix stores with an answer: all but cookies. */
export function storableHeaders(headers: OutgoingHttpHeaders): Array<[string, string | number | string[]]> {
  return Object.entries(headers).filter((h): h is [string, string | number | string[]] => h[1] !== undefined && h[0] !== 'set-cookie');
}

/**
 * Sends a stored answer again. pretix replays into a new HttpResponse, whose Content-Type is
 * Django's default unless the stored headers name one (a 204 stored none).
 */
export function replayStoredAnswer(res: ServerResponse, stored: { status: number; headers: ReadonlyArray<readonly [string, string | number | readonly string[]]>; body: Buffer }): void {
  res.statusCode = stored.status;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  for (const [name, value] of stored.headers) res.setHeader(name, value as string | number | string[]);
  res.end(stored.body);
}
