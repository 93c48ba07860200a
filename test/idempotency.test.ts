import assert from 'node:assert/strict';
import { request } from 'node:http';
import { afterEach, beforeEach, test } from 'node:test';
import { AUTH, BIGEVENTS, TestMock } from './helpers/mock.js';

let mock: TestMock;
beforeEach(async () => {
  mock = await TestMock.start();
});
afterEach(() => mock.close());

const VALID = { target_url: 'https://example.com/hook', limit_events: [], action_types: ['pretix.event.order.placed'] };
const keyed = (key: string, auth: string | undefined = AUTH.admin) => ({ auth, headers: { 'x-idempotency-key': key } });
const count = async () => ((await mock.call(BIGEVENTS, { auth: AUTH.admin })).body as { count: number }).count;

test('a repeated key replays the stored status, body and headers', async () => {
  const first = await mock.call(BIGEVENTS, { method: 'POST', body: VALID, ...keyed('k1') });
  const again = await mock.call(BIGEVENTS, { method: 'POST', body: VALID, ...keyed('k1') });
  assert.equal(first.status, 201);
  assert.equal(again.status, 201);
  assert.equal(again.text, first.text);
  for (const h of ['content-type', 'vary', 'allow', 'content-language', 'content-length']) {
    assert.equal(again.headers.get(h), first.headers.get(h), h);
  }
  assert.equal(await count(), 2);
});

test('the same key with other credentials is a new request', async () => {
  const first = await mock.call(BIGEVENTS, { method: 'POST', body: VALID, ...keyed('k2', AUTH.admin) });
  const other = await mock.call(BIGEVENTS, { method: 'POST', body: VALID, ...keyed('k2', AUTH.oauth) });
  assert.equal(first.status, 201);
  assert.equal(other.status, 201);
  assert.notEqual((first.body as { id: number }).id, (other.body as { id: number }).id);
  assert.equal(await count(), 3);
});

test('method, path and body are not compared', async () => {
  const first = await mock.call(BIGEVENTS, { method: 'POST', body: VALID, ...keyed('k3') });
  const patch = await mock.call(`${BIGEVENTS}2/`, { method: 'PATCH', body: { enabled: false }, ...keyed('k3') });
  const elsewhere = await mock.call('/api/v1/organizers/nope/webhooks/1/', { method: 'DELETE', ...keyed('k3') });
  assert.equal(patch.status, 201);
  assert.equal(patch.text, first.text);
  assert.equal(elsewhere.text, first.text);
  const hook2 = await mock.call(`${BIGEVENTS}2/`, { auth: AUTH.admin });
  assert.equal((hook2.body as { enabled: boolean }).enabled, true);
});

test('4xx answers are stored too: a key that got 400 keeps getting it', async () => {
  const bad = await mock.call(BIGEVENTS, { method: 'POST', body: {}, ...keyed('k4') });
  const good = await mock.call(BIGEVENTS, { method: 'POST', body: VALID, ...keyed('k4') });
  assert.equal(bad.status, 400);
  assert.equal(good.status, 400);
  assert.equal(good.text, bad.text);
  assert.equal(await count(), 1);
});

test("quirk: a slash-less POST's HTML 404 is stored and replayed for the key", async () => {
  const miss = await mock.call(BIGEVENTS.slice(0, -1), { method: 'POST', body: VALID, ...keyed('k5') });
  const hit = await mock.call(BIGEVENTS, { method: 'POST', body: VALID, ...keyed('k5') });
  assert.equal(miss.status, 404);
  assert.equal(hit.status, 404);
  assert.equal(hit.headers.get('content-type'), 'text/html; charset=utf-8');
  assert.equal(hit.text, miss.text);
});

test('GET requests and empty keys are not idempotent', async () => {
  const get = await mock.call(BIGEVENTS, { ...keyed('k6') });
  const post = await mock.call(BIGEVENTS, { method: 'POST', body: VALID, ...keyed('k6') });
  assert.equal(get.status, 200);
  assert.equal(post.status, 201);
  const a = await mock.call(BIGEVENTS, { method: 'POST', body: VALID, ...keyed('') });
  const b = await mock.call(BIGEVENTS, { method: 'POST', body: VALID, ...keyed('') });
  assert.notEqual((a.body as { id: number }).id, (b.body as { id: number }).id);
});

test('a duplicate that arrives while the first runs gets 409 with Retry-After: 5; the answer is then replayed', async () => {
  const url = new URL(mock.url + BIGEVENTS);
  const body = JSON.stringify(VALID);
  // The first request asks for 100-continue: once the server has answered "continue" it has taken
  // the lock, and the body is held back until the duplicate has been answered.
  let continued!: () => void;
  const started = new Promise<void>((resolve) => (continued = resolve));
  let send!: () => void;
  const first = new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = request(
      {
        method: 'POST', host: url.hostname, port: url.port, path: url.pathname,
        headers: {
          authorization: AUTH.admin, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body),
          'x-idempotency-key': 'k7', expect: '100-continue',
        },
      },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode!, text }));
      },
    );
    req.on('error', reject);
    req.on('continue', continued);
    send = () => req.end(body);
    req.flushHeaders();
  });
  await started;
  const conflict = await mock.call(BIGEVENTS, { method: 'POST', body: VALID, ...keyed('k7') });
  assert.equal(conflict.status, 409);
  assert.deepEqual(conflict.body, { detail: 'Concurrent request with idempotency key.' });
  assert.equal(conflict.headers.get('retry-after'), '5');
  send();
  const done = await first;
  assert.equal(done.status, 201);
  const replay = await mock.call(BIGEVENTS, { method: 'POST', body: VALID, ...keyed('k7') });
  assert.equal(replay.status, 201);
  assert.equal(replay.text, done.text);
  assert.equal(await count(), 2);
});

test('the key store is bounded: the oldest keys are forgotten first', async () => {
  const small = await TestMock.start({ idempotency: { maxKeys: 2, ttlMs: 86_400_000 } });
  try {
    const ids: Record<string, number> = {};
    for (const key of ['a', 'b', 'c']) {
      const res = await small.call(BIGEVENTS, { method: 'POST', body: VALID, ...keyed(key) });
      ids[key] = (res.body as { id: number }).id;
    }
    const c = await small.call(BIGEVENTS, { method: 'POST', body: VALID, ...keyed('c') });
    const a = await small.call(BIGEVENTS, { method: 'POST', body: VALID, ...keyed('a') });
    assert.equal((c.body as { id: number }).id, ids.c, 'c is still remembered');
    assert.notEqual((a.body as { id: number }).id, ids.a, 'a was forgotten and ran again');
  } finally {
    await small.close();
  }
});

test('keys expire', async () => {
  const short = await TestMock.start({ idempotency: { maxKeys: 100, ttlMs: 150 } });
  try {
    const first = await short.call(BIGEVENTS, { method: 'POST', body: VALID, ...keyed('x') });
    await new Promise((r) => setTimeout(r, 250));
    const later = await short.call(BIGEVENTS, { method: 'POST', body: VALID, ...keyed('x') });
    assert.notEqual((later.body as { id: number }).id, (first.body as { id: number }).id);
  } finally {
    await short.close();
  }
});
