import type { SkipReason } from './matching.js';
import type { DeliveryFilter } from './delivery-log.js';
import type { components } from '../generated/control-api.js';

/** A retry waiting for its time, as `GET /__admin/deliveries` lists it. */
export type PendingRetry = components['schemas']['PendingRetry'];
/** The answer of `POST /__admin/notify`. */
export type NotifyResult = components['schemas']['NotifyResult'];

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
