import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { ACME, AUTH, BIGEVENTS, TestMock, WEBHOOK_2 } from './helpers/mock.js';

// Every test mutates, so every test gets a fresh server with the default dataset.
let mock: TestMock;
beforeEach(async () => {
  mock = await TestMock.start();
});
afterEach(() => mock.close());

const VALID = { target_url: 'https://example.com/hook', limit_events: [], action_types: ['pretix.event.order.placed'] };
type Hook = typeof WEBHOOK_2 & { comment: string | null };
const create = async (path: string, auth: string, body: object) => {
  const res = await mock.call(path, { method: 'POST', auth, body });
  assert.equal(res.status, 201, res.text);
  return res.body as Hook;
};

describe('ids and ordering', () => {
  test('ids are global across organizers and lists are ordered by id', async () => {
    const a = await create(ACME, AUTH.acme, VALID);
    const b = await create(BIGEVENTS, AUTH.admin, VALID);
    const c = await create(ACME, AUTH.acme, VALID);
    assert.deepEqual([a.id, b.id, c.id], [3, 4, 5]);
    const acme = await mock.call(ACME, { auth: AUTH.acme });
    assert.deepEqual((acme.body as { results: Hook[] }).results.map((w) => w.id), [1, 3, 5]);
    const big = await mock.call(BIGEVENTS, { auth: AUTH.admin });
    assert.deepEqual((big.body as { results: Hook[] }).results.map((w) => w.id), [2, 4]);
  });

  test('defaults on create: enabled true, comment null, and all_events true when omitted', async () => {
    const w = await create(BIGEVENTS, AUTH.admin, VALID);
    assert.deepEqual(w, { id: 3, enabled: true, target_url: VALID.target_url, all_events: true, limit_events: [], action_types: VALID.action_types, comment: null });
  });

  test('quirk: omitting all_events with a non-empty limit_events stores all_events true', async () => {
    const w = await create(BIGEVENTS, AUTH.admin, { ...VALID, limit_events: ['democon'] });
    assert.equal(w.all_events, true);
    assert.deepEqual(w.limit_events, ['democon']);
  });
});

describe('action_types and limit_events', () => {
  test('action_types come back sorted; duplicates given on create are kept', async () => {
    const w = await create(BIGEVENTS, AUTH.admin, {
      ...VALID,
      action_types: ['pretix.event.order.placed', 'pretix.event.order.paid', 'pretix.event.order.placed'],
    });
    assert.deepEqual(w.action_types, ['pretix.event.order.paid', 'pretix.event.order.placed', 'pretix.event.order.placed']);
    const res = await mock.call(`${BIGEVENTS}${w.id}/`, { method: 'PATCH', auth: AUTH.admin, body: { action_types: ['pretix.event.order.placed', 'pretix.event.checkin'] } });
    assert.equal(res.status, 200);
    assert.deepEqual((res.body as Hook).action_types, ['pretix.event.checkin', 'pretix.event.order.placed', 'pretix.event.order.placed']);
  });

  test('limit_events follow the organizer\'s event order, without duplicates', async () => {
    const w = await create(BIGEVENTS, AUTH.admin, { ...VALID, all_events: false, limit_events: ['sampleconf', 'democon', 'sampleconf'] });
    assert.deepEqual(w.limit_events, ['democon', 'sampleconf']);
  });

  test('plugin action types registered through the fixtures are accepted', async () => {
    const own = await TestMock.start({
      fixtures: {
        organizers: [{ slug: 'bigevents', name: 'Big Events LLC' }],
        teams: [{ id: 1, organizer: 'bigevents', name: 'Admins', permissions: ['can_change_organizer_settings'] }],
        team_tokens: [{ token: 'admin', team: 1 }],
        plugin_action_types: [{ action_type: 'pretix.plugins.banktransfer.*' }],
      },
    });
    try {
      const res = await own.call(BIGEVENTS, { method: 'POST', auth: 'Token admin', body: { ...VALID, action_types: ['pretix.plugins.banktransfer.*'] } });
      assert.equal(res.status, 201, res.text);
    } finally {
      await own.close();
    }
    const core = await mock.call(BIGEVENTS, { method: 'POST', auth: AUTH.admin, body: { ...VALID, action_types: ['pretix.plugins.banktransfer.*'] } });
    assert.deepEqual(core.body, { action_types: ['Invalid action type "pretix.plugins.banktransfer.*".'] });
  });
});

