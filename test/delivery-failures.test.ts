import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import type { DeliveryRecord } from '../src/client/deliveries-api.js';
import { createWebhook, startDeliveryMock, uniqueActionType } from './helpers/delivery.js';
import { AUTH, BIGEVENTS, type TestMock } from './helpers/mock.js';
import { Receiver, type Reply } from './helpers/receiver.js';

/** The compressed schedule, and pretix's 30 s timeout: a receiver in this process answers in time even on a loaded machine. */
let mock: TestMock;
/**
 * A 0.3 s timeout, only for the test about it: on `mock` it timed out ordinary answers of the
 * receivers (which run in this process too) when the machine was loaded.
 */
let impatient: TestMock;
/** The real schedule: the first retry is 5 s away, so tests can look at it and act before it comes due. */
let slow: TestMock;
const receivers: Receiver[] = [];

before(async () => {
  [mock, impatient, slow] = await Promise.all([
    startDeliveryMock({ retryTimeScale: 0.001 }),
    startDeliveryMock({ retryTimeScale: 0.001, timeoutSeconds: 0.3 }),
    startDeliveryMock({ retryTimeScale: 1 }),
  ]);
});
after(async () => {
  await Promise.all([mock.close(), impatient.close(), slow.close()]);
  await Promise.all(receivers.map((r) => r.close()));
});

async function receiver(script: Reply[]): Promise<Receiver> {
  const r = await Receiver.start(script);
  receivers.push(r);
  return r;
}

/** A webhook at `url` listening to a type of its own, one notification to it, and its id. */
async function notifyOnce(on: TestMock, url: string): Promise<{ webhook: number; notification: number; type: string }> {
  const type = uniqueActionType();
  const webhook = await createWebhook(on, { target_url: url, action_types: [type] });
  const result = await on.server.notify({ organizer: 'bigevents', event: 'democon', action_type: type, code: 'ABC23' });
  assert.deepEqual(result.webhooks, [{ id: webhook, target_url: url, queued: true }]);
  return { webhook, notification: result.notification_id, type };
}

/** Waits for `n` records of the webhook and returns them oldest first. */
async function records(on: TestMock, webhook: number, n: number, timeout = 5000): Promise<DeliveryRecord[]> {
  const found = await on.server.deliveries.waitFor((r) => r.length >= n, { filter: { webhook }, timeout });
  return [...found].reverse();
}

test('a 500-then-200 receiver is retried on the compressed schedule; the log shows both attempts', async () => {
  const r = await receiver([{ status: 500, body: 'try later' }, { status: 200, body: 'thanks' }]);
  const { webhook, notification } = await notifyOnce(mock, r.url());
  const [first, second] = await records(mock, webhook, 2);
  assert.deepEqual(
    [first, second].map((x) => [x!.return_code, x!.success, x!.retry_count, x!.is_retry, x!.response_body, x!.notification_id]),
    [[500, false, 0, false, 'try later', notification], [200, true, 1, false, 'thanks', notification]],
  );
  // pretix waits 5 s before the first retry; 0.001 makes it 5 ms.
  assert.ok(Date.parse(second!.datetime) - Date.parse(first!.datetime) >= 5);
  assert.equal(second!.payload, first!.payload);
  assert.deepEqual(await mock.server.deliveries.pending({ webhook }), []);
  assert.equal(r.received.length, 2);
});

describe('status codes: 2xx is success, everything else is retried, 410 disables', () => {
  const CASES: Array<[number, 'ok' | 'retry' | 'gone']> = [
    [200, 'ok'], [201, 'ok'], [204, 'ok'], [299, 'ok'], [301, 'retry'], [302, 'retry'], [304, 'retry'], [307, 'retry'],
    [400, 'retry'], [404, 'retry'], [429, 'retry'], [410, 'gone'], [500, 'retry'], [503, 'retry'],
  ];
  for (const [status, outcome] of CASES) {
    test(`${status} → ${outcome}`, async () => {
      const elsewhere = await receiver([200]);
      const headers = status >= 300 && status < 400 ? { Location: elsewhere.url('/moved') } : undefined;
      const r = await receiver([{ status, headers }]);
      const { webhook } = await notifyOnce(slow, r.url());
      const [call] = await records(slow, webhook, 1);
      assert.equal(call!.return_code, status);
      assert.equal(call!.success, outcome === 'ok');
      const pending = await slow.server.deliveries.pending({ webhook });
      assert.deepEqual(pending.map((p) => [p.retry_count, p.interval]), outcome === 'retry' ? [[1, 5]] : []);
      const stored = await slow.call(`${BIGEVENTS}${webhook}/`, { auth: AUTH.admin });
      assert.equal((stored.body as { enabled: boolean }).enabled, outcome !== 'gone');
      assert.equal(elsewhere.received.length, 0, 'redirects are not followed');
      await slow.server.deliveries.drop({ webhook });
    });
  }

  test('after 410 the webhook no longer matches', async () => {
    const r = await receiver([410]);
    const { webhook, type } = await notifyOnce(slow, r.url());
    await records(slow, webhook, 1);
    const again = await slow.server.notify({ organizer: 'bigevents', event: 'democon', action_type: type });
    assert.deepEqual(again.webhooks, []);
  });
});

