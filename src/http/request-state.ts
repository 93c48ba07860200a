import type { Request } from 'express';
import type { PretixError } from '../pretix/errors.js';
import type { PretixRoute } from '../pretix/routes.js';
import type { Sandbox } from '../store/sandbox.js';
import type { Problem } from '../spec/problem.js';


/** What the pipeline learns about a request as it passes through. */
export interface RequestState {
  /** process.hrtime.bigint() when the request arrived. */
  readonly startedAt: bigint;
  /** The pretix route the path resolves to, if any. */
  route?: PretixRoute;
  /** The path as requested, when the pipeline took a format suffix off it (`webhooks.json`). */
  suffixedPath?: string;
  /** The sandbox the request's credentials belong to. */
  sandbox?: Sandbox;
  /** The Content-Type the client sent (the pipeline shows the validator a canonical one). */
  contentType?: string;
  /** The parsed body, once the DRF parser has run. */
  body?: unknown;
  /** A parse or media-type error DRF would raise only when a handler reads the body. */
  bodyError?: PretixError;
  /** Request problems found by the spec; DRF reports them after the object lookup, so they wait. */
  violations?: Problem[];
  /** The spec's operationId for the request, once matched. */
  operationId?: string;
  /** The body exactly as received, for the journal. */
  rawBody?: Buffer;
  /** The server's own warm-up request: kept out of the journal, coverage, latency and faults. */
  warmUp?: boolean;
  /** The fault rule applied to the request, if any. */
  fault?: { id: number; type: string };
  /** A fault that damages the answer on its way out (see control/output-faults.ts). */
  outputFault?: 'drop' | 'truncate' | 'malformed';
}

const STATE = Symbol('pretix-mock.request-state');

/** The request's state, created on first use. */
export function requestState(req: Request): RequestState {
  const r = req as Request & { [STATE]?: RequestState };
  return (r[STATE] ??= { startedAt: process.hrtime.bigint() });
}
