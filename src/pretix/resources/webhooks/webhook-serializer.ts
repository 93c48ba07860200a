import { Errors, type FieldErrors } from '../../drf/errors.js';
import { isDjangoUrl } from '../../../spec/django-url.js';
import { pyNumberStr, pyStr, pyTypeName } from '../../drf/python.js';
import { decodedNumberText } from '../../drf/ujson.js';
import type { Dataset, WebhookFields } from '../../../store/dataset.js';
import type { WebhookRecord } from '../../../store/fixture-types.js';
import { maxLengthOf, REQUIRED_FIELDS, WRITABLE_FIELDS, type WritableField } from './webhook-fields.js';

/**
 * pretix's WebHookSerializer (src/pretix/api/serializers/webhooks.py) on top of Django REST
 * Framework's field semantics. The spec decides which fields are invalid (express-openapi-validator
 * flags them); this module words every message as DRF does, applies the checks that need the
 * dataset (the organizer's events, the action type registry) and the cross-field rule.
 */

const TRUE_VALUES = new Set<unknown>(['t', 'T', 'y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON', '1', 1, true]);
const FALSE_VALUES = new Set<unknown>(['f', 'F', 'n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF', '0', 0, false]);

const TARGET_URL_MAX = maxLengthOf('target_url');
const COMMENT_MAX = maxLengthOf('comment');
const PY_STRIP = /^[\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export interface SerializerInput {
  /** The parsed JSON body. */
  body: unknown;
  /** Top-level body fields the spec rejected (from express-openapi-validator's errors). */
  flagged: ReadonlySet<string>;
  /** PATCH: every field optional. */
  partial: boolean;
  /** The stored webhook on PUT/PATCH. */
  instance?: WebhookRecord;
  data: Dataset;
  organizer: string;
}

/** Validated input: only the fields that were given, converted to their stored form. */
export type ValidatedFields = Partial<WebhookFields>;

const isDict = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * What pretix's fields see, applied to the parsed body before the spec is checked, so lengths,
 * URL rules and list checks see what pretix sees: DRF's CharField trims surrounding whitespace;
 * the list fields iterate what they get, as Python does: a dict gives its keys, and
 * `action_types` (a plain field) takes a string as its characters (`limit_events` refuses one).
 */
export function normalizeWebhookInput(body: unknown): void {
  if (!isDict(body)) return;
  const b = body;
  for (const key of ['target_url', 'comment']) {
    // CharField takes a number as its str(): Python's digits (any number of them, `1.0`, `nan`).
    if (Object.hasOwn(b, key) && typeof b[key] === 'number') b[key] = decodedNumberText(b, key) ?? pyNumberStr(b[key] as number);
    if (Object.hasOwn(b, key) && typeof b[key] === 'string') b[key] = (b[key] as string).replace(PY_STRIP, '');
  }
  for (const key of ['limit_events', 'action_types']) {
    if (Object.hasOwn(b, key) && isDict(b[key])) b[key] = Object.keys(b[key]);
  }
  if (typeof b.action_types === 'string') b.action_types = Array.from(b.action_types);
}

function charFieldProblems(value: string): string[] {
  const problems: string[] = [];
  if (value.includes('\0')) problems.push('Null characters are not allowed.');
  const surrogate = LONE_SURROGATE.exec(value);
  if (surrogate) {
    problems.push(`Surrogate characters are not allowed: U+${surrogate[0].charCodeAt(0).toString(16).toUpperCase()}.`);
  }
  return problems;
}

type Outcome = { value: unknown } | { errors: string[] };

function booleanField(value: unknown): Outcome {
  if (TRUE_VALUES.has(value)) return { value: true };
  if (FALSE_VALUES.has(value)) return { value: false };
  return { errors: ['Must be a valid boolean.'] };
}

function targetUrl(value: unknown): Outcome {
  if (typeof value === 'number') return { errors: ['Enter a valid URL.'] };
  if (typeof value !== 'string') return { errors: ['Not a valid string.'] };
  if (value === '') return { errors: ['This field may not be blank.'] };
  const errors: string[] = [];
  if (value.length > TARGET_URL_MAX) errors.push(`Ensure this field has no more than ${TARGET_URL_MAX} characters.`);
  errors.push(...charFieldProblems(value));
  if (!isDjangoUrl(value)) errors.push('Enter a valid URL.');
  return errors.length ? { errors } : { value };
}

function comment(value: unknown): Outcome {
  if (value === null) return { value: null };
  if (typeof value === 'number') return { value: pyStr(value) };
  if (typeof value !== 'string') return { errors: ['Not a valid string.'] };
  const errors: string[] = [];
  if (value.length > COMMENT_MAX) errors.push(`Ensure this field has no more than ${COMMENT_MAX} characters.`);
  errors.push(...charFieldProblems(value));
  return errors.length ? { errors } : { value };
}

/** Python's str() of a list item as ujson decoded it (a number's own digits, `1.0`). */
const itemStr = (list: unknown[], k: number): string => (typeof list[k] === 'number' ? decodedNumberText(list, k) : undefined) ?? pyStr(list[k]);

function limitEvents(value: unknown, data: Dataset, organizer: string): Outcome {
  if (!Array.isArray(value)) return { errors: [`Expected a list of items but got type "${pyTypeName(value)}".`] };
  const slugs: string[] = [];
  for (const [k, item] of value.entries()) {
    if (typeof item !== 'string' || data.eventPosition(organizer, item) === undefined) {
      return { errors: [`Object with slug=${itemStr(value, k)} does not exist.`] };
    }
    if (!slugs.includes(item)) slugs.push(item);
  }
  slugs.sort((a, b) => data.eventPosition(organizer, a)! - data.eventPosition(organizer, b)!);
  return { value: slugs };
}

function actionTypes(value: unknown, data: Dataset): Outcome {
  if (!Array.isArray(value)) return { errors: [`Expected a list of items but got type "${pyTypeName(value)}".`] };
  for (const [k, item] of value.entries()) {
    if (typeof item !== 'string' || !data.registry.has(item)) return { errors: [`Invalid action type "${itemStr(value, k)}".`] };
  }
  return { value: [...(value as string[])].sort() };
}

function checkField(field: WritableField, value: unknown, input: SerializerInput): Outcome {
  if (value === null && field !== 'comment') return { errors: ['This field may not be null.'] };
  switch (field) {
    case 'enabled':
    case 'all_events':
      return booleanField(value);
    case 'target_url':
      return targetUrl(value);
    case 'limit_events':
      return limitEvents(value, input.data, input.organizer);
    case 'action_types':
      return actionTypes(value, input.data);
    case 'comment':
      return comment(value);
  }
}

/**
 * Validates a create (no instance), full update or partial update body. Throws PretixError 400
 * with every failing field at once, or with `non_field_errors` for the cross-field rule.
 */
export function validateWebhook(input: SerializerInput): ValidatedFields {
  const { body } = input;
  if (body === null) throw Errors.nonField('No data provided');
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw Errors.nonField(`Invalid data. Expected a dictionary, but got ${pyTypeName(body)}.`);
  }
  const given = body as Record<string, unknown>;
  const errors: FieldErrors = {};
  const validated: Record<string, unknown> = {};
  for (const field of WRITABLE_FIELDS) {
    if (!Object.hasOwn(given, field)) {
      if (!input.partial && REQUIRED_FIELDS.has(field)) errors[field] = ['This field is required.'];
      continue;
    }
    const outcome = checkField(field, given[field], input);
    if ('errors' in outcome) errors[field] = outcome.errors;
    else if (input.flagged.has(field)) errors[field] = [`Invalid value.`];
    else validated[field] = outcome.value;
  }
  if (Object.keys(errors).length > 0) throw Errors.validation(errors);
  const fields = validated as ValidatedFields;
  // WebHookSerializer.validate() checks the merged state: stored values updated with the given ones.
  const limit = fields.limit_events ?? input.instance?.limit_events ?? [];
  const allEvents = fields.all_events ?? input.instance?.all_events;
  if (limit.length > 0 && allEvents) throw Errors.nonField('You can set either limit_events or all_events.');
  return fields;
}

/** The record a create stores: pretix's model defaults for what was not given. */
export function createdFields(v: ValidatedFields): WebhookFields {
  return {
    enabled: v.enabled ?? true,
    target_url: v.target_url!,
    all_events: v.all_events ?? true,
    limit_events: v.limit_events!,
    action_types: v.action_types!,
    comment: v.comment ?? null,
  };
}

/**
 * The changes an update stores. `action_types` follows pretix's set arithmetic: listeners no
 * longer wanted are removed, new ones added once, and the rest (duplicates included) stay.
 */
export function updatedFields(instance: WebhookRecord, v: ValidatedFields): Partial<WebhookFields> {
  const changes: Partial<WebhookFields> = { ...v };
  if (v.action_types) {
    const wanted = new Set(v.action_types);
    const kept = instance.action_types.filter((t) => wanted.has(t));
    const added = [...wanted].filter((t) => !instance.action_types.includes(t));
    changes.action_types = [...kept, ...added].sort();
  }
  return changes;
}
