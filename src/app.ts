import express, { type Express, type RequestHandler, type Response } from 'express';
import { adminGuard, type AdminAccess } from './control/admin-guard.js';
import { adminRouter } from './control/admin-router.js';
import { ControlPlane } from './control/control-plane.js';
import { injectFaults } from './control/inject-faults.js';
import { latency, type LatencyRange } from './control/latency.js';
import { installOutputFaults } from './control/output-faults.js';
import { recordRequests } from './control/record-requests.js';
import { sendDjangoNotFound } from './http/django-pages.js';
import { errorHandler } from './http/error-handler.js';
import { exceedsJsonDepth, JSON_DEPTH_ERROR } from './http/json-depth.js';
import { readRawBody } from './http/read-body.js';
import { replicaBarrier, replicaErrors } from './http/replica-barrier.js';
import { requestState } from './http/request-state.js';
import { silentLogger, type Logger } from './logging/logger.js';
import { requestLog } from './logging/request-log.js';
import { credentialOf } from './pretix/authentication.js';
import { resourceView, setResourceRoute } from './pretix/drf/dispatch.js';
import { parseDrfBody } from './pretix/drf-parser.js';
import { webhookInputFromForm, type QueryDict } from './pretix/form-parser.js';
import { idempotency, type IdempotencyOptions } from './pretix/idempotency.js';
import { resolveResource } from './pretix/resources/registry.js';
import { setDjangoHeaders } from './pretix/middleware-headers.js';
import { canonicalPath, resolvePretixPath } from './pretix/routes.js';
import { sharedIdempotency } from './pretix/shared-idempotency.js';
import { appendSlash } from './pretix/trailing-slash.js';
import { ujsonDumps } from './pretix/ujson.js';
import { webhookView } from './pretix/webhook-view.js';
import { normalizeWebhookInput } from './pretix/webhook-serializer.js';
import type { LoadedSpec } from './spec/load-spec.js';
import type { Store } from './store/store.js';
import { openApiValidation } from './validation/openapi-validation.js';
import { WARM_UP_HEADER } from './warm-up.js';

/** Django's DATA_UPLOAD_MAX_MEMORY_SIZE, pretix's default limit for request bodies. */
export const DEFAULT_MAX_BODY_SIZE = 2_621_440;

