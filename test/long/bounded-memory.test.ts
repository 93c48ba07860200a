import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TestMock } from '../helpers/mock.js';

let mock: TestMock;
before(async () => {
  mock = await TestMock.start();
});
after(() => mock.close());

const rssMb = () => process.memoryUsage().rss / 1e6;

/** Sends `n` requests, `batch` at a time, built by `make(i)`. */
async function send(n: number, make: (i: number) => [string, RequestInit]): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < n; i += 50) {
    const batch = Array.from({ length: Math.min(50, n - i) }, async (_, j) => {
      const [path, init] = make(i + j);
      const res = await fetch(mock.url + path, { ...init, signal: AbortSignal.timeout(10_000) });
      await res.arrayBuffer();
      return res.status;
    });
    statuses.push(...(await Promise.all(batch)));
  }
  return statuses;
}

// Found while hardening: express-openapi-validator compiled and cached validators per Content-Type
// header, parameters included, so each new `application/json; x=<n>` cost about 0.28 MB and 17 ms.
test('control-plane requests with 1,000 distinct Content-Types do not grow memory', async () => {
  const path = (i: number) => (i % 2 ? '/__admin/sandboxes' : '/__admin/requests/count');
  const init = (i: number, type: string): RequestInit => (i % 2 ? { headers: { 'content-type': type } } : { method: 'POST', headers: { 'content-type': type }, body: '{}' });
  await send(200, (i) => [path(i), init(i, 'application/json')]);
  const before = rssMb();
  const started = performance.now();
  const statuses = await send(1000, (i) => [path(i), init(i, i % 4 < 2 ? `application/json; x=${i}` : `text/x-${i}`)]);
  const ms = performance.now() - started;
  const grown = rssMb() - before;
  assert.deepEqual(new Set(statuses), new Set([200, 415]));
  // Before the fix: about +270 MB and 17 s. Both bounds leave room for a busy machine.
  assert.ok(grown < 100, `RSS grew by ${grown.toFixed(0)} MB`);
  assert.ok(ms < 8000, `1,000 requests took ${ms.toFixed(0)} ms`);
});

test('the 415 of the control plane still names the media type the client sent', async () => {
  const res = await mock.call('/__admin/state', { method: 'PUT', body: 'x', headers: { 'content-type': 'Text/Plain; charset=utf-8' } });
  assert.deepEqual([res.status, res.body], [415, { detail: 'unsupported media type text/plain' }]);
  const none = await mock.call('/__admin/sandboxes', { method: 'POST', headers: { 'content-type': '' } });
  assert.equal(none.status, 201);
});

test('the idempotency store is bounded by the bytes of its stored answers too', async () => {
  const small = await TestMock.start({ idempotency: { maxKeys: 1000, ttlMs: 86_400_000, maxBytes: 3000 } });
  try {
    const create = (key: string) => small.call('/api/v1/organizers/bigevents/webhooks/', {
      method: 'POST', auth: 'Token sandbox-bigevents-admin', headers: { 'x-idempotency-key': key },
      body: { target_url: 'https://example.com/hook', limit_events: [], action_types: ['pretix.event.order.placed'], comment: 'x'.repeat(200) },
    });
    const first = new Map<string, string>();
    for (const key of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']) first.set(key, (await create(key)).text);
    assert.equal((await create('h')).text, first.get('h'), 'the newest answer is still replayed');
    assert.notEqual((await create('a')).text, first.get('a'), 'the oldest answer was forgotten, so the key ran again');
  } finally {
    await small.close();
  }
});
