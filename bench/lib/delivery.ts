import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServerProcess } from './proc.js';

/**
 * Notifications per second delivered end to end: a local receiver (200 for everything), one
 * webhook pointing at it, then `count` notifications, timed until the receiver has had them all.
 * `batch` 1: one `POST /__admin/notify` each, 32 requests at a time; more: `POST
 * /__admin/notify/batch` with that many notifications each, 4 requests at a time.
 */
export async function measureDelivery(server: ServerProcess, count: number, batch = 1): Promise<{ notificationsPerSecond: number; delivered: number }> {
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
    const one = { organizer: 'bigevents', event: 'democon', action_type: 'pretix.event.order.placed' };
    const notify = (n: number) =>
      fetch(`${server.url}/__admin/notify${batch > 1 ? '/batch' : ''}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(batch > 1 ? Array.from({ length: n }, () => one) : one),
      }).then(async (r) => {
        await r.arrayBuffer();
        if (r.status !== 200) throw new Error(`notify answered ${r.status}`);
      });
    const perRound = batch > 1 ? 4 * batch : 32;
    const start = performance.now();
    for (let sent = 0; sent < count; sent += perRound) {
      const round = Math.min(perRound, count - sent);
      const sizes = Array.from({ length: Math.ceil(round / batch) }, (_, i) => Math.min(batch, round - i * batch));
      await Promise.all(sizes.map(notify));
    }
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
