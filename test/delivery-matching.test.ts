import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createWebhook, startDeliveryMock, type WebhookInput } from './helpers/delivery.js';
import { ACME, AUTH, BIGEVENTS, type TestMock } from './helpers/mock.js';
import { Receiver } from './helpers/receiver.js';

let mock: TestMock;
let receiver: Receiver;
const ids: Record<string, number> = {};

before(async () => {
  receiver = await Receiver.start([200]);
  mock = await startDeliveryMock();
  const hook = async (name: string, input: WebhookInput, path?: string, auth?: string) => {
    ids[name] = await createWebhook(mock, { ...input, target_url: receiver.url(`/${name}`) }, path, auth);
  };
  await hook('all', { action_types: ['pretix.event.order.changed.*'] });
  await hook('democon', { limit_events: ['democon'], action_types: ['pretix.event.order.changed.*', 'pretix.event.order.placed'] });
  await hook('sampleconf', { limit_events: ['sampleconf'], action_types: ['pretix.event.order.placed'] });
  await hook('items', { action_types: ['pretix.event.item.*', 'pretix.customer.created', 'pretix.plugins.banktransfer.*'] });
  await hook('disabled', { enabled: false, action_types: ['pretix.event.order.placed', 'pretix.event.order.changed.*', 'pretix.customer.created'] });
  await hook('deleted', { action_types: ['pretix.event.order.placed', 'pretix.customer.created'] });
  await hook('patched', { action_types: ['pretix.event.order.placed', 'pretix.customer.created'] });
  await hook('customers-democon', { limit_events: ['democon'], action_types: ['pretix.customer.created'] });
  await hook('acme', { action_types: ['pretix.event.order.placed', 'pretix.customer.created'] }, ACME, AUTH.acme);
  assert.equal((await mock.call(`${BIGEVENTS}${ids.deleted}/`, { method: 'DELETE', auth: AUTH.admin })).status, 204);
  assert.equal((await mock.call(`${BIGEVENTS}${ids.patched}/`, { method: 'PATCH', auth: AUTH.admin, body: { enabled: false } })).status, 200);
});
after(async () => {
  await mock.close();
  await receiver.close();
});

const CASES: Array<[string, string | undefined, string | null, string[]]> = [
  // action type, event, the registered type it resolves to, the webhooks that get it
  ['pretix.event.order.changed.item', 'democon', 'pretix.event.order.changed.*', ['all', 'democon']],
  ['pretix.event.order.changed.price', 'sampleconf', 'pretix.event.order.changed.*', ['all']],
  ['pretix.event.order.changed', 'democon', null, []],
  ['pretix.event.order.placed', 'democon', 'pretix.event.order.placed', ['democon']],
  ['pretix.event.order.placed', 'sampleconf', 'pretix.event.order.placed', ['sampleconf']],
  ['pretix.event.order.placed.require_approval', 'democon', 'pretix.event.order.placed.require_approval', []],
  ['pretix.event.item.variation.changed', 'sampleconf', 'pretix.event.item.*', ['items']],
  ['pretix.customer.created', undefined, 'pretix.customer.created', ['items', 'customers-democon']],
  ['pretix.plugins.banktransfer.refund.created', 'democon', 'pretix.plugins.banktransfer.*', ['items']],
  ['pretix.event.order.comment', 'democon', null, []],
];

describe('matching follows pretix: wildcard lookup, enabled, listeners, all_events/limit_events', () => {
  const expectedCalls: Record<string, number> = {};
  for (const [action, event, registered, expected] of CASES) {
    test(`${action}${event ? ` @ ${event}` : ''} → ${expected.join(', ') || 'nobody'}`, async () => {
      const result = await mock.server.notify({ organizer: 'bigevents', event, action_type: action });
      assert.equal(result.webhook_type, registered);
      assert.deepEqual(result.webhooks.map((w) => w.id), expected.map((name) => ids[name]));
      assert.ok(result.webhooks.every((w) => w.queued));
      for (const name of expected) expectedCalls[name] = (expectedCalls[name] ?? 0) + 1;
    });
  }

  test('the receivers got exactly the matched calls; disabled, deleted and other organizers\' webhooks nothing', async () => {
    const total = Object.values(expectedCalls).reduce((a, b) => a + b, 0);
    await receiver.waitFor(total);
    await mock.server.deliveries.waitFor((_r, s) => s.stats.in_flight === 0 && s.stats.waiting === 0);
    const byPath: Record<string, number> = {};
    for (const r of receiver.received) byPath[r.url.slice(1)] = (byPath[r.url.slice(1)] ?? 0) + 1;
    assert.deepEqual(byPath, expectedCalls);
    for (const name of ['disabled', 'deleted', 'patched', 'acme']) assert.equal(byPath[name], undefined, name);
  });
});

