import type { components } from '../../../generated/pretix-api.js';
import type { WebhookRecord } from '../../../store/fixture-types.js';

/** A webhook as pretix answers it (the spec's Webhook schema). */
export type Webhook = components['schemas']['Webhook'];

/** One field of pretix's WebHookSerializer (src/pretix/api/serializers/webhooks.py). */
interface WebhookField {
  readonly name: keyof Webhook;
  /** DRF SimpleMetadata's name for the field's class. */
  readonly type: 'integer' | 'boolean' | 'url' | 'field' | 'string';
  /** Required on create and full update. */
  readonly required: boolean;
  readonly readOnly: boolean;
  /** The model field's verbose name. */
  readonly label: string;
  readonly maxLength?: number;
}

/**
 * WebHookSerializer's fields in declaration order: the order of the answer's keys, the order DRF
 * reports field errors in, and OPTIONS' `actions`. Labels are inferred from pretix's WebHook model.
 * test/webhook-fields.test.ts holds the table to the spec's Webhook, WebhookFields and WebhookCreate.
 */
export const WEBHOOK_FIELDS = [
  { name: 'id', type: 'integer', required: false, readOnly: true, label: 'ID' },
  { name: 'enabled', type: 'boolean', required: false, readOnly: false, label: 'Enable webhook' },
  { name: 'target_url', type: 'url', required: true, readOnly: false, label: 'Target URL', maxLength: 1024 },
  { name: 'all_events', type: 'boolean', required: false, readOnly: false, label: 'All events (including newly created ones)' },
  { name: 'limit_events', type: 'field', required: true, readOnly: false, label: 'Limit events' },
  { name: 'action_types', type: 'field', required: true, readOnly: false, label: 'Action types' },
  { name: 'comment', type: 'string', required: false, readOnly: false, label: 'Comment', maxLength: 255 },
] as const satisfies readonly WebhookField[];

type Entry = (typeof WEBHOOK_FIELDS)[number];
/** The fields a request body may set. */
export type WritableField = Extract<Entry, { readOnly: false }>['name'];

const isWritable = (f: Entry): f is Extract<Entry, { readOnly: false }> => !f.readOnly;

/** The writable fields, in declaration order. */
export const WRITABLE_FIELDS: readonly WritableField[] = WEBHOOK_FIELDS.filter(isWritable).map((f) => f.name);
/** The fields a create or full update must give. */
export const REQUIRED_FIELDS: ReadonlySet<WritableField> = new Set(WEBHOOK_FIELDS.filter(isWritable).filter((f) => f.required).map((f) => f.name));

/** A field's `max_length`. */
export function maxLengthOf(name: 'target_url' | 'comment'): number {
  return (WEBHOOK_FIELDS.find((f) => f.name === name) as { maxLength: number }).maxLength;
}

/** DRF SimpleMetadata's description of the fields, for OPTIONS' `actions`. */
export const WEBHOOK_FIELD_METADATA = Object.fromEntries(WEBHOOK_FIELDS.map((f) => [f.name, {
  type: f.type, required: f.required, read_only: f.readOnly, label: f.label, ...('maxLength' in f ? { max_length: f.maxLength } : {}),
}]));

/** WebHookSerializer's output, keys in its field order. */
export function representWebhook(w: WebhookRecord): Webhook {
  return Object.fromEntries(WEBHOOK_FIELDS.map((f) => [f.name, w[f.name]])) as Webhook;
}
