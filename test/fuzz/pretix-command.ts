import type fc from 'fast-check';
import type { BodySpec, IdSpec, PretixSpec } from './arbitraries.js';
import { exchange, fail, type Harness } from './harness.js';
import { checkInvariants } from './invariants.js';
import { asciiPyInt, pretixRoute, type DatasetModel, type Model } from './model.js';
import type { RawRequest } from './http.js';
import type { WebhookRecord } from '../../src/store/fixture-types.js';

/** pretix's representation of a webhook, keys in serializer order. */
export const represent = (w: WebhookRecord) => JSON.stringify({
  id: w.id, enabled: w.enabled, target_url: w.target_url, all_events: w.all_events, limit_events: w.limit_events, action_types: w.action_types, comment: w.comment,
});

const sorted = (list: string[]) => list.every((t, i) => i === 0 || list[i - 1]! <= t);

function bodyBytes(spec: BodySpec): Buffer {
  switch (spec.kind) {
    case 'json': return Buffer.from(JSON.stringify(spec.value) ?? 'null');
    case 'text': return Buffer.from(spec.text);
    case 'bytes': return Buffer.from(spec.bytes);
    case 'deep': return Buffer.from(`${spec.open.repeat(spec.depth)}1${spec.close.repeat(spec.depth)}`);
    case 'huge': return Buffer.from(`{"target_url": "https://example.com/${'a'.repeat(spec.length)}", "limit_events": [], "action_types": ["pretix.event.order.placed"]}`);
    case 'proto': {
      const rest = JSON.stringify(spec.value).slice(1);
      return Buffer.from(`{"${spec.key}": ${JSON.stringify(spec.value)}${rest === '}' ? '' : ', '}${rest}`);
    }
  }
}

function idText(spec: IdSpec, dataset: DatasetModel): string {
  if (spec.kind === 'raw') return spec.text;
  const ids = [...dataset.webhooks.keys(), dataset.nextId];
  const id = ids[spec.pick % ids.length]!;
  switch (spec.form) {
    case 'plain': return String(id);
    case 'padded': return `%20${id}%09`;
    case 'plus': return `+${id}`;
    case 'underscore': return `0_${id}`;
    case 'encoded': return [...String(id)].map((d) => `%3${d}`).join('');
  }
}

/** Turns the drawn spec into a concrete request against the current model. */
export function resolve(spec: PretixSpec, model: Model): RawRequest {
  const headers: Record<string, string> = { ...spec.headers };
  if (spec.auth.kind === 'raw') headers.authorization = spec.auth.value;
  if (spec.auth.kind === 'role') {
    const datasets = [...model.datasets.values()];
    const value = datasets[spec.auth.dataset % datasets.length]!.auth[spec.auth.role] ?? `Token ${spec.auth.role}`;
    headers.authorization = spec.auth.scheme ? `${spec.auth.scheme} ${value.split(' ')[1]}` : value;
  }
  if (spec.idempotencyKey !== undefined) headers['x-idempotency-key'] = spec.idempotencyKey;
  const dataset = model.datasetOf(headers.authorization);
  let path = `/api/v1/organizers/${spec.organizer}/webhooks/${spec.id ? `${idText(spec.id, dataset)}/` : ''}`;
  if (!spec.slash) path = path.slice(0, -1);
  return { method: spec.method, path: spec.query ? `${path}?${spec.query}` : path, headers, body: spec.body && bodyBytes(spec.body) };
}

