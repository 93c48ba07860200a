import type { AdminHttp } from './admin-http.js';
import type { DeliveryRecord } from '../delivery/delivery-log.js';
import type { NotifyRequest } from '../delivery/notification.js';
import type { NotifyResult, PendingRetry } from '../delivery/jobs.js';
import type { DeliveryList, DeliveryListFilter, RetrySelection } from '../control/types.js';
import { waitForFailure } from './wait-for-failure.js';

export type { DeliveryList, DeliveryListFilter, DeliveryRecord, NotifyRequest, NotifyResult, PendingRetry, RetrySelection };

export interface WaitForOptions {
  /** Give up after this many milliseconds. Default 5000. */
  timeout?: number;
  /** Poll every this many milliseconds. Default 25. */
  interval?: number;
  /** Only look at these records. */
  filter?: DeliveryListFilter;
}

/**
 * The delivery verbs of the control plane, as the `notify` and `deliveries` members of a
 * MockClient (and so of what `startMockServer` and `connectMockServer` return): emit
 * notifications, read the delivery log, expedite or drop retries, and wait for deliveries without
 * sleeping. Errors reject with MockAdminError.
 *
 * @example
 * await mock.notify({ organizer: 'bigevents', action_type: 'pretix.event.order.placed' });
 * const [call] = await mock.deliveries.waitFor((records) => records.length > 0, { timeout: 2000 });
 */
export class DeliveriesApi {
  readonly deliveries = {
    /** The whole answer: records, pending retries and queue counters. */
    snapshot: (filter: DeliveryListFilter = {}): Promise<DeliveryList> =>
      this.http.call('GET', '/deliveries', { query: { ...filter, sandbox: this.scope ?? filter.sandbox } }),
    /** Delivery records, newest first. */
    list: async (filter: DeliveryListFilter = {}): Promise<DeliveryRecord[]> => (await this.deliveries.snapshot(filter)).results,
    /** Retries waiting for their time, earliest first. */
    pending: async (filter: Omit<DeliveryListFilter, 'success'> = {}): Promise<PendingRetry[]> =>
      (await this.deliveries.snapshot(filter)).pending,
    /** Runs the selected pending retries now; resolves to how many. */
    expedite: async (selection: RetrySelection = {}): Promise<number> =>
      (await this.http.call<{ expedited: number }>('POST', '/deliveries/retries/expedite', { body: this.#scoped(selection) })).expedited,
    /** Drops the selected pending retries; resolves to how many. */
    drop: async (selection: RetrySelection = {}): Promise<number> =>
      (await this.http.call<{ dropped: number }>('POST', '/deliveries/retries/drop', { body: this.#scoped(selection) })).dropped,
    /**
     * Polls the delivery log until `predicate(records, snapshot)` holds and resolves to those
     * records (newest first). Rejects after `timeout` ms with what it saw last: the last attempt's
     * `return_code` and `response_body`, and the pending retries with their due times.
     */
    waitFor: async (
      predicate: (records: DeliveryRecord[], snapshot: DeliveryList) => boolean,
      options: WaitForOptions = {},
    ): Promise<DeliveryRecord[]> => {
      const timeout = options.timeout ?? 5000;
      const interval = options.interval ?? 25;
      const deadline = Date.now() + timeout;
      for (;;) {
        const snapshot = await this.deliveries.snapshot(options.filter);
        if (predicate(snapshot.results, snapshot)) return snapshot.results;
        if (Date.now() + interval > deadline) {
          throw new Error(waitForFailure(timeout, snapshot));
        }
        await new Promise((resolve) => setTimeout(resolve, interval));
      }
    },
  };

  constructor(
    private readonly http: AdminHttp,
    /** On a sandbox: its id, which every call is limited to. */
    private readonly scope?: string,
  ) {}

  /** Emits a pretix log entry (`POST /__admin/notify`); the matched webhooks get it in the background. */
  notify(request: NotifyRequest & { sandbox?: string }): Promise<NotifyResult> {
    return this.http.call('POST', '/notify', { body: this.#scoped(request) });
  }

  /**
   * Emits several log entries in one request (`POST /__admin/notify/batch`), in order; resolves to
   * one result each. If one does not fit its dataset, the call rejects and none is emitted.
   */
  notifyBatch(requests: Array<NotifyRequest & { sandbox?: string }>): Promise<NotifyResult[]> {
    return this.http.call('POST', '/notify/batch', { body: requests.map((r) => this.#scoped(r)) });
  }

  #scoped<T extends { sandbox?: string }>(body: T): T {
    return this.scope ? { ...body, sandbox: this.scope } : body;
  }
}
