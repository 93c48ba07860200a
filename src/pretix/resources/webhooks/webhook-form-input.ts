import type { QueryDict } from '../../drf/form-parser.js';

/** The fields of pretix's WebHookSerializer by the kind of DRF field that reads them. */
const BOOLEAN_FIELDS = ['enabled', 'all_events'];
const LIST_FIELDS = ['limit_events'];

/**
 * What WebHookSerializer's fields take from a QueryDict (DRF's `get_value` for HTML input), as a
 * plain object the JSON path validates: a plain field takes the key's last value; the related
 * list (`limit_events`) all its values. A missing key is skipped on PATCH; otherwise a boolean is
 * `false` and the list `[]` (DRF's empty HTML values), and the others stay missing. An empty
 * value of an optional boolean counts as missing.
 */
export function webhookInputFromForm(dict: QueryDict, partial: boolean): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const field of ['enabled', 'target_url', 'all_events', 'limit_events', 'action_types', 'comment']) {
    const values = dict.get(field);
    if (values === undefined) {
      if (partial) continue;
      if (BOOLEAN_FIELDS.includes(field)) input[field] = false;
      if (LIST_FIELDS.includes(field)) input[field] = [];
      continue;
    }
    if (LIST_FIELDS.includes(field)) input[field] = [...values];
    else if (!(BOOLEAN_FIELDS.includes(field) && values.at(-1) === '')) input[field] = values.at(-1);
  }
  return input;
}
