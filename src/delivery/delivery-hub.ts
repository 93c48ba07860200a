import { silentLogger, type Logger } from '../logging/logger.js';
import type { Sandbox } from '../store/sandbox.js';
import { DeliveryLog, type DeliveryFilter, type DeliveryRecord, type SharedLogSink } from './delivery-log.js';
import type { DeliveryLeases } from './delivery-leases.js';
import type { Job, PendingRetry } from './jobs.js';
import { SandboxDelivery } from './sandbox-delivery.js';
import { SkipLog, type DeliverySkip } from './skip-log.js';
import { ScaledClock } from './scaled-clock.js';
import { Sender } from './sender.js';

/** The default User-Agent of webhook calls: what pretix 2026.8.0 sends (the default of requests 2.34.2, which it installs). */
export const DELIVERY_USER_AGENT = 'python-requests/2.34.2';

/** Bounds and behaviour of webhook delivery. Every field is optional. */
export interface DeliveryOptions {
  /** Multiplies pretix's retry intervals; 0.001 runs the 59-hour schedule in about 3.5 minutes. Default 1. */
  retryTimeScale?: number;
  /** requests' `timeout`: connect timeout and the longest silence while waiting for the answer, seconds. Default 30. */
  timeoutSeconds?: number;
  /** Refuse private, loopback, link-local, multicast and CGNAT targets like pretix.eu. Default false. */
  blockPrivateNetworks?: boolean;
  /** The User-Agent header of webhook calls. Default `python-requests/2.34.2`, as pretix 2026.8.0 sends. */
  userAgent?: string;
  /** Attempts kept in the delivery log (all sandboxes). Default 1000. */
  logSize?: number;
  /** Characters of payloads and response bodies kept in the log in total. Default 64 Mi. */
  logChars?: number;
  /** Per sandbox: jobs waiting to be sent plus pending retries. New notifications beyond it are dropped (logged). Default 10,000. */
  queueSize?: number;
  /** Per sandbox and target host (host:port): attempts at once. Default 4. */
  perHostConcurrency?: number;
  logger?: Logger;
  /** With `--redis`: where calls are leased so that another replica makes them if this one dies. */
  leases?: DeliveryLeases;
}

export const DEFAULT_DELIVERY = {
  retryTimeScale: 1, timeoutSeconds: 30, blockPrivateNetworks: false, userAgent: DELIVERY_USER_AGENT, logSize: 1000, logChars: 64 * 1024 * 1024,
  queueSize: 10_000, perHostConcurrency: 4,
} as const;

/** Attempts at once per sandbox, over all hosts. */
const TOTAL_CONCURRENCY = 64;

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new Error(`delivery option ${name} must be a positive integer, got ${value}`);
  return value;
}

/**
 * Webhook delivery for a whole server: one SandboxDelivery per sandbox (created on first use),
 * one shared delivery log, one sender. Nothing here runs on a request's path: `notify` queues
 * and returns.
 */
export class DeliveryHub {
  readonly log: DeliveryLog;
  /** Webhooks notifications did not reach, and why (as many as the log keeps records). */
  readonly skips: SkipLog;
  readonly clock: ScaledClock;
  readonly #sender: Sender;
  readonly #services = new Map<string, SandboxDelivery>();
  readonly #logger: Logger;
  readonly #queueSize: number;
  readonly #perHost: number;
  #leases: DeliveryLeases | undefined;
  #sharedLog: (SharedLogSink & { refresh(): Promise<void> }) | undefined;
  #closed = false;

