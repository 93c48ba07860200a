import { compileMatcher } from './matcher.js';
import { exceedsJsonDepth } from '../http/json-depth.js';
import type { JournalEntry, JournalMatcher } from '../control/types.js';

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

/** What the recorder hands over: bodies still raw and headers unredacted, so recording costs no parsing and no copies. */
export interface RecordedRequest
  extends Omit<JournalEntry, 'id' | 'time' | 'headers' | 'body' | 'bodyTruncated' | 'responseBody' | 'responseBodyTruncated'> {
  /** The headers as the journal shows them, or a function that makes them when the entry is first read. */
  headers: JournalEntry['headers'] | (() => JournalEntry['headers']);
  /** Milliseconds since the epoch. */
  timeMs: number;
  rawBody: Buffer | undefined;
  rawResponse: Buffer | undefined;
}

interface Slot {
  id: number;
  recorded: RecordedRequest;
  /** The entry as answered, built on the first read. */
  entry?: JournalEntry;
}

function entryOf(slot: Slot): JournalEntry {
  if (slot.entry) return slot.entry;
  const { timeMs, rawBody, rawResponse, headers, ...rest } = slot.recorded;
  const request = journalBody(rawBody);
  const response = journalBody(rawResponse);
  slot.entry = {
    id: slot.id,
    time: new Date(timeMs).toISOString(),
    ...rest,
    headers: typeof headers === 'function' ? headers() : headers,
    body: request.value,
    bodyTruncated: request.truncated,
    responseBody: response.value,
    responseBodyTruncated: response.truncated,
  };
  return slot.entry;
}

/**
 * What the journal keeps of a body: at most the limit (and one byte more, to tell it was cut), in
 * a buffer of its own. A view would keep all the memory behind it alive: the whole body (up to
 * --max-body-size), or, for a small one, the 8 KiB pool Node cut it from.
 */
function kept(bytes: Buffer | undefined): Buffer | undefined {
  if (!bytes) return bytes;
  const part = bytes.length > JOURNAL_BODY_LIMIT + 1 ? bytes.subarray(0, JOURNAL_BODY_LIMIT + 1) : bytes;
  if (part.byteOffset === 0 && part.byteLength === part.buffer.byteLength) return part;
  const copy = Buffer.allocUnsafeSlow(part.length);
  part.copy(copy);
  return copy;
}

/**
 * The request journal: a ring of the last `capacity` requests to the pretix API. A full ring
 * drops its oldest entry for each new one and counts it in `evicted`. Capacity 0 keeps nothing.
 * Bodies are kept as bytes (cut to 64 KiB) and parsed only when an entry is read.
 */
export class Journal {
  #ring: Slot[] = [];
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

  add(recorded: RecordedRequest): void {
    if (!this.enabled) return;
    recorded.rawBody = kept(recorded.rawBody);
    recorded.rawResponse = kept(recorded.rawResponse);
    const slot: Slot = { id: this.#nextId++, recorded };
    if (this.#ring.length < this.capacity) {
      this.#ring.push(slot);
      return;
    }
    this.#ring[this.#head] = slot;
    this.#head = (this.#head + 1) % this.capacity;
    this.#evicted++;
  }

  /** The entries that match, oldest first. */
  select(matcher: JournalMatcher = {}): JournalEntry[] {
    const matches = compileMatcher(matcher);
    return this.#ordered().map(entryOf).filter((e) => matches(e));
  }

  count(matcher: JournalMatcher = {}): number {
    const matches = compileMatcher(matcher);
    let n = 0;
    for (const slot of this.#ring) if (matches(entryOf(slot))) n++;
    return n;
  }

  /** Forgets every entry, or only those of one sandbox. */
  clear(sandbox?: string): void {
    const kept = sandbox === undefined ? [] : this.#ordered().filter((s) => s.recorded.sandbox !== sandbox);
    this.#ring = kept;
    this.#head = 0;
    if (sandbox === undefined) this.#evicted = 0;
  }

  #ordered(): Slot[] {
    return this.#head === 0 ? [...this.#ring] : [...this.#ring.slice(this.#head), ...this.#ring.slice(0, this.#head)];
  }
}
