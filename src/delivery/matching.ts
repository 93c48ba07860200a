import type { Dataset } from '../store/dataset.js';
import type { WebhookRecord } from '../store/fixture-types.js';

/** Why a webhook of the organizer did not get a notification, in the order pretix's query filters. */
export type SkipReason = 'disabled' | 'no_listener' | 'event_filter';

export interface WebhookMatch {
  /** The webhooks to call, in id order, a webhook once per joined row. */
  matched: WebhookRecord[];
  /** The organizer's other webhooks, each with the first filter that left it out. */
  skipped: Array<{ webhook: WebhookRecord; reason: SkipReason }>;
}

/**
 * pretix's `notify_webhooks` selection for one log entry: the organizer's enabled webhooks with a
 * listener for the registered type (for example the literal `pretix.event.order.changed.*`), and,
 * when the log entry has an event, `Q(all_events=True) | Q(limit_events__pk=event)`. Ordered by id.
 *
 * The OR over the `limit_events` join yields one row per joined event, so a webhook stored with
 * `all_events: true` and several `limit_events` (pretix's create quirk) is returned, and called,
 * once per listed event (as a real pretix 2026.5 did).
 */
export function matchWebhooks(data: Dataset, organizer: string, registeredType: string, event: string | null): WebhookMatch {
  const result: WebhookMatch = { matched: [], skipped: [] };
  const ordered = [...data.webhooks(organizer)].sort((a, b) => a.id - b.id);
  for (const webhook of ordered) {
    const reason: SkipReason | undefined = !webhook.enabled ? 'disabled'
      : !webhook.action_types.includes(registeredType) ? 'no_listener'
      : undefined;
    if (reason) {
      result.skipped.push({ webhook, reason });
      continue;
    }
    const rows = event === null ? 1
      : webhook.all_events ? Math.max(1, webhook.limit_events.length)
      : webhook.limit_events.includes(event) ? 1 : 0;
    if (rows === 0) result.skipped.push({ webhook, reason: 'event_filter' });
    for (let i = 0; i < rows; i++) result.matched.push(webhook);
  }
  return result;
}
