import type { WebhookFields } from '../dataset.js';
import type { Fixture, WebhookRecord } from '../fixture-types.js';
import { Sandbox, SHARED_SANDBOX_ID, type SandboxWriter } from '../sandbox.js';
import type { Store } from '../store.js';

/** One entry of the shared log, as XADD stored it: its stream id and fields. */
export interface WorldEntry {
  id: string;
  /** `create`, `update`, `replace` (reset or import), `sandbox` (created), `drop` (deleted or expired). */
  kind: string;
  sandbox: string;
  /** The replica and request that wrote it, so that the writer gets its result. */
  writer: string;
  /** The webhook id a create took from the sequence. */
  webhookId: number;
  /** The dataset's epoch after a replace or sandbox entry. */
  epoch: number;
  data: string;
}

export interface CreatePayload { organizer: string; fields: WebhookFields }
export interface UpdatePayload { organizer: string; id: number; changes: Partial<WebhookFields> }
export interface DocumentPayload { doc: Fixture; tokens: Record<string, string> }

/** Reads XRANGE's `[id, [field, value, ...]]`. */
export function parseEntry([id, flat]: [string, string[]]): WorldEntry {
  const f: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) f[flat[i]!] = flat[i + 1]!;
  return { id, kind: f.k ?? '', sandbox: f.s ?? '', writer: f.w ?? '', webhookId: Number(f.i ?? 0), epoch: Number(f.e ?? 0), data: f.d ?? '' };
}

/**
 * Applies one entry to this replica's store, in log order. Returns what the writer of the entry
 * is told: the webhook as the write left it, or the dataset's id. Entries about a dataset this
 * replica does not have (deleted meanwhile) change nothing.
 */
export function applyEntry(store: Store, entry: WorldEntry, writer: SandboxWriter, epochs: Map<string, number>): unknown {
  const sandbox = entry.sandbox === SHARED_SANDBOX_ID ? store.shared : store.sandboxes.get(entry.sandbox);
  switch (entry.kind) {
    case 'create': {
      if (!sandbox) return undefined;
      const p = JSON.parse(entry.data) as CreatePayload;
      const record: WebhookRecord = { id: entry.webhookId, organizer: p.organizer, ...p.fields };
      sandbox.data.restoreWebhook(record);
      return { ...sandbox.data.webhook(p.organizer, record.id)! };
    }
    case 'update': {
      const p = JSON.parse(entry.data) as UpdatePayload;
      const record = sandbox?.data.webhook(p.organizer, p.id);
      if (!record) return undefined;
      sandbox!.data.updateWebhook(record, p.changes);
      return { ...record };
    }
    case 'replace': {
      if (!sandbox) return undefined;
      const p = JSON.parse(entry.data) as DocumentPayload;
      const isolated = sandbox !== store.shared;
      if (isolated) store.sandboxes.unindex(sandbox);
      sandbox.adopt(p.doc, p.tokens);
      if (isolated) store.sandboxes.index(sandbox);
      epochs.set(entry.sandbox, entry.epoch);
      return entry.sandbox;
    }
    case 'sandbox': {
      const p = JSON.parse(entry.data) as DocumentPayload;
      if (sandbox) store.sandboxes.delete(entry.sandbox);
      const created = new Sandbox(entry.sandbox, p.doc, undefined, undefined, p.tokens);
      created.writer = writer;
      store.sandboxes.add(created);
      epochs.set(entry.sandbox, entry.epoch);
      return entry.sandbox;
    }
    case 'drop':
      epochs.delete(entry.sandbox);
      if (sandbox && sandbox !== store.shared) store.sandboxes.delete(entry.sandbox);
      return entry.sandbox;
    default:
      return undefined;
  }
}
