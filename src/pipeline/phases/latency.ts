import type { RequestHandler } from 'express';
import type { Holds } from '../../runtime/holds.js';
import { contextOf } from '../context.js';

/** Added delay in milliseconds: fixed when min equals max, else uniformly random in [min, max]. */
export interface LatencyRange {
  min: number;
  max: number;
}

/** The largest latency accepted, in milliseconds. */
export const MAX_LATENCY_MS = 60_000;

/**
 * Parses `50` or `20-80` (milliseconds). Throws a message fit for a CLI error.
 * @example
 * parseLatency('20-80'); // { min: 20, max: 80 }
 */
export function parseLatency(text: string): LatencyRange {
  const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(text);
  const min = m ? Number(m[1]) : NaN;
  const max = m?.[2] !== undefined ? Number(m[2]) : min;
  if (!m || min > max || max > MAX_LATENCY_MS) {
    throw new Error(`must be milliseconds like 50 or a range like 20-80, at most ${MAX_LATENCY_MS}.`);
  }
  return { min, max };
}

/** Delays every pretix API answer (not the server's warm-up) by the configured latency. */
export function latency(options: { range: LatencyRange; holds: Holds }): RequestHandler {
  const { range, holds } = options;
  if (!(range.min >= 0 && range.min <= range.max && range.max <= MAX_LATENCY_MS)) throw new Error('latency: invalid range');
  return function addLatency(req, res, next) {
    const ctx = contextOf(req);
    if (ctx.warmUp || range.max === 0) return next();
    holds.hold(res, range.min + Math.random() * (range.max - range.min), () => next(), { sandbox: ctx.sandbox.id });
  };
}
