import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServerProcess } from './proc.js';

/**
 * Notifications per second delivered end to end: a local receiver (200 for everything), one
 * webhook pointing at it, then `count` notifications through `POST /__admin/notify` (32 at a
 * time), timed until the receiver has had them all.
 */
export async function measureDelivery(server: ServerProcess, count: number): Promise<{ notificationsPerSecond: number; delivered: number }> {
  let received = 0;
  let allDone!: () => void;
  const done = new Promise<void>((resolve) => (allDone = resolve));
  const receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.end('ok');
      if (++received === count) allDone();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const target = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  try {
    const created = await fetch(`${server.url}/api/v1/organizers/bigevents/webhooks/`, {
      method: 'POST',
      headers: { authorization: 'Token sandbox-bigevents-admin', 'content-type': 'application/json' },
      body: JSON.stringify({ target_url: target, all_events: true, limit_events: [], action_types: ['pretix.event.order.placed'] }),
    });
    if (created.status !== 201) throw new Error(`creating the benchmark webhook failed: ${created.status}`);
    const notify = () =>
      fetch(`${server.url}/__admin/notify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ organizer: 'bigevents', event: 'democon', action_type: 'pretix.event.order.placed' }),
      }).then((r) => r.arrayBuffer());
    const start = performance.now();
    for (let sent = 0; sent < count; sent += 32) await Promise.all(Array.from({ length: Math.min(32, count - sent) }, notify));
    const timeout = setTimeout(allDone, 60_000);
    await done;
    clearTimeout(timeout);
    const seconds = (performance.now() - start) / 1000;
    return { notificationsPerSecond: Math.round(received / seconds), delivered: received };
  } finally {
    receiver.closeAllConnections();
    receiver.close();
  }
}
