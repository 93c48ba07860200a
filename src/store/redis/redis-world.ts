import { randomBytes, randomInt } from 'node:crypto';
import { Redis } from 'ioredis';
import { silentLogger, type Logger } from '../../logging/logger.js';
import { credentialsOf, withFreshCredentials } from '../credentials.js';
import type { WebhookFields } from '../dataset.js';
import type { Fixture, WebhookRecord } from '../fixture-types.js';
import type { Sandbox, SandboxWriter } from '../sandbox.js';
import type { Store } from '../store.js';
import { ReplicaUnavailable, type Replication, type SharedCreated } from '../replication.js';
import { SCRIPTS, type ScriptName } from './scripts.js';
import { applyEntry, parseEntry, type CreatePayload, type DocumentPayload, type UpdatePayload, type WorldEntry } from './world-entry.js';
import { restoreSnapshot, snapshotOf } from './world-snapshot.js';
import { SharedRounds } from './shared-rounds.js';

export interface RedisWorldOptions {
  /** `redis://host:port/db`. */
  url: string;
  /** Prefix of every key, so that several worlds can share one Redis. Default `pretix-mock:`. */
  prefix?: string;
  logger?: Logger;
  /** A Redis command that takes longer fails (so no request hangs). Default 2000 ms. */
  commandTimeoutMs?: number;
  /**
   * A snapshot of the world is stored in Redis after this many log entries, and the log trimmed to
   * the snapshot before it, so a new replica replays at most about twice this many. Default 10,000.
   */
  snapshotEvery?: number;
}

export const DEFAULT_SNAPSHOT_EVERY = 10_000;

/** Entries read per XRANGE while catching up. */
const PAGE = 1000;
/** How often this replica catches up while idle, reports sandbox use and runs the shared expiry. */
const SANDBOX_TICK_MS = 1000;
/** One replica writes each snapshot: the one that takes this lock (held at most this long). */
const SNAPSHOT_LOCK_MS = 60_000;

const UNREACHABLE = 'pretix-mock cannot reach its Redis, so its state may be stale: requests are refused until the connection is back.';
const LOST = "pretix-mock's Redis no longer holds this world (it was flushed, or restarted without its data): restart the replicas to start a new one.";
const RACED = 'The dataset was reset, replaced or deleted while this request ran; the request was not applied. Retry it.';

type RedisWithScripts = Redis & Record<ScriptName, (...args: Array<string | number>) => Promise<unknown>>;

/**
 * One replica of a world shared through Redis (`--redis URL`). The log is a Redis stream; each
 * replica keeps the whole state in memory and applies the stream in order. A write is validated
 * here against state that has caught up, appended by a Lua script that checks the dataset's epoch
 * (ids come from a Redis sequence), then applied here like any other entry before it is answered.
 */
export class RedisWorld implements Replication, SandboxWriter {
  readonly #redis: RedisWithScripts;
  readonly #keys: string[];
  readonly #logger: Logger;
  readonly #epochs = new Map<string, number>();
  /** Writes of this replica waiting for their entry to be applied, by writer token. */
  readonly #mine = new Map<string, (result: unknown) => void>();
  readonly #replica = randomBytes(6).toString('hex');
  #writes = 0;
  #lastId = '0-0';
  readonly #rounds = new SharedRounds(() => this.#catchUpRound());
  #timer: NodeJS.Timeout | undefined;
  #touched = new Map<string, number>();
  /** Entries applied since the last snapshot (or its marker in the log). */
  #sinceSnapshot = 0;
  /** The world's id in Redis: if Redis forgets it (flushed, restarted empty), this replica's state is no longer anyone's. */
  #world = '';
  #snapshotting = false;
  /** Snapshots this replica stored, and loaded because the log had been trimmed past it. */
  readonly counters = { snapshotsStored: 0, snapshotsLoaded: 0 };

  private constructor(
    readonly store: Store,
    redis: Redis,
    readonly prefix: string,
    logger: Logger,
    private readonly snapshotEvery: number,
  ) {
    this.#redis = redis as RedisWithScripts;
    this.#logger = logger;
    this.#keys = ['log', 'epoch', 'next', 'used', 'snapshot'].map((k) => `${prefix}${k}`);
  }

