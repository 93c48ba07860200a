import { compileMatcher } from './matcher.js';
import { exceedsJsonDepth } from '../http/json-depth.js';
import type { JournalEntry, JournalMatcher } from './types.js';

/** Bodies larger than this are kept as text, cut here and marked truncated. */
export const JOURNAL_BODY_LIMIT = 64 * 1024;

/** A body as the journal keeps it: parsed JSON when it is JSON, else text; null when empty. */
export function journalBody(raw: Buffer | undefined): { value: unknown; truncated: boolean } {
  if (!raw || raw.length === 0) return { value: null, truncated: false };
  if (raw.length > JOURNAL_BODY_LIMIT) return { value: raw.subarray(0, JOURNAL_BODY_LIMIT).toString('utf8'), truncated: true };
  const text = raw.toString('utf8');
  if (exceedsJsonDepth(raw)) return { value: text, truncated: false };
  try {
    return { value: JSON.parse(text) as unknown, truncated: false };
  } catch {
    return { value: text, truncated: false };
  }
}

/**
 * The request journal: a ring of the last `capacity` requests to the pretix API. A full ring
 * drops its oldest entry for each new one and counts it in `evicted`. Capacity 0 keeps nothing.
 */
export class Journal {
  #ring: JournalEntry[] = [];
  /** Index of the oldest entry once the ring is full. */
  #head = 0;
  #nextId = 1;
  #evicted = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 0) throw new Error('Journal: capacity must be a non-negative integer');
  }

  get enabled(): boolean {
    return this.capacity > 0;
  }

  get evicted(): number {
    return this.#evicted;
  }

  add(entry: Omit<JournalEntry, 'id'>): void {
    if (!this.enabled) return;
    const full: JournalEntry = { id: this.#nextId++, ...entry };
    if (this.#ring.length < this.capacity) {
      this.#ring.push(full);
      return;
    }
    this.#ring[this.#head] = full;
    this.#head = (this.#head + 1) % this.capacity;
    this.#evicted++;
  }

  /** The entries that match, oldest first. */
  select(matcher: JournalMatcher = {}): JournalEntry[] {
    const matches = compileMatcher(matcher);
    return this.#ordered().filter((e) => matches(e));
  }

  count(matcher: JournalMatcher = {}): number {
    const matches = compileMatcher(matcher);
    let n = 0;
    for (const e of this.#ring) if (matches(e)) n++;
    return n;
  }

  /** Forgets every entry, or only those of one sandbox. */
  clear(sandbox?: string): void {
    const kept = sandbox === undefined ? [] : this.#ordered().filter((e) => e.sandbox !== sandbox);
    this.#ring = kept;
    this.#head = 0;
    if (sandbox === undefined) this.#evicted = 0;
  }

  #ordered(): JournalEntry[] {
    return this.#head === 0 ? [...this.#ring] : [...this.#ring.slice(this.#head), ...this.#ring.slice(0, this.#head)];
  }
}
