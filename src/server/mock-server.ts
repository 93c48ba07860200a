import type { AdminHttp } from '../client/admin-http.js';
import { MockClient } from '../client/mock-client.js';

/**
 * A running pretix-mock (what `startMockServer` returns): the control plane's client for it,
 * plus `close()` and how `/__admin/` is guarded.
 * @example
 * const mock = await startMockServer({ journalSize: 200 });
 * after(() => mock.close());
 */
export class MockServer<T extends string = string> extends MockClient<T> {
  readonly #close: () => Promise<void>;

  constructor(
    http: AdminHttp,
    url: string,
    tokens: Record<string, string>,
    /** `/__admin/` is `open` (loopback), `guarded` (admin token) or `disabled` (non-loopback without a token). */
    readonly controlPlane: 'open' | 'guarded' | 'disabled',
    close: () => Promise<void>,
  ) {
    super(http, url, tokens);
    this.#close = close;
  }

  /**
   * Stops accepting connections, ends held requests, finishes in-flight ones (at most 5 s),
   * writes the coverage report if asked, and flushes the store. Safe to call twice.
   * @example after(() => mock.close());
   */
  close(): Promise<void> {
    return this.#close();
  }
}

