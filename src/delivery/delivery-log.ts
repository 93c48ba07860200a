import type { components } from '../generated/control-api.js';

/** One delivery attempt, as `GET /__admin/deliveries` lists it (openapi/admin/delivery.yaml). */
export type DeliveryRecord = components['schemas']['DeliveryRecord'];
export interface DeliveryFilter {
  sandbox?: string;
  webhook?: number;
  action_type?: string;
  success?: boolean;
  notification_id?: number;
}

export interface DeliveryLogOptions {
  /** Records kept; the oldest are dropped first. */
  maxRecords: number;
  /** Characters of payloads and response bodies kept in total; the oldest records are dropped first. */
  maxChars: number;
}

/** Whether a record or a pending retry passes the filter. */
export function matchesFilter(r: Omit<DeliveryFilter, 'success'> & { success?: boolean }, f: DeliveryFilter): boolean {
  return (f.sandbox === undefined || r.sandbox === f.sandbox)
    && (f.webhook === undefined || r.webhook === f.webhook)
    && (f.action_type === undefined || r.action_type === f.action_type)
    && (f.success === undefined || r.success === f.success)
    && (f.notification_id === undefined || r.notification_id === f.notification_id);
}

const weight = (r: DeliveryRecord) => r.payload.length + r.response_body.length;

/** Where a log shared by replicas (`--redis`) writes: records and clears come back through `insert` and `clearHere`. */
export interface SharedLogSink {
  publish(fields: Omit<DeliveryRecord, 'id'>): void;
  clear(sandbox?: string): Promise<void>;
}

/** The delivery log of all sandboxes: bounded by record count and by size, oldest out first. */
export class DeliveryLog {
  #records: DeliveryRecord[] = [];
  #head = 0;
  #chars = 0;
  #nextId = 1;
  #evicted = 0;
  #sink: SharedLogSink | undefined;
  /** With a shared log: the records evicted from it, by any replica. */
  evictedElsewhere = 0;

  constructor(readonly options: DeliveryLogOptions) {
    if (!Number.isInteger(options.maxRecords) || options.maxRecords < 1) throw new Error('DeliveryLog: maxRecords must be a positive integer');
    if (!Number.isInteger(options.maxChars) || options.maxChars < 1) throw new Error('DeliveryLog: maxChars must be a positive integer');
  }

  get size(): number {
    return this.#records.length - this.#head;
  }

  /** Records dropped to stay within the bounds, since start. */
  get evicted(): number {
    return this.#sink ? this.evictedElsewhere : this.#evicted;
  }

  /**
   * From now on this log mirrors a log shared with other replicas: attempts are written there,
   * and come back (with their id) through `insert` when the mirror is refreshed.
   */
  share(sink: SharedLogSink): void {
    this.#sink = sink;
  }

  /** Records an attempt: here, or in the shared log. */
  record(fields: Omit<DeliveryRecord, 'id'>): void {
    if (this.#sink) this.#sink.publish(fields);
    else this.add(fields);
  }

  add(fields: Omit<DeliveryRecord, 'id'>): DeliveryRecord {
    return this.insert({ id: this.#nextId++, ...fields });
  }

  /** Appends a record that has its id (from the shared log), evicting the oldest beyond the bounds. */
  insert(record: DeliveryRecord): DeliveryRecord {
    this.#records.push(record);
    this.#chars += weight(record);
    while (this.size > 1 && (this.size > this.options.maxRecords || this.#chars > this.options.maxChars)) {
      this.#chars -= weight(this.#records[this.#head]!);
      this.#head++;
      this.#evicted++;
    }
    if (this.#head > 1024 && this.#head * 2 > this.#records.length) {
      this.#records = this.#records.slice(this.#head);
      this.#head = 0;
    }
    return record;
  }

  /** Forgets every record, or only one sandbox's (the id sequence goes on); in the shared log too, before it resolves. */
  clear(sandbox?: string): Promise<void> {
    this.clearHere(sandbox);
    return this.#sink?.clear(sandbox) ?? Promise.resolve();
  }

  /** Forgets records in this replica's copy only (a clear read from the shared log). */
  clearHere(sandbox?: string): void {
    this.#records = sandbox === undefined ? [] : this.list({ sandbox: undefined }).reverse().filter((r) => r.sandbox !== sandbox);
    this.#head = 0;
    this.#chars = this.#records.reduce((n, r) => n + weight(r), 0);
  }

  /** Matching records, newest first (pretix orders WebHookCalls by `-datetime`). */
  list(filter: DeliveryFilter = {}): DeliveryRecord[] {
    const out: DeliveryRecord[] = [];
    for (let i = this.#records.length - 1; i >= this.#head; i--) {
      const r = this.#records[i]!;
      if (matchesFilter(r, filter)) out.push(r);
    }
    return out;
  }
}
