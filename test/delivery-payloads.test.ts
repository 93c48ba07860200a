import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { NotifyRequest } from '../src/client/deliveries-api.js';
import { createWebhook, startDeliveryMock } from './helpers/delivery.js';
import type { TestMock } from './helpers/mock.js';
import { Receiver } from './helpers/receiver.js';

let mock: TestMock;
let receiver: Receiver;

const TYPES = [
  'pretix.event.order.placed', 'pretix.event.order.changed.*', 'pretix.event.order.deleted', 'pretix.event.checkin',
  'pretix.event.checkin.reverted', 'pretix.event.live.activated', 'pretix.event.deleted', 'pretix.subevent.changed',
  'pretix.event.item.*', 'pretix.voucher.added', 'pretix.event.orders.waitinglist.voucher_assigned', 'pretix.customer.created',
  'pretix.giftcards.created', 'pretix.giftcards.transaction.*', 'pretix.plugins.banktransfer.*', 'pretix.plugins.example.synced',
];

before(async () => {
  receiver = await Receiver.start([200]);
  mock = await startDeliveryMock();
  await createWebhook(mock, { target_url: receiver.url('/hook?src=pretix'), action_types: TYPES });
});
after(async () => {
  await mock.close();
  await receiver.close();
});

/** Sends one notification and returns its id and the exact bytes the receiver got. */
async function deliver(request: NotifyRequest) {
  const before = receiver.received.length;
  const result = await mock.server.notify(request);
  assert.equal(result.webhooks.length, 1, JSON.stringify(result));
  const [got] = (await receiver.waitFor(before + 1)).slice(before);
  return { id: result.notification_id, result, body: got!.body.toString('latin1'), got: got! };
}

