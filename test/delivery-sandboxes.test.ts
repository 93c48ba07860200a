import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { DeliveryHub } from '../src/delivery/delivery-hub.js';
import type { Fixture } from '../src/store/fixture-types.js';
import { Sandbox } from '../src/store/sandbox.js';

// Engine level: the control plane for creating sandboxes comes with issue 3. Real receivers, real HTTP.

function dataset(targetUrl: string): Fixture {
  return {
    organizers: [{ slug: 'bigevents', name: 'Big Events' }],
    events: [{ organizer: 'bigevents', slug: 'democon', name: 'DemoCon' }],
    teams: [], team_tokens: [], devices: [], oauth_tokens: [], plugin_action_types: [],
    webhooks: [{
      id: 1, organizer: 'bigevents', enabled: true, target_url: targetUrl, all_events: true, limit_events: [],
      action_types: ['pretix.event.order.placed'], comment: null,
    }],
    webhook_next_id: 2,
  };
}

test('sandboxes deliver independently: own notification ids, own per-host limit, a hanging receiver in one does not hold up the other', async () => {
  const hanging = new Set<ServerResponse>();
  const got: string[] = [];
  const server = createServer((req, res) => {
    got.push(req.url ?? '');
    if (req.url === '/slow') hanging.add(res);
    else res.end('ok');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // One call per host at a time: if the limit were shared, sandbox b would wait behind a's hanging call.
  const hub = new DeliveryHub({ perHostConcurrency: 1, timeoutSeconds: 30 });
  try {
    const a = hub.for(new Sandbox('a', dataset(`${base}/slow`)));
    const b = hub.for(new Sandbox('b', dataset(`${base}/fast`)));
    const placed = { organizer: 'bigevents', event: 'democon', action_type: 'pretix.event.order.placed', code: 'ABC23' };
    assert.equal(a.notify(placed).notification_id, 1);
    assert.equal(a.notify(placed).notification_id, 2);
    assert.equal(b.notify(placed).notification_id, 1, 'ids rise per sandbox');
    const deadline = Date.now() + 5000;
    while (hub.list({ sandbox: 'b' }).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    const [record] = hub.list({ sandbox: 'b' });
    assert.deepEqual([record?.sandbox, record?.return_code, record?.notification_id], ['b', 200, 1]);
    assert.deepEqual(hub.stats({ sandbox: 'a' }), { waiting: 1, in_flight: 1, pending_retries: 0, dropped: 0, log_records: 1, log_evicted: 0 });
    assert.deepEqual(got.sort(), ['/fast', '/slow']);
  } finally {
    const closing = Date.now();
    await hub.close();
    assert.ok(Date.now() - closing < 2000);
    server.closeAllConnections();
    server.close();
  }
});