describe('PATCH checks the merged state', () => {
  const patch = (id: number, body: unknown, auth: string = AUTH.admin, org = BIGEVENTS) => mock.call(`${org}${id}/`, { method: 'PATCH', auth, body });

  test('limit_events against a stored all_events true fails', async () => {
    const res = await patch(1, { limit_events: ['acmecon'] }, AUTH.acme, ACME);
    assert.equal(res.status, 400);
    assert.deepEqual(res.body, { non_field_errors: ['You can set either limit_events or all_events.'] });
  });

  test('all_events true against stored limit_events fails', async () => {
    const res = await patch(2, { all_events: true });
    assert.equal(res.status, 400);
    assert.deepEqual(res.body, { non_field_errors: ['You can set either limit_events or all_events.'] });
  });

  test('switching to all events works when limit_events is emptied in the same request', async () => {
    const res = await patch(2, { all_events: true, limit_events: [] });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { ...WEBHOOK_2, all_events: true, limit_events: [] });
  });

  test('only given fields change', async () => {
    const res = await patch(2, { target_url: 'https://example.org/new' });
    assert.deepEqual(res.body, { ...WEBHOOK_2, target_url: 'https://example.org/new' });
    const empty = await patch(2, {});
    assert.equal(empty.status, 200);
    assert.deepEqual(empty.body, { ...WEBHOOK_2, target_url: 'https://example.org/new' });
  });

  test("the docs' PATCH example disables the webhook", async () => {
    const res = await patch(2, { enabled: false });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { ...WEBHOOK_2, enabled: false });
  });
});

describe('PUT', () => {
  test('requires target_url, limit_events and action_types', async () => {
    const res = await mock.call(`${BIGEVENTS}2/`, { method: 'PUT', auth: AUTH.admin, body: { enabled: false } });
    assert.equal(res.status, 400);
    assert.deepEqual(res.body, {
      target_url: ['This field is required.'], limit_events: ['This field is required.'], action_types: ['This field is required.'],
    });
  });

  test('leaves omitted optional fields unchanged (the docs say they are reset)', async () => {
    await mock.call(`${BIGEVENTS}2/`, { method: 'PATCH', auth: AUTH.admin, body: { enabled: false, comment: 'keep me' } });
    const res = await mock.call(`${BIGEVENTS}2/`, {
      method: 'PUT', auth: AUTH.admin,
      body: { target_url: 'https://example.org/put', limit_events: ['sampleconf'], action_types: ['pretix.event.order.paid'] },
    });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, {
      id: 2, enabled: false, target_url: 'https://example.org/put', all_events: false,
      limit_events: ['sampleconf'], action_types: ['pretix.event.order.paid'], comment: 'keep me',
    });
  });
});

describe('DELETE only disables', () => {
  test('204 without a body, again on repeat, and the webhook stays listed as disabled', async () => {
    for (let i = 0; i < 2; i++) {
      const res = await mock.call(`${BIGEVENTS}2/`, { method: 'DELETE', auth: AUTH.admin });
      assert.equal(res.status, 204);
      assert.equal(res.text, '');
      assert.equal(res.headers.get('content-type'), null);
    }
    const detail = await mock.call(`${BIGEVENTS}2/`, { auth: AUTH.admin });
    assert.deepEqual(detail.body, { ...WEBHOOK_2, enabled: false });
    const list = await mock.call(BIGEVENTS, { auth: AUTH.admin });
    assert.deepEqual(list.body, { count: 1, next: null, previous: null, results: [{ ...WEBHOOK_2, enabled: false }] });
  });
});

describe('404 for ids that are not this organizer\'s', () => {
  const cases: Array<[string, string, string, object]> = [
    ['unknown id', 'GET', `${BIGEVENTS}999/`, { detail: 'No WebHook matches the given query.' }],
    ["another organizer's id", 'GET', `${BIGEVENTS}1/`, { detail: 'No WebHook matches the given query.' }],
    ["another organizer's id, DELETE", 'DELETE', `${BIGEVENTS}1/`, { detail: 'No WebHook matches the given query.' }],
    ['non-numeric id', 'GET', `${BIGEVENTS}abc/`, { detail: 'Not found.' }],
    ['non-numeric id, PATCH', 'PATCH', `${BIGEVENTS}abc/`, { detail: 'Not found.' }],
    ['negative id', 'GET', `${BIGEVENTS}-2/`, { detail: 'No WebHook matches the given query.' }],
    ['huge id', 'GET', `${BIGEVENTS}99999999999999999999999/`, { detail: 'No WebHook matches the given query.' }],
  ];
  for (const [name, method, path, body] of cases) {
    test(name, async () => {
      const res = await mock.call(path, { method, auth: AUTH.admin, body: method === 'PATCH' ? {} : undefined });
      assert.equal(res.status, 404);
      assert.deepEqual(res.body, body);
    });
  }

  test('ids are parsed like Python int(): leading zeros and padding find the webhook', async () => {
    for (const id of ['02', '%202', '+2']) {
      const res = await mock.call(`${BIGEVENTS}${id}/`, { auth: AUTH.admin });
      assert.equal(res.status, 200, id);
      assert.deepEqual(res.body, WEBHOOK_2);
    }
  });
});
