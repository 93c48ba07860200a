import { CoverageCounter } from './coverage.js';
import { FaultRules } from './fault-rules.js';
import { Holds } from './holds.js';
import { DEFAULT_IDEMPOTENCY, IdempotencyStore, type IdempotencyOptions } from './idempotency-keys.js';
import { Journal } from './journal.js';
import { DeliveryHub } from '../delivery/delivery-hub.js';
import type { LoadedSpec } from '../spec/load-spec.js';
import { OperationIndex } from '../spec/operation-index.js';
import type { Store } from '../store/store.js';

export interface MockRuntimeOptions {
  store: Store;
  spec: LoadedSpec;
  /** Requests the journal keeps; 0 turns it off. Default 1000. */
  journalSize?: number;
  /** Bounds of the idempotency key store. */
  idempotency?: IdempotencyOptions;
  /** Webhook delivery. Default: a hub with default options (its owner must `close()` it). */
  delivery?: DeliveryHub;
}

export const DEFAULT_JOURNAL_SIZE = 1000;

/**
 * What serves the pretix API besides the dataset: the spec's operations, idempotency keys,
 * journal, fault rules, held requests, coverage and webhook delivery. The request pipeline reads
 * it, the control plane's verbs change it; it answers no request itself. Removing a sandbox
 * forgets its keys, faults and deliveries; idle sandboxes are swept until `close()`.
 */
export class MockRuntime {
  readonly store: Store;
  readonly keys: IdempotencyStore;
  readonly journal: Journal;
  readonly faults = new FaultRules();
  readonly holds = new Holds();
  /** Webhook delivery, one service per sandbox. */
  readonly delivery: DeliveryHub;
  #operations: OperationIndex;
  #coverage: CoverageCounter;
  readonly #sweeper: NodeJS.Timeout;

  constructor(options: MockRuntimeOptions) {
    this.store = options.store;
    this.keys = new IdempotencyStore(options.idempotency ?? DEFAULT_IDEMPOTENCY);
    this.journal = new Journal(options.journalSize ?? DEFAULT_JOURNAL_SIZE);
    this.#operations = new OperationIndex(options.spec.dereferenced);
    this.#coverage = new CoverageCounter(this.#operations);
    this.delivery = options.delivery ?? new DeliveryHub();
    this.store.sandboxes.onRemoved((id) => {
      this.keys.forgetSandbox(id);
      this.faults.clear(id);
      void this.delivery.forget(id);
    });
    const every = Math.max(50, Math.min(this.store.sandboxes.policy.idleTtlMs / 2, 60_000));
    this.#sweeper = setInterval(() => this.store.sandboxes.sweep(), every).unref();
  }

  /** The spec's operations; replaced by `useSpec` (`--watch`). */
  get operations(): OperationIndex {
    return this.#operations;
  }

  /** The coverage matrix of the spec in use. */
  get coverageCounter(): CoverageCounter {
    return this.#coverage;
  }

  /** Uses a new spec's operations, with a coverage matrix counted afresh. */
  useSpec(spec: LoadedSpec): void {
    this.#operations = new OperationIndex(spec.dereferenced);
    this.#coverage = new CoverageCounter(this.#operations);
  }

  /** Stops the idle-sandbox sweep and ends every held request. Delivery is closed by its owner. */
  close(): void {
    clearInterval(this.#sweeper);
    this.holds.close();
  }
}
