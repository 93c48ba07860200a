import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { AUTH, BIGEVENTS, DOCS_BODY, TestMock, WEBHOOK_2 } from './helpers/mock.js';

const DEFAULT_FIXTURES = JSON.parse(await readFile(new URL('../fixtures/default.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const SHARED_TOKENS = {
  'sandbox-bigevents-admin': 'Token sandbox-bigevents-admin',
  'sandbox-bigevents-readonly': 'Token sandbox-bigevents-readonly',
  'sandbox-bigevents-inactive': 'Token sandbox-bigevents-inactive',
  'sandbox-acme-admin': 'Token sandbox-acme-admin',
  'sandbox-bigevents-device': 'Device sandbox-bigevents-device',
  'sandbox-bigevents-device-revoked': 'Device sandbox-bigevents-device-revoked',
  'sandbox-bigevents-oauth': 'Bearer sandbox-bigevents-oauth',
  'sandbox-bigevents-oauth-read': 'Bearer sandbox-bigevents-oauth-read',
};
const SMALL_STATE = {
  organizers: [{ slug: 'bigevents', name: 'Big Events LLC' }],
  teams: [{ id: 1, organizer: 'bigevents', name: 'Admins', permissions: ['can_change_organizer_settings'] }],
  team_tokens: [{ token: 'imported-admin', team: 1, name: 'Admin' }],
  webhook_next_id: 10,
};

const ALL_EVENTS_BODY = { ...DOCS_BODY, all_events: true, limit_events: [] };

const create = (mock: TestMock, auth: string = AUTH.admin, body: object = DOCS_BODY, headers: Record<string, string> = {}) =>
  mock.call(BIGEVENTS, { method: 'POST', auth, body, headers });

describe('reset and snapshots', () => {
  let mock: TestMock;
  before(async () => {
    mock = await TestMock.start();
  });
  after(() => mock.close());

  test('GET /__admin/state exports the fixtures in the fixture format', async () => {
    await mock.call('/__admin/reset', { method: 'POST' });
    const res = await mock.call('/__admin/state');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, DEFAULT_FIXTURES);
  });

  test('POST /__admin/reset restores webhooks and the id sequence and answers the credentials', async () => {
    assert.equal((await create(mock)).status, 201);
    const reset = await mock.call('/__admin/reset', { method: 'POST' });
    assert.equal(reset.status, 200);
    assert.deepEqual(reset.body, { id: 'shared', tokens: SHARED_TOKENS });
    const list = await mock.call(BIGEVENTS, { auth: AUTH.admin });
    assert.deepEqual(list.body, { count: 1, next: null, previous: null, results: [WEBHOOK_2] });
    assert.equal(((await create(mock)).body as { id: number }).id, 3);
    await mock.call('/__admin/reset', { method: 'POST' });
  });

  test('a reset forgets the idempotency keys of the dataset', async () => {
    const key = { 'x-idempotency-key': 'reset-forgets' };
    const first = await create(mock, AUTH.admin, DOCS_BODY, key);
    assert.equal(first.status, 201);
    await mock.call('/__admin/reset', { method: 'POST' });
    const again = await create(mock, AUTH.admin, { ...DOCS_BODY, target_url: 'https://after-reset.example/' }, key);
    assert.equal(again.status, 201);
    assert.equal((again.body as { target_url: string }).target_url, 'https://after-reset.example/');
    await mock.call('/__admin/reset', { method: 'POST' });
  });

  test('PUT /__admin/state replaces the dataset; reset returns to the fixtures', async () => {
    const put = await mock.call('/__admin/state', { method: 'PUT', body: SMALL_STATE });
    assert.equal(put.status, 200);
    assert.deepEqual(put.body, { id: 'shared', tokens: { 'imported-admin': 'Token imported-admin' } });
    assert.equal((await mock.call(BIGEVENTS, { auth: AUTH.admin })).status, 401);
    const created = await create(mock, 'Token imported-admin', ALL_EVENTS_BODY);
    assert.equal(created.status, 201);
    assert.equal((created.body as { id: number }).id, 10);
    const state = (await mock.call('/__admin/state')).body as { webhooks: unknown[]; webhook_next_id: number; events: unknown[] };
    assert.equal(state.webhooks.length, 1);
    assert.equal(state.webhook_next_id, 11);
    assert.deepEqual(state.events, []);
    await mock.call('/__admin/reset', { method: 'POST' });
    assert.equal((await mock.call(BIGEVENTS, { auth: AUTH.admin })).status, 200);
  });

  const invalid: Array<[string, unknown, unknown]> = [
    ['a schema violation', { organizers: 'none' }, {
      detail: 'The request does not match the OpenAPI document of the control plane.',
      errors: [{ path: '/body/organizers', message: 'must be array' }],
    }],
    ['a record referring to an unknown organizer', { ...SMALL_STATE, events: [{ organizer: 'nope', slug: 'x', name: 'X' }] }, {
      detail: 'The state is not a valid fixture document.',
      errors: [{ path: '/body/events/0/organizer', message: 'unknown organizer "nope"' }],
    }],
    ['a duplicate token (never quoted)', { ...SMALL_STATE, team_tokens: [...SMALL_STATE.team_tokens, ...SMALL_STATE.team_tokens] }, {
      detail: 'The state is not a valid fixture document.',
      errors: [{ path: '/body/team_tokens/1/token', message: 'duplicate token' }],
    }],
    ['an id sequence behind the webhooks', { ...SMALL_STATE, webhooks: [{ id: 12, organizer: 'bigevents', target_url: 'https://a.example/', action_types: [] }] }, {
      detail: 'The state is not a valid fixture document.',
      errors: [{ path: '/body/webhook_next_id', message: 'must be greater than every webhook id (12)' }],
    }],
  ];
  for (const [name, doc, expected] of invalid) {
    test(`PUT /__admin/state refuses ${name} with 400 naming path and problem`, async () => {
      const res = await mock.call('/__admin/state', { method: 'PUT', body: doc });
      assert.equal(res.status, 400);
      assert.deepEqual(res.body, expected);
      assert.deepEqual((await mock.call('/__admin/state')).body, DEFAULT_FIXTURES);
    });
  }

  test('PUT /__admin/state refuses malformed JSON (400) and other media types (415)', async () => {
    const bad = await mock.call('/__admin/state', { method: 'PUT', body: '{"organizers":', headers: { 'content-type': 'application/json' } });
    assert.equal(bad.status, 400);
    assert.equal((bad.body as { detail: string }).detail.startsWith('JSON parse error - '), true);
    assert.deepEqual((bad.body as { errors: Array<{ path: string }> }).errors.map((e) => e.path), ['/body']);
    const text = await mock.call('/__admin/state', { method: 'PUT', body: 'x', headers: { 'content-type': 'text/plain' } });
    assert.equal(text.status, 415);
    assert.deepEqual(text.body, { detail: 'unsupported media type text/plain' });
  });

  const unknownSandbox: Array<[string, string, unknown]> = [
    ['POST', '/__admin/reset?sandbox=sbx_nope', undefined],
    ['GET', '/__admin/state?sandbox=sbx_nope', undefined],
    ['PUT', '/__admin/state?sandbox=sbx_nope', SMALL_STATE],
  ];
  for (const [method, path, body] of unknownSandbox) {
    test(`${method} ${path} answers 404 for an unknown sandbox`, async () => {
      const res = await mock.call(path, { method, body });
      assert.equal(res.status, 404);
      assert.deepEqual(res.body, { detail: 'No sandbox "sbx_nope" (it may have been deleted or expired).' });
    });
  }

  test("a dataset cannot take another dataset's credentials", async () => {
    const sandbox = await mock.server.sandbox();
    try {
      const sandboxToken = sandbox.tokens['sandbox-bigevents-admin']!.split(' ')[1]!;
      const shared = await mock.call('/__admin/state', {
        method: 'PUT', body: { ...SMALL_STATE, team_tokens: [{ token: sandboxToken, team: 1, name: 'stolen' }] },
      });
      assert.deepEqual(shared.body, {
        detail: 'The state reuses credentials of another dataset.',
        errors: [{ path: '/body/team_tokens/0/token', message: 'is a credential of another dataset of this server' }],
      });
      const own = await mock.call(`/__admin/state?sandbox=${sandbox.id}`, { method: 'PUT', body: SMALL_STATE });
      assert.equal(own.status, 200);
      const stealShared = await mock.call(`/__admin/state?sandbox=${sandbox.id}`, {
        method: 'PUT', body: { ...SMALL_STATE, team_tokens: [{ token: 'sandbox-bigevents-admin', team: 1, name: 'stolen' }] },
      });
      assert.equal(stealShared.status, 400);
      assert.equal(JSON.stringify(stealShared.body).includes('sandbox-bigevents-admin'), false);
    } finally {
      await sandbox.close();
    }
  });
});

describe('with --data, resets and imports are durable', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pretix-mock-state-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('an import and then a reset survive a restart', async () => {
    const data = join(dir, 'state.json');
    let mock = await TestMock.start({ data });
    await mock.call('/__admin/state', { method: 'PUT', body: SMALL_STATE });
    await mock.close();
    mock = await TestMock.start({ data });
    assert.deepEqual(((await mock.call('/__admin/state')).body as { team_tokens: unknown }).team_tokens, [
      { token: 'imported-admin', team: 1, name: 'Admin', active: true },
    ]);
    assert.equal((await create(mock, 'Token imported-admin', ALL_EVENTS_BODY)).status, 201);
    await mock.call('/__admin/reset', { method: 'POST' });
    await mock.close();
    mock = await TestMock.start({ data });
    try {
      assert.deepEqual((await mock.call('/__admin/state')).body, DEFAULT_FIXTURES);
    } finally {
      await mock.close();
    }
  });
});
