import type { WebhookRecord } from '../../../store/fixture-types.js';

/** WebHookSerializer's output, keys in its field order. */
export function representWebhook(w: WebhookRecord) {
  return {
    id: w.id,
    enabled: w.enabled,
    target_url: w.target_url,
    all_events: w.all_events,
    limit_events: w.limit_events,
    action_types: w.action_types,
    comment: w.comment,
  };
}
