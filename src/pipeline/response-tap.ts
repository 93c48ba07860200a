import type { OutgoingHttpHeaders } from 'node:http';
import type { Response } from 'express';

/** A fault that damages the answer on its way out, after the request took effect. */
export type OutputFault = 'drop' | 'truncate' | 'malformed';

/** The answer the handler sent: the real one, whatever a fault then does to its bytes. */
export interface Answer {
  readonly status: number;
  /** The headers as they were when the handler ended the answer. */
  readonly headers: OutgoingHttpHeaders;
  /** Every chunk written, when some subscriber asked for the body; else empty. */
  readonly body: Buffer;
}

/** Runs once, just before the head is written: the last moment headers can change. */
export type BeforeHead = () => void;
/** Runs before the bytes go out; a promise holds them back until it settles. */
export type BeforeSend = (answer: Answer) => void | Promise<void>;
/** Runs once the bytes were handed on (or cut by a fault), in the same tick as `res.end`. */
export type AfterSend = (answer: Answer) => void;

const EMPTY = Buffer.alloc(0);

/**
 * The chunks in one buffer of its own. Buffer.concat's small results are views on Node's shared
 * 8 KiB pool, and the journal and the idempotency keys keep answers for long: each kept view
 * would keep a whole pool alive.
 */
function joined(chunks: Buffer[]): Buffer {
  const out = Buffer.allocUnsafeSlow(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) at += c.copy(out, at);
  return out;
}

const toBuffer = (chunk: unknown, encoding?: unknown): Buffer => {
  if (chunk === undefined || chunk === null || typeof chunk === 'function') return EMPTY;
  if (Buffer.isBuffer(chunk)) return chunk;
  return Buffer.from(String(chunk), typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
};

/**
 * The one observer of an `/api/` answer, installed by the resolve phase: it wraps `res.write`
 * and `res.end` once. Before the head is written (the first write or the end), the before-head
 * subscribers run (pretix's response middleware). When the handler ends the answer, the before-send subscribers run in the
 * order they subscribed (the shared idempotency store, which waits for Redis), then the bytes go
 * out (damaged if a fault says so), then the after-send subscribers run in order (the journal,
 * the idempotency keys): they all see the real answer. Coverage counts on `finish`, as only a
 * complete answer counts.
 */
export class ResponseTap {
  readonly #head: BeforeHead[] = [];
  readonly #before: BeforeSend[] = [];
  readonly #after: AfterSend[] = [];
  #chunks: Buffer[] | undefined;
  #damage: OutputFault | undefined;
  #ended = false;

  constructor(private readonly res: Response) {
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      this.#runHead();
      if (this.#chunks && chunk !== undefined && chunk !== null) this.#chunks.push(toBuffer(chunk, rest[0]));
      return write(chunk, ...rest);
    }) as Response['write'];
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      if (this.#ended) return end(chunk, ...rest);
      this.#ended = true;
      this.#runHead();
      const last = toBuffer(chunk, rest[0]);
      const answer: Answer = this.#chunks
        ? { status: res.statusCode, headers: res.getHeaders(), body: joined([...this.#chunks, last]) }
        : { status: res.statusCode, headers: {}, body: EMPTY };
      const send = () => {
        this.#send(write, end, chunk, rest, last);
        for (const subscriber of this.#after) subscriber(answer);
      };
      const held = this.#runBefore(answer, 0);
      if (held) void held.then(send);
      else send();
      return res;
    }) as Response['end'];
  }

  /** Subscribes before the head is written (does not keep the body). */
  beforeHead(subscriber: BeforeHead): void {
    this.#head.push(subscriber);
  }

  /** Subscribes before the bytes go out (keeps the body). */
  beforeSend(subscriber: BeforeSend): void {
    this.#chunks ??= [];
    this.#before.push(subscriber);
  }

  /** Subscribes after the bytes went out (keeps the body). */
  afterSend(subscriber: AfterSend): void {
    this.#chunks ??= [];
    this.#after.push(subscriber);
  }

  /**
   * Damages the answer on its way out: `drop` closes the connection without an answer; `truncate`
   * sends the headers (with the full Content-Length) and half the body, then closes (a bodiless
   * answer is dropped); `malformed` sends the first half of the body as a complete answer.
   */
  damage(fault: OutputFault): void {
    this.#damage = fault;
  }

  #runHead(): void {
    if (this.res.headersSent) return;
    for (const subscriber of this.#head.splice(0)) subscriber();
  }

  /** The before-send subscribers from `i` on; a promise when one of them holds the answer. */
  #runBefore(answer: Answer, i: number): Promise<void> | undefined {
    for (; i < this.#before.length; i++) {
      const pending = this.#before[i]!(answer);
      if (pending) {
        const next = i + 1;
        return pending.catch(() => {}).then(() => this.#runBefore(answer, next));
      }
    }
    return undefined;
  }

  #send(write: (...args: unknown[]) => boolean, end: (...args: unknown[]) => Response, chunk: unknown, rest: unknown[], last: Buffer): void {
    const fault = this.#damage;
    const res = this.res;
    if (fault === undefined) return void end(chunk, ...rest);
    const half = last.subarray(0, Math.floor(last.length / 2));
    if (fault === 'drop' || (fault === 'truncate' && last.length === 0)) res.destroy();
    else if (fault === 'truncate') write(half, () => res.destroy());
    else {
      if (!res.headersSent) res.setHeader('Content-Length', half.length);
      end(half);
    }
  }
}
