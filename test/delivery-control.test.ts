import assert from 'node:assert/strict';
import { createServer as createNetServer } from 'node:net';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { MockAdminError } from '../src/client/admin-http.js';
import { createWebhook, startDeliveryMock, uniqueActionType } from './helpers/delivery.js';
import type { TestMock } from './helpers/mock.js';
import { Receiver } from './helpers/receiver.js';

let mock: TestMock;
let receiver: Receiver;

before(async () => {
  receiver = await Receiver.start([{ status: 500, body: 'no' }, 200]);
  mock = await startDeliveryMock({ retryTimeScale: 0.001 });
});
after(async () => {
  await mock.close();
  await receiver.close();
});

describe('GET /__admin/deliveries filters records by webhook, action, success, notification and sandbox', () => {
  let webhook: number;
  let type: string;
  let notification: number;
  before(async () => {
    type = uniqueActionType();
    webhook = await createWebhook(mock, { target_url: receiver.url(), action_types: [type] });
    notification = (await mock.server.notify({ organizer: 'bigevents', event: 'democon', action_type: `${type}`, code: 'FLT12' })).notification_id;
    await mock.server.deliveries.waitFor((r) => r.some((x) => x.success), { filter: { webhook } });
  });

  const CASES: Array<[string, () => string, (n: number) => boolean]> = [
    ['webhook', () => `webhook=${webhook}`, (n) => n === 2],
    ['action', () => `action=${encodeURIComponent(type)}&webhook=${webhook}`, (n) => n === 2],
    ['success=true', () => `webhook=${webhook}&success=true`, (n) => n === 1],
    ['success=false', () => `webhook=${webhook}&success=false`, (n) => n === 1],
    ['notification_id', () => `notification_id=${notification}`, (n) => n === 2],
    ['sandbox=shared', () => `sandbox=shared&webhook=${webhook}`, (n) => n === 2],
    ['another sandbox', () => `sandbox=other&webhook=${webhook}`, (n) => n === 0],
    ['an action nobody sent', () => 'action=pretix.event.order.nothing', (n) => n === 0],
  ];
  for (const [name, query, expect] of CASES) {
    test(name, async () => {
      const res = await mock.call(`/__admin/deliveries?${query()}`);
      assert.equal(res.status, 200);
      const body = res.body as { count: number; results: Array<{ webhook: number }> };
      assert.equal(body.count, body.results.length);
      assert.ok(expect(body.count), `${name}: ${body.count}`);
    });
  }
});

test('request problems on the control plane are 400 with the spec violations listed', async () => {
  const DETAIL = 'The request does not match the OpenAPI document of the control plane.';
  const CASES: Array<[string, string, unknown, object]> = [
    ['POST', '/__admin/notify', { organizer: 'bigevents' }, {
      detail: DETAIL,
      errors: [{ path: '/body/action_type', message: "must have required property 'action_type'" }],
    }],
    ['POST', '/__admin/notify', { organizer: 'bigevents', action_type: 'pretix.event.order.placed', foo: 1 }, {
      detail: DETAIL,
      errors: [{ path: '/body/foo', message: 'must NOT have additional properties' }],
    }],
    ['POST', '/__admin/notify', { organizer: 'bigevents', action_type: 'pretix.event.order.placed', item: 'x' }, {
      detail: DETAIL, errors: [{ path: '/body/item', message: 'must be integer' }],
    }],
    ['POST', '/__admin/deliveries/retries/drop', { webhook: 'x' }, {
      detail: DETAIL, errors: [{ path: '/body/webhook', message: 'must be integer' }],
    }],
    ['GET', '/__admin/deliveries?success=maybe', undefined, {
      detail: DETAIL, errors: [{ path: '/query/success', message: 'must be boolean' }],
    }],
    ['GET', '/__admin/deliveries?webhook=abc', undefined, {
      detail: DETAIL, errors: [{ path: '/query/webhook', message: 'must be integer' }],
    }],
  ];
  for (const [method, path, body, expected] of CASES) {
    const res = await mock.call(path, { method, body });
    assert.deepEqual([res.status, res.body], [400, expected], `${method} ${path}`);
  }
  const plain = await mock.call('/__admin/notify', { method: 'POST', body: 'hello', headers: { 'content-type': 'text/plain' } });
  assert.equal(plain.status, 415);
  const unknown = await mock.call('/__admin/notify', { method: 'POST', body: { sandbox: 'nope', organizer: 'bigevents', action_type: 'x.y' } });
  assert.deepEqual([unknown.status, unknown.body], [404, { detail: 'No sandbox "nope" (it may have been deleted or expired).' }]);
});

test('the client: errors become MockAdminError, waitFor gives up after its timeout', async () => {
  await assert.rejects(mock.server.notify({ organizer: 'nobody', action_type: 'pretix.event.order.placed' }), (err: unknown) => {
    assert.ok(err instanceof MockAdminError);
    assert.equal(err.status, 400);
    return true;
  });
  const started = Date.now();
  await assert.rejects(
    mock.server.deliveries.waitFor(() => false, { timeout: 150, filter: { webhook: 999_999 } }),
    /^Error: deliveries\.waitFor: not satisfied within 150 ms; last saw 0 record\(s\); no attempt was made \(did the notification match a webhook\?\); no pending retries$/,
  );
  assert.ok(Date.now() - started < 2000);
});

