import { AdminHttp, MockAdminError, type AdminHttpOptions } from './admin-http.js';
import { DatasetHandle } from './dataset-handle.js';
import { credentialsOf } from '../store/credentials.js';
import type { Fixture } from '../store/fixture-types.js';
import type { BuiltInToken } from '../store/built-in-tokens.js';
import type { Coverage, DatasetCredentials, SandboxList, SandboxSummary, Tokens } from '../control/types.js';

export { DatasetHandle, type FaultsApi, type RequestFilter } from './dataset-handle.js';

/**
 * An isolated sandbox: its own copy of the fixtures, fresh credentials in `tokens`, its own id
 * sequence. Its journal and fault verbs see only its requests. `close()` deletes it.
 * @example
 * const sb = await mock.sandbox();
 * const auth = sb.tokens['sandbox-bigevents-admin']; // "Token <32 random characters>"
 * await sb.faults.add({ times: 1, effect: { type: 'drop' } }); // only this sandbox's next request
 * await sb.close();
 */
export class MockSandbox<T extends string = string> extends DatasetHandle<T> {
  constructor(http: AdminHttp, url: string, created: DatasetCredentials) {
    super(http, url, created.id, created.tokens, created.id);
  }

  /** Deletes the sandbox; a sandbox that has already expired is fine. @example after(() => sandbox.close()); */
  async close(): Promise<void> {
    try {
      await this.http.call<void>('DELETE', `/sandboxes/${encodeURIComponent(this.id)}`);
    } catch (err) {
      if (!(err instanceof MockAdminError && err.status === 404)) throw err;
    }
  }
}

/**
 * A pretix-mock reached over HTTP (what `connectMockServer` returns): the shared dataset plus
 * the server-wide verbs. Its journal and fault verbs see every sandbox. `T`: the token names
 * (default: those of the built-in dataset).
 * @example
 * const mock = await connectMockServer('http://127.0.0.1:8080');
 * const sb = await mock.sandbox();
 * console.log(await mock.countRequests({ sandbox: sb.id }));
 */
export class MockClient<T extends string = string> extends DatasetHandle<T> {
  constructor(http: AdminHttp, url: string, tokens: Tokens) {
    super(http, url, 'shared', tokens, undefined);
  }

  /**
   * Creates an isolated sandbox from the server's fixtures (or `options.fixtures`).
   * @example
   * const sb = await mock.sandbox();
   * await fetch(`${sb.url}/api/v1/organizers/bigevents/webhooks/`, { headers: { Authorization: sb.tokens['sandbox-bigevents-admin'] } });
   * await sb.close();
   */
  sandbox(options?: { fixtures?: undefined }): Promise<MockSandbox<T>>;
  sandbox(options: { fixtures: object }): Promise<MockSandbox<string>>;
  async sandbox(options: { fixtures?: object } = {}): Promise<MockSandbox<string>> {
    const body = options.fixtures === undefined ? undefined : { fixtures: options.fixtures };
    return new MockSandbox(this.http, this.url, await this.http.call<DatasetCredentials>('POST', '/sandboxes', { body }));
  }

  /** The sandboxes that exist, least recently used first. @example const all = await mock.sandboxes(); */
  async sandboxes(): Promise<SandboxSummary[]> {
    return (await this.http.call<SandboxList>('GET', '/sandboxes')).results;
  }

  /**
   * Which documented responses clients have received, and which never.
   * @example
   * const { neverExercised } = await mock.coverage();
   */
  coverage(): Promise<Coverage> {
    return this.http.call<Coverage>('GET', '/coverage');
  }
}

/**
 * Connects to a running pretix-mock (for example in Docker) through its control plane. The
 * result has everything `startMockServer` gives except `close()`, since this process does not
 * own the server. Pass `adminToken` when the server requires one.
 * @example
 * import { connectMockServer } from 'pretix-mock';
 * const mock = await connectMockServer('http://127.0.0.1:8080', { adminToken: process.env.PRETIX_MOCK_ADMIN_TOKEN });
 * await mock.reset();
 */
export async function connectMockServer<T extends string = BuiltInToken>(url: string, options: AdminHttpOptions = {}): Promise<MockClient<T>> {
  const http = new AdminHttp(url, options);
  const state = await http.call<Fixture>('GET', '/state');
  return new MockClient<T>(http, url.replace(/\/+$/, ''), credentialsOf(state));
}
