import type { Dataset } from '../store/dataset.js';
import type { WebhookRecord } from '../store/fixture-types.js';

/**
 * pretix's `notify_webhooks` selection for one log entry: the organizer's enabled webhooks with a
 * listener for the registered type (for example the literal `pretix.event.order.changed.*`), and,
 * when the log entry has an event, `Q(all_events=True) | Q(limit_events__pk=event)`. Ordered by id.
 *
 * The OR over the `limit_events` join yields one row per joined event, so a webhook stored with
 * `all_events: true` and several `limit_events` (pretix's create quirk) is returned, and called,
 * once per listed event (inferred from the query; pretix's docs warn about duplicates).
 */
export function matchWebhooks(data: Dataset, organizer: string, registeredType: string, event: string | null): WebhookRecord[] {
  const matched: WebhookRecord[] = [];
  for (const webhook of data.webhooks(organizer)) {
    if (!webhook.enabled || !webhook.action_types.includes(registeredType)) continue;
    const rows = event === null ? 1
      : webhook.all_events ? Math.max(1, webhook.limit_events.length)
      : webhook.limit_events.includes(event) ? 1 : 0;
    for (let i = 0; i < rows; i++) matched.push(webhook);
  }
  return matched;
}