export interface AppOptions {
  /** Where request and error lines go. Default: nowhere. */
  logger?: Logger;
  /** Bodies larger than this many bytes get 413. Default 2,621,440 (2.5 MiB). */
  maxBodySize?: number;
  /** Bounds of the idempotency key store. Default 10,000 keys, 24 hours. Ignored with `controlPlane`. */
  idempotency?: IdempotencyOptions;
  /** Requests the journal keeps (0: off). Default 1000. Ignored with `controlPlane`. */
  journalSize?: number;
  /** The control plane to serve; by default one is made for the store. */
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
 * What pretix-mock adds in front of every `/api/` request (the journal and coverage recorder,
 * latency, faults), then the Django middleware pretix runs before DRF: body, idempotency,
 * APPEND_SLASH, parsing. The output-fault hook is installed first, so that everything installed
 * later (journal, idempotency) keeps the real answer.
 */
function pretixPreamble(store: Store, plane: ControlPlane, options: { maxBodySize: number; latency?: LatencyRange }): express.Router {
  const router = express.Router({ caseSensitive: true, strict: true });
  const enter: RequestHandler = function apiRequest(req, res, next) {
    if (!req.path.startsWith('/api/')) return next('router');
    const state = requestState(req);
    state.warmUp = req.headers[WARM_UP_HEADER] !== undefined;
    state.sandbox = store.sandboxFor(credentialOf(req.headers.authorization)?.token);
    state.route = resolvePretixPath(req.path);
    if (!state.route) setResourceRoute(req, resolveResource(req.path));
    setDjangoHeaders(res);
    state.operationId = plane.operations.find(req.method, req.path)?.operationId;
    installOutputFaults(res, () => state.outputFault);
    next();
  };
  const keepRawBody: RequestHandler = function keepRawBody(req, _res, next) {
    requestState(req).rawBody = req.body as Buffer | undefined;
    next();
  };
  const parse: RequestHandler = async function drfParse(req, _res, next) {
    const state = requestState(req);
    state.contentType = req.headers['content-type'];
    const parsed = await parseDrfBody(req.body as Buffer | undefined, state.contentType);
    if ('body' in parsed && parsed.body instanceof Map) {
      parsed.body = state.route ? webhookInputFromForm(parsed.body as QueryDict, req.method === 'PATCH') : {};
    }
    if ('error' in parsed) state.bodyError = parsed.error;
    else state.body = parsed.body;
    if (state.route && 'body' in parsed) normalizeWebhookInput(parsed.body);
    // The validator sees the parsed body under one canonical media type, so its caches stay bounded.
    req.body = 'body' in parsed ? parsed.body : {};
    req.headers['content-type'] = 'application/json';
    next();
  };
  const dropFormatSuffix: RequestHandler = function dropFormatSuffix(req, _res, next) {
    // The spec (and its validator) names the paths without DRF's format suffix.
    const state = requestState(req);
    if (state.route?.format === undefined) return next();
    state.suffixedPath = req.path;
    const query = req.url.indexOf('?');
    req.url = canonicalPath(state.route) + (query < 0 ? '' : req.url.slice(query));
    next();
  };
  const sandboxOf = (authorization: string | undefined) => store.sandboxFor(credentialOf(authorization)?.token).id;
  router.use(enter, recordRequests({ journal: plane.journal, coverage: plane.coverageCounter, operations: plane.operations }));
  if (options.latency && options.latency.max > 0) router.use(latency({ range: options.latency, holds: plane.holds }));
  // Faults come before idempotency, so an invented answer is never stored under a key; as in
  // pretix, the idempotency lock is taken before the body is read.
  const shared = store.replication;
  const keys = shared
    ? sharedIdempotency({ redis: shared.redis, prefix: shared.prefix, ttlMs: plane.keys.options.ttlMs, datasetOf: (a) => ({ id: sandboxOf(a), epoch: shared.epochOf(sandboxOf(a)) }) })
    : idempotency(plane.keys, sandboxOf);
  router.use(injectFaults({ rules: plane.faults, holds: plane.holds }), keys);
  router.use(readRawBody({ limit: options.maxBodySize }), keepRawBody, appendSlash, parse, dropFormatSuffix);
  return router;
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
  const plane = options.controlPlane ?? new ControlPlane({ store, spec, idempotency: options.idempotency, journalSize: options.journalSize });
  if (plane.store !== store) throw new Error('createApp: the controlPlane must be built on the same store');
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('strict routing', true);
  app.set('case sensitive routing', true);
  app.response.json = pretixJson as Response['json'];

  app.use(requestLog(logger));
  if (store.replication) app.use(replicaBarrier(store.replication));
  app.use(pretixPreamble(store, plane, { maxBodySize, latency: options.latency }));
  const json = express.json({
    limit: maxBodySize,
    verify: (_req, _res, raw) => {
      if (exceedsJsonDepth(raw)) throw Object.assign(new Error(JSON_DEPTH_ERROR), { status: 400, type: 'entity.parse.failed' });
    },
  });
  const adminBody: RequestHandler = function adminBody(req, res, next) {
    // Only operations that declare a body read one; the others ignore it (a broken body there
    // would get a 400 or 415 that their spec does not declare).
    if (!plane.operations.find(req.method, req.baseUrl + req.path)?.takesBody) return next();
    json(req, res, next);
  };
  app.use('/__admin', adminGuard({ access: options.adminAccess ?? 'open' }), adminBody);
  const renderErrors = errorHandler(logger);
  app.use(openApiValidation(spec, (err, req, res) => renderErrors(err, req, res, () => {})));
  app.use(webhookView({ siteUrl: options.siteUrl }));
  app.use(resourceView({ now: options.clock ?? (() => new Date()), siteUrl: options.siteUrl }));
  app.use('/__admin', adminRouter({ spec, controlPlane: plane }));
  app.use(function notFound(req, res) {
    // The validator matches paths loosely (`/__admin/health/` as `/__admin/health`); no operation
    // answered this one, so no operation's responses apply to its 404.
    delete (req as { openapi?: unknown }).openapi;
    const admin = req.path === '/__admin' || req.path.startsWith('/__admin/');
    const methods = admin ? plane.operations.methods(req.path) : undefined;
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
