import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { OpenAPIV3 } from 'openapi-types';
import { loadSpec } from '../src/spec/load-spec.js';
import { TestMock } from './helpers/mock.js';

// Every operation of the spec, so that a new one cannot be left out of the isolation tables.
const spec = await loadSpec();
const OPERATIONS = Object.entries(spec.dereferenced.paths).flatMap(([path, item]) =>
  (['get', 'put', 'post', 'delete', 'options', 'patch'] as const).filter((m) => (item as OpenAPIV3.PathItemObject)[m]).map((m) => ({
    method: m.toUpperCase(), path, operationId: (item as OpenAPIV3.PathItemObject)[m]!.operationId!,
  })),
);
const PRETIX = [...OPERATIONS.filter((o) => o.path.startsWith('/api/')), ...OPERATIONS.filter((o) => o.path.startsWith('/api/') && o.method === 'GET').map((o) => ({ ...o, method: 'HEAD', operationId: `${o.operationId} (HEAD)` }))];
const ADMIN = OPERATIONS.filter((o) => o.path.startsWith('/__admin/'));
const BODY = { target_url: 'https://example.com/intruder', limit_events: [], action_types: ['pretix.event.order.placed'], comment: 'intruder' };
const FORBIDDEN = { detail: 'You do not have permission to perform this action.' };

const pretixPath = (template: string, organizer: string, id: number) => template.replace('{organizer}', organizer).replace('{id}', String(id));
const withBody = (method: string) => method === 'POST' || method === 'PUT' || method === 'PATCH';

let mock: TestMock;
before(async () => {
  mock = await TestMock.start();
});
after(() => mock.close());

const state = async (sandbox?: string) => (await mock.call(`/__admin/state${sandbox ? `?sandbox=${sandbox}` : ''}`)).text;

describe('an organizer\'s credentials never read or write another organizer\'s webhooks: 403 on every operation', () => {
  // [credential, its organizer, the other organizer, a webhook id of the other organizer]
  const cases: Array<[string, string, number]> = [
    ['Token sandbox-bigevents-admin', 'acme', 1],
    ['Bearer sandbox-bigevents-oauth', 'acme', 1],
    ['Device sandbox-bigevents-device', 'acme', 1],
    ['Token sandbox-acme-admin', 'bigevents', 2],
  ];
  for (const [auth, other, id] of cases) {
    // The API root and the organizer list belong to no organizer (test/organizers.test.ts).
    for (const op of PRETIX.filter((o) => o.path.includes('{organizer}'))) {
      test(`${auth.split(' ')[1]} → ${op.method} ${other} (${op.operationId})`, async () => {
        const before = await state();
        const res = await mock.call(pretixPath(op.path, other, id), { method: op.method, auth, body: withBody(op.method) ? BODY : undefined });
        assert.equal(res.status, 403);
        if (op.method !== 'HEAD') assert.deepEqual(res.body, FORBIDDEN);
        assert.equal(await state(), before, 'nothing changed');
      });
    }
  }
});

describe('a sandbox never sees another sandbox or the shared dataset', () => {
  let one: { id: string; auth: string };
  let two: { id: string; auth: string };
  before(async () => {
    const make = async () => {
      const res = (await mock.call('/__admin/sandboxes', { method: 'POST' })).body as { id: string; tokens: Record<string, string> };
      return { id: res.id, auth: res.tokens['sandbox-bigevents-admin']! };
    };
    [one, two] = [await make(), await make()];
    // Webhook 3 exists only in sandbox two; id sequences are per dataset.
    const created = await mock.call('/api/v1/organizers/bigevents/webhooks/', { method: 'POST', auth: two.auth, body: { ...BODY, comment: 'only in two' } });
    assert.equal((created.body as { id: number }).id, 3);
  });

  for (const op of PRETIX.filter((o) => o.path.includes('{id}') && o.method !== 'OPTIONS')) {
    test(`${op.method} webhook 3 with sandbox one's credentials (${op.operationId}): 404`, async () => {
      const before = [await state(two.id), await state()];
      const res = await mock.call(pretixPath(op.path, 'bigevents', 3), { method: op.method, auth: one.auth, body: withBody(op.method) ? BODY : undefined });
      assert.equal(res.status, 404);
      if (op.method !== 'HEAD') assert.deepEqual(res.body, { detail: 'No WebHook matches the given query.' });
      assert.deepEqual([await state(two.id), await state()], before);
    });
  }

  test('lists, creates and control-plane calls stay in their sandbox', async () => {
    const before = [await state(two.id), await state()];
    const list = (await mock.call('/api/v1/organizers/bigevents/webhooks/', { auth: one.auth })).body as { results: Array<{ comment: string | null }> };
    assert.ok(!list.results.some((w) => w.comment === 'only in two'));
    const created = await mock.call('/api/v1/organizers/bigevents/webhooks/', { method: 'POST', auth: one.auth, body: BODY });
    assert.equal((created.body as { id: number }).id, 3, 'sandbox one has its own sequence');
    assert.equal((await mock.call(`/__admin/reset?sandbox=${one.id}`, { method: 'POST' })).status, 200);
    const journal = (await mock.call(`/__admin/requests?sandbox=${one.id}`)).body as { results: Array<{ sandbox: string }> };
    assert.ok(journal.results.length > 0 && journal.results.every((e) => e.sandbox === one.id));
    const shared = (await mock.call('/api/v1/organizers/bigevents/webhooks/3/', { auth: 'Token sandbox-bigevents-admin' })).status;
    assert.equal(shared, 404, 'the shared credentials do not reach sandboxes');
    assert.deepEqual([await state(two.id), await state()], before);
  });
});

describe('the control plane on a non-loopback bind without an admin token: every operation refused', () => {
  let open: TestMock;
  before(async () => {
    open = await TestMock.start({ host: '0.0.0.0' });
  });
  after(() => open.close());

  for (const op of ADMIN) {
    const expected = op.operationId === 'getHealth' ? 200 : 403;
    test(`${op.method} ${op.path}: ${expected}`, async () => {
      const path = op.path.replace('{id}', 'sbx_x');
      for (const headers of [{}, { authorization: 'Bearer guess' }, { authorization: 'Token sandbox-bigevents-admin' }] as Array<Record<string, string>>) {
        const res = await open.call(path, { method: op.method, headers, body: withBody(op.method) ? {} : undefined });
        assert.equal(res.status, expected, JSON.stringify(headers));
      }
    });
  }
});

test('Authorization values never come back: not in answers, headers or the journal', async () => {
  const secrets = ['Token leak-check-team-token-000', 'Device leak-check-device-0000', 'Bearer leak-check-oauth-00000', 'Basic bGVhazpjaGVjaw==', 'leak-check-bare-value-0000'];
  const seen: string[] = [];
  for (const auth of secrets) {
    for (const op of PRETIX) {
      for (const organizer of ['bigevents', 'nope']) {
        const res = await mock.call(pretixPath(op.path, organizer, 2), { method: op.method, auth, body: withBody(op.method) ? BODY : undefined, headers: { 'x-idempotency-key': `k-${op.operationId}` } });
        seen.push(res.text, JSON.stringify([...res.headers]));
      }
    }
  }
  seen.push((await mock.call('/__admin/requests')).text, (await mock.call('/__admin/coverage')).text);
  for (const auth of secrets) {
    const secret = auth.split(' ').at(-1)!;
    assert.ok(!seen.some((text) => text.includes(secret)), `${auth} came back`);
  }
});
