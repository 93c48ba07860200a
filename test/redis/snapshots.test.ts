import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { after, before, describe, it } from 'node:test';
import { Replicas, type Replica } from '../helpers/replicas.js';
import { json } from './raw-http.js';
import { pool, until } from './wait.js';

const LIST = '/api/v1/organizers/bigevents/webhooks/';
const EVERY = 100;
const hook = (n: number | string) => ({ target_url: `https://s${n}.example.com/h`, action_types: ['pretix.event.order.placed'], all_events: true, limit_events: [] });

let cluster: Replicas;
let redis: Redis;

before(async () => {
  cluster = await Replicas.start(2, ['--redis-snapshot-every', String(EVERY)]);
  redis = new Redis(cluster.redis.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
});
after(async () => {
  redis?.disconnect();
  await cluster?.stop();
});

async function sandbox(): Promise<{ id: string; auth: string }> {
  const created = await json(cluster.random().url, 'POST', '/__admin/sandboxes', undefined, {});
  assert.equal(created.status, 201, created.body);
  return { id: created.json.id, auth: created.json.tokens['sandbox-bigevents-admin'] };
}

/** Every webhook of bigevents as one replica serves it, page by page (bounded). */
async function everyWebhook(replica: Replica, auth: string): Promise<unknown[]> {
  const all: unknown[] = [];
  let path: string | null = `${LIST}?page_size=50`;
  for (let page = 0; path && page < 1000; page++) {
    const list = await json(replica.url, 'GET', path, auth);
    assert.equal(list.status, 200, list.body);
    all.push(...(list.json.results as unknown[]));
    path = list.json.next ? new URL(list.json.next as string).pathname + new URL(list.json.next as string).search : null;
  }
  return all;
}

async function createMany(auth: string, n: number, on: () => Replica, from = 0): Promise<number[]> {
  const created = await pool(Array.from({ length: n }, (_, i) => i + from), 20, (i) => json(on().url, 'POST', LIST, auth, hook(i)));
  assert.deepEqual(created.filter((c) => c.status !== 201).map((c) => c.body), []);
  return created.map((c) => c.json.id as number);
}

describe(`snapshots in Redis every ${EVERY} entries, the log trimmed to the one before`, () => {
  it('the log stays bounded, and a replica started afterwards serves exactly what the others serve', { timeout: 120_000 }, async () => {
    const a = await sandbox();
    const b = await sandbox();
    const ids = await createMany(a.auth, 600, () => cluster.random());
    assert.equal(new Set(ids).size, 600);
    await createMany(b.auth, 50, () => cluster.random());
    assert.equal((await json(cluster.random().url, 'PATCH', `${LIST}${ids[7]}/`, a.auth, { comment: 'after' })).status, 200);
    const gone = await sandbox();
    assert.equal((await json(cluster.random().url, 'DELETE', `/__admin/sandboxes/${gone.id}`)).status, 204);

    await until(async () => (await redis.hget('pretix-mock:snapshot', 'floor')) !== null, 10_000);
    const length = await redis.xlen('pretix-mock:log');
    // At most two intervals of entries, their snapshot markers, and what was logged since the last snapshot.
    assert.ok(length <= 2 * EVERY + 50, `the log has ${length} entries`);

    const late = await cluster.add();
    for (const { auth } of [a, b]) {
      const expected = await everyWebhook(cluster.replicas[0]!, auth);
      assert.deepEqual(await everyWebhook(late, auth), expected);
      assert.deepEqual(await everyWebhook(cluster.replicas[1]!, auth), expected);
    }
    assert.equal((await json(late.url, 'GET', LIST, gone.auth)).status, 401, 'a sandbox deleted before the snapshot is not in it');
    const sandboxes = (r: Replica) => json(r.url, 'GET', '/__admin/sandboxes').then((l) => (l.json.results as Array<{ id: string }>).map((s) => s.id).sort());
    assert.deepEqual(await sandboxes(late), await sandboxes(cluster.replicas[0]!));
    // The new replica writes on: ids go on from the shared sequence.
    const next = await json(late.url, 'POST', LIST, a.auth, hook('late'));
    assert.equal(next.status, 201);
    assert.equal(next.json.id, Math.max(...ids) + 1);
  });

  it('a replica that lagged behind the trimmed log loads the snapshot and serves every write', { timeout: 120_000 }, async () => {
    const { id, auth } = await sandbox();
    const doomed = await sandbox();
    const [paused, writer] = [cluster.live[0]!, cluster.live[1]!];
    assert.equal((await json(paused.url, 'GET', LIST, auth)).status, 200);
    const pausedAt = Date.now();
    paused.run.child.kill('SIGSTOP');
    try {
      await createMany(auth, 3 * EVERY, () => writer);
      assert.equal((await json(writer.url, 'DELETE', `/__admin/sandboxes/${doomed.id}`)).status, 204);
      await createMany(auth, EVERY, () => writer, 3 * EVERY);
      await until(async () => {
        const [first] = (await redis.xrange('pretix-mock:log', '-', '+', 'COUNT', 1)) as Array<[string, string[]]>;
        return Number(first![0].split('-')[0]) > pausedAt;
      }, 10_000); // every entry from before the pause is trimmed away
    } finally {
      paused.run.child.kill('SIGCONT');
    }
    const expected = await everyWebhook(writer, auth);
    assert.equal(expected.length, 1 + 4 * EVERY);
    // Its Redis commands timed out while it was stopped: the first requests may get 503 (bounded).
    await until(async () => (await json(paused.url, 'GET', LIST, auth)).status === 200, 15_000);
    assert.deepEqual(await everyWebhook(paused, auth), expected);
    assert.equal((await json(paused.url, 'GET', LIST, doomed.auth)).status, 401);
    const listed = await json(paused.url, 'GET', '/__admin/sandboxes');
    const ids = (listed.json.results as Array<{ id: string }>).map((s) => s.id);
    assert.ok(ids.includes(id) && !ids.includes(doomed.id), JSON.stringify(ids));
  });
});
