import type { DeliveryRecord } from '../delivery/delivery-log.js';
import type { NotifyRequest } from '../delivery/notification.js';
import type { NotifyResult, PendingRetry } from '../delivery/jobs.js';

export type { DeliveryRecord, NotifyRequest, NotifyResult, PendingRetry };

/** Filters of `GET /__admin/deliveries`; they combine. */
export interface DeliveryListFilter {
  sandbox?: string;
  webhook?: number;
  /** The concrete action type. */
  action?: string;
  /** Applies to the records, not to pending retries. */
  success?: boolean;
  notification_id?: number;
}

/** The answer of `GET /__admin/deliveries`. */
export interface DeliveryList {
  count: number;
  /** Newest first. */
  results: DeliveryRecord[];
  /** Earliest first. */
  pending: PendingRetry[];
  stats: { waiting: number; in_flight: number; pending_retries: number; dropped: number; log_records: number; log_evicted: number };
}

/** Which pending retries to expedite or drop; all of them when empty. */
export interface RetrySelection {
  sandbox?: string;
  webhook?: number;
}

export interface WaitForOptions {
  /** Give up after this many milliseconds. Default 5000. */
  timeout?: number;
  /** Poll every this many milliseconds. Default 25. */
  interval?: number;
  /** Only look at these records. */
  filter?: DeliveryListFilter;
}

/** The control plane answered with an error. */
export class ControlPlaneError extends Error {
  override name = 'ControlPlaneError';
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`pretix-mock control plane answered ${status}: ${JSON.stringify(body)}`);
  }
}

/**
 * A typed client of pretix-mock's delivery endpoints, for tests: emit notifications, read the
 * delivery log, expedite or drop retries, and wait for deliveries without sleeping.
 *
 * @example
 * const client = new DeliveriesClient(mock.url);
 * await client.notify({ organizer: 'bigevents', action_type: 'pretix.event.order.placed' });
 * const [call] = await client.deliveries.waitFor((records) => records.length > 0, { timeout: 2000 });
 */
export class DeliveriesClient {
  readonly deliveries = {
    /** The whole answer: records, pending retries and queue counters. */
    snapshot: (filter: DeliveryListFilter = {}): Promise<DeliveryList> => this.#call('GET', `/__admin/deliveries${queryOf(filter)}`),
    /** Delivery records, newest first. */
    list: async (filter: DeliveryListFilter = {}): Promise<DeliveryRecord[]> => (await this.deliveries.snapshot(filter)).results,
    /** Retries waiting for their time, earliest first. */
    pending: async (filter: Omit<DeliveryListFilter, 'success'> = {}): Promise<PendingRetry[]> =>
      (await this.deliveries.snapshot(filter)).pending,
    /** Runs the selected pending retries now; resolves to how many. */
    expedite: async (selection: RetrySelection = {}): Promise<number> =>
      ((await this.#call('POST', '/__admin/deliveries/retries/expedite', selection)) as { expedited: number }).expedited,
    /** Drops the selected pending retries; resolves to how many. */
    drop: async (selection: RetrySelection = {}): Promise<number> =>
      ((await this.#call('POST', '/__admin/deliveries/retries/drop', selection)) as { dropped: number }).dropped,
    /**
     * Polls the delivery log until `predicate(records, snapshot)` holds and resolves to those
     * records (newest first). Rejects after `timeout` ms with what it saw last.
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
          throw new Error(
            `deliveries.waitFor: not satisfied within ${timeout} ms; last saw ${snapshot.count} record(s), ` +
              `${snapshot.pending.length} pending retr${snapshot.pending.length === 1 ? 'y' : 'ies'}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, interval));
      }
    },
  };

  constructor(
    readonly baseUrl: string,
    private readonly options: { headers?: Record<string, string>; requestTimeoutMs?: number } = {},
  ) {}

  /** Emits a pretix log entry (`POST /__admin/notify`); the matched webhooks get it in the background. */
  notify(request: NotifyRequest & { sandbox?: string }): Promise<NotifyResult> {
    return this.#call('POST', '/__admin/notify', request);
  }

  async #call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(this.baseUrl.replace(/\/$/, '') + path, {
      method,
      headers: { ...this.options.headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(this.options.requestTimeoutMs ?? 10_000),
    });
    const text = await res.text();
    let parsed: unknown = text || undefined;
    try {
      if (text) parsed = JSON.parse(text);
    } catch {
      // not JSON: keep the text for the error
    }
    if (!res.ok) throw new ControlPlaneError(res.status, parsed);
    return parsed as T;
  }
}

function queryOf(filter: DeliveryListFilter): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(filter)) if (value !== undefined) params.set(name, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}
