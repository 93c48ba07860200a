import { representWebhook } from './webhook-fields.js';
import { webhookMetadata } from './webhook-metadata.js';
import { createdFields, updatedFields, validateWebhook } from './webhook-serializer.js';
import { Errors } from '../../drf/errors.js';
import { paginate } from '../../drf/pagination.js';
import { lastQueryValue, parseQuery, pythonInt } from '../../drf/python.js';
import type { WebhookRecord } from '../../../store/fixture-types.js';
import type { ResourceAction, ResourceContext } from '../resource.js';

/** Top-level body fields the spec rejected. */
function flaggedFields(ctx: ResourceContext): Set<string> {
  const fields = new Set<string>();
  for (const v of ctx.violations) {
    const m = /^\/body\/([^/]+)/.exec(v.path);
    if (m) fields.add(m[1]!);
  }
  return fields;
}

/** DRF's get_object(): a non-numeric id is "Not found.", a missing one "No WebHook matches...". */
function getObject({ params, data }: ResourceContext): WebhookRecord {
  const id = pythonInt(params.id!);
  if (id === undefined) throw Errors.notFound();
  const record = data.webhook(params.organizer!, id);
  if (!record) throw Errors.webhookNotFound();
  return record;
}

export const list: ResourceAction = ({ res, params, data, query, origin, path }) => {
  let items = data.webhooks(params.organizer!);
  const enabled = query.includes('enabled=') ? lastQueryValue(parseQuery(query), 'enabled')?.toLowerCase() : undefined;
  // django-filter's BooleanWidget: true/1 and false/0; anything else does not filter.
  if (enabled === 'true' || enabled === '1') items = items.filter((w) => w.enabled);
  if (enabled === 'false' || enabled === '0') items = items.filter((w) => !w.enabled);
  const page = paginate(items, { origin, path, query });
  res.json({ ...page, results: page.results.map(representWebhook) });
};

export const create: ResourceAction = async (ctx) => {
  const { res, params, sandbox, data } = ctx;
  const fields = validateWebhook({
    body: ctx.body(), flagged: flaggedFields(ctx), partial: false, data, organizer: params.organizer!,
  });
  const record = await sandbox.createWebhook(params.organizer!, createdFields(fields));
  res.status(201).json(representWebhook(record));
};

export const retrieve: ResourceAction = (ctx) => {
  ctx.res.json(representWebhook(getObject(ctx)));
};

/** The object is looked up (404) before the body is validated (400). */
export const update = (partial: boolean): ResourceAction => async (ctx) => {
  const { res, params, sandbox, data } = ctx;
  const instance = getObject(ctx);
  const fields = validateWebhook({
    body: ctx.body(), flagged: flaggedFields(ctx), partial, instance, data, organizer: params.organizer!,
  });
  const record = await sandbox.updateWebhook(instance, updatedFields(instance, fields));
  res.json(representWebhook(record));
};

export const destroy: ResourceAction = async (ctx) => {
  await ctx.sandbox.updateWebhook(getObject(ctx), { enabled: false });
  ctx.res.status(204).json(undefined);
};

export const options = (name: 'webhook-list' | 'webhook-detail'): ResourceAction => ({ req, res, params, data }) => {
  res.json(webhookMetadata(name, params, req.headers.authorization, data));
};
