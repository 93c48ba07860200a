import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { JournalEntry } from '../src/control/types.js';
import { ACME, AUTH, BIGEVENTS, DOCS_BODY, TestMock } from './helpers/mock.js';

type Entry = JournalEntry;
interface Page {
  count: number;
  capacity: number;
  evicted: number;
  results: Entry[];
}

const journal = async (mock: TestMock, query = ''): Promise<Page> => {
  const res = await mock.call(`/__admin/requests${query}`);
  assert.equal(res.status, 200, res.text);
  return res.body as Page;
};
const count = async (mock: TestMock, matcher: object): Promise<number> => {
  const res = await mock.call('/__admin/requests/count', { method: 'POST', body: matcher });
  assert.equal(res.status, 200, res.text);
  return (res.body as { count: number }).count;
};

describe('request journal', () => {
  let mock: TestMock;
  before(async () => {
    mock = await TestMock.start();
  });
  after(() => mock.close());

  test('the warm-up requests are not recorded', async () => {
    assert.deepEqual(await journal(mock), { count: 0, capacity: 1000, evicted: 0, results: [] });
  });

  test('an entry records every listed field, with the Authorization value redacted', async () => {
    await mock.call('/__admin/requests', { method: 'DELETE' });
    const before = Date.now();
    const res = await mock.call(`${BIGEVENTS}?x=1`, {
      method: 'POST', auth: AUTH.admin, body: DOCS_BODY, headers: { 'x-idempotency-key': 'journal-1', 'user-agent': 'journal-test' },
    });
    const { results } = await journal(mock);
    assert.equal(results.length, 1);
    const { time, durationMs, headers, ...entry } = results[0]!;
    assert.ok(Date.parse(time) >= before - 1000 && Date.parse(time) <= Date.now());
    assert.equal(typeof durationMs, 'number');
    assert.ok(durationMs >= 0 && durationMs < 5000);
    assert.equal(headers.authorization, 'Token sand…');
    assert.equal(headers['content-type'], 'application/json');
    assert.equal(headers['x-idempotency-key'], 'journal-1');
    assert.equal(headers['user-agent'], 'journal-test');
    assert.deepEqual(entry, {
      id: entry.id,
      sandbox: 'shared',
      method: 'POST',
      path: BIGEVENTS,
      query: 'x=1',
      body: DOCS_BODY,
      bodyTruncated: false,
      status: 201,
      responseBody: res.body,
      responseBodyTruncated: false,
      operationId: 'createWebhook',
      validationProblems: [],
      fault: null,
    });
    await mock.call('/__admin/reset', { method: 'POST' });
  });

  const redactions: Array<[string, string]> = [
    [AUTH.admin, 'Token sand…'],
    [AUTH.device, 'Device sand…'],
    [AUTH.oauth, 'Bearer sand…'],
    ['Token abcdef', 'Token abc…'],
    ['Token ab', 'Token a…'],
    ['Token x', 'Token …'],
    ['justonetoken', 'just…'],
    ['Token a b c', 'Token a…'],
  ];
  for (const [sent, kept] of redactions) {
    test(`Authorization ${JSON.stringify(sent)} is kept as ${JSON.stringify(kept)}`, async () => {
      await mock.call('/__admin/requests', { method: 'DELETE' });
      await mock.call(BIGEVENTS, { auth: sent, headers: { cookie: 'pretix_session=abcdefgh; other=1' } });
      const text = (await mock.call('/__admin/requests')).text;
      const [entry] = (JSON.parse(text) as Page).results;
      assert.equal(entry!.headers.authorization, kept);
      assert.equal(entry!.headers.cookie, 'pretix_session=abcd…; other=…');
      const secret = sent.split(' ').slice(1).join(' ');
      if (secret.length > 4) assert.equal(text.includes(secret), false);
    });
  }

  test('filters: method, exact path, path pattern, operationId, status, sandbox', async () => {
    await mock.call('/__admin/requests', { method: 'DELETE' });
    const sandbox = await mock.server.sandbox();
    await mock.call(BIGEVENTS, { auth: AUTH.admin });
    await mock.call(ACME, { auth: AUTH.acme });
    await mock.call(`${BIGEVENTS}2/`, { auth: AUTH.admin });
    await mock.call(`${BIGEVENTS}2/`, { method: 'PATCH', auth: AUTH.readonly, body: { enabled: false } });
    await mock.call(BIGEVENTS, { auth: sandbox.tokens['sandbox-bigevents-admin'] });
    const ids = async (query: string) => (await journal(mock, query)).results.map((e) => `${e.method} ${e.path} ${e.status} ${e.sandbox === 'shared' ? 'shared' : 'sbx'}`);
    assert.deepEqual(await ids('?method=PATCH'), [`PATCH ${BIGEVENTS}2/ 403 shared`]);
    assert.deepEqual(await ids('?method=patch'), [`PATCH ${BIGEVENTS}2/ 403 shared`]);
    assert.deepEqual(await ids(`?path=${encodeURIComponent(ACME)}`), [`GET ${ACME} 200 shared`]);
    assert.deepEqual(await ids(`?path=${encodeURIComponent('/api/v1/organizers/*/webhooks/')}`), [
      `GET ${BIGEVENTS} 200 shared`, `GET ${ACME} 200 shared`, `GET ${BIGEVENTS} 200 sbx`,
    ]);
    assert.deepEqual(await ids(`?path=${encodeURIComponent('/api/**/2/')}`), [`GET ${BIGEVENTS}2/ 200 shared`, `PATCH ${BIGEVENTS}2/ 403 shared`]);
    assert.deepEqual(await ids('?operationId=getWebhook'), [`GET ${BIGEVENTS}2/ 200 shared`]);
    assert.deepEqual(await ids('?status=403'), [`PATCH ${BIGEVENTS}2/ 403 shared`]);
    assert.deepEqual(await ids(`?sandbox=${sandbox.id}`), [`GET ${BIGEVENTS} 200 sbx`]);
    assert.deepEqual(await ids('?sandbox=shared&method=GET&status=200&operationId=listWebhooks'), [`GET ${BIGEVENTS} 200 shared`, `GET ${ACME} 200 shared`]);
    const bad = await mock.call('/__admin/requests?status=abc');
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body, {
      detail: 'The request does not match the OpenAPI document of the control plane.',
      errors: [{ path: '/query/status', message: 'must be integer' }],
    });
    await sandbox.close();
  });

  test('count: "PATCH with enabled=false exactly once", by partial body', async () => {
    await mock.call('/__admin/requests', { method: 'DELETE' });
    const detail = `${BIGEVENTS}2/`;
    await mock.call(detail, { method: 'PATCH', auth: AUTH.admin, body: { enabled: false, comment: 'off' } });
    await mock.call(detail, { method: 'PATCH', auth: AUTH.admin, body: { enabled: true } });
    await mock.call(detail, { method: 'PUT', auth: AUTH.admin, body: { ...DOCS_BODY, enabled: false } });
    assert.equal(await count(mock, { method: 'PATCH', path: detail, body: { enabled: false } }), 1);
    assert.equal(await count(mock, { method: 'PATCH' }), 2);
    assert.equal(await count(mock, { body: { enabled: false } }), 2);
    assert.equal(await count(mock, { body: { limit_events: ['democon'] } }), 1);
    assert.equal(await count(mock, { body: { limit_events: [] } }), 0);
    assert.equal(await count(mock, { status: 200, operationId: 'updateWebhook' }), 2);
    assert.equal(await count(mock, { headers: { 'Content-Type': 'application/json' } }), 3);
    assert.equal(await count(mock, { headers: { 'x-idempotency-key': '*' } }), 0);
    assert.equal(await count(mock, {}), 3);
    const res = await mock.call('/__admin/requests/count', { method: 'POST', body: { method: 'PATCH' } });
    assert.deepEqual(res.body, { count: 2, evicted: 0 });
    const bad = await mock.call('/__admin/requests/count', { method: 'POST', body: { verb: 'PATCH' } });
    assert.equal(bad.status, 400);
    assert.deepEqual((bad.body as { errors: unknown }).errors, [{ path: '/body/verb', message: 'must NOT have additional properties' }]);
    await mock.call('/__admin/reset', { method: 'POST' });
  });

  test('DELETE /__admin/requests clears everything, or one sandbox', async () => {
    const sandbox = await mock.server.sandbox();
    await mock.call(BIGEVENTS, { auth: AUTH.admin });
    await mock.call(BIGEVENTS, { auth: sandbox.tokens['sandbox-bigevents-admin'] });
    const one = await mock.call(`/__admin/requests?sandbox=${sandbox.id}`, { method: 'DELETE' });
    assert.equal(one.status, 204);
    assert.equal(await count(mock, { sandbox: sandbox.id }), 0);
    assert.ok((await count(mock, { sandbox: 'shared' })) > 0);
    assert.equal((await mock.call('/__admin/requests', { method: 'DELETE' })).status, 204);
    assert.equal(await count(mock, {}), 0);
    await sandbox.close();
  });

  test('control-plane requests are not recorded', async () => {
    await mock.call('/__admin/requests', { method: 'DELETE' });
    await mock.call('/__admin/state');
    await mock.call('/__admin/coverage');
    assert.equal(await count(mock, {}), 0);
  });

  test('validation problems, 404 pages and redirects are recorded too', async () => {
    await mock.call('/__admin/requests', { method: 'DELETE' });
    await mock.call(BIGEVENTS, { method: 'POST', auth: AUTH.admin, body: { ...DOCS_BODY, target_url: 7 } });
    await mock.call('/api/v1/organizers/bigevents/webhooks', { auth: AUTH.admin });
    await mock.call('/api/v1/organizers/bigevents/webhook/2/', { auth: AUTH.admin });
    const [invalid, redirect, notFound] = (await journal(mock)).results;
    assert.equal(invalid!.status, 400);
    assert.deepEqual(invalid!.validationProblems.map((p) => p.path), ['/body/target_url']);
    assert.deepEqual([redirect!.status, redirect!.operationId, redirect!.responseBody], [301, null, null]);
    assert.equal(notFound!.status, 404);
    assert.equal(typeof notFound!.responseBody, 'string');
  });

  test('bodies over 64 KiB are kept cut and marked truncated', async () => {
    await mock.call('/__admin/requests', { method: 'DELETE' });
    const comment = 'x'.repeat(70 * 1024);
    await mock.call(BIGEVENTS, { method: 'POST', auth: AUTH.admin, body: { ...DOCS_BODY, comment } });
    const [entry] = (await journal(mock)).results;
    assert.equal(entry!.bodyTruncated, true);
    assert.equal(typeof entry!.body, 'string');
    assert.equal((entry!.body as string).length, 64 * 1024);
    assert.equal(entry!.status, 400);
    assert.equal(entry!.responseBodyTruncated, false);
  });
});

