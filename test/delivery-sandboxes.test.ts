import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { DeliveryHub } from '../src/delivery/delivery-hub.js';
import type { Fixture } from '../src/store/fixture-types.js';
import { Sandbox } from '../src/store/sandbox.js';

// Real receivers, real HTTP: first the engine on its own, then the same through the control plane.

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
  } as unknown as Fixture; // events and organizers without the fields the delivery engine does not read
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

test('over HTTP: two sandboxes and the shared dataset each deliver only to their own webhooks, with their own notification ids', async () => {
  const { startMockServer } = await import('../src/index.js');
  const { Receiver } = await import('./helpers/receiver.js');
  const mock = await startMockServer();
  const receivers = await Promise.all([Receiver.start(), Receiver.start(), Receiver.start()]);
  try {
    const datasets = [mock, await mock.sandbox(), await mock.sandbox()];
    // The same webhook (id 3 everywhere: each dataset has its own sequence) to a receiver per dataset.
    for (const [i, d] of datasets.entries()) {
      const res = await fetch(`${d.url}/api/v1/organizers/bigevents/webhooks/`, {
        method: 'POST',
        headers: { authorization: d.tokens['sandbox-bigevents-admin']!, 'content-type': 'application/json' },
        body: JSON.stringify({ target_url: receivers[i]!.url(), all_events: true, limit_events: [], action_types: ['pretix.event.order.placed'] }),
      });
      assert.deepEqual([res.status, ((await res.json()) as { id: number }).id], [201, 3]);
    }
    // Dataset 1 gets two notifications, the others one each, all concurrently.
    const sent = await Promise.all([
      datasets[0]!.notify({ organizer: 'bigevents', action_type: 'pretix.event.order.placed', code: 'SHARD' }),
      datasets[1]!.notify({ organizer: 'bigevents', action_type: 'pretix.event.order.placed', code: 'ONE01' }),
      datasets[1]!.notify({ organizer: 'bigevents', action_type: 'pretix.event.order.placed', code: 'ONE02' }),
      datasets[2]!.notify({ organizer: 'bigevents', action_type: 'pretix.event.order.placed', code: 'TWO01' }),
    ]);
    assert.deepEqual(sent.map((s) => [s.sandbox, s.notification_id, s.webhooks.map((w) => w.id)]), [
      ['shared', 1, [3]],
      [datasets[1]!.id, 1, [3]], [datasets[1]!.id, 2, [3]], [datasets[2]!.id, 1, [3]],
    ]);
    const codes = async (r: Awaited<ReturnType<typeof Receiver.start>>, n: number) =>
      (await r.waitFor(n)).map((x) => (JSON.parse(x.body.toString()) as { code: string }).code).sort();
    assert.deepEqual(await codes(receivers[0]!, 1), ['SHARD']);
    assert.deepEqual(await codes(receivers[1]!, 2), ['ONE01', 'ONE02']);
    assert.deepEqual(await codes(receivers[2]!, 1), ['TWO01']);
    // Each sandbox's delivery log shows only its own calls (the server object sees every dataset,
    // like its journal, so the shared one is asked by filter).
    for (const [i, d] of datasets.entries()) {
      const filter = i === 0 ? { sandbox: 'shared' } : {};
      const records = await d.deliveries.waitFor((r) => r.length === (i === 1 ? 2 : 1) && r.every((x) => x.success), { timeout: 5000, filter });
      assert.ok(records.every((r) => r.sandbox === d.id && r.target_url === receivers[i]!.url()));
    }
  } finally {
    await Promise.all(receivers.map((r) => r.close()));
    await mock.close();
  }
});
