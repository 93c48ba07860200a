import { createHash } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import type { Redis } from 'ioredis';
import { idempotencyScope, replayStoredAnswer, storableHeaders } from './idempotency.js';
import { Errors } from '../../pretix/drf/errors.js';
import { NOT_STORED } from '../../runtime/idempotency-keys.js';
import { ReplicaUnavailable } from '../../store/replication.js';
import { contextOf } from '../context.js';
import type { ResponseTap } from '../response-tap.js';

export interface SharedKeysOptions {
  redis: Redis;
  /** Prefix of the keys (the world's). */
  prefix: string;
  /** How long a key is kept (pretix: 24 hours). */
  ttlMs: number;
  /** The epoch of a dataset (a reset or an import changes it). */
  epochOf: (dataset: string) => number;
}

const RUNNING = 'running';
/** A running request's lock outlives no crash of its replica by more than this. */
const LOCK_MS = 5 * 60 * 1000;
const UNREACHABLE = 'pretix-mock cannot reach its Redis, so idempotency keys cannot be checked: retry when it is back.';

interface Stored {
  status: number;
  headers: Array<[string, string | number | string[]]>;
  body: string;
}

/**
 * pretix's IdempotencyMiddleware with the keys in Redis, shared by every replica: the first
 * request with a key takes it with `SET NX PX` (24 hours), a duplicate anywhere gets the stored
 * answer or, while the first still runs, 409. The answer is stored before it is sent, so a retry
 * on another replica after the answer arrived always finds it.
 */
export function sharedIdempotency(options: SharedKeysOptions): RequestHandler {
  const { redis, ttlMs } = options;
  return function sharedIdempotencyKeys(req, res, next) {
    const key = req.headers['x-idempotency-key'];
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS' || typeof key !== 'string' || key === '') {
      return next();
    }
    const ctx = contextOf(req);
    const dataset = { id: ctx.sandbox.id, epoch: options.epochOf(ctx.sandbox.id) };
    const scope = idempotencyScope(req.headers.authorization, req.headers.cookie, key);
    const name = `${options.prefix}idem:${dataset.id}:${dataset.epoch}:${createHash('sha256').update(scope).digest('base64url')}`;
    (redis.call('SET', name, RUNNING, 'PX', Math.min(ttlMs, LOCK_MS), 'NX', 'GET') as Promise<string | null>).then(
      (previous) => {
        if (previous === RUNNING) return next(Errors.idempotencyConflict());
        if (previous !== null) return replay(res, JSON.parse(previous) as Stored);
        storeBeforeSending(ctx.tap, res, name, options);
        next();
      },
      () => next(new ReplicaUnavailable(UNREACHABLE)),
    );
  };
}

function replay(res: Response, stored: Stored): void {
  replayStoredAnswer(res, { ...stored, body: Buffer.from(stored.body, 'base64') });
}

/** Holds back the end of the answer until Redis has it (or has forgotten the key, for statuses pretix does not store). */
function storeBeforeSending(tap: ResponseTap, res: Response, name: string, { redis, ttlMs }: SharedKeysOptions): void {
  let ended = false;
  tap.beforeSend((answer) => {
    ended = true;
    const stored: Stored = { status: answer.status, headers: storableHeaders(answer.headers), body: answer.body.toString('base64') };
    const saved = NOT_STORED.has(answer.status) ? redis.del(name) : redis.set(name, JSON.stringify(stored), 'PX', ttlMs);
    // If Redis is gone the answer still goes out; the key then expires (a retry gets 409 until then).
    return saved.then(() => {});
  });
  res.on('close', () => {
    if (!ended) void redis.del(name).catch(() => {});
  });
}