// Expected bodies are written out as requests would send them (Python json.dumps defaults).
const FAMILIES: Array<[string, NotifyRequest, (n: number) => string]> = [
  ['order', { organizer: 'bigevents', event: 'democon', action_type: 'pretix.event.order.placed', code: 'ABC23' },
    (n) => `{"notification_id": ${n}, "organizer": "bigevents", "event": "democon", "code": "ABC23", "action": "pretix.event.order.placed"}`],
  ['order, wildcard type', { organizer: 'bigevents', event: 'sampleconf', action_type: 'pretix.event.order.changed.item', code: 'XYZ78' },
    (n) => `{"notification_id": ${n}, "organizer": "bigevents", "event": "sampleconf", "code": "XYZ78", "action": "pretix.event.order.changed.item"}`],
  ['order.deleted', { organizer: 'bigevents', event: 'democon', action_type: 'pretix.event.order.deleted', code: 'DEL99' },
    (n) => `{"notification_id": ${n}, "organizer": "bigevents", "event": "democon", "code": "DEL99", "action": "pretix.event.order.deleted"}`],
  ['check-in', {
    organizer: 'bigevents', event: 'democon', action_type: 'pretix.event.checkin', code: 'CHK77',
    orderposition_id: 42, orderposition_positionid: 2, checkin_list: 7, type: 'exit', first_checkin: false,
  }, (n) => `{"notification_id": ${n}, "organizer": "bigevents", "event": "democon", "code": "CHK77", "action": "pretix.event.checkin", ` +
    '"orderposition_id": 42, "orderposition_positionid": 2, "checkin_list": 7, "type": "exit", "first_checkin": false}'],
  ['check-in reverted, log data missing', {
    organizer: 'bigevents', event: 'democon', action_type: 'pretix.event.checkin.reverted', code: 'CHK77',
    orderposition_id: 42, orderposition_positionid: 1, checkin_list: 7, type: null, first_checkin: null,
  }, (n) => `{"notification_id": ${n}, "organizer": "bigevents", "event": "democon", "code": "CHK77", "action": "pretix.event.checkin.reverted", ` +
    '"orderposition_id": 42, "orderposition_positionid": 1, "checkin_list": 7, "type": null, "first_checkin": null}'],
  ['event', { organizer: 'bigevents', event: 'sampleconf', action_type: 'pretix.event.live.activated' },
    (n) => `{"notification_id": ${n}, "organizer": "bigevents", "event": "sampleconf", "action": "pretix.event.live.activated"}`],
  ['event deleted (slug from the log data)', { organizer: 'bigevents', event: 'gone-2024', action_type: 'pretix.event.deleted' },
    (n) => `{"notification_id": ${n}, "organizer": "bigevents", "event": "gone-2024", "action": "pretix.event.deleted"}`],
  ['subevent', { organizer: 'bigevents', event: 'democon', action_type: 'pretix.subevent.changed', subevent: 12 },
    (n) => `{"notification_id": ${n}, "organizer": "bigevents", "event": "democon", "subevent": 12, "action": "pretix.subevent.changed"}`],
  ['item', { organizer: 'bigevents', event: 'democon', action_type: 'pretix.event.item.variation.changed', item: 5 },
    (n) => `{"notification_id": ${n}, "organizer": "bigevents", "event": "democon", "item": 5, "action": "pretix.event.item.variation.changed"}`],
  ['voucher', { organizer: 'bigevents', event: 'democon', action_type: 'pretix.voucher.added', voucher: 77 },
    (n) => `{"notification_id": ${n}, "organizer": "bigevents", "event": "democon", "voucher": 77, "action": "pretix.voucher.added"}`],
  ['waiting list', { organizer: 'bigevents', event: 'democon', action_type: 'pretix.event.orders.waitinglist.voucher_assigned', waitinglistentry: 3 },
    (n) => `{"notification_id": ${n}, "organizer": "bigevents", "event": "democon", "waitinglistentry": 3, "action": "pretix.event.orders.waitinglist.voucher_assigned"}`],
  ['customer', { organizer: 'bigevents', action_type: 'pretix.customer.created', customer: 'CUST7AB' },
    (n) => `{"notification_id": ${n}, "organizer": "bigevents", "customer": "CUST7AB", "action": "pretix.customer.created"}`],
  ['gift card', { organizer: 'bigevents', action_type: 'pretix.giftcards.created', issuer_id: 1, giftcard: 9 },
    (n) => `{"notification_id": ${n}, "issuer_id": 1, "issuer_slug": "bigevents", "giftcard": 9, "action": "pretix.giftcards.created"}`],
  ['gift card transaction', { organizer: 'bigevents', action_type: 'pretix.giftcards.transaction.manual', issuer_id: 4, giftcard: 9, acceptor_id: 2 },
    (n) => `{"notification_id": ${n}, "issuer_id": 4, "issuer_slug": "bigevents", "acceptor_id": 2, "acceptor_slug": "acme", "giftcard": 9, "action": "pretix.giftcards.transaction.manual"}`],
  ['gift card transaction, slugs given', {
    organizer: 'bigevents', action_type: 'pretix.giftcards.transaction.redeemed', issuer_id: 1, issuer_slug: 'big', giftcard: 9, acceptor_id: null, acceptor_slug: null,
  }, (n) => `{"notification_id": ${n}, "issuer_id": 1, "issuer_slug": "big", "acceptor_id": null, "acceptor_slug": null, "giftcard": 9, "action": "pretix.giftcards.transaction.redeemed"}`],
  ['event deleted through the API (event null)', { organizer: 'bigevents', event: null, action_type: 'pretix.event.deleted' },
    (n) => `{"notification_id": ${n}, "organizer": "bigevents", "event": null, "action": "pretix.event.deleted"}`],
  ['plugin type with an order payload', { organizer: 'bigevents', event: 'democon', action_type: 'pretix.plugins.banktransfer.refund', code: 'PLG12' },
    (n) => `{"notification_id": ${n}, "organizer": "bigevents", "event": "democon", "code": "PLG12", "action": "pretix.plugins.banktransfer.refund"}`],
  ['plugin type with the default (event) payload', { organizer: 'bigevents', event: 'democon', action_type: 'pretix.plugins.example.synced' },
    (n) => `{"notification_id": ${n}, "organizer": "bigevents", "event": "democon", "action": "pretix.plugins.example.synced"}`],
  ['ensure_ascii escapes', { organizer: 'bigevents', event: 'democon', action_type: 'pretix.event.order.deleted', code: 'Zoë "q" \\ 😀\n\t\u0001\u007f/~' },
    (n) => `{"notification_id": ${n}, "organizer": "bigevents", "event": "democon", ` +
      String.raw`"code": "Zo\u00eb \"q\" \\ \ud83d\ude00\n\t\u0001\u007f/~", ` + '"action": "pretix.event.order.deleted"}'],
];

describe('every payload family arrives byte-exact', () => {
  for (const [name, request, expected] of FAMILIES) {
    test(name, async () => {
      const { id, body, result } = await deliver(request);
      assert.equal(body, expected(id));
      assert.deepEqual(result.generated, []);
      const [record] = await mock.server.deliveries.waitFor((r) => r.length > 0, { filter: { notification_id: id } });
      assert.equal(record!.payload, body);
      assert.deepEqual(result.payload, JSON.parse(body));
    });
  }
});

test("the request: POST with requests' headers and User-Agent, the target path and query", async () => {
  const { got, body } = await deliver({ organizer: 'bigevents', event: 'democon', action_type: 'pretix.event.order.placed', code: 'ABC23' });
  assert.equal(got.method, 'POST');
  assert.equal(got.url, '/hook?src=pretix');
  const pairs = [];
  for (let i = 0; i < got.rawHeaders.length; i += 2) pairs.push([got.rawHeaders[i], got.rawHeaders[i + 1]]);
  assert.deepEqual(pairs, [
    ['Host', `127.0.0.1:${receiver.port}`],
    ['User-Agent', 'python-requests/2.34.2'],
    ['Accept-Encoding', 'gzip, deflate'],
    ['Accept', '*/*'],
    ['Connection', 'keep-alive'],
    ['Content-Length', String(body.length)],
    ['Content-Type', 'application/json'],
  ]);
});

