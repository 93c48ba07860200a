import { matchesFilter, type DeliveryFilter } from './delivery-log.js';
import type { SkipReason } from './matching.js';
import type { components } from '../generated/control-api.js';

/** A webhook a notification did not reach, and why, as `GET /__admin/deliveries` lists it. */
export type DeliverySkip = components['schemas']['DeliverySkip'];


/** The latest skips of all sandboxes, at most `max`, oldest out first. */
export class SkipLog {
  #entries: DeliverySkip[] = [];
  #head = 0;

  constructor(readonly max: number) {}

  add(skip: DeliverySkip): void {
    this.#entries.push(skip);
    if (this.#entries.length - this.#head > this.max) this.#head++;
    if (this.#head > 1024 && this.#head * 2 > this.#entries.length) {
      this.#entries = this.#entries.slice(this.#head);
      this.#head = 0;
    }
  }

  /** Matching skips, newest first; a `success` filter excludes them all (they have no outcome). */
  list(filter: DeliveryFilter = {}): DeliverySkip[] {
    if (filter.success !== undefined) return [];
    const out: DeliverySkip[] = [];
    for (let i = this.#entries.length - 1; i >= this.#head; i--) {
      if (matchesFilter(this.#entries[i]!, filter)) out.push(this.#entries[i]!);
    }
    return out;
  }
}