  /** Connects, logs the shared dataset if the world is new, replays the log and attaches to `store`. */
  static async open(store: Store, options: RedisWorldOptions): Promise<RedisWorld> {
    const logger = options.logger ?? silentLogger;
    const redis = new Redis(options.url, {
      lazyConnect: true,
      enableOfflineQueue: false, // fail at once while disconnected instead of queueing (no hangs)
      maxRetriesPerRequest: 0,
      commandTimeout: options.commandTimeoutMs ?? 2000,
      retryStrategy: (attempt) => Math.min(50 * attempt, 1000),
    });
    let lastWarning = 0;
    redis.on('error', (err: Error) => {
      if (Date.now() - lastWarning < 5000) return;
      lastWarning = Date.now();
      logger.warn({ err: err.message }, 'redis connection problem (reconnecting)');
    });
    for (const [name, lua] of Object.entries(SCRIPTS)) redis.defineCommand(name, { numberOfKeys: 5, lua });
    try {
      await redis.connect();
    } catch (err) {
      redis.disconnect();
      throw new Error(`--redis ${options.url}: cannot connect: ${(err as Error).message}`);
    }
    const every = options.snapshotEvery ?? DEFAULT_SNAPSHOT_EVERY;
    if (!Number.isInteger(every) || every < 1) throw new Error(`redis snapshotEvery must be a positive integer, got ${every}`);
    const world = new RedisWorld(store, redis, options.prefix ?? 'pretix-mock:', logger, every);
    const doc = store.shared.baseline;
    store.sandboxes.expiredElsewhere = true;
    try {
      const named = await world.#run('worldInit', JSON.stringify({ doc, tokens: credentialsOf(doc) } satisfies DocumentPayload), doc.webhook_next_id, randomBytes(9).toString('base64url'));
      if (typeof named !== 'string') throw new Error(`--redis ${options.url}: the world there has no id (written by an older pretix-mock?): flush it or use another database`);
      world.#world = named;
      await world.#loadSnapshot();
      await world.catchUp();
    } catch (err) {
      redis.disconnect();
      throw err;
    }
    store.shared.writer = world;
    store.replication = world;
    world.#timer = setInterval(() => void world.#sandboxTick(), SANDBOX_TICK_MS).unref();
    return world;
  }

  /** The Redis connection, for what else is shared (idempotency keys). */
  get redis(): Redis {
    return this.#redis;
  }

  epochOf(sandbox: string): number {
    return this.#epochs.get(sandbox) ?? 0;
  }

  /** Applies every entry in the log when it is called; concurrent callers share the rounds. */
  catchUp(): Promise<void> {
    return this.#rounds.run();
  }

