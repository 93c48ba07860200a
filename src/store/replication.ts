import type { Redis } from 'ioredis';
import type { Fixture } from './fixture-types.js';

/** What creating a shared sandbox gave: its id and credentials, or how long until one may expire. */
export type SharedCreated = { id: string; tokens: Record<string, string> } | { full: true; retryAfterMs: number };

/**
 * A store that is one replica of a world shared with other processes (`--redis`). Reads stay
 * in memory; `catchUp` brings them up to every write acknowledged anywhere before it was called.
 */
export interface Replication {
  /** The connection and key prefix, for what else is shared (idempotency keys). */
  readonly redis: Redis;
  readonly prefix: string;
  /** Applies every write acknowledged so far. Rejects with ReplicaUnavailable when Redis is out of reach. */
  catchUp(): Promise<void>;
  /** The epoch of a dataset: it changes with each reset or import (idempotency keys are scoped by it). */
  epochOf(sandbox: string): number;
  createSandbox(doc: Fixture): Promise<SharedCreated>;
  /** False if there is no such sandbox. */
  deleteSandbox(id: string): Promise<boolean>;
  close(): Promise<void>;
}

/** Redis is out of reach (or the write lost a race with a reset): answered 503 with `{"detail"}`. */
export class ReplicaUnavailable extends Error {
  constructor(
    message: string,
    readonly retryAfter = 1,
  ) {
    super(message);
    this.name = 'ReplicaUnavailable';
  }
}
