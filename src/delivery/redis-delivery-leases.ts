import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../logging/logger.js';
import type { DeliveryLeases } from './delivery-leases.js';
import type { Job } from './jobs.js';

export interface RedisDeliveryLeasesOptions {
  redis: Redis;
  prefix: string;
  logger: Logger;
  /** A held call whose owner has not claimed it this long after it came due is taken over. */
  graceMs: number;
  /** A claimed call whose attempt has not ended this long after the claim is taken over. */
  visibilityMs: number;
  /**
   * Brings this replica's state up to every acknowledged write. Called before calls taken over
   * are queued (their sandbox may have been created through another replica since this one last
   * caught up) and before each attempt (pretix reloads the webhook before each attempt: it may
   * have been changed or disabled through another replica).
   */
  catchUp: () => Promise<void>;
}

/** Jobs taken over per tick. */
const BATCH = 50;
const TICK_MS = 250;

/**
 * Compare-and-set on a lease's deadline: the owner at the due time and the reaper of another
 * replica after the deadline cannot both win, so one attempt runs per claim.
 * KEYS: deadlines (sorted set), jobs (hash). ARGV: key, expected deadline, new deadline.
 */
const CLAIM = `
local s = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not s or s ~= ARGV[2] then return 0 end
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
return 1`;

/** Takes over leases past their deadline. ARGV: now, new deadline, batch. Returns key, job pairs. */
const REAP = `
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
local out = {}
for _, key in ipairs(due) do
  local job = redis.call('HGET', KEYS[2], key)
  if job then
    redis.call('ZADD', KEYS[1], ARGV[2], key)
    table.insert(out, key)
    table.insert(out, job)
  else
    redis.call('ZREM', KEYS[1], key)
  end
end
return out`;

type LeaseRedis = Redis & {
  leaseClaim(k1: string, k2: string, key: string, expected: string, deadline: number): Promise<number>;
  leaseReap(k1: string, k2: string, now: number, deadline: number, batch: number): Promise<string[]>;
};

/**
 * Delivery leases in Redis: a sorted set of deadlines and a hash of the jobs. Every replica
 * runs the reaper, so a call held by a replica that died (SIGKILL, lost host) is attempted by
 * another one after `graceMs` past its due time, or `visibilityMs` after a claim it never finished.
 */
export class RedisDeliveryLeases implements DeliveryLeases {
  readonly #redis: LeaseRedis;
  readonly #keys: [string, string];
  readonly #held = new WeakMap<Job, { key: string; deadline: string; saved: Promise<unknown> }>();
  readonly #replica = randomBytes(6).toString('hex');
  #next = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: RedisDeliveryLeasesOptions) {
    const redis: Redis = options.redis;
    if (!('leaseClaim' in redis)) {
      redis.defineCommand('leaseClaim', { numberOfKeys: 2, lua: CLAIM });
      redis.defineCommand('leaseReap', { numberOfKeys: 2, lua: REAP });
    }
    this.#redis = redis as LeaseRedis;
    this.#keys = [`${options.prefix}delivery-deadlines`, `${options.prefix}delivery-jobs`];
  }

  /** Starts taking over calls of dead replicas; `adopt` queues each one here. */
  start(adopt: (job: Job) => void): void {
    const tick = async () => {
      try {
        const now = Date.now();
        const flat = await this.#redis.leaseReap(...this.#keys, now, now + this.options.visibilityMs, BATCH);
        // If this fails, the calls just taken stay leased and are taken over again after the visibility timeout.
        if (flat.length > 0) await this.options.catchUp();
        for (let i = 0; i + 1 < flat.length; i += 2) {
          const job = JSON.parse(flat[i + 1]!) as Job;
          this.#held.set(job, { key: flat[i]!, deadline: String(now + this.options.visibilityMs), saved: Promise.resolve() });
          this.options.logger.info({ sandbox: job.sandbox, webhook: job.webhookId, retry: job.retryCount }, 'webhook call taken over from another replica');
          adopt(job);
        }
      } catch (err) {
        this.options.logger.debug({ err: (err as Error).message }, 'delivery lease reaper: Redis unavailable, retried next tick');
      }
    };
    this.#timer = setInterval(() => void tick(), TICK_MS).unref();
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  hold(job: Job): void {
    const key = `${this.#replica}:${++this.#next}`;
    const deadline = String(Math.max(job.dueAt, Date.now()) + this.options.graceMs);
    const saved = this.#redis
      .multi()
      .hset(this.#keys[1], key, JSON.stringify(job))
      .zadd(this.#keys[0], deadline, key)
      .exec()
      .catch((err: Error) => this.options.logger.warn({ err: err.message, sandbox: job.sandbox }, 'webhook call not leased in Redis: only this replica can make it'));
    this.#held.set(job, { key, deadline, saved });
  }

  async claim(job: Job): Promise<boolean> {
    const lease = this.#held.get(job);
    if (!lease) return true; // never leased (Redis was away): this replica is its only owner
    await lease.saved;
    try {
      await this.options.catchUp();
    } catch {
      return false; // Redis away: the lease lapses at its deadline and the call is taken over then
    }
    const deadline = Date.now() + this.options.visibilityMs;
    try {
      const won = (await this.#redis.leaseClaim(...this.#keys, lease.key, lease.deadline, deadline)) === 1;
      lease.deadline = String(deadline);
      return won;
    } catch {
      return false; // Redis away: another replica may run it once the lease lapses
    }
  }

  release(job: Job): void {
    const lease = this.#held.get(job);
    if (!lease) return;
    this.#held.delete(job);
    void lease.saved
      .then(() => this.#redis.multi().zrem(this.#keys[0], lease.key).hdel(this.#keys[1], lease.key).exec())
      .catch(() => {}); // a lease left behind is attempted once more after its deadline
  }
}