test('the notify answer and the delivery log say why each other webhook was left out', async () => {
  const result = await mock.server.notify({ organizer: 'bigevents', event: 'sampleconf', action_type: 'pretix.event.order.placed', code: 'WHY23' });
  assert.deepEqual(result.webhooks.map((w) => w.id), [ids.sampleconf]);
  const known = new Map(Object.entries(ids).map(([name, id]) => [id, name]));
  // pretix's DELETE disables the webhook, so 'deleted' is still there, disabled.
  const expected = [['all', 'no_listener'], ['democon', 'event_filter'], ['items', 'no_listener'], ['disabled', 'disabled'], ['deleted', 'disabled'],
    ['patched', 'disabled'], ['customers-democon', 'no_listener']];
  const reasons = (list: Array<{ id?: number; webhook?: number; reason: string }>) =>
    list.filter((s) => known.has((s.id ?? s.webhook)!)).map((s) => [known.get((s.id ?? s.webhook)!), s.reason]);
  assert.deepEqual(reasons(result.skipped), expected);
  const { skipped } = await mock.server.deliveries.snapshot({ notification_id: result.notification_id });
  assert.deepEqual(reasons([...skipped].reverse()), expected);
  assert.ok(skipped.every((s) => s.webhook_type === 'pretix.event.order.placed' && s.action_type === 'pretix.event.order.placed'));
  assert.deepEqual((await mock.server.deliveries.snapshot({ notification_id: result.notification_id, success: true })).skipped, []);
});

test("a webhook stored with all_events and several limit_events is called once per listed event (pretix's join quirk)", async () => {
  const quirkReceiver = await Receiver.start([200]);
  try {
    // all_events omitted on create: pretix stores the model default (true) together with limit_events.
    const created = await mock.call(BIGEVENTS, {
      method: 'POST', auth: AUTH.admin,
      body: { target_url: quirkReceiver.url(), limit_events: ['democon', 'sampleconf'], action_types: ['pretix.event.order.paid', 'pretix.giftcards.created'] },
    });
    assert.equal(created.status, 201);
    const id = (created.body as { id: number; all_events: boolean }).id;
    assert.equal((created.body as { all_events: boolean }).all_events, true);
    const paid = await mock.server.notify({ organizer: 'bigevents', event: 'democon', action_type: 'pretix.event.order.paid', code: 'Q1234' });
    assert.deepEqual(paid.webhooks.map((w) => w.id), [id, id]);
    // Gift card log entries have no event: no join, one call.
    const gift = await mock.server.notify({ organizer: 'bigevents', action_type: 'pretix.giftcards.created' });
    assert.deepEqual(gift.webhooks.map((w) => w.id), [id]);
    const received = await quirkReceiver.waitFor(3);
    assert.equal(received.filter((r) => r.body.toString().includes('"code": "Q1234"')).length, 2);
  } finally {
    await quirkReceiver.close();
  }
});

test("gift card payloads name the issuer by the organizer's position in the dataset", async () => {
  const quirkReceiver = await Receiver.start([200]);
  try {
    await createWebhook(mock, { target_url: quirkReceiver.url(), action_types: ['pretix.giftcards.modified'] }, ACME, AUTH.acme);
    const gift = await mock.server.notify({ organizer: 'acme', action_type: 'pretix.giftcards.modified', giftcard: 3 });
    assert.equal(gift.payload?.issuer_id, 2);
    const [got] = await quirkReceiver.waitFor(1);
    assert.equal(got!.body.toString(), `{"notification_id": ${gift.notification_id}, "issuer_id": 2, "issuer_slug": "acme", "giftcard": 3, "action": "pretix.giftcards.modified"}`);
  } finally {
    await quirkReceiver.close();
  }
});

test('an event of another organizer, an event on an event-less type and an unknown organizer are 400', async () => {
  const cases: Array<[object, string, string]> = [
    [{ organizer: 'bigevents', event: 'acmecon', action_type: 'pretix.event.order.placed' }, '/body/event', 'no event "acmecon" of organizer "bigevents"'],
    [{ organizer: 'bigevents', event: 'democon', action_type: 'pretix.customer.created' }, '/body/event', 'must be absent: pretix.customer.created notifications carry no event'],
    [{ organizer: 'nobody', action_type: 'pretix.event.order.placed' }, '/body/organizer', 'no organizer "nobody" in this dataset'],
  ];
  for (const [body, path, message] of cases) {
    const res = await mock.call('/__admin/notify', { method: 'POST', body });
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.deepEqual(res.body, { detail: 'The notification does not fit the dataset.', errors: [{ path, message }] });
  }
});
