import type { Problem } from '../control/types.js';

/**
 * A control-plane call was answered with an error status.
 * @example
 * try {
 *   await mock.setState({ organizers: 'none' });
 * } catch (err) {
 *   if (err instanceof MockAdminError) console.log(err.status, err.body); // 400 { detail, errors: [{ path, message }] }
 * }
 */
export class MockAdminError extends Error {
  override name = 'MockAdminError';
  constructor(
    /** The HTTP status. */
    readonly status: number,
    /** The `{"detail", "errors"?}` body (or the raw text when it was not JSON). */
    readonly body: { detail?: string; errors?: Problem[] } | string,
    /** `METHOD /__admin/...` of the failed call. */
    readonly call: string,
  ) {
    const detail = typeof body === 'string' ? body : (body.detail ?? '');
    const problems = typeof body === 'string' ? [] : (body.errors ?? []).map((p) => `${p.path}: ${p.message}`);
    super(`${call} → ${status}: ${[detail, ...problems].filter(Boolean).join('; ')}`);
  }
}

export interface AdminHttpOptions {
  /** Sent as `Authorization: Bearer <adminToken>` on every call. */
  adminToken?: string;
  /** Each call fails after this many milliseconds. Default 30,000. */
  timeoutMs?: number;
}

type Query = Record<string, string | number | boolean | undefined>;

/** A small fetch wrapper for `/__admin/`: JSON in, JSON out, MockAdminError on error statuses. */
export class AdminHttp {
  readonly #base: string;
  readonly #headers: Record<string, string>;
  readonly #timeoutMs: number;

  constructor(baseUrl: string, options: AdminHttpOptions = {}) {
    this.#base = baseUrl.replace(/\/+$/, '');
    this.#headers = options.adminToken ? { authorization: `Bearer ${options.adminToken}` } : {};
    this.#timeoutMs = options.timeoutMs ?? 30_000;
  }

  async call<T>(method: string, path: string, options: { query?: Query; body?: unknown } = {}): Promise<T> {
    const url = new URL(`${this.#base}/__admin${path}`);
    for (const [name, value] of Object.entries(options.query ?? {})) if (value !== undefined) url.searchParams.set(name, String(value));
    const headers = { ...this.#headers, ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}) };
    const res = await fetch(url, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(this.#timeoutMs),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      // not JSON: keep the text for the error
    }
    if (!res.ok) throw new MockAdminError(res.status, body as MockAdminError['body'], `${method} ${url.pathname}${url.search}`);
    return body as T;
  }
}
