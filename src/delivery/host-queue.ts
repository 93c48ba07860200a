/** A first-in first-out list with O(1) removal from the front. */
class Fifo<T> {
  #items: T[] = [];
  #head = 0;

  get length(): number {
    return this.#items.length - this.#head;
  }

  push(item: T): void {
    this.#items.push(item);
  }

  shift(): T | undefined {
    if (this.#head >= this.#items.length) return undefined;
    const item = this.#items[this.#head++];
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return item;
  }

  /** Removes and returns the items that match. */
  take(matches: (item: T) => boolean): T[] {
    const rest = this.#items.slice(this.#head);
    const taken = rest.filter(matches);
    this.#items = rest.filter((item) => !matches(item));
    this.#head = 0;
    return taken;
  }
}

export interface HostQueueOptions<T> {
  /** At most this many jobs run at once per host. */
  perHost: number;
  /** At most this many jobs run at once in total. */
  total: number;
  hostOf: (job: T) => string;
  /** Runs one job; must not reject. */
  run: (job: T) => Promise<void>;
}

/**
 * Runs jobs with bounded concurrency per target host (and in total), first come first served
 * within a host. Jobs are started on a later tick, never inside the caller's stack.
 */
export class HostQueue<T> {
  readonly #hosts = new Map<string, { active: number; waiting: Fifo<T> }>();
  #waiting = 0;
  #active = 0;
  #pumpScheduled = false;
  #closed = false;

  constructor(private readonly options: HostQueueOptions<T>) {
    for (const name of ['perHost', 'total'] as const) {
      if (!Number.isInteger(options[name]) || options[name] < 1) throw new Error(`HostQueue: ${name} must be a positive integer`);
    }
  }

  /** Jobs waiting for a free slot. */
  get waiting(): number {
    return this.#waiting;
  }

  /** Jobs running now. */
  get active(): number {
    return this.#active;
  }

  push(job: T): void {
    if (this.#closed) return;
    const key = this.options.hostOf(job);
    let host = this.#hosts.get(key);
    if (!host) this.#hosts.set(key, (host = { active: 0, waiting: new Fifo<T>() }));
    host.waiting.push(job);
    this.#waiting++;
    this.#schedulePump();
  }

  /** Removes and returns the waiting jobs that match (running ones are not touched). */
  take(matches: (job: T) => boolean): T[] {
    const taken: T[] = [];
    for (const [key, host] of this.#hosts) {
      taken.push(...host.waiting.take(matches));
      if (host.active === 0 && host.waiting.length === 0) this.#hosts.delete(key);
    }
    this.#waiting -= taken.length;
    return taken;
  }

  /** Forgets every waiting job and starts no more. */
  close(): void {
    this.#closed = true;
    this.take(() => true);
  }

  #schedulePump(): void {
    if (this.#pumpScheduled) return;
    this.#pumpScheduled = true;
    setImmediate(() => {
      this.#pumpScheduled = false;
      this.#pump();
    });
  }

  #pump(): void {
    for (const [key, host] of this.#hosts) {
      while (!this.#closed && host.active < this.options.perHost && this.#active < this.options.total) {
        const job = host.waiting.shift();
        if (job === undefined) break;
        this.#waiting--;
        this.#start(key, host, job);
      }
      if (this.#active >= this.options.total) return;
    }
  }

  #start(key: string, host: { active: number; waiting: Fifo<T> }, job: T): void {
    host.active++;
    this.#active++;
    void this.options.run(job).finally(() => {
      host.active--;
      this.#active--;
      if (host.active === 0 && host.waiting.length === 0) this.#hosts.delete(key);
      this.#schedulePump();
    });
  }
}