/** Checks a 2xx answer of the pretix API against the model and applies it. */
function learn(model: Model, req: RawRequest, status: number, text: string): void {
  const [pathname, query = ''] = req.path.split('?', 2) as [string, string?];
  const route = pretixRoute(pathname);
  const where = `${req.method} ${req.path} -> ${status}`;
  // Routing is on the decoded path, as WSGI servers decode PATH_INFO: `/webhooks/2%2F` is `/webhooks/2/`.
  if (!route) fail(`${where}: a 2xx outside pretix's routes`);
  const auth = req.headers.authorization;
  const dataset = model.datasetOf(auth);
  if (!dataset.allows(auth, route.organizer, req.method)) fail(`${where}: a 2xx for credentials without access to ${route.organizer} in ${dataset.id}`);
  if (req.method === 'HEAD' || req.method === 'OPTIONS') return;
  const own = (id: number) => {
    const w = dataset.webhooks.get(id);
    if (!w || w.organizer !== route.organizer) fail(`${where}: webhook ${id} is not ${route.organizer}'s in ${dataset.id}`);
    return w;
  };
  const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  if (route.id === undefined) {
    if (req.method === 'GET') {
      const page = body as { count: number; results: WebhookRecord[] };
      const ids = page.results.map((w) => w.id);
      page.results.forEach((w, i) => {
        if (represent(own(w.id)) !== JSON.stringify(w)) fail(`${where}: result ${w.id} differs from the model`);
        if (i > 0 && ids[i - 1]! >= w.id) fail(`${where}: ids not increasing`);
      });
      const all = dataset.of(route.organizer);
      const counts = query.includes('enabled') ? [all.length, all.filter((w) => w.enabled).length, all.filter((w) => !w.enabled).length] : [all.length];
      if (!counts.includes(page.count)) fail(`${where}: count ${page.count}, the model has ${counts.join(' or ')}`);
      return;
    }
    if (req.method !== 'POST' || status !== 201) fail(`${where}: unexpected success on the list route`);
    const created = { ...(body as unknown as WebhookRecord), organizer: route.organizer };
    if (created.id !== dataset.nextId) fail(`${where}: id ${created.id}, the next id should be ${dataset.nextId}`);
    if (!sorted(created.action_types)) fail(`${where}: action_types not sorted`);
    dataset.webhooks.set(created.id, created);
    dataset.nextId++;
    return;
  }
  const id = asciiPyInt(route.id);
  if (id === undefined) fail(`${where}: a 2xx for id ${JSON.stringify(route.id)}, which is not a number`);
  const record = own(id);
  if (req.method === 'GET') {
    if (represent(record) !== text) fail(`${where}: ${text} differs from the model's ${represent(record)}`);
  } else if (req.method === 'DELETE' && status === 204) {
    record.enabled = false;
  } else if ((req.method === 'PUT' || req.method === 'PATCH') && status === 200) {
    if (body.id !== id || !sorted(body.action_types as string[])) fail(`${where}: ${text}`);
    Object.assign(record, body);
  } else {
    fail(`${where}: unexpected success on the detail route`);
  }
}

/** One fuzzed pretix API request, then the invariants. */
export class PretixCommand implements fc.AsyncCommand<Model, Harness> {
  constructor(readonly spec: PretixSpec) {}

  check(): boolean {
    return true;
  }

  async run(model: Model, h: Harness): Promise<void> {
    const req = resolve(this.spec, model);
    const pathname = req.path.split('?', 1)[0]!;
    const scope = model.scope(req.method, pathname, req.headers.authorization, req.headers['x-idempotency-key']);
    const stored = scope === undefined ? undefined : model.keys.get(scope)?.response;
    const answer = await exchange(h, req, { skipContract: stored !== undefined });
    if (answer && stored && (answer.status !== stored.status || answer.text !== stored.text)) {
      fail(`${req.method} ${req.path}: the key's stored answer ${stored.status} ${stored.text.slice(0, 200)} was not replayed: ${answer.status} ${answer.text.slice(0, 200)}`);
    }
    if (answer && !stored) {
      if (scope !== undefined) model.remember(scope, model.datasetOf(req.headers.authorization).id, answer.status, answer.text);
      if (answer.status >= 200 && answer.status < 300) learn(model, req, answer.status, answer.text);
    }
    await checkInvariants(model, h);
  }

  toString(): string {
    return `pretix(${JSON.stringify(this.spec, (_k, v: unknown) => (typeof v === 'string' && v.length > 80 ? `${v.slice(0, 20)}…(${v.length})` : v))})`;
  }
}
