import { AdminHttp, MockAdminError, type AdminHttpOptions } from './admin-http.js';
import { credentialsOf } from '../store/credentials.js';
import type { Fixture } from '../store/fixture-types.js';
import type {
  Coverage, DatasetCredentials, FaultList, FaultRule, FaultRuleInput, JournalEntry, JournalMatcher, JournalPage, RequestCount,
  SandboxList, SandboxSummary, Tokens,
} from '../control/types.js';

/** A journal query by method, path (exact or `*`/`**` pattern), operationId, status and sandbox. */
export type RequestFilter = Pick<JournalMatcher, 'method' | 'path' | 'operationId' | 'status' | 'sandbox'>;

/** `faults.add()`, `faults.list()`, `faults.clear()`. */
export interface FaultsApi {
  /**
   * Adds a fault rule for pretix API requests.
   * @example
   * await mock.faults.add({ match: { operationId: 'createWebhook' }, times: 1, effect: { type: 'respond', status: 503 } });
   */
  add(rule: FaultRuleInput): Promise<FaultRule>;
  /** The rules (of this sandbox, on a sandbox), with their `hits` and `remaining`. */
  list(): Promise<FaultRule[]>;
  /** Removes the rules (of this sandbox, on a sandbox). */
  clear(): Promise<void>;
}

/**
 * What the shared dataset and each sandbox offer. On the server object the journal and fault
 * verbs see every request; on a sandbox they are limited to that sandbox.
 */
export abstract class DatasetHandle {
  /** Fault rules. */
  readonly faults: FaultsApi;
  protected readonly http: AdminHttp;
  #tokens: Tokens;

  protected constructor(
    http: AdminHttp,
    /** Base URL of the mock, for example `http://127.0.0.1:41234`. */
    readonly url: string,
    /** The dataset: `shared`, or the sandbox id. */
    readonly id: string,
    tokens: Tokens,
    private readonly scope: string | undefined,
  ) {
    this.http = http;
    this.#tokens = tokens;
    const sandbox = { sandbox: scope };
    this.faults = {
      add: (rule) => http.call<FaultRule>('POST', '/faults', { body: scope ? { ...rule, match: { ...rule.match, sandbox: scope } } : rule }),
      list: async () => (await http.call<FaultList>('GET', '/faults', { query: sandbox })).results,
      clear: () => http.call<void>('DELETE', '/faults', { query: sandbox }),
    };
  }

  /** Authorization header values of the dataset's credentials, keyed by the fixture's token string. */
  get tokens(): Readonly<Tokens> {
    return this.#tokens;
  }

  /**
   * Returns the dataset to its fixtures (webhooks, id sequence, idempotency keys).
   * @example
   * beforeEach(() => mock.reset());
   */
  async reset(): Promise<void> {
    this.#tokens = (await this.http.call<DatasetCredentials>('POST', '/reset', { query: { sandbox: this.id } })).tokens;
  }

  /** The dataset in the fixture format. @example const doc = await mock.state(); */
  state(): Promise<Fixture> {
    return this.http.call<Fixture>('GET', '/state', { query: { sandbox: this.id } });
  }

  /**
   * Replaces the dataset with a fixture document (checked like a fixture file).
   * @example
   * await mock.setState({ ...(await mock.state()), webhooks: [] });
   */
  async setState(doc: object): Promise<void> {
    this.#tokens = (await this.http.call<DatasetCredentials>('PUT', '/state', { query: { sandbox: this.id }, body: doc })).tokens;
  }

  /**
   * The recorded pretix API requests that match, oldest first.
   * @example
   * const [entry] = await mock.requests({ method: 'POST', path: '/api/v1/organizers/bigevents/webhooks/' });
   */
  async requests(filter: RequestFilter = {}): Promise<JournalEntry[]> {
    const query = { ...filter, sandbox: this.scope ?? filter.sandbox };
    return (await this.http.call<JournalPage>('GET', '/requests', { query })).results;
  }

  /**
   * How many recorded requests match, for example "PATCH with enabled=false exactly once".
   * @example
   * assert.equal(await mock.countRequests({ method: 'PATCH', body: { enabled: false } }), 1);
   */
  async countRequests(matcher: JournalMatcher = {}): Promise<number> {
    const body = this.scope ? { ...matcher, sandbox: this.scope } : matcher;
    return (await this.http.call<RequestCount>('POST', '/requests/count', { body })).count;
  }

  /** Forgets the recorded requests (of this sandbox, on a sandbox). @example await mock.clearRequests(); */
  clearRequests(): Promise<void> {
    return this.http.call<void>('DELETE', '/requests', { query: { sandbox: this.scope } });
  }
}

/**
 * An isolated sandbox: its own copy of the fixtures, fresh credentials in `tokens`, its own id
 * sequence. `close()` deletes it.
 */
export class MockSandbox extends DatasetHandle {
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

/** A pretix-mock reached over HTTP: the shared dataset plus the server-wide verbs. */
export class MockClient extends DatasetHandle {
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
  async sandbox(options: { fixtures?: object } = {}): Promise<MockSandbox> {
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
export async function connectMockServer(url: string, options: AdminHttpOptions = {}): Promise<MockClient> {
  const http = new AdminHttp(url, options);
  const state = await http.call<Fixture>('GET', '/state');
  return new MockClient(http, url.replace(/\/+$/, ''), credentialsOf(state));
}
