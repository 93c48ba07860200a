import type { Request } from 'express';
import type { BodyState } from './body-state.js';
import type { ResponseTap } from './response-tap.js';
import type { ResourceRoute } from '../pretix/resources/resource.js';
import type { Problem } from '../spec/problem.js';
import type { DocumentedOperation } from '../spec/operation-index.js';
import type { Sandbox } from '../store/sandbox.js';

/** The fault rule applied to a request. */
export interface AppliedFault {
  readonly id: number;
  readonly type: string;
}

/**
 * One `/api/` request as the pipeline sees it. The facts are settled once, by the resolve phase,
 * and never change; the phases after it fill in only `body`, `violations` and `fault`.
 */
export interface ApiContext {
  /** process.hrtime.bigint() when the request arrived. */
  readonly startedAt: bigint;
  /** The server's own warm-up request: kept out of the journal, coverage, latency and faults. */
  readonly warmUp: boolean;
  /** The dataset the request's credentials reach (the shared one for unknown credentials). */
  readonly sandbox: Sandbox;
  /** The pretix URL the path resolves to; null: Django's 404 (after APPEND_SLASH). */
  readonly route: ResourceRoute | null;
  /** The spec's operation for method and path as requested; null where the spec has none. */
  readonly operation: DocumentedOperation | null;
  /** The path as requested (the validator may be shown a canonical one). */
  readonly path: string;
  /** The one observer of the answer. */
  readonly tap: ResponseTap;
  body: BodyState;
  /** Request problems the spec found; DRF reports them after the object lookup, so they wait. */
  violations: Problem[];
  fault: AppliedFault | null;
}

const CONTEXT = Symbol('pretix-mock.api-context');

/** Made by the resolve phase, once per request. */
export function attachContext(req: Request, ctx: ApiContext): ApiContext {
  (req as Request & { [CONTEXT]?: ApiContext })[CONTEXT] = ctx;
  return ctx;
}

/** The request's context; every phase after resolve may rely on it. */
export function contextOf(req: Request): ApiContext {
  const ctx = (req as Request & { [CONTEXT]?: ApiContext })[CONTEXT];
  if (!ctx) throw new Error('pipeline: a phase ran before resolve');
  return ctx;
}
