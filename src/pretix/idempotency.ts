import type { RequestHandler } from 'express';
import { Errors } from './errors.js';
import { captureResponse } from '../http/capture-response.js';

/** The cookie pretix's idempotency scope includes next to the Authorization value. */
const SESSION_COOKIE = 'pretix_session';

interface StoredResponse {
  status: number;
  headers: Array<[string, string | number | string[]]>;
  body: Buffer;
}

interface Entry {
  /** Undefined while the first request with the key is still running. */
  response?: StoredResponse;
  expiresAt: number;
  /** The sandbox that made the call, so that resetting a sandbox forgets its keys. */
  sandbox: string;
}

export interface IdempotencyOptions {
  /** How many keys are kept; the oldest are forgotten first. */
  maxKeys: number;
  /** How long a key is kept (pretix documents 24 hours). */
  ttlMs: number;
}

export const DEFAULT_IDEMPOTENCY: IdempotencyOptions = { maxKeys: 10_000, ttlMs: 24 * 3600 * 1000 };

/** Statuses pretix deletes instead of storing, so that the same key can be retried. */
const NOT_STORED = new Set([409, 429, 500, 503]);

/**
 * Remembered answers to requests with `X-Idempotency-Key`, bounded by count and age. Scoped as in
 * pretix by the Authorization value and the session cookie; method, path and body are not compared.
 */
export class IdempotencyStore {
  readonly #entries = new Map<string, Entry>();

  constructor(readonly options: IdempotencyOptions = DEFAULT_IDEMPOTENCY) {
    if (!(options.maxKeys >= 1) || !(options.ttlMs > 0)) throw new Error('IdempotencyStore: maxKeys and ttlMs must be positive');
  }

  get size(): number {
    return this.#entries.size;
  }

  get(scope: string, now = Date.now()): Entry | undefined {
    const entry = this.#entries.get(scope);
    if (entry && entry.expiresAt <= now) {
      this.#entries.delete(scope);
      return undefined;
    }
    return entry;
  }

  lock(scope: string, sandbox: string, now = Date.now()): void {
    // Map keeps insertion order: the first entries are the oldest.
    for (const [key, entry] of this.#entries) {
      if (this.#entries.size < this.options.maxKeys && entry.expiresAt > now) break;
      this.#entries.delete(key);
    }
    this.#entries.set(scope, { expiresAt: now + this.options.ttlMs, sandbox });
  }

  complete(scope: string, response: StoredResponse): void {
    const entry = this.#entries.get(scope);
    if (!entry) return;
    if (NOT_STORED.has(response.status)) this.#entries.delete(scope);
    else entry.response = response;
  }

  release(scope: string): void {
    const entry = this.#entries.get(scope);
    if (entry && !entry.response) this.#entries.delete(scope);
  }

  /** Forgets every key a sandbox used (after it is reset or deleted). */
  forgetSandbox(sandbox: string): void {
    for (const [key, entry] of this.#entries) if (entry.sandbox === sandbox) this.#entries.delete(key);
  }

  clear(): void {
    this.#entries.clear();
  }
}

function sessionCookie(header: string | undefined): string {
  if (!header) return '';
  for (const part of header.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return value.join('=');
  }
  return '';
}

/**
 * pretix's IdempotencyMiddleware for `/api/` requests other than GET, HEAD and OPTIONS: the first
 * request with a key runs and its answer is stored; later ones get it replayed (status, headers,
 * body); a duplicate that arrives while the first still runs gets 409 with `Retry-After: 5`.
 */
export function idempotency(store: IdempotencyStore, sandboxOf: (authorization: string | undefined) => string): RequestHandler {
  return function idempotencyKeys(req, res, next) {
    const key = req.headers['x-idempotency-key'];
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS' || typeof key !== 'string' || key === '') {
      return next();
    }
    const scope = `${req.headers.authorization ?? ''}:${sessionCookie(req.headers.cookie)}\u0000${key}`;
    const entry = store.get(scope);
    if (entry?.response) {
      const { status, headers, body } = entry.response;
      res.statusCode = status;
      for (const [name, value] of headers) res.setHeader(name, value);
      res.end(body);
      return;
    }
    if (entry) return next(Errors.idempotencyConflict());
    store.lock(scope, sandboxOf(req.headers.authorization));
    captureResponse(res, (body) => {
      const headers = Object.entries(res.getHeaders()).filter(
        (h): h is [string, string | number | string[]] => h[1] !== undefined,
      );
      store.complete(scope, { status: res.statusCode, headers, body });
    });
    res.on('close', () => store.release(scope));
    next();
  };
}
