import type { RequestHandler } from 'express';
import { contextOf } from './context.js';
import type { PipelineRuntime } from './pipeline-runtime.js';
import { appendSlash } from './phases/append-slash.js';
import { readRawBody } from './phases/body.js';
import { canonicalPath } from './phases/canonical-path.js';
import { injectFaults } from './phases/faults.js';
import { idempotency } from './phases/idempotency.js';
import { latency, type LatencyRange } from './phases/latency.js';
import { parse } from './phases/parse.js';
import { record } from './phases/record.js';
import { resolve } from './phases/resolve.js';
import { sharedIdempotency } from './phases/shared-idempotency.js';
import { view, type ViewOptions } from './phases/view.js';
import type { ProblemSink } from '../validation/openapi-validation.js';

export interface PipelineOptions extends ViewOptions {
  /** The spec's validator for the pretix API (openApiValidation's `api`, made with `keepRequestProblems`). */
  validate: RequestHandler[];
  /** Bodies larger than this many bytes get 413. */
  maxBodySize: number;
  /** Delay added to every answer; none when absent or 0. */
  latency?: LatencyRange;
}

/** Where the validator puts a request's problems: the context, for the view. */
export const keepRequestProblems: ProblemSink = (req, problems) => void contextOf(req).violations.push(...problems);

/**
 * A request to `/api/` passes these phases in this order; each is one file in `phases/`. A phase
 * either answers (and the rest do not run) or passes the request on. Errors go to the app's error
 * handler. Why the order is what it is:
 *
 * | # | phase          | does                                               | why here                                                                                           |
 * |---|----------------|----------------------------------------------------|----------------------------------------------------------------------------------------------------|
 * | 1 | resolve        | sandbox, resource, operation; tap; Django headers  | computed once: every later phase reads them from the context                                       |
 * | 2 | record         | journal entry on close, coverage on finish         | before anything can answer, so replays, faults and early errors are recorded too                  |
 * | 3 | latency        | holds the request for the configured delay         | before faults and handlers: every answer is delayed, also a fault's                               |
 * | 4 | faults         | a matching rule answers, holds, or damages bytes   | before idempotency: an invented answer is never stored under a key; before the body: no wait       |
 * | 5 | idempotency    | replays a stored answer, 409 for a running one     | pretix takes the key before it reads the body; after faults (see 4)                               |
 * | 6 | body           | reads the raw body (413 over the limit)            | Django reads it before APPEND_SLASH and the view                                                  |
 * | 7 | appendSlash    | 301 (or 404 for POST, PUT, PATCH) to the slashed URL | Django's CommonMiddleware, before URL resolution reaches a view                                  |
 * | 8 | parse          | DRF's parsers; a parse error waits in the context   | the spec validates the parsed body; DRF raises the error only when the view reads it             |
 * | 9 | canonicalPath  | shows the validator the path without `.json`        | the spec names paths without DRF's format suffix                                                  |
 * |10 | validate       | the spec's request problems into the context        | after parse (it checks the parsed body); problems wait: DRF reports 401/403/404/405 first         |
 * |11 | view           | DRF dispatch: negotiate, authenticate, permission, 405, action | last: the resource's own order (authentication reads the body for OAuth: 400/415 first) |
 *
 * The response tap (response-tap.ts) observes the answer: before-head pretix's response
 * middleware (resolve subscribes it), before-send the shared idempotency store, then the fault's
 * damage to the bytes; after-send the journal and the idempotency keys.
 */
export function apiPipeline(runtime: PipelineRuntime, options: PipelineOptions): RequestHandler {
  const shared = runtime.store.replication;
  const keys = shared
    ? sharedIdempotency({ redis: shared.redis, prefix: shared.prefix, ttlMs: runtime.keys.options.ttlMs, epochOf: (id) => shared.epochOf(id) })
    : idempotency(runtime.keys);
  const phases: ReadonlyArray<readonly [string, RequestHandler | readonly RequestHandler[] | undefined]> = [
    ['resolve', resolve(runtime)],
    ['record', record(runtime)],
    ['latency', options.latency && options.latency.max > 0 ? latency({ range: options.latency, holds: runtime.holds }) : undefined],
    ['faults', injectFaults({ rules: runtime.faults, holds: runtime.holds })],
    ['idempotency', keys],
    ['body', readRawBody({ limit: options.maxBodySize })],
    ['appendSlash', appendSlash],
    ['parse', parse],
    ['canonicalPath', canonicalPath],
    ['validate', options.validate],
    ['view', view(options)],
  ];
  const handlers = phases.flatMap(([, handler]) => (handler === undefined ? [] : Array.isArray(handler) ? handler : [handler])) as RequestHandler[];
  return runPhases(handlers);
}

/**
 * Runs the phases in order, as an Express router of `use` layers would (a throw or a rejected
 * promise goes to the app's error handler, `next('router')` leaves the pipeline), without a
 * router's per-layer path matching, parameter processing and URL trimming (about a tenth of a
 * GET's CPU: bench/README.md).
 */
function runPhases(handlers: readonly RequestHandler[]): RequestHandler {
  return function apiPipeline(req, res, done) {
    let i = 0;
    const next = (err?: unknown): void => {
      if (err === 'router' || err === 'route') return done();
      if (err) return done(err);
      const handler = handlers[i++];
      if (!handler) return done();
      try {
        const result = handler(req, res, next) as unknown as PromiseLike<unknown> | undefined;
        if (typeof result?.then === 'function') result.then(undefined, (e: unknown) => next(e ?? new Error('rejected without a reason')));
      } catch (e) {
        next(e);
      }
    };
    next();
  };
}
