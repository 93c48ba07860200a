import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startRedis } from '../helpers/redis-server.js';
import { Replicas } from '../helpers/replicas.js';
import { json } from './raw-http.js';
import { until } from './wait.js';

const LIST = '/api/v1/organizers/bigevents/webhooks/';
const AUTH = 'Token sandbox-bigevents-admin';
const hook = (n: number | string) => ({ target_url: `https://t${n}.example.com/h`, action_types: ['pretix.event.order.placed'], all_events: true, limit_events: [] });
const dir = mkdtempSync(join(tmpdir(), 'pretix-mock-redis-'));

let cluster: Replicas;

before(async () => {
  cluster = await Replicas.start(2, [], { dir });
});
after(async () => {
  await cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('Redis killed and restarted with its data', () => {
  it('writes and reads fail at once with 503 while it is down, and both replicas serve again by themselves once it is back', { timeout: 60_000 }, async () => {
    const made = await json(cluster.random().url, 'POST', LIST, AUTH, hook(1));
    assert.equal(made.status, 201, made.body);
    const { port } = cluster.redis;
    cluster.redis.child.kill('SIGKILL');
    await until(async () => cluster.redis.child.exitCode !== null || cluster.redis.child.signalCode !== null, 5000);
    for (const replica of cluster.live) {
      const started = Date.now();
      const [read, write] = await Promise.all([json(replica.url, 'GET', LIST, AUTH), json(replica.url, 'POST', LIST, AUTH, hook(2))]);
      for (const r of [read, write]) {
        assert.equal(r.status, 503, r.body);
        assert.deepEqual(r.json, { detail: 'pretix-mock cannot reach its Redis, so its state may be stale: requests are refused until the connection is back.' });
        assert.equal(r.headers.find(([n]) => n === 'retry-after')?.[1], '1');
      }
      assert.ok(Date.now() - started < 5000, `answered after ${Date.now() - started} ms`);
    }
    cluster.redis = await startRedis(10_000, { dir, port });
    for (const replica of cluster.live) {
      await until(async () => (await json(replica.url, 'GET', LIST, AUTH)).status === 200, 20_000);
      const read = await json(replica.url, 'GET', `${LIST}${made.json.id}/`, AUTH);
      assert.deepEqual(read.json, made.json, 'the write acknowledged before the crash survived it');
    }
    const next = await json(cluster.random().url, 'POST', LIST, AUTH, hook(3));
    assert.equal(next.status, 201, next.body);
    assert.equal(next.json.id, made.json.id + 1, 'the id sequence survived too; the refused write took no id');
  });
});