  async createWebhook(sandbox: Sandbox, organizer: string, fields: WebhookFields): Promise<WebhookRecord> {
    const payload: CreatePayload = { organizer, fields };
    return (await this.#write(sandbox, 'create', payload)) as WebhookRecord;
  }

  async updateWebhook(sandbox: Sandbox, record: WebhookRecord, changes: Partial<WebhookFields>): Promise<WebhookRecord> {
    const payload: UpdatePayload = { organizer: record.organizer, id: record.id, changes };
    return ((await this.#write(sandbox, 'update', payload)) as WebhookRecord | undefined) ?? { ...record, ...changes };
  }

  async replace(sandbox: Sandbox, doc: Fixture, tokens: Record<string, string>): Promise<void> {
    const writer = this.#writer();
    await this.#applied(writer, () => this.#run('worldReplace', sandbox.id, JSON.stringify({ doc, tokens } satisfies DocumentPayload), doc.webhook_next_id, writer));
  }

  async createSandbox(fixtures: Fixture): Promise<SharedCreated> {
    const { doc, tokens } = withFreshCredentials(fixtures);
    const id = `sbx_${Array.from({ length: 16 }, () => 'abcdefghijklmnopqrstuvwxyz0123456789'[randomInt(36)]).join('')}`;
    const writer = this.#writer();
    const { maxSandboxes, idleTtlMs } = this.store.sandboxes.policy;
    try {
      await this.#applied(writer, () =>
        this.#run('sandboxCreate', id, JSON.stringify({ doc, tokens } satisfies DocumentPayload), doc.webhook_next_id, writer, maxSandboxes, Date.now()),
      );
    } catch (err) {
      if (!(err instanceof Error) || !err.message.startsWith('FULL')) throw err;
      const used = Object.values(await this.#call(() => this.#redis.hgetall(this.#keys[3]!))).map(Number);
      return { full: true, retryAfterMs: Math.max(0, Math.min(...used) + idleTtlMs - Date.now()) };
    }
    return { id, tokens: this.store.sandboxes.get(id)?.tokens ?? tokens };
  }

  async deleteSandbox(id: string): Promise<boolean> {
    const writer = this.#writer();
    try {
      await this.#applied(writer, () => this.#run('sandboxDrop', id, writer));
      return true;
    } catch (err) {
      if (err instanceof Error && err.message.startsWith('GONE')) return false;
      throw err;
    }
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.#rounds.settled();
    this.#redis.disconnect();
  }

  async #write(sandbox: Sandbox, kind: 'create' | 'update', payload: CreatePayload | UpdatePayload): Promise<unknown> {
    // The epoch of the state the request was validated against: a reset since then makes it STALE.
    const epoch = this.epochOf(sandbox.id);
    const writer = this.#writer();
    try {
      return await this.#applied(writer, () => this.#run('worldWrite', sandbox.id, epoch, kind, JSON.stringify(payload), writer));
    } catch (err) {
      if (err instanceof Error && /^(STALE|GONE)/.test(err.message)) throw new ReplicaUnavailable(RACED);
      throw err;
    }
  }

  /** Appends through `append`, then catches up: resolves with what applying the entry gave. */
  async #applied(writer: string, append: () => Promise<unknown>): Promise<unknown> {
    let result: unknown;
    let applied = false;
    this.#mine.set(writer, (r) => ((result = r), (applied = true)));
    try {
      await append();
      await this.catchUp();
    } finally {
      this.#mine.delete(writer);
    }
    if (!applied) throw new ReplicaUnavailable(UNREACHABLE);
    return result;
  }

  async #catchUpRound(): Promise<void> {
    for (;;) {
      let page: Array<[string, string[]]>;
      try {
        page = (await this.#run('worldRead', this.#lastId, PAGE, this.#world)) as Array<[string, string[]]>;
      } catch (err) {
        if (err instanceof Error && err.message === 'LOST') throw new ReplicaUnavailable(LOST);
        if (!(err instanceof Error) || !err.message.startsWith('RELOAD')) throw err;
        // The log was trimmed past this replica's position (it lagged by two snapshot intervals).
        this.#logger.warn({ at: this.#lastId }, 'the shared log was trimmed past this replica: loading the snapshot');
        await this.#loadSnapshot();
        continue;
      }
      for (const raw of page) this.#apply(parseEntry(raw));
      if (this.#sinceSnapshot >= this.snapshotEvery && !this.#snapshotting) void this.#storeSnapshot();
      if (page.length < PAGE) return;
    }
  }

  /** Loads the stored snapshot, if there is one newer than this replica's state. */
  async #loadSnapshot(): Promise<void> {
    const stored = (await this.#call(() => this.#redis.hmget(this.#keys[4]!, 'id', 'data'))) as [string | null, string | null];
    const [id, data] = stored;
    if (id === null || data === null || !olderId(this.#lastId, id)) return;
    restoreSnapshot(this.store, data, this, this.#epochs);
    this.#lastId = id;
    this.#sinceSnapshot = 0;
    this.counters.snapshotsLoaded++;
  }

  /**
   * Stores the world as of the last applied entry, if this replica takes the snapshot lock (every
   * replica reaches the interval at about the same entry; one writes). The log is trimmed by the
   * script; the others learn of the snapshot from its marker entry.
   */
  async #storeSnapshot(): Promise<void> {
    this.#snapshotting = true;
    const lock = `${this.prefix}snapshot-lock`;
    try {
      const won = (await this.#call(() => this.#redis.set(lock, this.#replica, 'PX', SNAPSHOT_LOCK_MS, 'NX'))) === 'OK';
      this.#sinceSnapshot = 0;
      if (!won) return;
      try {
        // Synchronous from here to the script call: the snapshot is exactly the state at `id`.
        const id = this.#lastId;
        const started = performance.now();
        const data = snapshotOf(this.store, this.#epochs);
        const stored = (await this.#run('worldSnapshot', id, data)) === 1;
        if (stored) this.counters.snapshotsStored++;
        this.#logger.info({ at: id, bytes: data.length, ms: Math.round(performance.now() - started), stored }, 'world snapshot stored in Redis; the log trimmed to the previous one');
      } finally {
        await this.#redis.del(lock).catch(noop);
      }
    } catch (err) {
      this.#logger.warn({ err: (err as Error).message }, 'world snapshot not stored; tried again after the next interval');
    } finally {
      this.#snapshotting = false;
    }
  }

  #apply(entry: WorldEntry): void {
    this.#lastId = entry.id;
    if (entry.kind === 'snapshot') {
      this.#sinceSnapshot = 0;
      return;
    }
    this.#sinceSnapshot++;
    let result: unknown;
    try {
      result = applyEntry(this.store, entry, this, this.#epochs);
    } catch (err) {
      this.#logger.error({ err, entry: entry.id, kind: entry.kind }, 'shared log entry could not be applied; skipped');
    }
    this.#mine.get(entry.writer)?.(result);
  }

  /** Reports the sandboxes used here since the last tick, takes the others' use, and runs the shared expiry. */
  async #sandboxTick(): Promise<void> {
    try {
      // Idle replicas stay close to the head: the next request has less to apply, and a replica
      // falls behind the trimmed log only if it cannot reach Redis for two snapshot intervals.
      await this.catchUp();
      const args: Array<string | number> = [];
      for (const s of this.store.sandboxes.list()) {
        if (s.lastUsedAt > (this.#touched.get(s.id) ?? 0)) args.push(s.id, s.lastUsedAt);
        this.#touched.set(s.id, s.lastUsedAt);
      }
      const flat = (await this.#run('sandboxTouch', ...args)) as string[];
      for (let i = 0; i + 1 < flat.length; i += 2) {
        const sandbox = this.store.sandboxes.get(flat[i]!);
        if (sandbox) sandbox.lastUsedAt = Math.max(sandbox.lastUsedAt, Number(flat[i + 1]));
      }
      const dropped = (await this.#run('sandboxExpire', Date.now(), this.store.sandboxes.policy.idleTtlMs, 100)) as number;
      if (dropped > 0) await this.catchUp();
      for (const id of this.#touched.keys()) if (!this.store.sandboxes.get(id)) this.#touched.delete(id);
    } catch (err) {
      this.#logger.debug({ err: (err as Error).message }, 'sandbox expiry tick failed; retried next tick');
    }
  }

  #writer(): string {
    return `${this.#replica}:${++this.#writes}`;
  }

  #run(script: ScriptName, ...args: Array<string | number>): Promise<unknown> {
    return this.#call(() => this.#redis[script](...this.#keys, ...args));
  }

  /** A Redis call; a lost connection or a timeout becomes ReplicaUnavailable, a script's refusal an Error named by its code. */
  async #call<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (err) {
      // A script's refusal; Redis 7 prefixes a one-word error_reply with "ERR ".
      const refusal = err instanceof Error ? /^(?:ERR )?(STALE|GONE|FULL|EXISTS|RELOAD|LOST)\b/.exec(err.message)?.[1] : undefined;
      if (refusal) throw new Error(refusal);
      throw new ReplicaUnavailable(UNREACHABLE);
    }
  }
}

const noop = () => {};

/** `a < b` for two stream ids (`ms-seq`). */
function olderId(a: string, b: string): boolean {
  const [am = 0, as = 0] = a.split('-').map(Number);
  const [bm = 0, bs = 0] = b.split('-').map(Number);
  return am < bm || (am === bm && as < bs);
}

