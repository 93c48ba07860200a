import { setTimeout as sleep } from 'node:timers/promises';

const CREATE = { target_url: 'https://example.com/churn', limit_events: [], action_types: ['pretix.event.order.placed'] };

async function call(url: string, method: string, path: string, expected: number, error: (text: string) => void, options: { auth?: string; body?: unknown } = {}) {
  try {
    const res = await fetch(url + path, {
      method, body: options.body === undefined ? undefined : JSON.stringify(options.body), signal: AbortSignal.timeout(10_000),
      headers: { ...(options.auth ? { authorization: options.auth } : {}), ...(options.body === undefined ? {} : { 'content-type': 'application/json' }) },
    });
    const text = await res.text();
    if (res.status !== expected) error(`${method} ${path}: expected ${expected}, got ${res.status} ${text.slice(0, 200)}`);
    return res.status === expected && text ? (JSON.parse(text) as unknown) : undefined;
  } catch (err) {
    error(`${method} ${path}: ${(err as Error).message}`);
    return undefined;
  }
}

/**
 * The control-plane side of the soak, until `stopped()`: short-lived sandboxes (created, written,
 * deleted), resets of the long-lived ones and the shared dataset, notifications delivered to the
 * loopback receiver, and journal and delivery-log queries.
 */
export async function churn(url: string, options: { sandboxes: Array<Record<string, string>>; stats: { sandboxesCreated: number; resets: number; notifications: number }; error: (text: string) => void; stopped: () => boolean }) {
  const { stats, error } = options;
  const ids = (await call(url, 'GET', '/__admin/sandboxes', 200, error)) as { results: Array<{ id: string }> };
  for (let tick = 0; !options.stopped(); tick++) {
    const created = (await call(url, 'POST', '/__admin/sandboxes', 201, error)) as { id: string; tokens: Record<string, string> } | undefined;
    if (created) {
      stats.sandboxesCreated++;
      const auth = created.tokens['sandbox-bigevents-admin'];
      for (let i = 0; i < 5; i++) await call(url, 'POST', '/api/v1/organizers/bigevents/webhooks/', 201, error, { auth, body: CREATE });
      await call(url, 'POST', '/__admin/notify', 200, error, { body: { sandbox: created.id, organizer: 'bigevents', event: 'democon', action_type: 'pretix.event.order.changed.item' } });
      await call(url, 'DELETE', `/__admin/sandboxes/${created.id}`, 204, error);
    }
    await call(url, 'POST', '/__admin/notify', 200, error, { body: { organizer: 'bigevents', event: 'democon', action_type: 'pretix.event.order.changed.item' } });
    stats.notifications += 2;
    if (tick % 10 === 0) {
      for (const s of ids.results) await call(url, 'POST', `/__admin/reset?sandbox=${s.id}`, 200, error);
      await call(url, 'POST', '/__admin/reset', 200, error);
      stats.resets += ids.results.length + 1;
      await call(url, 'GET', '/__admin/requests?method=POST&status=201', 200, error);
      await call(url, 'GET', '/__admin/deliveries?success=false', 200, error);
    }
    await sleep(100);
  }
}
