import type { RequestHandler, Response } from 'express';
import type { FaultEffect } from '../../control/types.js';
import type { FaultRules } from '../../runtime/fault-rules.js';
import type { Holds } from '../../runtime/holds.js';
import { contextOf } from '../context.js';

/** How long a `hang` fault holds a request when the rule gives no `ms`. */
export const DEFAULT_HANG_MS = 30_000;

/** Sends a `respond` effect. Deliberately not through res.json: a fault is not held to the spec. */
function respond(res: Response, effect: Extract<FaultEffect, { type: 'respond' }>): void {
  const text = effect.body === undefined ? undefined : typeof effect.body === 'string' ? effect.body : JSON.stringify(effect.body);
  res.statusCode = effect.status;
  if (text !== undefined) res.setHeader('Content-Type', typeof effect.body === 'string' ? 'text/plain; charset=utf-8' : 'application/json');
  for (const [name, value] of Object.entries(effect.headers ?? {})) res.setHeader(name, value);
  if (text !== undefined && !res.hasHeader('Content-Length')) res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

/**
 * Applies the first matching fault rule to a pretix API request (never to `/__admin/`, which
 * does not pass through here). Runs before idempotency, so a fault answer is never stored under
 * an idempotency key, and before the body is read, so a fault answers without waiting for it.
 * Effects on the answer's bytes (`drop` after handling, `truncate`, `malformed`) go to the
 * response tap.
 */
export function injectFaults(options: { rules: FaultRules; holds: Holds }): RequestHandler {
  const { rules, holds } = options;
  if (!rules || !holds) throw new Error('injectFaults: rules and holds are required');
  return function faults(req, res, next) {
    const ctx = contextOf(req);
    if (ctx.warmUp || rules.size === 0) return next();
    const rule = rules.take({
      method: req.method, path: req.path, operationId: ctx.operation?.operationId, sandbox: ctx.sandbox.id, headers: req.headers,
    });
    if (!rule) return next();
    const effect = rule.effect;
    ctx.fault = { id: rule.id, type: effect.type };
    switch (effect.type) {
      case 'respond':
        return respond(res, effect);
      case 'delay':
        return holds.hold(res, effect.ms, () => next(), { sandbox: ctx.sandbox.id });
      case 'hang':
        return holds.hold(res, effect.ms ?? DEFAULT_HANG_MS, () => res.destroy(), { untilClientLeaves: true, sandbox: ctx.sandbox.id });
      case 'drop':
        if (!effect.afterHandling) return void res.destroy();
        ctx.tap.damage('drop');
        return next();
      case 'truncate':
      case 'malformed':
        ctx.tap.damage(effect.type);
        return next();
    }
  };
}