describe('journal bounds', () => {
  test('the ring keeps the last --journal-size requests and counts the evicted ones', async () => {
    const mock = await TestMock.start({ journalSize: 3 });
    try {
      for (let page = 1; page <= 5; page++) await mock.call(`${BIGEVENTS}?page=${page}`, { auth: AUTH.admin });
      const page = await journal(mock);
      assert.deepEqual([page.count, page.capacity, page.evicted], [3, 3, 2]);
      assert.deepEqual(page.results.map((e) => e.query), ['page=3', 'page=4', 'page=5']);
      assert.deepEqual(page.results.map((e) => e.id), [3, 4, 5]);
      assert.deepEqual((await mock.call('/__admin/requests/count', { method: 'POST', body: {} })).body, { count: 3, evicted: 2 });
      await mock.call('/__admin/requests', { method: 'DELETE' });
      assert.deepEqual(await journal(mock), { count: 0, capacity: 3, evicted: 0, results: [] });
    } finally {
      await mock.close();
    }
  });

  test('--journal-size 0 turns the journal off; queries say so with 409', async () => {
    const mock = await TestMock.start({ journalSize: 0 });
    try {
      await mock.call(BIGEVENTS, { auth: AUTH.admin });
      const off = { detail: 'The request journal is off (--journal-size 0), so there is nothing to query.' };
      const list = await mock.call('/__admin/requests');
      assert.deepEqual([list.status, list.body], [409, off]);
      const counted = await mock.call('/__admin/requests/count', { method: 'POST', body: {} });
      assert.deepEqual([counted.status, counted.body], [409, off]);
      assert.equal((await mock.call('/__admin/requests', { method: 'DELETE' })).status, 204);
    } finally {
      await mock.close();
    }
  });
});
