import type { Redis } from 'ioredis';
import type { Logger } from '../logging/logger.js';
import { ReplicaUnavailable } from '../store/replication.js';
import type { DeliveryLog, DeliveryRecord, SharedLogSink } from './delivery-log.js';
import { SharedRounds } from '../store/redis/shared-rounds.js';

export interface RedisDeliveryLogOptions {
  redis: Redis;
  prefix: string;
  logger: Logger;
}

/** Records read per XRANGE while refreshing. */
const PAGE = 1000;
const UNREACHABLE = 'pretix-mock cannot reach its Redis, so the shared delivery log cannot be read: retry when it is back.';

/**
 * Appends a record with the next id and evicts the oldest records beyond the caps, as the
 * in-memory log does (records by count, payloads and response bodies by characters), so every
 * replica's mirror, applying the same entries in the same order with the same caps, keeps the
 * same records. The stream itself never holds more than twice the record cap (clear markers).
 * KEYS: stream, next id, chars, evicted, records. ARGV: record JSON (no id), sandbox, weight, max records, max chars.
 */
const PUBLISH = `
local id = redis.call('INCR', KEYS[2])
redis.call('XADD', KEYS[1], '*', 'id', id, 's', ARGV[2], 'w', ARGV[3], 'r', ARGV[1])
local chars = redis.call('INCRBY', KEYS[3], ARGV[3])
local n = redis.call('INCR', KEYS[5])
local max, maxChars = tonumber(ARGV[4]), tonumber(ARGV[5])
while redis.call('XLEN', KEYS[1]) > 1 and (n > max or chars > maxChars or redis.call('XLEN', KEYS[1]) > 2 * max) do
  local first = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 1)[1]
  local f = {}
  for i = 1, #first[2], 2 do f[first[2][i]] = first[2][i + 1] end
  redis.call('XDEL', KEYS[1], first[1])
  if f['r'] then
    chars = redis.call('DECRBY', KEYS[3], f['w'])
    n = redis.call('DECR', KEYS[5])
    redis.call('INCR', KEYS[4])
  end
end
return id`;

/**
 * Forgets the records of one sandbox (ARGV[1]) or of all ('' ), and logs a marker so that every
 * mirror forgets them too. A clear of all makes every older entry useless: the stream is trimmed to it.
 */
const CLEAR = `
if ARGV[1] == '' then
  redis.call('SET', KEYS[3], 0)
  redis.call('SET', KEYS[5], 0)
  local m = redis.call('XADD', KEYS[1], '*', 'c', '')
  redis.call('XTRIM', KEYS[1], 'MINID', m)
  return m
end
local all = redis.call('XRANGE', KEYS[1], '-', '+')
for _, e in ipairs(all) do
  local f = {}
  for i = 1, #e[2], 2 do f[e[2][i]] = e[2][i + 1] end
  if f['r'] and f['s'] == ARGV[1] then
    redis.call('XDEL', KEYS[1], e[1])
    redis.call('DECRBY', KEYS[3], f['w'])
    redis.call('DECR', KEYS[5])
  end
end
return redis.call('XADD', KEYS[1], '*', 'c', ARGV[1])`;

type LogRedis = Redis & {
  deliveryLogPublish(...args: Array<string | number>): Promise<number>;
  deliveryLogClear(...args: Array<string | number>): Promise<string>;
};

/**
 * The delivery log shared by every replica (`--redis`): a capped Redis stream that each replica
 * mirrors into its in-memory DeliveryLog, so `GET /__admin/deliveries` on any replica lists the
 * attempts every replica made (refreshed before it answers), with ids from one sequence.
 */
export class RedisDeliveryLog implements SharedLogSink {
  readonly #redis: LogRedis;
  readonly #keys: string[];
  #lastId = '0-0';
  readonly #rounds = new SharedRounds(() => this.#refreshRound());

  constructor(
    private readonly log: DeliveryLog,
    private readonly options: RedisDeliveryLogOptions,
  ) {
    const redis: Redis = options.redis;
    if (!('deliveryLogPublish' in redis)) {
      redis.defineCommand('deliveryLogPublish', { numberOfKeys: 5, lua: PUBLISH });
      redis.defineCommand('deliveryLogClear', { numberOfKeys: 5, lua: CLEAR });
    }
    this.#redis = redis as LogRedis;
    this.#keys = ['deliveries', 'deliveries-next', 'deliveries-chars', 'deliveries-evicted', 'deliveries-records'].map((k) => `${options.prefix}${k}`);
  }

  publish(fields: Omit<DeliveryRecord, 'id'>): void {
    const { maxRecords, maxChars } = this.log.options;
    const weight = fields.payload.length + fields.response_body.length;
    this.#redis
      .deliveryLogPublish(...this.#keys, JSON.stringify(fields), fields.sandbox, weight, maxRecords, maxChars)
      .catch((err: Error) => this.options.logger.warn({ err: err.message, sandbox: fields.sandbox }, 'webhook attempt not written to the shared delivery log'));
  }

  clear(sandbox?: string): Promise<void> {
    return this.#redis
      .deliveryLogClear(...this.#keys, sandbox ?? '')
      .then(noop, (err: Error) => this.options.logger.warn({ err: err.message, sandbox }, 'shared delivery log not cleared'));
  }

  /** Applies every entry of the shared log written before it was called; concurrent callers share the rounds. */
  refresh(): Promise<void> {
    return this.#rounds.run();
  }

  async #refreshRound(): Promise<void> {
    try {
      for (;;) {
        const [[, page], [, evicted]] = (await this.#redis
          .pipeline()
          .xrange(this.#keys[0]!, `(${this.#lastId}`, '+', 'COUNT', PAGE)
          .get(this.#keys[3]!)
          .exec()) as [[unknown, Array<[string, string[]]>], [unknown, string | null]];
        for (const [id, flat] of page) {
          this.#lastId = id;
          const f: Record<string, string> = {};
          for (let i = 0; i + 1 < flat.length; i += 2) f[flat[i]!] = flat[i + 1]!;
          if (f.r !== undefined) this.log.insert({ id: Number(f.id), ...(JSON.parse(f.r) as Omit<DeliveryRecord, 'id'>) });
          else if (f.c !== undefined) this.log.clearHere(f.c === '' ? undefined : f.c);
        }
        this.log.evictedElsewhere = Number(evicted ?? 0);
        if (page.length < PAGE) return;
      }
    } catch {
      throw new ReplicaUnavailable(UNREACHABLE);
    }
  }
}

const noop = () => {};
