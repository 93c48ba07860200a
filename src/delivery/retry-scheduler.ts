import type { ScaledClock } from './scaled-clock.js';

/** Something waiting for a time. */
export interface Due {
  /** Real milliseconds since the epoch. */
  dueAt: number;
}

// setTimeout's longest delay.
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Pending retries in due order with one timer for the earliest. When items come due they are
 * handed to `onDue` (in due order). The timer does not keep the process alive.
 */
export class RetryScheduler<T extends Due> {
  #items: T[] = [];
  #timer: NodeJS.Timeout | undefined;
  #timerAt = Infinity;
  #closed = false;

  constructor(
    private readonly clock: ScaledClock,
    private readonly onDue: (items: T[]) => void,
  ) {}

  get size(): number {
    return this.#items.length;
  }

  /** Pending items, earliest first. */
  list(): readonly T[] {
    return this.#items;
  }

  add(item: T): void {
    if (this.#closed) return;
    // Binary search for the first item due later, so equal times keep their insertion order.
    let lo = 0;
    let hi = this.#items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.#items[mid]!.dueAt <= item.dueAt) lo = mid + 1;
      else hi = mid;
    }
    this.#items.splice(lo, 0, item);
    if (item.dueAt < this.#timerAt) this.#arm();
  }

  /** Removes and returns every pending item that matches. */
  take(matches: (item: T) => boolean): T[] {
    const taken: T[] = [];
    this.#items = this.#items.filter((item) => (matches(item) ? (taken.push(item), false) : true));
    if (taken.length > 0) this.#arm();
    return taken;
  }

  /** Stops the timer and forgets every pending item. */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#items = [];
  }

  #arm(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#timerAt = Infinity;
    const first = this.#items[0];
    if (!first || this.#closed) return;
    this.#timerAt = first.dueAt;
    const delay = Math.min(Math.max(0, first.dueAt - this.clock.now()), MAX_TIMER_MS);
    this.#timer = setTimeout(() => this.#fire(), delay);
    this.#timer.unref();
  }

  #fire(): void {
    const now = this.clock.now();
    let n = 0;
    while (n < this.#items.length && this.#items[n]!.dueAt <= now) n++;
    const due = this.#items.splice(0, n);
    this.#arm();
    if (due.length > 0) this.onDue(due);
  }
}
