import type { SkipReason } from './matching.js';
import type { DeliveryFilter } from './delivery-log.js';

/** One `send_webhook` task: a notification for one webhook, at one retry count. */
export interface Job {
  sandbox: string;
  notificationId: number;
  organizer: string;
  actionType: string;
  webhookType: string;
  webhookId: number;
  host: string;
  body: string;
  retryCount: number;
  /** For pending retries: when they come due (real ms) and after which interval (pretix seconds). */
  dueAt: number;
  interval: number;
}

/** A retry waiting for its time, as `GET /__admin/deliveries` lists it. */
export interface PendingRetry {
  sandbox: string;
  webhook: number;
  notification_id: number;
  action_type: string;
  /** The retry count the attempt will run with (1 for the first retry). */
  retry_count: number;
  /** pretix's interval before this attempt, in seconds of pretix time. */
  interval: number;
  /** When it comes due, real wall-clock time, ISO 8601 UTC. */
  due_at: string;
}

export interface NotifyResult {
  notification_id: number;
  sandbox: string;
  organizer: string;
  action_type: string;
  webhook_type: string | null;
  payload: Record<string, unknown> | null;
  generated: string[];
  /** The webhooks the notification went to, in pretix's order; `queued: false` when the queue was full. */
  webhooks: Array<{ id: number; target_url: string; queued: boolean }>;
  /** The organizer's other webhooks and why each was left out (none when no registered type matched). */
  skipped: Array<{ id: number; target_url: string; reason: SkipReason }>;
  /** For an action type no registered type matches: that, and the nearest registered types. Else null. */
  warning: string | null;
}

/** The queue key of a target: `host:port` as the URL names it. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** Pending retries have no outcome yet: a `success` filter does not apply to them. */
export function retryFilter({ success: _success, ...rest }: DeliveryFilter): DeliveryFilter {
  return rest;
}

export function toPending(job: Job): PendingRetry {
  return {
    sandbox: job.sandbox, webhook: job.webhookId, notification_id: job.notificationId, action_type: job.actionType,
    retry_count: job.retryCount, interval: job.interval, due_at: new Date(job.dueAt).toISOString(),
  };
}
