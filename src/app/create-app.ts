import express, { type Express, type RequestHandler, type Response } from 'express';
import { errorHandler } from './error-handler.js';
import { adminGuard, type AdminAccess } from '../control/admin-guard.js';
import { adminRouter } from '../control/admin-router.js';
import { ControlPlane } from '../control/control-plane.js';
import { exceedsJsonDepth, JSON_DEPTH_ERROR } from '../http/json-depth.js';
import { replicaBarrier, replicaErrors } from './replica-barrier.js';
import { silentLogger, type Logger } from '../logging/logger.js';
import { requestLog } from '../logging/request-log.js';
import type { LatencyRange } from '../pipeline/phases/latency.js';
import { apiPipeline, keepRequestProblems } from '../pipeline/pipeline.js';
import { sendDjangoNotFound } from '../pretix/drf/django-pages.js';
import { ujsonDumps } from '../pretix/drf/ujson.js';
import type { IdempotencyOptions } from '../runtime/idempotency-keys.js';
import { MockRuntime } from '../runtime/mock-runtime.js';
import type { LoadedSpec } from '../spec/load-spec.js';
import type { Store } from '../store/store.js';
import { openApiValidation } from '../validation/openapi-validation.js';

/** Django's DATA_UPLOAD_MAX_MEMORY_SIZE, pretix's default limit for request bodies. */
export const DEFAULT_MAX_BODY_SIZE = 2_621_440;

export interface AppOptions {
  /** Where request and error lines go. Default: nowhere. */
  logger?: Logger;
  /** Bodies larger than this many bytes get 413. Default 2,621,440 (2.5 MiB). */
  maxBodySize?: number;
  /** Bounds of the idempotency key store. Default 10,000 keys, 24 hours. Ignored with `runtime` or `controlPlane`. */
  idempotency?: IdempotencyOptions;
  /** Requests the journal keeps (0: off). Default 1000. Ignored with `runtime` or `controlPlane`. */
  journalSize?: number;
  /** The runtime to serve (keys, journal, faults, holds, coverage, delivery); by default the control plane's, or one made for the store. */
  runtime?: MockRuntime;
  /** The control plane to serve under `/__admin/`; by default one is made over the runtime. */
  controlPlane?: ControlPlane;
  /** Delay added to every pretix API answer. Default none. */
  latency?: LatencyRange;
  /** Who may use `/__admin/`. Default `open`: guard it yourself if you serve the app beyond loopback. */
  adminAccess?: AdminAccess;
  /** The mock's clock, for pretix's time-dependent answers (the events' `is_past`, `is_future`). Default: the system clock. */
  clock?: () => Date;
  /** pretix's site URL (the Content-Security-Policy, `public_url`). Default: the origin each request was sent to. */
  siteUrl?: string;
}

/** pretix renders JSON as `application/json` without a charset, compact, ASCII only, with no ETag. */
function pretixJson(this: Response, body: unknown): Response {
  if (body === undefined) {
    this.end();
    return this;
  }
  const text = ujsonDumps(body);
  if (!this.hasHeader('Content-Type')) this.setHeader('Content-Type', 'application/json');
  this.setHeader('Content-Length', Buffer.byteLength(text));
  this.end(text);
  return this;
}

/**
 * Builds the mock as an Express app: pretix's webhooks API under `/api/v1/` and the control
 * plane under `/__admin/`, both validated against the spec. It never listens, exits or reads the
 * environment; `startMockServer` (or your own server) does that. The control plane is open unless
 * `adminAccess` says otherwise: guard it yourself if you serve the app beyond loopback.
 * @example
 * const spec = await loadSpec();
 * const fixtures = await readFixtureFile('fixtures/default.json', compileSchemaCheck(spec.dereferenced, 'Fixture'));
 * const store = await Store.open({ fixtures, fixtureCheck: compileSchemaCheck(spec.dereferenced, 'Fixture') });
 * outerApp.use(createApp(store, spec, { adminAccess: { token: process.env.ADMIN_TOKEN! } }));
 */
export function createApp(store: Store, spec: LoadedSpec, options: AppOptions = {}): Express {
  const logger = options.logger ?? silentLogger;
  const maxBodySize = options.maxBodySize ?? DEFAULT_MAX_BODY_SIZE;
  const runtime = options.runtime ?? options.controlPlane?.runtime ?? new MockRuntime({ store, spec, idempotency: options.idempotency, journalSize: options.journalSize });
  const plane = options.controlPlane ?? new ControlPlane({ runtime, spec });
  if (runtime.store !== store) throw new Error('createApp: the controlPlane must be built on the same store');
  if (plane.runtime !== runtime) throw new Error('createApp: the controlPlane must serve the same runtime');
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('strict routing', true);
  app.set('case sensitive routing', true);
  app.response.json = pretixJson as Response['json'];

  app.use(requestLog(logger));
  if (store.replication) app.use(replicaBarrier(store.replication));
  const renderErrors = errorHandler(logger);
  const validation = openApiValidation(spec, (err, req, res) => renderErrors(err, req, res, () => {}), keepRequestProblems);
  app.use(apiPipeline(runtime, {
    validate: validation.api, maxBodySize, latency: options.latency, now: options.clock ?? (() => new Date()), siteUrl: options.siteUrl,
  }));
  const json = express.json({
    limit: maxBodySize,
    verify: (_req, _res, raw) => {
      if (exceedsJsonDepth(raw)) throw Object.assign(new Error(JSON_DEPTH_ERROR), { status: 400, type: 'entity.parse.failed' });
    },
  });
  const adminBody: RequestHandler = function adminBody(req, res, next) {
    // Only operations that declare a body read one; the others ignore it (a broken body there
    // would get a 400 or 415 that their spec does not declare).
    if (!runtime.operations.find(req.method, req.baseUrl + req.path)?.takesBody) return next();
    json(req, res, next);
  };
  app.use('/__admin', adminGuard({ access: options.adminAccess ?? 'open' }), adminBody);
  app.use(validation.admin);
  app.use('/__admin', adminRouter({ spec, controlPlane: plane }));
  app.use(function notFound(req, res) {
    // The validator matches paths loosely (`/__admin/health/` as `/__admin/health`); no operation
    // answered this one, so no operation's responses apply to its 404.
    delete (req as { openapi?: unknown }).openapi;
    const admin = req.path === '/__admin' || req.path.startsWith('/__admin/');
    const methods = admin ? runtime.operations.methods(req.path) : undefined;
    if (methods && !methods.includes(req.method)) {
      // A documented path, another method: 405 with Allow, as on the pretix side.
      res.setHeader('Allow', methods.join(', '));
      res.status(405).json({ detail: `Method "${req.method}" not allowed.` });
    } else if (admin) res.status(404).json({ detail: 'Not found.' });
    else sendDjangoNotFound(res);
  });
  app.use(replicaErrors, renderErrors);
  return app;
}