  constructor(options: DeliveryOptions = {}) {
    const o = { ...DEFAULT_DELIVERY, ...options };
    if (!Number.isFinite(o.timeoutSeconds) || o.timeoutSeconds <= 0) throw new Error(`delivery option timeoutSeconds must be > 0, got ${o.timeoutSeconds}`);
    if (typeof o.userAgent !== 'string' || !/^[\x20-\x7e\x80-\xff]+$/.test(o.userAgent) || o.userAgent.trim() !== o.userAgent) {
      throw new Error(`delivery option userAgent must be a non-empty header value without control characters or surrounding spaces, got ${JSON.stringify(o.userAgent)}`);
    }
    this.clock = new ScaledClock(o.retryTimeScale);
    this.log = new DeliveryLog({ maxRecords: positiveInteger('logSize', o.logSize), maxChars: positiveInteger('logChars', o.logChars) });
    this.skips = new SkipLog(this.log.options.maxRecords);
    this.#queueSize = positiveInteger('queueSize', o.queueSize);
    this.#perHost = positiveInteger('perHostConcurrency', o.perHostConcurrency);
    this.#logger = options.logger ?? silentLogger;
    this.#leases = options.leases;
    this.#sender = new Sender({
      timeoutMs: o.timeoutSeconds * 1000, blockPrivateNetworks: o.blockPrivateNetworks, userAgent: o.userAgent, keepAliveSockets: this.#perHost,
    });
  }

  /** The delivery service of a sandbox; a sandbox recreated under the same id gets a fresh one. */
  for(sandbox: Sandbox): SandboxDelivery {
    const existing = this.#services.get(sandbox.id);
    if (existing?.sandbox === sandbox) return existing;
    if (existing) void existing.close();
    const service = new SandboxDelivery(sandbox, {
      log: this.log, skips: this.skips, sender: this.#sender, clock: this.clock, logger: this.#logger,
      queueSize: this.#queueSize, perHostConcurrency: this.#perHost, totalConcurrency: TOTAL_CONCURRENCY, leases: this.#leases,
    });
    if (this.#closed) void service.close();
    else this.#services.set(sandbox.id, service);
    return service;
  }

  /** Leases every call from now on (set before the first notification, when `--redis` connects). */
  useLeases(leases: DeliveryLeases): void {
    this.#leases = leases;
  }

  /** The log is shared with other replicas from now on (`--redis`); `refresh` brings this replica's copy up to date. */
  shareLog(shared: SharedLogSink & { refresh(): Promise<void> }): void {
    this.#sharedLog = shared;
    this.log.share(shared);
  }

  /** With a shared log: applies every attempt any replica logged before the call. */
  refresh(): Promise<void> {
    return this.#sharedLog?.refresh() ?? Promise.resolve();
  }

  /** Queues a call taken over from a replica that died. */
  adopt(sandbox: Sandbox, job: Job): void {
    this.for(sandbox).adopt(job);
  }

  /** Stops a removed sandbox's deliveries (its log records stay). */
  async forget(sandboxId: string): Promise<void> {
    const service = this.#services.get(sandboxId);
    this.#services.delete(sandboxId);
    await service?.close();
  }

  /** Forgets the log records and the queued calls and pending retries (of one sandbox, given its id). */
  clear(sandbox?: string): Promise<void> {
    for (const [id, service] of this.#services) if (sandbox === undefined || id === sandbox) service.clear();
    return this.log.clear(sandbox);
  }

  list(filter: DeliveryFilter = {}): DeliveryRecord[] {
    return this.log.list(filter);
  }

  /** Webhooks notifications did not reach, and why; newest first. */
  skipped(filter: DeliveryFilter = {}): DeliverySkip[] {
    return this.skips.list(filter);
  }

  pending(filter: DeliveryFilter = {}): PendingRetry[] {
    return this.#select(filter).flatMap((s) => s.pending(filter)).sort((a, b) => a.due_at.localeCompare(b.due_at));
  }

  expedite(filter: DeliveryFilter = {}): number {
    return this.#select(filter).reduce((n, s) => n + s.expedite(filter), 0);
  }

  drop(filter: DeliveryFilter = {}): number {
    return this.#select(filter).reduce((n, s) => n + s.drop(filter), 0);
  }

  /** Queue counters summed over the sandboxes (or one sandbox). */
  stats(filter: DeliveryFilter = {}) {
    const total = { waiting: 0, in_flight: 0, pending_retries: 0, dropped: 0, log_records: this.log.size, log_evicted: this.log.evicted };
    for (const s of this.#select(filter)) {
      for (const [k, v] of Object.entries(s.stats)) total[k as keyof typeof s.stats] += v;
    }
    return total;
  }

  /** Stops every sandbox's delivery: nothing new starts, attempts in flight are aborted and awaited. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([...this.#services.values()].map((s) => s.close()));
    this.#sender.close();
  }

  #select(filter: DeliveryFilter): SandboxDelivery[] {
    const all = [...this.#services.values()];
    return filter.sandbox === undefined ? all : all.filter((s) => s.sandbox.id === filter.sandbox);
  }
}
