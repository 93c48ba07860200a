import type fc from 'fast-check';
import type { AdminSpec } from './admin-arbitraries.js';
import { adminJson, exchange, fail, type Harness } from './harness.js';
import { checkInvariants } from './invariants.js';
import { DatasetModel, type Model } from './model.js';
import type { Fixture } from '../../src/store/fixture-types.js';

export const MAX_SANDBOXES = 3;

const json = (value: unknown) => Buffer.from(JSON.stringify(value) ?? 'null');

/** A dataset pick: an index into the model's datasets (shared first), or a literal id. */
function pick(model: Model, dataset: number | string): { id: string; known?: DatasetModel } {
  if (typeof dataset === 'string') return { id: dataset, known: model.datasets.get(dataset) };
  const all = [...model.datasets.values()];
  const known = all[dataset % all.length]!;
  return { id: known.id, known };
}

const query = (id: string) => (id === 'shared' ? '' : `?sandbox=${id}`);

/** A small fixture document of its own, for `POST /__admin/sandboxes` with fixtures. */
function customFixtures(receiverUrl: string): object {
  return {
    organizers: [{ slug: 'solo', name: 'Solo' }],
    events: [{ organizer: 'solo', slug: 'gig', name: 'Gig' }],
    teams: [{ id: 7, organizer: 'solo', name: 'Admins', permissions: ['can_change_organizer_settings'] }],
    team_tokens: [{ token: 'sandbox-bigevents-admin', team: 7 }],
    webhooks: [{ id: 40, organizer: 'solo', target_url: `${receiverUrl}/solo`, action_types: ['pretix.event.order.placed'] }],
  };
}

export class AdminCommand implements fc.AsyncCommand<Model, Harness> {
  constructor(readonly spec: AdminSpec) {}

  check(): boolean {
    return true;
  }

  async run(model: Model, h: Harness): Promise<void> {
    await this.#step(model, h);
    await checkInvariants(model, h);
  }

  async #step(model: Model, h: Harness): Promise<void> {
    const s = this.spec;
    const send = (method: string, path: string, body?: unknown, contentType = 'application/json') =>
      exchange(h, { method, path, headers: body === undefined ? {} : { 'content-type': contentType }, body: body === undefined ? undefined : Buffer.isBuffer(body) ? body : json(body) });
    const expect = (status: number | undefined, wanted: number, what: string) => {
      if (status !== wanted) fail(`${what}: expected ${wanted}, got ${status}`);
    };
    switch (s.op) {
      case 'reset': {
        const { id, known } = pick(model, s.dataset);
        const res = await send('POST', `/__admin/reset${query(id)}`);
        if (!known) return expect(res?.status === 400 || res?.status === 404 ? 404 : res?.status, 404, `reset ${id}`);
        expect(res?.status, 200, `reset ${id}`);
        known.load(known.baseline);
        model.forgetKeys(id);
        return;
      }
      case 'export': {
        const { id, known } = pick(model, s.dataset);
        const res = await send('GET', `/__admin/state${query(id)}`);
        if (known) expect(res?.status, 200, `export ${id}`);
        return;
      }
      case 'import': {
        const { id, known } = pick(model, s.dataset);
        const doc = await adminJson<Fixture>(h, 'GET', `/__admin/state${query(id)}`, 200);
        if (s.variant === 'without-webhooks') doc.webhooks = doc.webhooks.filter((_, i) => i % 2 === 0);
        if (s.variant === 'invalid') doc.webhooks.push({ ...doc.webhooks[0]!, id: 1, organizer: 'nobody' } as never);
        if (s.variant === 'other-credentials') {
          const other = [...model.datasets.values()].find((d) => d.id !== id);
          if (other) doc.team_tokens = structuredClone(other.doc.team_tokens);
        }
        const res = await send('PUT', `/__admin/state${query(id)}`, doc);
        const clash = s.variant === 'other-credentials' && model.datasets.size > 1;
        if (s.variant === 'invalid' || clash) return expect(res?.status, 400, `import ${s.variant} into ${id}`);
        expect(res?.status, 200, `import ${s.variant} into ${id}`);
        known!.load({ ...doc, webhooks: doc.webhooks.map((w) => ({ ...w, action_types: [...w.action_types].sort() })) });
        model.forgetKeys(id);
        return;
      }
      case 'create-sandbox': {
        const body = { default: undefined, custom: { fixtures: customFixtures(h.receiverUrl) }, invalid: { fixtures: { organizers: 'x' } }, extra: { fixture: {} } }[s.variant];
        const res = await send('POST', '/__admin/sandboxes', body ?? Buffer.alloc(0), body ? 'application/json' : '');
        if (s.variant === 'invalid' || s.variant === 'extra') return expect(res?.status, 400, 'create an invalid sandbox');
        if (model.sandboxes().length >= MAX_SANDBOXES) return expect(res?.status, 429, 'create a sandbox beyond the cap');
        expect(res?.status, 201, 'create a sandbox');
        const created = JSON.parse(res!.text) as { id: string; tokens: Record<string, string> };
        const doc = await adminJson<Fixture>(h, 'GET', `/__admin/state?sandbox=${created.id}`, 200);
        model.datasets.set(created.id, new DatasetModel(created.id, doc, doc, created.tokens));
        return;
      }
      case 'delete-sandbox': {
        const { id, known } = pick(model, s.dataset);
        const res = await send('DELETE', `/__admin/sandboxes/${id}`);
        if (id === 'shared') return expect(res?.status, 409, 'delete shared');
        if (!known) return expect(res?.status === 400 ? 404 : res?.status, 404, `delete ${id}`);
        expect(res?.status, 204, `delete ${id}`);
        model.removeSandbox(id);
        return;
      }
      case 'requests': {
        const res = await send('GET', `/__admin/requests${s.query ? `?${s.query}` : ''}`);
        for (const d of model.datasets.values()) {
          for (const token of d.tokens()) if (res?.text.includes(token)) fail(`the journal shows the credential ${token.slice(0, 4)}… of ${d.id}`);
        }
        return;
      }
      case 'count': return void (await send('POST', '/__admin/requests/count', s.body));
      case 'clear-requests': return void (await send('DELETE', `/__admin/requests${s.dataset === undefined ? '' : query(pick(model, s.dataset).id)}`));
      case 'add-fault': return void (await send('POST', '/__admin/faults', { match: { headers: { 'x-fuzz-never': '*' } }, effect: s.effect, ...(s.times === undefined ? {} : { times: s.times }) }));
      case 'faults': return void (await send('GET', `/__admin/faults${s.query ? `?${s.query}` : ''}`));
      case 'clear-faults': return void (await send('DELETE', `/__admin/faults${s.query ? `?${s.query}` : ''}`));
      case 'read': return void (await send('GET', s.path));
      case 'notify': {
        const { id } = pick(model, s.dataset);
        return void (await send('POST', '/__admin/notify', { ...s.body, ...(id === 'shared' ? {} : { sandbox: id }) }));
      }
      case 'retries': return void (await send('POST', `/__admin/deliveries/retries/${s.action}`, s.body));
      case 'odd': return void (await send(s.method, s.path, Buffer.from(s.body), s.contentType));
    }
  }

  toString(): string {
    return `admin(${JSON.stringify(this.spec, (_k, v: unknown) => (typeof v === 'string' && v.length > 80 ? `${v.slice(0, 20)}…(${v.length})` : v))})`;
  }
}