test('410 disables the webhook durably (--data): it is still disabled after a restart', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'pretix-mock-410-'));
  try {
    const data = join(dir, 'state.json');
    const first = await startDeliveryMock({}, { data });
    const r = await receiver([410]);
    const { webhook } = await notifyOnce(first, r.url());
    await records(first, webhook, 1);
    await first.close();
    const second = await startDeliveryMock({}, { data });
    try {
      const stored = await second.call(`${BIGEVENTS}${webhook}/`, { auth: AUTH.admin });
      assert.equal((stored.body as { enabled: boolean }).enabled, false);
    } finally {
      await second.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a receiver that hangs is timed out (requests-style error, return code 0) and retried', async () => {
  const r = await receiver(['hang']);
  const { webhook } = await notifyOnce(impatient, r.url());
  const [call] = await records(impatient, webhook, 1);
  assert.equal(call!.return_code, 0);
  assert.equal(call!.success, false);
  assert.equal(call!.response_body, `HTTPConnectionPool(host='127.0.0.1', port=${r.port}): Read timed out. (read timeout=0.3)`);
  assert.ok(call!.execution_time >= 0.29 && call!.execution_time < 3, String(call!.execution_time));
  await impatient.server.deliveries.waitFor((rs) => rs.length >= 2, { filter: { webhook } });
  await impatient.server.deliveries.drop({ webhook });
});

test('a refused connection is a network error with return code 0, and is retried', async () => {
  const r = await receiver([200]);
  const url = r.url('/gone');
  await r.close();
  const { webhook } = await notifyOnce(mock, url);
  const [call] = await records(mock, webhook, 1);
  assert.equal(call!.return_code, 0);
  const port = new URL(url).port;
  assert.equal(call!.response_body, `HTTPConnectionPool(host='127.0.0.1', port=${port}): Max retries exceeded with url: /gone ` +
    `(Caused by NewConnectionError("HTTPConnection(host='127.0.0.1', port=${port}): Failed to establish a new connection: [Errno 111] Connection refused"))`);
  assert.equal((await mock.server.deliveries.pending({ webhook })).length + (await mock.server.deliveries.list({ webhook })).length >= 2, true);
  await mock.server.deliveries.drop({ webhook });
});

test('user:pass@ in target_url arrives as Basic auth and is not sent in the request line', async () => {
  const r = await receiver([200]);
  const target = `http://hook%20user:p%40ss%3Aw%C3%B6rd@127.0.0.1:${r.port}/private?x=1`;
  const { webhook } = await notifyOnce(mock, target);
  const [got] = await r.waitFor(1);
  assert.equal(got!.url, '/private?x=1');
  assert.equal(got!.headers.authorization, `Basic ${Buffer.from('hook user:p@ss:wörd', 'latin1').toString('base64')}`);
  const [call] = await records(mock, webhook, 1);
  assert.equal(call!.target_url, target, 'pretix stores the URL as configured');
});

test('the response body is decompressed and kept up to 1 MiB characters', async () => {
  const big = 'é'.repeat(1024 * 1024 + 10);
  const r = await receiver([
    { status: 200, body: big, headers: { 'Content-Type': 'text/plain; charset=utf-8' } },
  ]);
  const { webhook } = await notifyOnce(mock, r.url());
  const [call] = await records(mock, webhook, 1);
  assert.equal(call!.response_body, 'é'.repeat(1024 * 1024));

  const gzReceiver = await receiver([
    { status: 200, body: gzipSync(Buffer.from('{"ok": true}')), headers: { 'Content-Encoding': 'gzip', 'Content-Type': 'application/json' } },
  ]);
  const second = await notifyOnce(mock, gzReceiver.url());
  const [gzCall] = await records(mock, second.webhook, 1);
  assert.equal(gzCall!.response_body, '{"ok": true}');
});

