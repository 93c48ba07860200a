import type { Logger } from 'pino';
import type { DeliveryLeases } from './delivery-leases.js';
import type { Sandbox } from '../store/sandbox.js';
import { matchesFilter, type DeliveryFilter, type DeliveryLog } from './delivery-log.js';
import { HostQueue } from './host-queue.js';
import { hostOf, retryFilter, toPending, type Job, type NotifyResult, type PendingRetry } from './jobs.js';
import { matchWebhooks } from './matching.js';
import { unmatchedWarning } from './nearest-types.js';
import type { SkipLog } from './skip-log.js';
import { prepareNotification, type NotifyRequest, type PreparedNotification } from './notification.js';
import { RetryScheduler } from './retry-scheduler.js';
import { retryInterval } from './retry-schedule.js';
import type { ScaledClock } from './scaled-clock.js';
import type { Sender } from './sender.js';

export interface SandboxDeliveryOptions {
  log: DeliveryLog;
  skips: SkipLog;
  sender: Sender;
  clock: ScaledClock;
  logger: Logger;
  /** Jobs waiting to be sent plus pending retries; new notifications beyond it are dropped. */
  queueSize: number;
  perHostConcurrency: number;
  totalConcurrency: number;
  /** With `--redis`: calls are leased in Redis, so another replica makes them if this one dies. */
  leases?: DeliveryLeases;
}

/**
 * Delivery for one sandbox: its own notification ids, queue, retries and concurrency, so
 * sandboxes deliver independently. Follows pretix's `send_webhook`: reload the webhook before
 * each attempt, record the attempt, 410 disables, other failures retry on pretix's schedule.
 */
export class SandboxDelivery {
  #nextNotificationId = 1;
  #closed = false;
  #dropped = 0;
  #droppingSince: number | undefined;
  readonly #abort = new AbortController();
  readonly #running = new Set<Promise<unknown>>();
  readonly #queue: HostQueue<Job>;
  readonly #retries: RetryScheduler<Job>;

