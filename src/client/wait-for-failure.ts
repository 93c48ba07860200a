import type { DeliveryList } from '../control/types.js';

const clip = (text: string, max = 200) => (text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text);

/**
 * Why `deliveries.waitFor` gave up, from what it saw last: how many records, the last attempt's
 * outcome (webhook, target, `return_code`, `response_body`) and the pending retries with their
 * due times.
 */
export function waitForFailure(timeout: number, snapshot: DeliveryList): string {
  const parts = [`deliveries.waitFor: not satisfied within ${timeout} ms; last saw ${snapshot.count} record(s)`];
  const last = snapshot.results[0];
  if (last) {
    const outcome = last.return_code === 0 ? 'no answer' : `return_code ${last.return_code}`;
    parts.push(
      `the last attempt (webhook ${last.webhook}, ${last.action_type}, retry ${last.retry_count}) to ${last.target_url} ` +
        `got ${outcome}, response_body ${JSON.stringify(clip(last.response_body))}`,
    );
  } else {
    parts.push('no attempt was made (did the notification match a webhook?)');
  }
  const pending = snapshot.pending;
  if (pending.length === 0) parts.push('no pending retries');
  else {
    const shown = pending.slice(0, 5).map((p) => `webhook ${p.webhook} retry ${p.retry_count} due at ${p.due_at}`);
    parts.push(`${pending.length} pending retr${pending.length === 1 ? 'y' : 'ies'}: ${shown.join(', ')}${pending.length > 5 ? ', …' : ''}`);
  }
  return parts.join('; ');
}
