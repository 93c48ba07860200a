import { parseDjangoDateTime } from '../../drf/datetime.js';
import { Errors, type FieldErrors } from '../../drf/errors.js';
import { lastQueryValue, parseQuery } from '../../drf/python.js';
import type { EventRecord, I18nText } from '../../../store/fixture-types.js';

type Predicate = (e: EventRecord) => boolean;

/** django-filter's BooleanWidget: true/1 and false/0, any case; anything else does not filter. */
function booleanValue(raw: string | undefined): boolean | undefined {
  const v = raw?.toLowerCase();
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  return undefined;
}

const time = (iso: string) => Date.parse(iso);
/** When the event ends: `date_to`, or `date_from` when it has no end (pretix's ends_after/is_past). */
const endOf = (e: EventRecord) => time(e.date_to ?? e.date_from);
const texts = (t: I18nText | null) => (t === null ? [] : typeof t === 'string' ? [t] : Object.values(t));
const containsFolded = (haystack: string, needle: string) => haystack.toLowerCase().includes(needle.toLowerCase());

/**
 * pretix's EventFilter over an organizer's events: the boolean fields, `is_past`/`is_future`
 * against `now` (an event series never matches their `true`), `ends_after`, the
 * `date_from_*`/`date_to_*` ranges, `sales_channel` and `search` (name, slug, location). Like
 * django-filter, the last value of a parameter counts, empty values do not filter, and invalid
 * date-times give 400 naming every failing parameter.
 */
export function filterEvents(events: readonly EventRecord[], query: string, now: Date): EventRecord[] {
  if (query === '') return [...events];
  const pairs = parseQuery(query);
  const value = (name: string) => {
    const v = lastQueryValue(pairs, name);
    return v === undefined || v === '' ? undefined : v;
  };
  const predicates: Predicate[] = [];
  const errors: FieldErrors = {};
  for (const field of ['is_public', 'live', 'has_subevents', 'testmode'] as const) {
    const b = booleanValue(value(field));
    if (b !== undefined) predicates.push((e) => e[field] === b);
  }
  // A range filter (`date_from` with `_after` and `_before`) reports its errors under its own name, once.
  const dateParam = (name: string, errorKey = name): number | undefined => {
    const raw = value(name);
    if (raw === undefined) return undefined;
    const ms = parseDjangoDateTime(raw);
    if (ms === undefined) errors[errorKey] = ['Enter a valid date/time.'];
    return ms;
  };
  const nowMs = now.getTime();
  const past: Predicate = (e) => !e.has_subevents && endOf(e) < nowMs;
  const future: Predicate = (e) => !e.has_subevents && endOf(e) >= nowMs;
  const isPast = booleanValue(value('is_past'));
  if (isPast !== undefined) predicates.push((e) => past(e) === isPast);
  const isFuture = booleanValue(value('is_future'));
  if (isFuture !== undefined) predicates.push((e) => future(e) === isFuture);
  const endsAfter = dateParam('ends_after');
  if (endsAfter !== undefined) predicates.push((e) => !e.has_subevents && endOf(e) >= endsAfter);
  for (const field of ['date_from', 'date_to'] as const) {
    const after = dateParam(`${field}_after`, field);
    const before = dateParam(`${field}_before`, field);
    const at = (e: EventRecord) => (e[field] === null ? undefined : time(e[field]!));
    if (after !== undefined) predicates.push((e) => at(e) !== undefined && at(e)! >= after);
    if (before !== undefined) predicates.push((e) => at(e) !== undefined && at(e)! <= before);
  }
  const channel = value('sales_channel');
  if (channel !== undefined) predicates.push((e) => e.all_sales_channels || e.limit_sales_channels.includes(channel));
  const search = value('search');
  if (search !== undefined) {
    predicates.push((e) => containsFolded(e.slug, search) || [...texts(e.name), ...texts(e.location)].some((t) => containsFolded(t, search)));
  }
  if (Object.keys(errors).length > 0) throw Errors.validation(errors);
  return events.filter((e) => predicates.every((p) => p(e)));
}