  constructor(
    readonly sandbox: Sandbox,
    private readonly options: SandboxDeliveryOptions,
  ) {
    this.#queue = new HostQueue<Job>({
      perHost: options.perHostConcurrency, total: options.totalConcurrency, hostOf: (job) => job.host, run: (job) => this.#track(this.#attempt(job)),
    });
    this.#retries = new RetryScheduler<Job>(options.clock, (due) => due.forEach((job) => this.#queue.push(job)));
  }

  /** Counters for the deliveries list. */
  get stats() {
    return { waiting: this.#queue.waiting, in_flight: this.#queue.active, pending_retries: this.#retries.size, dropped: this.#dropped };
  }

  /** Emits a log entry: builds the payload, matches webhooks and queues one job each. Throws PretixError (400). */
  notify(req: NotifyRequest): NotifyResult {
    return this.prepare(req).emit();
  }

  /**
   * Checks a log entry against the dataset and builds its payload as the `offset`-th next
   * notification, without emitting it (throws PretixError, 400): a batch checks all its entries
   * before `emit` sends any. Emit prepared entries in the order of their offsets.
   */
  prepare(req: NotifyRequest, offset = 0): { emit(): NotifyResult } {
    const data = this.sandbox.data;
    const notificationId = this.#nextNotificationId + offset;
    const prepared = prepareNotification(data, req, notificationId);
    return { emit: () => this.#emit(req, prepared, notificationId) };
  }

  #emit(req: NotifyRequest, prepared: PreparedNotification, notificationId: number): NotifyResult {
    const data = this.sandbox.data;
    this.#nextNotificationId = notificationId + 1;
    const result: NotifyResult = {
      notification_id: notificationId, sandbox: this.sandbox.id, organizer: req.organizer, action_type: req.action_type,
      webhook_type: prepared.webhookType, payload: prepared.payload, generated: prepared.generated, webhooks: [], skipped: [], warning: null,
    };
    if (!prepared.webhookType || prepared.body === null) {
      result.warning = unmatchedWarning(req.action_type, data.registry.types());
      return result;
    }
    const { matched, skipped } = matchWebhooks(data, req.organizer, prepared.webhookType, prepared.logEvent);
    const datetime = new Date().toISOString();
    for (const { webhook, reason } of skipped) {
      result.skipped.push({ id: webhook.id, target_url: webhook.target_url, reason });
      this.options.skips.add({
        sandbox: this.sandbox.id, notification_id: notificationId, webhook: webhook.id, target_url: webhook.target_url,
        action_type: req.action_type, webhook_type: prepared.webhookType, reason, datetime,
      });
    }
    for (const webhook of matched) {
      const queued = this.#offer({
        sandbox: this.sandbox.id, notificationId, organizer: req.organizer, actionType: req.action_type,
        webhookType: prepared.webhookType, webhookId: webhook.id, host: hostOf(webhook.target_url), body: prepared.body,
        retryCount: 0, dueAt: 0, interval: 0,
      });
      result.webhooks.push({ id: webhook.id, target_url: webhook.target_url, queued });
    }
    return result;
  }

  pending(filter: DeliveryFilter = {}): PendingRetry[] {
    return this.#retries.list().map(toPending).filter((p) => matchesFilter(p, retryFilter(filter)));
  }

  /** Runs the matching pending retries now, keeping their retry counts (pretix's "expedite"). */
  expedite(filter: DeliveryFilter = {}): number {
    const jobs = this.#retries.take((job) => matchesFilter(toPending(job), retryFilter(filter)));
    for (const job of jobs) this.#queue.push(job);
    return jobs.length;
  }

  /** Forgets the matching pending retries. */
  drop(filter: DeliveryFilter = {}): number {
    return this.#release(this.#retries.take((job) => matchesFilter(toPending(job), retryFilter(filter))));
  }

  /** Queues a call taken over from a replica that died (its lease is held here now). */
  adopt(job: Job): void {
    if (!this.#closed) this.#queue.push(job);
  }

  /**
   * Forgets every queued call and pending retry (attempts in flight finish). For a sandbox whose
   * dataset was reset or replaced: its old notifications should not reach the new webhooks.
   */
  clear(): number {
    return this.#release(this.#queue.take(() => true)) + this.#release(this.#retries.take(() => true));
  }

  /** Stops: forgets queued jobs and retries, aborts attempts in flight and waits for them. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#retries.close();
    this.#queue.close();
    this.#abort.abort(new Error('pretix-mock is shutting down'));
    while (this.#running.size > 0) await Promise.allSettled([...this.#running]);
  }

  #offer(job: Job): boolean {
    if (this.#closed) return false;
    const { logger, queueSize } = this.options;
    if (this.#queue.waiting + this.#retries.size >= queueSize) {
      this.#dropped++;
      if (this.#droppingSince === undefined) {
        this.#droppingSince = this.#dropped;
        logger.warn({ sandbox: job.sandbox, queueSize }, 'webhook delivery queue full: new notifications are not delivered until it drains');
      }
      return false;
    }
    if (this.#droppingSince !== undefined) {
      logger.warn({ sandbox: job.sandbox, dropped: this.#dropped - this.#droppingSince + 1 }, 'webhook delivery queue has room again');
      this.#droppingSince = undefined;
    }
    this.options.leases?.hold(job);
    this.#queue.push(job);
    return true;
  }

  #release(jobs: Job[]): number {
    for (const job of jobs) this.options.leases?.release(job);
    return jobs.length;
  }

  #track<T>(work: Promise<T>): Promise<T> {
    this.#running.add(work);
    return work.finally(() => this.#running.delete(work));
  }

  async #attempt(job: Job): Promise<void> {
    const { log, sender, logger, leases } = this.options;
    if (leases && !(await leases.claim(job))) return; // another replica has it
    try {
      const data = this.sandbox.data;
      const webhook = data.webhook(job.organizer, job.webhookId);
      if (!webhook || !webhook.enabled || !data.registry.has(job.webhookType)) {
        logger.debug({ sandbox: job.sandbox, webhook: job.webhookId, notification: job.notificationId }, 'obsolete-webhook: not sent');
        if (webhook) {
          this.options.skips.add({
            sandbox: job.sandbox, notification_id: job.notificationId, webhook: job.webhookId, target_url: webhook.target_url,
            action_type: job.actionType, webhook_type: job.webhookType, reason: 'disabled_before_sending', datetime: new Date().toISOString(),
          });
        }
        return;
      }
      const attempt = await sender.post(webhook.target_url, job.body, this.#abort.signal);
      logger.debug({ sandbox: job.sandbox, webhook: job.webhookId, notification: job.notificationId, status: attempt.returnCode }, 'webhook call');
      // is_retry as pretix records it (Celery's retry counter, never raised by pretix's own retries).
      log.record({
        sandbox: job.sandbox, webhook: job.webhookId, notification_id: job.notificationId, datetime: new Date().toISOString(),
        target_url: webhook.target_url, action_type: job.actionType, webhook_type: job.webhookType, blocked: attempt.blocked,
        is_retry: false, retry_count: job.retryCount,
        execution_time: attempt.executionTime, return_code: attempt.returnCode, success: attempt.success,
        payload: job.body, response_body: attempt.responseBody,
      });
      if (attempt.blocked) {
        logger.info({ sandbox: job.sandbox, webhook: job.webhookId, notification: job.notificationId }, 'webhook target blocked by the private-network guard: not sent, not retried');
      } else if (attempt.returnCode === 410) {
        const current = this.sandbox.data.webhook(job.organizer, job.webhookId);
        if (current) await this.sandbox.updateWebhook(current, { enabled: false });
        logger.info({ sandbox: job.sandbox, webhook: job.webhookId }, 'receiver answered 410 Gone: webhook disabled');
      } else if (attempt.returnCode === 0 || attempt.returnCode > 299) {
        this.#scheduleRetry(job);
      }
    } catch (err) {
      if (!this.#abort.signal.aborted) logger.error({ err, sandbox: job.sandbox, webhook: job.webhookId }, 'webhook delivery failed unexpectedly');
    } finally {
      // An attempt cut by shutdown keeps its lease: another replica makes it after the visibility timeout.
      if (!this.#abort.signal.aborted) leases?.release(job);
    }
  }

  #scheduleRetry(job: Job): void {
    if (this.#closed) return;
    const interval = retryInterval(job.retryCount);
    if (interval === undefined) {
      this.options.logger.info({ sandbox: job.sandbox, webhook: job.webhookId, notification: job.notificationId }, 'retry-given-up');
      return;
    }
    const { clock } = this.options;
    const retry = { ...job, retryCount: job.retryCount + 1, interval, dueAt: clock.now() + clock.delayMs(interval) };
    this.options.leases?.hold(retry);
    this.#retries.add(retry);
  }
}
