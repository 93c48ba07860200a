import type { AdminHttp } from './admin-http.js';
import { DeliveriesApi } from './deliveries-api.js';
import type { Fixture } from '../store/fixture-types.js';
import type { ResetPart } from '../control/reset-parts.js';
import type {
  DatasetCredentials, FaultList, FaultRule, FaultRuleRequest, JournalEntry, JournalMatcher, JournalPage, RequestCount, Tokens,
} from '../control/types.js';

/** A journal query by method, path (exact or `*`/`**` pattern), operationId, status and sandbox. */
export type RequestFilter = Pick<JournalMatcher, 'method' | 'path' | 'operationId' | 'status' | 'sandbox'>;

/** `faults.add()`, `faults.list()`, `faults.remove(id)`, `faults.clear()`. */
export interface FaultsApi {
  /**
   * Adds a fault rule for pretix API requests.
   * @example
   * await mock.faults.add({ match: { operationId: 'createWebhook' }, times: 1, effect: { type: 'respond', status: 503 } });
   */
  add(rule: FaultRuleRequest): Promise<FaultRule>;
  /** The rules (of this sandbox, on a sandbox), with their `hits` and `remaining`. */
  list(): Promise<FaultRule[]>;
  /** Removes one rule by its id (`DELETE /__admin/faults/{id}`); rejects with 404 if there is none. */
  remove(id: number): Promise<void>;
  /** Removes the rules (of this sandbox, on a sandbox). */
  clear(): Promise<void>;
}

/**
 * What the shared dataset and each sandbox offer. On the server object the journal and fault
 * verbs see every request; on a sandbox they are limited to that sandbox.
 * @example
 * async function expectNoWrites(dataset: DatasetHandle) {
 *   assert.equal(await dataset.countRequests({ method: 'POST' }), 0);
 * }
 */
export abstract class DatasetHandle<T extends string = string> {
  /** Fault rules. */
  readonly faults: FaultsApi;
  /**
   * Emits a pretix log entry to the dataset's matching webhooks (`POST /__admin/notify`).
   * @example
   * const sent = await mock.notify({ organizer: 'bigevents', event: 'democon', action_type: 'pretix.event.order.paid' });
   */
  readonly notify: DeliveriesApi['notify'];
  /**
   * Emits several log entries in one request, in order (`POST /__admin/notify/batch`); none if one does not fit.
   * @example
   * const [placed, paid] = await mock.notifyBatch([
   *   { organizer: 'bigevents', event: 'democon', action_type: 'pretix.event.order.placed', code: 'ABC23' },
   *   { organizer: 'bigevents', event: 'democon', action_type: 'pretix.event.order.paid', code: 'ABC23' },
   * ]);
   */
  readonly notifyBatch: DeliveriesApi['notifyBatch'];
  /**
   * The delivery log and pending retries (of this sandbox, on a sandbox): `list`, `pending`,
   * `snapshot`, `expedite`, `drop`, and `waitFor(predicate, {timeout})`.
   * @example
   * await mock.deliveries.waitFor((records) => records.some((r) => r.success), { timeout: 2000 });
   */
  readonly deliveries: DeliveriesApi['deliveries'];
  protected readonly http: AdminHttp;
  #tokens: Record<T, string>;

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
    this.#tokens = tokens as Record<T, string>;
    const sandbox = { sandbox: scope };
    const delivery = new DeliveriesApi(http, scope);
    this.notify = (request) => delivery.notify(request);
    this.notifyBatch = (requests) => delivery.notifyBatch(requests);
    this.deliveries = delivery.deliveries;
    this.faults = {
      add: (rule) => http.call<FaultRule>('POST', '/faults', { body: scope ? { ...rule, match: { ...rule.match, sandbox: scope } } : rule }),
      list: async () => (await http.call<FaultList>('GET', '/faults', { query: sandbox })).results,
      remove: (id) => http.call<void>('DELETE', `/faults/${encodeURIComponent(id)}`),
      clear: () => http.call<void>('DELETE', '/faults', { query: sandbox }),
    };
  }

  /**
   * Authorization header values of the dataset's credentials, keyed by the fixture's token string
   * (typed with the built-in dataset's names unless other fixtures were given).
   */
  get tokens(): Readonly<Record<T, string>> {
    return this.#tokens;
  }

  /**
   * Restores everything (like WireMock's `resetAll`): the dataset's fixtures (webhooks, id
   * sequence, idempotency keys), the journal, fault rules, held requests, delivery log and pending
   * retries. On the server object they are those of every dataset, on a sandbox its own; other
   * sandboxes keep their datasets, and coverage is kept. `only` resets some parts.
   * @example
   * beforeEach(() => mock.reset());
   * await mock.reset({ only: ['journal'] }); // just forget the recorded requests
   */
  async reset(options: { only?: ResetPart[] } = {}): Promise<void> {
    const only = options.only?.length ? options.only.join(',') : undefined;
    this.#tokens = (await this.http.call<DatasetCredentials>('POST', '/reset', { query: { sandbox: this.id, only } })).tokens as Record<T, string>;
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
    this.#tokens = (await this.http.call<DatasetCredentials>('PUT', '/state', { query: { sandbox: this.id }, body: doc })).tokens as Record<T, string>;
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
