import express, { type Express, type RequestHandler, type Response } from 'express';
import { adminRouter } from './control/admin-router.js';
import { DeliveryHub } from './delivery/delivery-hub.js';
import { sendDjangoNotFound } from './http/django-pages.js';
import { errorHandler } from './http/error-handler.js';
import { readRawBody } from './http/read-body.js';
import { requestState } from './http/request-state.js';
import { silentLogger, type Logger } from './logging/logger.js';
import { requestLog } from './logging/request-log.js';
import { credentialOf } from './pretix/authentication.js';
import { parseDrfBody } from './pretix/drf-parser.js';
import { DEFAULT_IDEMPOTENCY, IdempotencyStore, idempotency, type IdempotencyOptions } from './pretix/idempotency.js';
import { resolvePretixPath } from './pretix/routes.js';
import { appendSlash } from './pretix/trailing-slash.js';
import { webhookView } from './pretix/webhook-view.js';
import { normalizeWebhookInput } from './pretix/webhook-serializer.js';
import type { LoadedSpec } from './spec/load-spec.js';
import type { Store } from './store/store.js';
import { openApiValidation } from './validation/openapi-validation.js';

/** Django's DATA_UPLOAD_MAX_MEMORY_SIZE, pretix's default limit for request bodies. */
export const DEFAULT_MAX_BODY_SIZE = 2_621_440;

export interface AppOptions {
  /** Where request and error lines go. Default: nowhere. */
  logger?: Logger;
  /** Bodies larger than this many bytes get 413. Default 2,621,440 (2.5 MiB). */
  maxBodySize?: number;
  /** Bounds of the idempotency key store. Default 10,000 keys, 24 hours. */
  idempotency?: IdempotencyOptions;
  /** Webhook delivery (`/__admin/notify`, `/__admin/deliveries`). Default: a new DeliveryHub with default options; its owner closes it. */
  delivery?: DeliveryHub;
}

/** pretix renders JSON as `application/json` without a charset, compact, with no ETag. */
function pretixJson(this: Response, body: unknown): Response {
  if (body === undefined) {
    this.end();
    return this;
  }
  const text = JSON.stringify(body);
  if (!this.hasHeader('Content-Type')) this.setHeader('Content-Type', 'application/json');
  this.setHeader('Content-Length', Buffer.byteLength(text));
  this.end(text);
  return this;
}

/** The Django middleware pretix runs for `/api/` before DRF: body, idempotency, APPEND_SLASH, parsing. */
function pretixPreamble(store: Store, maxBodySize: number, keys: IdempotencyStore): express.Router {
  const router = express.Router({ caseSensitive: true, strict: true });
  const enter: RequestHandler = function apiRequest(req, _res, next) {
    if (!req.path.startsWith('/api/')) return next('router');
    const state = requestState(req);
    state.sandbox = store.sandboxFor(credentialOf(req.headers.authorization)?.token);
    state.route = resolvePretixPath(req.path);
    next();
  };
  const parse: RequestHandler = function drfParse(req, _res, next) {
    const state = requestState(req);
    state.contentType = req.headers['content-type'];
    const parsed = parseDrfBody(req.body as Buffer | undefined, state.contentType);
    if ('error' in parsed) state.bodyError = parsed.error;
    else state.body = parsed.body;
    if (state.route && 'body' in parsed) normalizeWebhookInput(parsed.body);
    // The validator sees the parsed body under one canonical media type, so its caches stay bounded.
    req.body = 'body' in parsed ? parsed.body : {};
    req.headers['content-type'] = 'application/json';
    next();
  };
  const sandboxOf = (authorization: string | undefined) => store.sandboxFor(credentialOf(authorization)?.token).id;
  // As in pretix, the idempotency lock is taken before the body is read.
  router.use(enter, idempotency(keys, sandboxOf), readRawBody({ limit: maxBodySize }), appendSlash, parse);
  return router;
}

/**
 * Builds the mock as an Express app: pretix's webhooks API under `/api/v1/` and the control
 * plane under `/__admin/`, both validated against the spec. It never listens, exits or reads the
 * environment; `startMockServer` (or your own server) does that.
 */
export function createApp(store: Store, spec: LoadedSpec, options: AppOptions = {}): Express {
  const logger = options.logger ?? silentLogger;
  const keys = new IdempotencyStore(options.idempotency ?? DEFAULT_IDEMPOTENCY);
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('strict routing', true);
  app.set('case sensitive routing', true);
  app.response.json = pretixJson as Response['json'];

  app.use(requestLog(logger));
  app.use(pretixPreamble(store, options.maxBodySize ?? DEFAULT_MAX_BODY_SIZE, keys));
  app.use('/__admin', express.json({ limit: options.maxBodySize ?? DEFAULT_MAX_BODY_SIZE }));
  app.use(openApiValidation(spec));
  app.use(webhookView());
  app.use('/__admin', adminRouter({ spec, store, delivery: options.delivery ?? new DeliveryHub({ logger }) }));
  app.use(function notFound(req, res) {
    if (req.path.startsWith('/__admin/')) res.status(404).json({ detail: 'Not found.' });
    else sendDjangoNotFound(res);
  });
  app.use(errorHandler(logger));
  return app;
}
