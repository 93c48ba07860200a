import type { Fixture } from '../fixture-types.js';
import { Sandbox, SHARED_SANDBOX_ID, type SandboxWriter } from '../sandbox.js';
import type { Store } from '../store.js';

/** One dataset in a snapshot: its current document and credentials, and for a sandbox what it resets to. */
interface SnapshotDataset {
  id: string;
  epoch: number;
  doc: Fixture;
  tokens: Record<string, string>;
  /** Sandboxes only (the shared dataset resets to each replica's own fixtures). */
  baseline?: Fixture;
  baselineTokens?: Record<string, string>;
}

/** The whole world as of one log entry: what a replica that replayed the log up to it holds. */
export interface WorldSnapshot {
  datasets: SnapshotDataset[];
}

/**
 * The world as JSON, synchronously (so it is exactly the state after the last applied entry).
 * Read from the live objects without copying them first.
 */
export function snapshotOf(store: Store, epochs: ReadonlyMap<string, number>): string {
  const datasets: SnapshotDataset[] = [
    { id: SHARED_SANDBOX_ID, epoch: epochs.get(SHARED_SANDBOX_ID) ?? 1, doc: store.shared.data.doc, tokens: store.shared.tokens },
  ];
  for (const s of store.sandboxes.list()) {
    datasets.push({ id: s.id, epoch: epochs.get(s.id) ?? 1, doc: s.data.doc, tokens: s.tokens, baseline: s.baseline, baselineTokens: s.baselineTokens });
  }
  return JSON.stringify({ datasets } satisfies WorldSnapshot);
}

/**
 * Makes this replica's world exactly the snapshot's: the shared dataset's state, the sandboxes it
 * lists (others are removed), the epochs. The log is then applied from the snapshot's entry on.
 */
export function restoreSnapshot(store: Store, data: string, writer: SandboxWriter, epochs: Map<string, number>): void {
  const snapshot = JSON.parse(data) as WorldSnapshot;
  const listed = new Set<string>();
  epochs.clear();
  for (const d of snapshot.datasets) {
    epochs.set(d.id, d.epoch);
    if (d.id === SHARED_SANDBOX_ID) {
      store.shared.adopt(d.doc, d.tokens);
      continue;
    }
    listed.add(d.id);
    const existing = store.sandboxes.get(d.id);
    if (existing && JSON.stringify(existing.baseline) === JSON.stringify(d.baseline)) {
      store.sandboxes.unindex(existing);
      existing.adopt(d.doc, d.tokens);
      store.sandboxes.index(existing);
      continue;
    }
    if (existing) store.sandboxes.delete(d.id);
    const sandbox = new Sandbox(d.id, d.baseline ?? d.doc, undefined, undefined, d.baselineTokens ?? d.tokens);
    sandbox.adopt(d.doc, d.tokens);
    sandbox.writer = writer;
    store.sandboxes.add(sandbox);
  }
  for (const s of store.sandboxes.list()) if (!listed.has(s.id)) store.sandboxes.delete(s.id);
}