test('missing ids are generated, plausible, and named in the answer', async () => {
  const order = await deliver({ organizer: 'bigevents', action_type: 'pretix.event.order.placed' });
  assert.deepEqual(order.result.generated, ['event', 'code']);
  assert.equal(order.result.payload?.event, 'democon', "the organizer's first event");
  assert.match(String(order.result.payload?.code), /^[ABCDEFGHJKLMNPQRSTUVWXYZ3789]{5}$/);
  assert.equal(order.body, `{"notification_id": ${order.id}, "organizer": "bigevents", "event": "democon", "code": "${order.result.payload?.code}", "action": "pretix.event.order.placed"}`);

  const checkin = await deliver({ organizer: 'bigevents', event: 'democon', action_type: 'pretix.event.checkin' });
  assert.deepEqual(checkin.result.generated, ['code', 'orderposition_id', 'orderposition_positionid', 'checkin_list', 'type', 'first_checkin']);
  const p = checkin.result.payload!;
  assert.equal(p.orderposition_positionid, 1);
  assert.equal(p.type, 'entry');
  assert.equal(p.first_checkin, null);

  const reverted = await deliver({ organizer: 'bigevents', event: 'democon', action_type: 'pretix.event.checkin.reverted', code: 'CHK77' });
  assert.equal(reverted.result.payload?.type, null);
  assert.equal(reverted.result.payload?.first_checkin, null);
  for (const key of ['orderposition_id', 'checkin_list']) assert.ok(Number.isInteger(p[key]) && (p[key] as number) > 0, key);

  const customer = await deliver({ organizer: 'bigevents', action_type: 'pretix.customer.created' });
  assert.deepEqual(customer.result.generated, ['customer']);
  assert.match(String(customer.result.payload?.customer), /^[ABCDEFGHJKLMNPQRSTUVWXYZ3789]{7}$/);

  const transaction = await deliver({ organizer: 'bigevents', action_type: 'pretix.giftcards.transaction.created' });
  assert.deepEqual(transaction.result.generated, ['issuer_id', 'acceptor_id', 'giftcard']);
  assert.equal(transaction.result.payload?.issuer_slug, 'bigevents');
  assert.equal(transaction.result.payload?.acceptor_slug, 'bigevents');
  assert.equal(transaction.result.payload?.issuer_id, 1);
  assert.equal(transaction.result.payload?.acceptor_id, 1);
});

test('notification ids rise by one per notification, also for types no webhook type matches', async () => {
  const a = await mock.server.notify({ organizer: 'bigevents', action_type: 'pretix.event.order.comment' });
  const b = await mock.server.notify({ organizer: 'bigevents', action_type: 'pretix.event.order.comment' });
  assert.equal(b.notification_id, a.notification_id + 1);
  assert.deepEqual(b, {
    notification_id: b.notification_id, sandbox: 'shared', organizer: 'bigevents', action_type: 'pretix.event.order.comment',
    webhook_type: null, payload: null, generated: [], webhooks: [], skipped: [],
    warning: 'pretix.event.order.comment matches no registered webhook type (exactly, or as <prefix>.* with trailing segments stripped), ' +
      'so pretix would send it to no webhook. Nearest registered types: pretix.event.order.placed, pretix.event.order.canceled, pretix.event.order.denied.',
  });
});

test('an unmatched action type gets a warning naming the nearest registered types', async () => {
  const CASES: Array<[string, string[]]> = [
    ['pretix.event.order.plaed', ['pretix.event.order.placed', 'pretix.event.order.paid']],
    ['pretix.event.order.changed', ['pretix.event.order.changed.*']],
    ['pretix.giftcard.created', ['pretix.giftcards.created']],
    ['pretix.event.chekin', ['pretix.event.checkin']],
  ];
  for (const [actionType, nearest] of CASES) {
    const result = await mock.server.notify({ organizer: 'bigevents', action_type: actionType });
    assert.equal(result.webhook_type, null, actionType);
    const named = /Nearest registered types: (.*)\.$/.exec(result.warning ?? '')?.[1]?.split(', ') ?? [];
    assert.equal(named.length, 3, result.warning ?? actionType);
    assert.deepEqual(named.slice(0, nearest.length), nearest, actionType);
  }
  const matched = await mock.server.notify({ organizer: 'bigevents', event: 'democon', action_type: 'pretix.event.order.placed' });
  assert.equal(matched.warning, null);
});

test('the userAgent option changes the User-Agent; a value that is no header value is refused at start', async () => {
  const own = await startDeliveryMock({ userAgent: 'acme-check/2.0 (+https://acme.example)' });
  const ownReceiver = await Receiver.start([200]);
  try {
    await createWebhook(own, { target_url: ownReceiver.url(), action_types: ['pretix.event.order.paid'] });
    await own.server.notify({ organizer: 'bigevents', event: 'democon', action_type: 'pretix.event.order.paid' });
    const [got] = await ownReceiver.waitFor(1);
    assert.equal(got!.headers['user-agent'], 'acme-check/2.0 (+https://acme.example)');
  } finally {
    await own.close();
    await ownReceiver.close();
  }
  for (const userAgent of ['', ' padded', 'a\r\nX-Injected: 1', 'tab\there']) {
    await assert.rejects(startDeliveryMock({ userAgent }), /delivery option userAgent must be a non-empty header value/, JSON.stringify(userAgent));
  }
});
