import type { RequestHandler, Response } from 'express';
import type { FaultRules } from './fault-rules.js';
import type { Holds } from './holds.js';
import type { FaultEffect } from './types.js';
import { requestState } from '../http/request-state.js';

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
 * does not pass through here). Runs after the body is read and before idempotency, so a fault
 * answer is never stored under an idempotency key.
 */
export function injectFaults(options: { rules: FaultRules; holds: Holds }): RequestHandler {
  const { rules, holds } = options;
  if (!rules || !holds) throw new Error('injectFaults: rules and holds are required');
  return function faults(req, res, next) {
    const state = requestState(req);
    if (state.warmUp || rules.size === 0) return next();
    const rule = rules.take({
      method: req.method, path: req.path, operationId: state.operationId, sandbox: state.sandbox?.id ?? '', headers: req.headers,
    });
    if (!rule) return next();
    const effect = rule.effect;
    state.fault = { id: rule.id, type: effect.type };
    switch (effect.type) {
      case 'respond':
        return respond(res, effect);
      case 'delay':
        return holds.hold(res, effect.ms, () => next(), { sandbox: state.sandbox?.id });
      case 'hang':
        return holds.hold(res, effect.ms ?? DEFAULT_HANG_MS, () => res.destroy(), { untilClientLeaves: true, sandbox: state.sandbox?.id });
      case 'drop':
        if (!effect.afterHandling) return void res.destroy();
        state.outputFault = 'drop';
        return next();
      case 'truncate':
      case 'malformed':
        state.outputFault = effect.type;
        return next();
    }
  };
}
