import { randomBytes } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { authenticate } from './authentication.js';
import { Errors } from './errors.js';
import { setApiViewHeaders, sessionCookie, siteUrlOf } from './middleware-headers.js';
import { negotiate } from './negotiation.js';
import { paginate } from './pagination.js';
import { hasPermission } from './permissions.js';
import { lastQueryValue, parseQuery, pythonInt } from './python.js';
import { ALLOWED_METHODS, type PretixRoute } from './routes.js';
import { webhookMetadata } from './webhook-metadata.js';
import { representWebhook } from './webhook-fields.js';
import { createdFields, updatedFields, validateWebhook } from './webhook-serializer.js';
import { requestState, type RequestState } from '../http/request-state.js';
import type { WebhookRecord } from '../store/fixture-types.js';
import type { Sandbox } from '../store/sandbox.js';

interface ViewContext {
  req: Request;
  res: Response;
  state: RequestState;
  route: PretixRoute;
  sandbox: Sandbox;
  query: string;
}

type Action = (ctx: ViewContext) => void | Promise<void>;

function rawQuery(req: Request): string {
  const q = req.originalUrl.indexOf('?');
  return q < 0 ? '' : req.originalUrl.slice(q + 1);
}

/** The body, once a handler needs it: DRF raises parse and media-type errors only at this point. */
function body(ctx: ViewContext): unknown {
  if (ctx.state.bodyError) throw ctx.state.bodyError;
  return ctx.state.body;
}

/** Top-level body fields the spec rejected. */
function flaggedFields(state: RequestState): Set<string> {
  const fields = new Set<string>();
  for (const v of state.violations ?? []) {
    const m = /^\/body\/([^/]+)/.exec(v.path);
    if (m) fields.add(m[1]!);
  }
  return fields;
}

/** DRF's get_object(): a non-numeric id is "Not found.", a missing one "No WebHook matches...". */
function getObject(ctx: ViewContext): WebhookRecord {
  if (ctx.route.name !== 'webhook-detail') throw new Error('getObject on a list route');
  const id = pythonInt(ctx.route.id);
  if (id === undefined) throw Errors.notFound();
  const record = ctx.sandbox.data.webhook(ctx.route.organizer, id);
  if (!record) throw Errors.webhookNotFound();
  return record;
}

const list: Action = ({ req, res, route, sandbox, query, state }) => {
  let items = sandbox.data.webhooks(route.organizer);
  const enabled = query.includes('enabled=') ? lastQueryValue(parseQuery(query), 'enabled')?.toLowerCase() : undefined;
  // django-filter's BooleanWidget: true/1 and false/0; anything else does not filter.
  if (enabled === 'true' || enabled === '1') items = items.filter((w) => w.enabled);
  if (enabled === 'false' || enabled === '0') items = items.filter((w) => !w.enabled);
  const page = paginate(items, { origin: `${req.protocol}://${req.headers.host ?? req.socket.localAddress}`, path: state.suffixedPath ?? req.path, query });
  res.json({ ...page, results: page.results.map(representWebhook) });
};

const create: Action = async (ctx) => {
  const { res, route, sandbox, state } = ctx;
  const fields = validateWebhook({
    body: body(ctx), flagged: flaggedFields(state), partial: false, data: sandbox.data, organizer: route.organizer,
  });
  const record = await sandbox.createWebhook(route.organizer, createdFields(fields));
  res.status(201).json(representWebhook(record));
};

const retrieve: Action = (ctx) => {
  ctx.res.json(representWebhook(getObject(ctx)));
};

const update = (partial: boolean): Action => async (ctx) => {
  const { res, route, sandbox, state } = ctx;
  const instance = getObject(ctx);
  const fields = validateWebhook({
    body: body(ctx), flagged: flaggedFields(state), partial, instance, data: sandbox.data, organizer: route.organizer,
  });
  const record = await sandbox.updateWebhook(instance, updatedFields(instance, fields));
  res.json(representWebhook(record));
};

const destroy: Action = async (ctx) => {
  await ctx.sandbox.updateWebhook(getObject(ctx), { enabled: false });
  ctx.res.status(204).json(undefined);
};

const options: Action = (ctx) => {
  ctx.res.json(webhookMetadata(ctx.route, ctx.req.headers.authorization, ctx.sandbox.data));
};

const ACTIONS: Record<PretixRoute['name'], Record<string, Action>> = {
  'webhook-list': { GET: list, HEAD: list, POST: create, OPTIONS: options },
  'webhook-detail': {
    GET: retrieve, HEAD: retrieve, PUT: update(false), PATCH: update(true), DELETE: destroy, OPTIONS: options,
  },
};

export interface WebhookViewOptions {
  /** pretix's site URL; default: the origin the request was sent to. */
  siteUrl?: string;
}

/** A Django session key: 32 characters of [a-z0-9]. */
export function newSessionKey(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(randomBytes(32), (b) => alphabet[b % alphabet.length]).join('');
}

/**
 * WebHookViewSet behind DRF's APIView.dispatch: content negotiation (format suffix, `?format=`,
 * Accept), authentication in pretix's class order (where OAuth's class is reached, the body is
 * parsed: 400/415 before 401/403), permission (403, or 401 when unauthenticated), method (405),
 * then the action, which looks up the object (404) before it validates the body (400).
 */
export function webhookView(options: WebhookViewOptions = {}): RequestHandler {
  return async function pretixWebhooks(req, res, next) {
    const state = requestState(req);
    const route = state.route;
    if (!route || !state.sandbox) return next();
    setApiViewHeaders(res, siteUrlOf(req, options.siteUrl), ALLOWED_METHODS[route.name]);
    const query = rawQuery(req);
    negotiate(req.headers.accept, query, route.format);
    const sandbox = state.sandbox;
    const principal = authenticate(req.headers.authorization, sandbox.data, () => {
      if (state.bodyError) throw state.bodyError;
    });
    if (principal?.kind === 'oauth') res.setHeader('Set-Cookie', sessionCookie(newSessionKey()));
    if (!principal || !hasPermission(principal, route.organizer, req.method, sandbox.data)) {
      throw principal ? Errors.permissionDenied() : Errors.notAuthenticated();
    }
    const action = ACTIONS[route.name][req.method];
    if (!action) throw Errors.methodNotAllowed(req.method);
    await action({ req, res, state, route, sandbox, query });
  };
}
