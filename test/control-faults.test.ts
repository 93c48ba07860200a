import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { AUTH, BIGEVENTS, DOCS_BODY, TestMock, WEBHOOK_2 } from './helpers/mock.js';

const LIST_200 = { count: 1, next: null, previous: null, results: [WEBHOOK_2] };

const addFault = async (mock: TestMock, rule: object) => {
  const res = await mock.call('/__admin/faults', { method: 'POST', body: rule });
  assert.equal(res.status, 201, res.text);
  return res.body as { id: number };
};

/** A raw fetch, so that a test can see exactly how a request fails. */
const raw = (mock: TestMock, path: string, init: RequestInit = {}) =>
  fetch(mock.url + path, { signal: AbortSignal.timeout(10_000), ...init, headers: { authorization: AUTH.admin, ...init.headers } });

describe('faults', () => {
  let mock: TestMock;
  before(async () => {
    mock = await TestMock.start();
  });
  afterEach(async () => {
    await mock.call('/__admin/faults', { method: 'DELETE' });
    await mock.call('/__admin/reset', { method: 'POST' });
  });
  after(() => mock.close());

  test('respond: 503 with a JSON body, once; the next request is answered normally', async () => {
    await addFault(mock, { times: 1, effect: { type: 'respond', status: 503, body: { detail: 'Maintenance' } } });
    const faulted = await mock.call(BIGEVENTS, { auth: AUTH.admin });
    assert.equal(faulted.status, 503);
    assert.equal(faulted.headers.get('content-type'), 'application/json');
    assert.deepEqual(faulted.body, { detail: 'Maintenance' });
    const next = await mock.call(BIGEVENTS, { auth: AUTH.admin });
    assert.deepEqual([next.status, next.body], [200, LIST_200]);
  });

  test("respond: pretix.eu's 429 with Retry-After; a text body is sent as text", async () => {
    await addFault(mock, { times: 1, effect: { type: 'respond', status: 429, headers: { 'Retry-After': '7' }, body: 'Slow down' } });
    const res = await mock.call(BIGEVENTS, { auth: AUTH.admin });
    assert.equal(res.status, 429);
    assert.equal(res.headers.get('retry-after'), '7');
    assert.equal(res.headers.get('content-type'), 'text/plain; charset=utf-8');
    assert.equal(res.text, 'Slow down');
  });

  test('a faulted answer is not stored under its idempotency key: the retry runs', async () => {
    await addFault(mock, { times: 1, match: { method: 'POST' }, effect: { type: 'respond', status: 503 } });
    const headers = { 'x-idempotency-key': 'fault-retry' };
    assert.equal((await mock.call(BIGEVENTS, { method: 'POST', auth: AUTH.admin, body: DOCS_BODY, headers })).status, 503);
    const retry = await mock.call(BIGEVENTS, { method: 'POST', auth: AUTH.admin, body: DOCS_BODY, headers });
    assert.equal(retry.status, 201);
    assert.equal((retry.body as { id: number }).id, 3);
  });

  test('delay: the answer comes after the delay, unchanged', async () => {
    await addFault(mock, { times: 1, effect: { type: 'delay', ms: 300 } });
    const started = performance.now();
    const res = await mock.call(BIGEVENTS, { auth: AUTH.admin });
    assert.ok(performance.now() - started >= 290);
    assert.deepEqual([res.status, res.body], [200, LIST_200]);
  });

  test('drop: the connection closes without an answer and the request has no effect', async () => {
    await addFault(mock, { times: 1, match: { method: 'POST' }, effect: { type: 'drop' } });
    await assert.rejects(
      raw(mock, BIGEVENTS, { method: 'POST', body: JSON.stringify(DOCS_BODY), headers: { 'content-type': 'application/json' } }),
      (err: Error) => err.name === 'TypeError' && err.message === 'fetch failed',
    );
    assert.deepEqual((await mock.call(BIGEVENTS, { auth: AUTH.admin })).body, LIST_200);
    const [entry] = ((await mock.call('/__admin/requests?method=POST')).body as { results: Array<{ status: unknown; fault: unknown }> }).results.slice(-1);
    assert.deepEqual([entry!.status, entry!.fault], [null, { id: (entry!.fault as { id: number }).id, type: 'drop' }]);
  });

  test('drop afterHandling: the webhook is created, and the retry with the same key gets the stored 201', async () => {
    await addFault(mock, { times: 1, match: { method: 'POST' }, effect: { type: 'drop', afterHandling: true } });
    const init = { method: 'POST', body: JSON.stringify(DOCS_BODY), headers: { 'content-type': 'application/json', 'x-idempotency-key': 'lost-answer' } };
    await assert.rejects(raw(mock, BIGEVENTS, init), (err: Error) => err.message === 'fetch failed');
    const retry = await raw(mock, BIGEVENTS, init);
    assert.equal(retry.status, 201);
    assert.equal(((await retry.json()) as { id: number }).id, 3);
    assert.equal(((await mock.call(BIGEVENTS, { auth: AUTH.admin })).body as { count: number }).count, 2);
  });

  test('truncate: the headers arrive, the body stops half-way', async () => {
    await addFault(mock, { times: 1, effect: { type: 'truncate' } });
    const res = await raw(mock, BIGEVENTS);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-length'), String(JSON.stringify(LIST_200).length));
    await assert.rejects(res.text(), (err: Error) => err.name === 'TypeError' && err.message === 'terminated');
  });

  test('malformed: the real status with a body that is not JSON', async () => {
    await addFault(mock, { times: 1, effect: { type: 'malformed' } });
    const res = await raw(mock, BIGEVENTS);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/json');
    const text = await res.text();
    const full = JSON.stringify(LIST_200);
    assert.equal(text, full.slice(0, Math.floor(full.length / 2)));
    assert.throws(() => JSON.parse(text), SyntaxError);
  });

  test('hang: held until the client gives up', async () => {
    await addFault(mock, { times: 1, effect: { type: 'hang' } });
    const started = performance.now();
    await assert.rejects(raw(mock, BIGEVENTS, { signal: AbortSignal.timeout(300) }), (err: Error) => err.name === 'TimeoutError');
    assert.ok(performance.now() - started < 2000);
    assert.deepEqual((await mock.call(BIGEVENTS, { auth: AUTH.admin })).body, LIST_200);
  });

  test('hang: held at most ms, then the connection closes', async () => {
    await addFault(mock, { times: 1, effect: { type: 'hang', ms: 300 } });
    const started = performance.now();
    await assert.rejects(raw(mock, BIGEVENTS), (err: Error) => err.message === 'fetch failed');
    const took = performance.now() - started;
    assert.ok(took >= 290 && took < 3000, `took ${took} ms`);
  });

  test('times: N applies N times, then the rule shows remaining 0 and its hits', async () => {
    const rule = await addFault(mock, { times: 2, effect: { type: 'respond', status: 500 } });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await mock.call(BIGEVENTS, { auth: AUTH.admin })).status);
    assert.deepEqual(statuses, [500, 500, 200]);
    const list = await mock.call('/__admin/faults');
    assert.deepEqual(list.body, {
      count: 1,
      results: [{
        id: rule.id, match: {}, times: 2, remaining: 0, hits: 2, effect: { type: 'respond', status: 500 },
        createdAt: (list.body as { results: Array<{ createdAt: string }> }).results[0]!.createdAt,
      }],
    });
  });

  test('without times a rule applies until cleared', async () => {
    await addFault(mock, { effect: { type: 'respond', status: 502 } });
    for (let i = 0; i < 3; i++) assert.equal((await mock.call(BIGEVENTS, { auth: AUTH.admin })).status, 502);
    assert.equal((await mock.call('/__admin/faults', { method: 'DELETE' })).status, 204);
    assert.deepEqual((await mock.call('/__admin/faults')).body, { count: 0, results: [] });
    assert.equal((await mock.call(BIGEVENTS, { auth: AUTH.admin })).status, 200);
  });

  const matchers: Array<[string, object, { hit: [string, object]; miss: [string, object] }]> = [
    ['method', { method: 'get' }, { hit: [BIGEVENTS, {}], miss: [BIGEVENTS, { method: 'OPTIONS' }] }],
    ['path pattern', { path: '/api/v1/organizers/*/webhooks/*/' }, { hit: [`${BIGEVENTS}2/`, {}], miss: [BIGEVENTS, {}] }],
    ['exact path', { path: `${BIGEVENTS}2/` }, { hit: [`${BIGEVENTS}2/`, {}], miss: [`${BIGEVENTS}3/`, {}] }],
    ['operationId', { operationId: 'getWebhook' }, { hit: [`${BIGEVENTS}2/`, {}], miss: [BIGEVENTS, {}] }],
    ['header value', { headers: { 'X-Client': 'a' } }, { hit: [BIGEVENTS, { headers: { 'x-client': 'a' } }], miss: [BIGEVENTS, { headers: { 'x-client': 'b' } }] }],
    ['header presence', { headers: { 'x-client': '*' } }, { hit: [BIGEVENTS, { headers: { 'x-client': 'b' } }], miss: [BIGEVENTS, {}] }],
    ['sandbox', { sandbox: 'shared' }, { hit: [BIGEVENTS, {}], miss: [BIGEVENTS, { sandboxed: true }] }],
  ];
  for (const [name, match, { hit, miss }] of matchers) {
    test(`a rule matches by ${name}`, async () => {
      const sandbox = await mock.server.sandbox();
      await addFault(mock, { match, effect: { type: 'respond', status: 418 } });
      const send = ([path, opts]: [string, { method?: string; headers?: Record<string, string>; sandboxed?: boolean }]) =>
        mock.call(path, { method: opts.method, headers: opts.headers, auth: opts.sandboxed ? sandbox.tokens['sandbox-bigevents-admin'] : AUTH.admin });
      assert.equal((await send(hit as never)).status, 418);
      assert.notEqual((await send(miss as never)).status, 418);
      await sandbox.close();
    });
  }

  test('faults never apply to the control plane', async () => {
    await addFault(mock, { effect: { type: 'respond', status: 503 } });
    await addFault(mock, { match: { path: '/__admin/**' }, effect: { type: 'drop' } });
    const list = await mock.call('/__admin/faults');
    assert.equal(list.status, 200);
    assert.equal((list.body as { count: number }).count, 2);
    assert.equal((await mock.call('/__admin/state')).status, 200);
  });

  const invalid: Array<[string, object, Array<{ path: string; message: string }>]> = [
    ['respond without status', { effect: { type: 'respond' } }, [{ path: '/body/effect/status', message: 'is required for a respond effect' }]],
    ['delay without ms', { effect: { type: 'delay' } }, [{ path: '/body/effect/ms', message: 'is required for a delay effect' }]],
    ['ms on a drop', { effect: { type: 'drop', ms: 3 } }, [{ path: '/body/effect/ms', message: 'does not apply to a drop effect' }]],
    ['a header that cannot be sent', { effect: { type: 'respond', status: 503, headers: { 'Bad Header': 'x' } } }, [
      { path: '/body/effect/headers/Bad Header', message: 'Header name must be a valid HTTP token ["Bad Header"]' },
    ]],
  ];
  for (const [name, rule, errors] of invalid) {
    test(`POST /__admin/faults refuses ${name}`, async () => {
      const res = await mock.call('/__admin/faults', { method: 'POST', body: rule });
      assert.deepEqual([res.status, res.body], [400, { detail: 'The fault rule is not valid.', errors }]);
    });
  }

  test('POST /__admin/faults refuses what the spec refuses', async () => {
    const res = await mock.call('/__admin/faults', { method: 'POST', body: { times: 0, effect: { type: 'explode' } } });
    assert.equal(res.status, 400);
    assert.deepEqual((res.body as { errors: unknown }).errors, [
      { path: '/body/times', message: 'must be >= 1' },
      { path: '/body/effect/type', message: 'must be equal to one of the allowed values: respond, delay, drop, truncate, malformed, hang' },
    ]);
  });
});

