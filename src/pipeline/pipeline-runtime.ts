import type { CoverageCounter } from '../runtime/coverage.js';
import type { FaultRules } from '../runtime/fault-rules.js';
import type { Holds } from '../runtime/holds.js';
import type { IdempotencyStore } from '../runtime/idempotency-keys.js';
import type { Journal } from '../runtime/journal.js';
import type { OperationIndex } from '../spec/operation-index.js';
import type { Store } from '../store/store.js';

/** What the phases read from the runtime (runtime/mock-runtime.ts), each time a request passes. */
export interface PipelineRuntime {
  readonly store: Store;
  readonly operations: OperationIndex;
  readonly coverageCounter: CoverageCounter;
  readonly keys: IdempotencyStore;
  readonly journal: Journal;
  readonly faults: FaultRules;
  readonly holds: Holds;
}
