import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { Receiver } from '../helpers/receiver.js';
import { Replicas } from '../helpers/replicas.js';
import { json } from './raw-http.js';
import { until } from './wait.js';

let cluster: Replicas;
let redis: Redis;

before(async () => {
  cluster = await Replicas.start(2, ['--max-sandboxes', '3', '--delivery-log-size', '5']);
  redis = new Redis(cluster.redis.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
});
after(async () => {
  redis?.disconnect();
  await cluster?.stop();
});

describe('the caps are one for all replicas', () => {
  it('the delivery log is shared and capped: every replica lists the same last 5 attempts; a reset through one clears it on all', { timeout: 60_000 }, async () => {
    const receiver = await Receiver.start([200]);
    try {
      const auth = 'Token sandbox-bigevents-admin';
      const made = await json(cluster.random().url, 'POST', '/api/v1/organizers/bigevents/webhooks/', auth, {
        target_url: receiver.url(), action_types: ['pretix.event.order.placed'], all_events: true, limit_events: [],
      });
      assert.equal(made.status, 201, made.body);
      for (let i = 0; i < 12; i++) {
        const r = await json(cluster.random().url, 'POST', '/__admin/notify', undefined, { organizer: 'bigevents', action_type: 'pretix.event.order.placed', code: `L${String(i).padStart(4, '0')}` });
        assert.equal(r.status, 200, r.body);
      }
      await receiver.waitFor(12, 20_000);
      await until(async () => (await redis.zcard('pretix-mock:delivery-deadlines')) === 0, 20_000);
      const lists = await Promise.all(cluster.live.map((r) => json(r.url, 'GET', `/__admin/deliveries?webhook=${made.json.id}`)));
      for (const list of lists) {
        assert.equal(list.status, 200);
        assert.equal(list.json.count, 5);
        assert.deepEqual(list.json.results.map((r: { id: number }) => r.id), [12, 11, 10, 9, 8]);
        assert.equal(list.json.stats.log_records, 5);
        assert.equal(list.json.stats.log_evicted, 7);
        assert.deepEqual(list.json.results, lists[0]!.json.results);
      }
      const codes = lists[0]!.json.results.map((r: { payload: string }) => (JSON.parse(r.payload) as { code: string }).code).sort();
      const arrived = receiver.received.map((r) => (JSON.parse(r.body.toString()) as { code: string }).code).sort().slice(-5);
      assert.deepEqual(codes.length, 5);
      assert.ok(codes.every((c: string) => receiver.received.some((r) => r.body.toString().includes(c))), `${codes} / ${arrived}`);
      const [a, b] = cluster.replicas;
      assert.equal((await json(a!.url, 'POST', '/__admin/reset')).status, 200);
      const after = await json(b!.url, 'GET', '/__admin/deliveries');
      assert.equal(after.json.count, 0, after.body);
    } finally {
      await receiver.close();
    }
  });

  it('10 concurrent creates across replicas: exactly 3 sandboxes, the rest 429; a delete on one frees a place on the other', { timeout: 60_000 }, async () => {
    const answers = await Promise.all(Array.from({ length: 10 }, () => json(cluster.random().url, 'POST', '/__admin/sandboxes', undefined, {})));
    const created = answers.filter((a) => a.status === 201);
    assert.equal(created.length, 3, answers.map((a) => `${a.status} ${a.body}`).join('\n'));
    for (const refused of answers.filter((a) => a.status !== 201)) {
      assert.equal(refused.status, 429);
      assert.deepEqual(refused.json, { detail: 'All 3 sandboxes are in use (--max-sandboxes). Delete one (DELETE /__admin/sandboxes/{id}) or wait for an idle one to expire.' });
      assert.match(refused.headers.find(([n]) => n === 'retry-after')?.[1] ?? '', /^[1-9]\d*$/);
    }
    const [a, b] = cluster.replicas;
    assert.equal((await json(a!.url, 'DELETE', `/__admin/sandboxes/${created[0]!.json.id}`)).status, 204);
    assert.equal((await json(b!.url, 'DELETE', `/__admin/sandboxes/${created[0]!.json.id}`)).status, 404);
    assert.equal((await json(b!.url, 'POST', '/__admin/sandboxes', undefined, {})).status, 201);
    assert.equal((await json(a!.url, 'POST', '/__admin/sandboxes', undefined, {})).status, 429);
  });

  // Last: it ends this cluster's world.
  it('Redis flushed (or restarted without its data): every replica says so with 503 instead of serving a world nobody shares', { timeout: 30_000 }, async () => {
    assert.equal((await json(cluster.random().url, 'GET', '/api/v1/organizers/bigevents/webhooks/', 'Token sandbox-bigevents-admin')).status, 200);
    await redis.flushall();
    for (const replica of cluster.live) {
      for (const [method, path, body] of [['GET', '/api/v1/organizers/bigevents/webhooks/'], ['POST', '/api/v1/organizers/bigevents/webhooks/', { target_url: 'https://x.example.com/', action_types: ['pretix.event.order.placed'] }], ['GET', '/__admin/health']] as const) {
        const r = await json(replica.url, method, path, 'Token sandbox-bigevents-admin', body);
        assert.equal(r.status, 503, `${method} ${path}: ${r.body}`);
        assert.deepEqual(r.json, { detail: "pretix-mock's Redis no longer holds this world (it was flushed, or restarted without its data): restart the replicas to start a new one." });
      }
    }
  });
});
