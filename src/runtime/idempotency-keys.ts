export interface StoredResponse {
  status: number;
  headers: Array<[string, string | number | string[]]>;
  body: Buffer;
}

export interface Entry {
  /** Undefined while the first request with the key is still running. */
  response?: StoredResponse;
  /** Bytes of the stored answer (body and headers). */
  bytes: number;
  expiresAt: number;
  /** The sandbox that made the call, so that resetting a sandbox forgets its keys. */
  sandbox: string;
}

export interface IdempotencyOptions {
  /** How many keys are kept; the oldest are forgotten first. */
  maxKeys: number;
  /** How long a key is kept (pretix documents 24 hours). */
  ttlMs: number;
  /** Bytes of stored answers kept in total (default 64 MiB); the oldest are forgotten first. */
  maxBytes?: number;
}

export const DEFAULT_IDEMPOTENCY: IdempotencyOptions = { maxKeys: 10_000, ttlMs: 24 * 3600 * 1000, maxBytes: 64 * 1024 * 1024 };

/** Statuses pretix deletes instead of storing, so that the same key can be retried. */
export const NOT_STORED = new Set([409, 429, 500, 503]);

/**
 * Remembered answers to requests with `X-Idempotency-Key`, bounded by count and age. Scoped as in
 * pretix by the Authorization value and the session cookie; method, path and body are not compared.
 */
export class IdempotencyStore {
  readonly #entries = new Map<string, Entry>();
  readonly #maxBytes: number;
  #bytes = 0;

  constructor(readonly options: IdempotencyOptions = DEFAULT_IDEMPOTENCY) {
    this.#maxBytes = options.maxBytes ?? DEFAULT_IDEMPOTENCY.maxBytes!;
    if (!(options.maxKeys >= 1) || !(options.ttlMs > 0) || !(this.#maxBytes >= 1)) throw new Error('IdempotencyStore: maxKeys, ttlMs and maxBytes must be positive');
  }

  /** Bytes of the stored answers. */
  get bytes(): number {
    return this.#bytes;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(scope: string, now = Date.now()): Entry | undefined {
    const entry = this.#entries.get(scope);
    if (entry && entry.expiresAt <= now) {
      this.#delete(scope);
      return undefined;
    }
    return entry;
  }

  lock(scope: string, sandbox: string, now = Date.now()): void {
    // Map keeps insertion order: the first entries are the oldest.
    this.#evict(now, 1);
    this.#entries.set(scope, { expiresAt: now + this.options.ttlMs, sandbox, bytes: 0 });
  }

  complete(scope: string, response: StoredResponse, now = Date.now()): void {
    const entry = this.#entries.get(scope);
    if (!entry) return;
    if (NOT_STORED.has(response.status)) return void this.#delete(scope);
    entry.response = response;
    entry.bytes = response.body.length + response.headers.reduce((n, [name, value]) => n + name.length + String(value).length, 0);
    this.#bytes += entry.bytes;
    this.#evict(now, 0);
  }

  release(scope: string): void {
    const entry = this.#entries.get(scope);
    if (entry && !entry.response) this.#delete(scope);
  }

  /** Forgets every key a sandbox used (after it is reset or deleted). */
  forgetSandbox(sandbox: string): void {
    for (const [key, entry] of this.#entries) if (entry.sandbox === sandbox) this.#delete(key);
  }

  clear(): void {
    this.#entries.clear();
    this.#bytes = 0;
  }

  /** Forgets the oldest keys (Map order) until `room` more fit and the stored answers are within bounds. */
  #evict(now: number, room: number): void {
    for (const [key, entry] of this.#entries) {
      const due = this.#entries.size + room > this.options.maxKeys || entry.expiresAt <= now;
      if (!due && this.#bytes <= this.#maxBytes) break;
      if (due || entry.response) this.#delete(key); // a running request's lock holds no bytes
    }
  }

  #delete(scope: string): void {
    const entry = this.#entries.get(scope);
    if (!entry) return;
    this.#bytes -= entry.bytes;
    this.#entries.delete(scope);
  }
}