describe('pending retries: listed with due time, expedited, dropped; disabling stops them', () => {
  test('a failed call is listed as pending with retry count, interval and due time', async () => {
    const r = await receiver([500, 200]);
    const before = Date.now();
    const { webhook, notification, type } = await notifyOnce(slow, r.url());
    await records(slow, webhook, 1);
    const [pending] = await slow.server.deliveries.pending({ webhook });
    assert.deepEqual({ ...pending, due_at: undefined }, {
      sandbox: 'shared', webhook, notification_id: notification, action_type: type, retry_count: 1, interval: 5, due_at: undefined,
    });
    const due = Date.parse(pending!.due_at);
    assert.ok(due >= before + 5000 && due <= Date.now() + 5000, pending!.due_at);

    const res = await slow.call('/__admin/deliveries/retries/expedite', { method: 'POST', body: { webhook } });
    assert.deepEqual([res.status, res.body], [200, { expedited: 1 }]);
    const [, retried] = await records(slow, webhook, 2);
    assert.deepEqual([retried!.return_code, retried!.retry_count], [200, 1]);
    assert.deepEqual(await slow.server.deliveries.pending({ webhook }), []);
  });

  test('drop forgets pending retries; expedite then finds nothing', async () => {
    const r = await receiver([500]);
    const { webhook } = await notifyOnce(slow, r.url());
    await records(slow, webhook, 1);
    const other = await receiver([500]);
    const kept = await notifyOnce(slow, other.url());
    await records(slow, kept.webhook, 1);
    assert.deepEqual((await slow.call('/__admin/deliveries/retries/drop', { method: 'POST', body: { webhook } })).body, { dropped: 1 });
    assert.equal(await slow.server.deliveries.expedite({ webhook }), 0);
    assert.equal((await slow.server.deliveries.pending({ webhook: kept.webhook })).length, 1, 'only the selected webhook');
    assert.ok((await slow.server.deliveries.drop()) >= 1, 'no body: every pending retry');
    assert.deepEqual(await slow.server.deliveries.pending(), []);
    assert.equal(r.received.length, 1);
  });

  for (const [how, change] of [
    ['DELETE', { method: 'DELETE' }],
    ['PATCH enabled=false', { method: 'PATCH', body: { enabled: false } }],
  ] as const) {
    test(`${how} drops the pending retry when it comes due (obsolete-webhook)`, async () => {
      const r = await receiver([500, 200]);
      const { webhook } = await notifyOnce(slow, r.url());
      await records(slow, webhook, 1);
      const res = await slow.call(`${BIGEVENTS}${webhook}/`, { auth: AUTH.admin, ...change });
      assert.ok(res.status === 200 || res.status === 204);
      assert.equal(await slow.server.deliveries.expedite({ webhook }), 1);
      await slow.server.deliveries.waitFor((_r, s) => s.stats.in_flight === 0 && s.stats.waiting === 0 && s.pending.length === 0, { filter: { webhook } });
      assert.equal(r.received.length, 1);
      assert.equal((await slow.server.deliveries.list({ webhook })).length, 1);
    });
  }

  test('a retry goes to the target_url the webhook has when it runs', async () => {
    const first = await receiver([500]);
    const moved = await receiver([200]);
    const { webhook } = await notifyOnce(slow, first.url());
    await records(slow, webhook, 1);
    await slow.call(`${BIGEVENTS}${webhook}/`, { method: 'PATCH', auth: AUTH.admin, body: { target_url: moved.url('/new') } });
    await slow.server.deliveries.expedite({ webhook });
    const [, second] = await records(slow, webhook, 2);
    assert.equal(second!.target_url, moved.url('/new'));
    assert.equal(moved.received.length, 1);
  });

  test('expedite and drop of an unknown sandbox are 404', async () => {
    for (const path of ['/__admin/deliveries/retries/expedite', '/__admin/deliveries/retries/drop']) {
      const res = await slow.call(path, { method: 'POST', body: { sandbox: 'nope' } });
      assert.deepEqual([res.status, res.body], [404, { detail: 'No sandbox "nope" (it may have been deleted or expired).' }]);
    }
  });
});

test("pretix's whole schedule: 12 attempts 5, 30, 60, 300, ... 86400 s apart (scaled), then it gives up", async () => {
  const scale = 0.00001; // 59.4 hours in about 2.1 seconds
  const fast = await startDeliveryMock({ retryTimeScale: scale });
  try {
    const r = await receiver([503]);
    const { webhook } = await notifyOnce(fast, r.url());
    const calls = await records(fast, webhook, 12, 15_000);
    assert.deepEqual(calls.map((c) => c.retry_count), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    const intervals = [5, 30, 60, 300, 1200, 3600, 14400, 21600, 43200, 43200, 86400];
    intervals.forEach((seconds, k) => {
      const gap = Date.parse(calls[k + 1]!.datetime) - Date.parse(calls[k]!.datetime);
      assert.ok(gap >= Math.floor(seconds * 1000 * scale) - 1, `gap ${k}: ${gap} ms for ${seconds} s`);
    });
    await fast.server.deliveries.waitFor((_r, s) => s.stats.in_flight === 0 && s.pending.length === 0, { filter: { webhook } });
    assert.equal(r.received.length, 12);
  } finally {
    await fast.close();
  }
});
