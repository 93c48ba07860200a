import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { MockAdminError } from '../src/client/admin-http.js';
import { createWebhook, startDeliveryMock, uniqueActionType } from './helpers/delivery.js';
import type { TestMock } from './helpers/mock.js';
import { Receiver } from './helpers/receiver.js';

let mock: TestMock;
let receiver: Receiver;

before(async () => {
  receiver = await Receiver.start([200]);
  mock = await startDeliveryMock();
});
after(async () => {
  await mock.close();
  await receiver.close();
});

const DETAIL = 'The request does not match the OpenAPI document of the control plane.';
const entry = (action_type: string, extra: object = {}) => ({ organizer: 'bigevents', event: 'democon', action_type, ...extra });
/** The id the next notification of the shared dataset gets: what a single notify answers, minus the one it used. */
const nextId = async () => (await mock.server.notify(entry('pretix.plugins.nothing.here'))).notification_id + 1;

test('POST /__admin/notify/batch emits each entry in order: one result each, ids rising, every call delivered', async () => {
  const type = uniqueActionType();
  const webhook = await createWebhook(mock, { target_url: receiver.url('/batch'), action_types: [type] });
  const first = await nextId();
  const res = await mock.call('/__admin/notify/batch', { method: 'POST', body: ['AAA11', 'BBB22', 'CCC33'].map((code) => entry(type, { code })) });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/json');
  const results = res.body as Array<{ notification_id: number; webhooks: unknown[]; payload: { code: string } }>;
  assert.deepEqual(results.map((r) => [r.notification_id, r.payload.code, r.webhooks]), [
    [first, 'AAA11', [{ id: webhook, target_url: receiver.url('/batch'), queued: true }]],
    [first + 1, 'BBB22', [{ id: webhook, target_url: receiver.url('/batch'), queued: true }]],
    [first + 2, 'CCC33', [{ id: webhook, target_url: receiver.url('/batch'), queued: true }]],
  ]);
  const records = await mock.server.deliveries.waitFor((r) => r.length === 3 && r.every((x) => x.success), { filter: { webhook } });
  assert.deepEqual(records.map((r) => r.notification_id).sort(), [first, first + 1, first + 2]);
  // Each call carries the payload the batch answered (pretix's bytes, as a single notify sends them).
  const bodies = receiver.received.filter((r) => r.url === '/batch').map((r) => JSON.parse(r.body.toString()) as { notification_id: number; code: string });
  assert.deepEqual(bodies.map((b) => [b.notification_id, b.code]).sort(), [[first, 'AAA11'], [first + 1, 'BBB22'], [first + 2, 'CCC33']]);
});

test('the library verb is the HTTP verb: notifyBatch answers what POST /__admin/notify/batch answers, scoped on a sandbox', async () => {
  const sandbox = await mock.server.sandbox();
  try {
    const results = await sandbox.notifyBatch([entry('pretix.event.order.placed', { code: 'SBX11' }), entry('pretix.event.order.paid', { code: 'SBX11' })]);
    assert.deepEqual(results.map((r) => [r.sandbox, r.notification_id, r.action_type]), [
      [sandbox.id, 1, 'pretix.event.order.placed'],
      [sandbox.id, 2, 'pretix.event.order.paid'],
    ]);
    // Entries name their own datasets: ids rise per sandbox in the batch's order.
    const mixed = await mock.server.notifyBatch([
      { ...entry('pretix.event.order.placed'), sandbox: sandbox.id },
      entry('pretix.event.order.placed'),
      { ...entry('pretix.event.order.paid'), sandbox: sandbox.id },
    ]);
    const shared = mixed[1]!.notification_id;
    assert.deepEqual(mixed.map((r) => [r.sandbox, r.notification_id]), [[sandbox.id, 3], ['shared', shared], [sandbox.id, 4]]);
  } finally {
    await sandbox.close();
  }
});

test('a refused batch answers pretix-mock\'s 400 or 404 and emits nothing: no notification id is used', async () => {
  const many = Array.from({ length: 1001 }, () => entry('pretix.event.order.placed'));
  const CASES: Array<[string, unknown, number, object]> = [
    ['an entry that does not fit the dataset', [entry('pretix.event.order.placed'), entry('pretix.event.order.placed', { event: 'nope' })], 400, {
      detail: 'The notification does not fit the dataset.', errors: [{ path: '/body/1/event', message: 'no event "nope" of organizer "bigevents"' }],
    }],
    ['an unknown organizer in the first entry', [entry('pretix.event.order.placed', { organizer: 'nobody' })], 400, {
      detail: 'The notification does not fit the dataset.', errors: [{ path: '/body/0/organizer', message: 'no organizer "nobody" in this dataset' }],
    }],
    ['an unknown sandbox', [entry('pretix.event.order.placed'), { ...entry('pretix.event.order.placed'), sandbox: 'nope' }], 404, {
      detail: 'No sandbox "nope" (it may have been deleted or expired).',
    }],
    ['an entry the schema refuses', [entry('pretix.event.order.placed'), { organizer: 'bigevents' }], 400, {
      detail: DETAIL, errors: [{ path: '/body/1/action_type', message: "must have required property 'action_type'" }],
    }],
    ['no entries', [], 400, { detail: DETAIL, errors: [{ path: '/body', message: 'must NOT have fewer than 1 items' }] }],
    ['1,001 entries', many, 400, { detail: DETAIL, errors: [{ path: '/body', message: 'must NOT have more than 1000 items' }] }],
    ['one notification, not an array', entry('pretix.event.order.placed'), 400, { detail: DETAIL, errors: [{ path: '/body', message: 'must be array' }] }],
  ];
  for (const [name, body, status, expected] of CASES) {
    const before = await nextId();
    const res = await mock.call('/__admin/notify/batch', { method: 'POST', body });
    assert.deepEqual([res.status, res.body], [status, expected], name);
    assert.equal(await nextId(), before + 1, `${name}: the batch used no notification id`);
  }
  await assert.rejects(mock.server.notifyBatch([entry('pretix.event.order.placed', { event: 'nope' })]), (err: unknown) => {
    assert.ok(err instanceof MockAdminError);
    assert.equal(err.status, 400);
    return true;
  });
});
