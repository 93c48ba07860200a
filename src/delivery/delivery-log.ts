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

/** The delivery log of all sandboxes: bounded by record count and by size, oldest out first. */
export class DeliveryLog {
  #records: DeliveryRecord[] = [];
  #head = 0;
  #chars = 0;
  #nextId = 1;
  #evicted = 0;

  constructor(readonly options: DeliveryLogOptions) {
    if (!Number.isInteger(options.maxRecords) || options.maxRecords < 1) throw new Error('DeliveryLog: maxRecords must be a positive integer');
    if (!Number.isInteger(options.maxChars) || options.maxChars < 1) throw new Error('DeliveryLog: maxChars must be a positive integer');
  }

  get size(): number {
    return this.#records.length - this.#head;
  }

  /** Records dropped to stay within the bounds, since start. */
  get evicted(): number {
    return this.#evicted;
  }

  add(fields: Omit<DeliveryRecord, 'id'>): DeliveryRecord {
    const record = { id: this.#nextId++, ...fields };
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

  /** Forgets every record, or only one sandbox's (the id sequence goes on). */
  clear(sandbox?: string): void {
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