test('waitFor says why: the last attempt\'s return_code and response_body, and the pending retries with their due times', async () => {
  const slow = await startDeliveryMock({ retryTimeScale: 1 }); // the first retry is due a minute later
  try {
    const closed = createNetServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as { port: number };
    await new Promise((resolve) => closed.close(resolve)); // nothing listens there now: connection refused
    const type = uniqueActionType();
    const webhook = await createWebhook(slow, { target_url: `http://127.0.0.1:${port}/hook`, action_types: [type] });
    await slow.server.notify({ organizer: 'bigevents', event: 'democon', action_type: type });
    await slow.server.deliveries.waitFor((_, snap) => snap.pending.length === 1, { timeout: 30_000, filter: { webhook } });
    const [retry] = await slow.server.deliveries.pending({ webhook });
    // requests' text for a refused connection, as pretix stores it; the message keeps its first 200 characters.
    const refused =
      `HTTPConnectionPool(host='127.0.0.1', port=${port}): Max retries exceeded with url: /hook (Caused by NewConnectionError(` +
      `"HTTPConnection(host='127.0.0.1', port=${port}): Failed to establish a new connection: [Errno 111] Connection refused"))`;
    await assert.rejects(
      slow.server.deliveries.waitFor((records) => records.some((r) => r.success), { timeout: 100, filter: { webhook } }),
      (err: Error) => {
        assert.equal(
          err.message,
          `deliveries.waitFor: not satisfied within 100 ms; last saw 1 record(s); the last attempt (webhook ${webhook}, ${type}, retry 0) ` +
            `to http://127.0.0.1:${port}/hook got no answer, response_body ${JSON.stringify(`${refused.slice(0, 200)}… (${refused.length} characters)`)}; ` +
            `1 pending retry: webhook ${webhook} retry 1 due at ${retry!.due_at}`,
        );
        return true;
      },
    );
  } finally {
    await slow.close();
  }
});

test('the delivery log is bounded: the oldest records go first', async () => {
  const small = await startDeliveryMock({ logSize: 3 });
  const ok = await Receiver.start([200]);
  try {
    const type = uniqueActionType();
    const webhook = await createWebhook(small, { target_url: ok.url(), action_types: [type] });
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await small.server.notify({ organizer: 'bigevents', event: 'democon', action_type: type })).notification_id);
      await ok.waitFor(i + 1);
    }
    const snapshot = await small.server.deliveries.waitFor((_r, s) => s.stats.log_evicted === 2);
    assert.deepEqual(snapshot.map((r) => [r.webhook, r.notification_id]), ids.slice(2).reverse().map((n) => [webhook, n]));
  } finally {
    await small.close();
    await ok.close();
  }
});

test('a full queue drops new calls with a clear log line, says so in the answer, and recovers', async () => {
  const lines: Array<{ msg: string; dropped?: number; queueSize?: number }> = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n')) if (line) lines.push(JSON.parse(line));
      done();
    },
  });
  const hang = await Receiver.start(['hang', 200]);
  const full = await startDeliveryMock({ queueSize: 2, perHostConcurrency: 1, timeoutSeconds: 30 }, { logger: pino({ level: 'warn' }, sink) });
  try {
    const type = uniqueActionType();
    await createWebhook(full, { target_url: hang.url(), action_types: [type] });
    const queued: boolean[] = [];
    const notify = async () => (await full.server.notify({ organizer: 'bigevents', event: 'democon', action_type: type })).webhooks[0]!.queued;
    queued.push(await notify());
    await hang.waitFor(1); // the first call is in flight: it does not count against the queue
    for (let i = 0; i < 4; i++) queued.push(await notify());
    assert.deepEqual(queued, [true, true, true, false, false]);
    const snapshot = await full.server.deliveries.snapshot();
    assert.deepEqual(snapshot.stats, { waiting: 2, in_flight: 1, pending_retries: 0, dropped: 2, log_records: 0, log_evicted: 0 });
    assert.deepEqual(lines.map((l) => [l.msg, l.queueSize]), [
      ['webhook delivery queue full: new notifications are not delivered until it drains', 2],
    ]);
    hang.release();
    await full.server.deliveries.waitFor((_r, s) => s.stats.waiting === 0 && s.stats.in_flight === 0 && s.count === 3);
    assert.equal(await notify(), true);
    assert.deepEqual(lines.slice(1).map((l) => [l.msg, l.dropped]), [['webhook delivery queue has room again', 2]]);
  } finally {
    const closing = Date.now();
    await full.close();
    assert.ok(Date.now() - closing < 3000, 'close() does not wait for the hanging receiver');
    await hang.close();
  }
});

test('API answers never wait for deliveries, and close() does not hang on a slow receiver', async () => {
  const hang = await Receiver.start(['hang']);
  const slowMock = await startDeliveryMock({ timeoutSeconds: 30 });
  try {
    const type = uniqueActionType();
    await createWebhook(slowMock, { target_url: hang.url(), action_types: [type] });
    const started = Date.now();
    const result = await slowMock.server.notify({ organizer: 'bigevents', event: 'democon', action_type: type });
    assert.equal(result.webhooks.length, 1);
    await hang.waitFor(1);
    const list = await slowMock.call('/__admin/deliveries');
    assert.equal(list.status, 200);
    assert.ok(Date.now() - started < 2000);
  } finally {
    const closing = Date.now();
    await slowMock.close();
    assert.ok(Date.now() - closing < 3000, `close() took ${Date.now() - closing} ms`);
    await hang.close();
  }
});
