import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createWebhook, startDeliveryMock, uniqueActionType } from './helpers/delivery.js';
import type { TestMock } from './helpers/mock.js';
import { Receiver } from './helpers/receiver.js';

let mock: TestMock;
let receiver: Receiver;

before(async () => {
  receiver = await Receiver.start([200]);
  // The real schedule, so the retry each blocked attempt earns is still pending when we look.
  mock = await startDeliveryMock({ blockPrivateNetworks: true, retryTimeScale: 1 });
});
after(async () => {
  await mock.close();
  await receiver.close();
});

test('--block-private-networks: every private target is refused like on pretix.eu, shown as blocked, never retried', async () => {
  const port = receiver.port;
  const CASES: Array<[string, string | RegExp]> = [
    [`http://127.0.0.1:${port}/hook`, 'Request to local address 127.0.0.1 blocked'],
    [`http://localhost:${port}/hook`, /^Request to local address (127\.0\.0\.1|::1) blocked$/], // checked after DNS
    [`http://[::1]:${port}/hook`, 'Request to local address ::1 blocked'],
    [`http://[::ffff:127.0.0.1]:${port}/hook`, 'Request to local address ::ffff:127.0.0.1 blocked'],
    ['http://10.1.2.3/hook', 'Request to private address 10.1.2.3 blocked'],
    ['http://172.20.0.1/hook', 'Request to private address 172.20.0.1 blocked'],
    ['http://192.168.1.1/hook', 'Request to private address 192.168.1.1 blocked'],
    ['http://[fd00::1]/hook', 'Request to private address fd00::1 blocked'],
    ['http://169.254.169.254/latest/meta-data', 'Request to local address 169.254.169.254 blocked'],
    ['http://[fe80::1]/hook', 'Request to local address fe80::1 blocked'],
    ['http://100.64.0.1/hook', 'Request to RFC 6598 address 100.64.0.1 blocked'],
    ['http://[::ffff:100.100.1.1]/hook', 'Request to RFC 6598 address ::ffff:100.100.1.1 blocked'],
    ['http://224.0.0.1/hook', 'Request to multicast address 224.0.0.1 blocked'],
  ];
  for (const [target, expected] of CASES) {
    const type = uniqueActionType();
    const webhook = await createWebhook(mock, { target_url: target, action_types: [type] });
    await mock.server.notify({ organizer: 'bigevents', event: 'democon', action_type: type });
    const [call] = await mock.server.deliveries.waitFor((r) => r.length > 0, { filter: { webhook } });
    assert.equal(call!.blocked, true, target);
    assert.equal(call!.return_code, 0, target);
    assert.equal(call!.success, false, target);
    if (typeof expected === 'string') assert.equal(call!.response_body, expected, target);
    else assert.match(call!.response_body, expected, target);
    // pretix raises the refusal inside urllib3, outside what send_webhook catches: no retry.
    assert.deepEqual(await mock.server.deliveries.pending({ webhook }), [], target);
  }
  assert.equal(receiver.received.length, 0);
});