describe('latency and stopping', () => {
  test('--latency delays every pretix API answer, within its range, and not the control plane', async () => {
    const mock = await TestMock.start({ latency: '150-250' });
    try {
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        assert.equal((await mock.call(BIGEVENTS, { auth: AUTH.admin })).status, 200);
        const took = performance.now() - started;
        assert.ok(took >= 145, `took ${took} ms`); // no upper bound: a loaded machine adds its own delay
      }
    } finally {
      await mock.close();
    }
    // Not the control plane: with a long latency, a control-plane call is answered while an API
    // request is still held (an ordering, not a duration, so a loaded machine cannot break it).
    const slow = await TestMock.start({ latency: 5000 });
    try {
      let apiDone = false;
      const api = slow.call(BIGEVENTS, { auth: AUTH.admin }).then((res) => ((apiDone = true), res.status));
      assert.equal((await slow.call('/__admin/state')).status, 200);
      assert.equal(apiDone, false, 'the control-plane call was answered before the held API request');
      assert.equal(await api, 200);
    } finally {
      await slow.close();
    }
  });

  test('close() ends hung requests at once', async () => {
    const mock = await TestMock.start();
    await mock.call('/__admin/faults', { method: 'POST', body: { effect: { type: 'hang', ms: 600000 } } });
    const hung = raw(mock, BIGEVENTS).catch((err: Error) => err);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = performance.now();
    await mock.close();
    // Well below the 5 s grace that requests in flight get: the hung one is not waited for.
    const took = performance.now() - started;
    assert.ok(took < 4000, `close() took ${Math.round(took)} ms`);
    assert.equal(((await hung) as Error).message, 'fetch failed');
  });
});
