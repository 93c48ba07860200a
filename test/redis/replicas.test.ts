import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { RECORDINGS_DIR } from '../conformance/replay.js';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { startMockServer } from '../../src/index.js';
import { Receiver } from '../helpers/receiver.js';
import { Replicas, type Replica } from '../helpers/replicas.js';
import { json, send, type RawAnswer } from './raw-http.js';
import { pool, until } from './wait.js';

/** The recordings of a real pretix kept in the project (see their README); PRETIX_RECORDINGS picks others. */
const RECORDINGS = process.env.PRETIX_RECORDINGS ?? RECORDINGS_DIR;
const hook = (n: number | string) => ({ target_url: `https://r${n}.example.com/h`, action_types: ['pretix.event.order.placed'], all_events: true, limit_events: [] });
const LIST = '/api/v1/organizers/bigevents/webhooks/';

let cluster: Replicas;
/** A client of the test's Redis, to see the shared delivery state. */
let redis: Redis;

before(async () => {
  // A short call timeout makes the visibility timeout of a claimed call 10 s (its floor).
  cluster = await Replicas.start(3, ['--delivery-timeout', '2']);
  redis = new Redis(cluster.redis.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
});
after(async () => {
  redis?.disconnect();
  await cluster?.stop();
});

/**
 * Every queued call and pending retry of every replica is leased in Redis until its attempt has
 * ended (and a failed attempt leases its retry before it lets go of its own lease), so no lease
 * left means no call is still to come, from any replica.
 */
const noCallOutstanding = async () => (await redis.zcard('pretix-mock:delivery-deadlines')) === 0;

/** A fresh sandbox (shared by all replicas) and its admin credential. */
async function sandbox(): Promise<{ id: string; auth: string }> {
  const created = await json(cluster.random().url, 'POST', '/__admin/sandboxes', undefined, {});
  assert.equal(created.status, 201, created.body);
  return { id: created.json.id, auth: created.json.tokens['sandbox-bigevents-admin'] };
}

/** An answer with the server's origin written BASE and the headers that vary per run or per connection left out. */
function normalized(answer: RawAnswer, origin: string) {
  // A stored idempotent answer names the origin of the replica that made it (behind a load
  // balancer all replicas share one --site-url), so every replica's origin counts as BASE.
  const base = (text: string) => text.split(origin).join('BASE').replace(/http:\/\/127\.0\.0\.1:\d+/g, 'BASE');
  const headers = answer.headers
    .filter(([name]) => !['date', 'connection', 'keep-alive', 'content-length'].includes(name))
    .map(([name, value]) => [name, name === 'set-cookie' ? value.replace(/=[^;]*/, '=…').replace(/expires=[^;]*/i, 'expires=…') : base(value)]);
  return { status: answer.status, headers, body: base(answer.body) };
}

/** Every webhook of bigevents, page by page (bounded). */
async function everyWebhook(replica: Replica, auth: string): Promise<Array<{ id: number }>> {
  const all: Array<{ id: number }> = [];
  let path: string | null = `${LIST}?page_size=50`;
  for (let page = 0; path && page < 1000; page++) {
    const list = await json(replica.url, 'GET', path, auth);
    assert.equal(list.status, 200, list.body);
    all.push(...(list.json.results as Array<{ id: number }>));
    path = list.json.next ? new URL(list.json.next as string).pathname + new URL(list.json.next as string).search : null;
  }
  return all;
}

interface Exchange { i: number; request: { method: string; path: string; headers: Record<string, string>; body?: string } }

describe('three replicas on one Redis, each request to a random replica', () => {
  it('the conformance replay answers exactly as one in-memory process does', { timeout: 300_000, skip: !existsSync(RECORDINGS) && `no recordings at ${RECORDINGS}` }, async () => {
    const files = readdirSync(RECORDINGS).filter((f) => f.endsWith('.jsonl')).sort();
    assert.ok(files.length > 0);
    let exchanges = 0;
    for (const file of files) {
      const lines = readFileSync(`${RECORDINGS}/${file}`, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Exchange);
      const reference = await startMockServer();
      const reset = await json(cluster.random().url, 'POST', '/__admin/reset');
      assert.equal(reset.status, 200);
      try {
        for (const { i, request } of lines) {
          const replica = cluster.random();
          const answer = (url: string) =>
            send(url, request.method, request.path, request.headers, request.body).then((a) => normalized(a, url), (err: Error) => ({ error: err.message }));
          const mine = await answer(replica.url);
          assert.deepEqual(mine, await answer(reference.url), `${file} #${i}: ${request.method} ${request.path}`);
          exchanges++;
        }
      } finally {
        await reference.close();
      }
    }
    assert.ok(exchanges > 4000, `replayed ${exchanges}`);
  });

  it('1,000 concurrent creates across replicas give 1,000 distinct ids and an exact count', { timeout: 120_000 }, async () => {
    const { auth } = await sandbox();
    const before = await json(cluster.random().url, 'GET', LIST, auth);
    const created = await pool(Array.from({ length: 1000 }, (_, i) => i), 200, (i) => json(cluster.random().url, 'POST', LIST, auth, hook(i)));
    assert.deepEqual(created.filter((c) => c.status !== 201).map((c) => c.body), []);
    const ids = created.map((c) => c.json.id as number);
    assert.equal(new Set(ids).size, 1000);
    const first = before.json.count as number;
    assert.deepEqual([...ids].sort((a, b) => a - b), Array.from({ length: 1000 }, (_, i) => i + 3)); // the fixtures' next id is 3
    for (const replica of cluster.live) {
      const list = await json(replica.url, 'GET', LIST, auth);
      assert.equal(list.json.count, first + 1000, replica.url);
    }
  });

  it('create on one replica, then read on another: always visible', { timeout: 60_000 }, async () => {
    const { auth } = await sandbox();
    for (let i = 0; i < 200; i++) {
      const a = cluster.random();
      const b = cluster.random(a);
      const created = await json(a.url, 'POST', LIST, auth, hook(i));
      assert.equal(created.status, 201);
      const read = await json(b.url, 'GET', `${LIST}${created.json.id}/`, auth);
      assert.equal(read.status, 200, `${i}: ${read.body}`);
      assert.deepEqual(read.json, created.json);
      const patched = await json(b.url, 'PATCH', `${LIST}${created.json.id}/`, auth, { comment: `c${i}` });
      const again = await json(a.url, 'GET', `${LIST}${created.json.id}/`, auth);
      assert.deepEqual(again.json, patched.json);
    }
  });

  it('an idempotent retry on another replica gets the stored answer; a concurrent duplicate gets 409', { timeout: 60_000 }, async () => {
    const { auth } = await sandbox();
    for (let i = 0; i < 50; i++) {
      const a = cluster.random();
      const first = await json(a.url, 'POST', LIST, auth, hook(i), { 'X-Idempotency-Key': `retry-${i}` });
      const retry = await json(cluster.random(a).url, 'POST', LIST, auth, hook(i), { 'X-Idempotency-Key': `retry-${i}` });
      assert.equal(first.status, 201);
      assert.equal(retry.status, 201);
      assert.equal(retry.body, first.body);
    }
    const pairs = await Promise.all(Array.from({ length: 50 }, async (_, i) => {
      const a = cluster.random();
      const b = cluster.random(a);
      const headers = { 'X-Idempotency-Key': `race-${i}` };
      return Promise.all([json(a.url, 'POST', LIST, auth, hook(i), headers), json(b.url, 'POST', LIST, auth, hook(i), headers)]);
    }));
    for (const pair of pairs) {
      const statuses = pair.map((p) => p.status).sort();
      if (statuses[0] === 201 && statuses[1] === 201) assert.equal(pair[0].body, pair[1].body);
      else {
        assert.deepEqual(statuses, [201, 409]);
        const conflict = pair.find((p) => p.status === 409)!;
        assert.deepEqual(conflict.json, { detail: 'Concurrent request with idempotency key.' });
        assert.equal(conflict.headers.find(([n]) => n === 'retry-after')?.[1], '5');
      }
    }
    const fixtures = (await json(cluster.random().url, 'GET', LIST, auth)).json.count - 100;
    assert.equal(fixtures, 1, "the fixtures' one bigevents webhook, then one per key");
  });

  it('each notification reaches the receiver once, whichever replica got the notify', { timeout: 60_000 }, async () => {
    const receiver = await Receiver.start([200]);
    try {
      const { id, auth } = await sandbox();
      const made = await json(cluster.random().url, 'POST', LIST, auth, { ...hook('n'), target_url: receiver.url() });
      assert.equal(made.status, 201);
      const notified = await pool(Array.from({ length: 60 }, (_, i) => i), 10, async (i) => {
        const r = await json(cluster.random().url, 'POST', `/__admin/notify`, undefined, { sandbox: id, organizer: 'bigevents', action_type: 'pretix.event.order.placed', code: `N${String(i).padStart(4, '0')}` });
        assert.equal(r.status, 200, r.body);
        assert.equal(r.json.webhooks.length, 1);
        return r.json;
      });
      await receiver.waitFor(60, 20_000);
      await until(noCallOutstanding, 20_000); // after that, no duplicate can come
      assert.equal(receiver.received.length, 60);
      const codes = receiver.received.map((r) => (JSON.parse(r.body.toString()) as { code: string }).code).sort();
      assert.deepEqual(codes, notified.map((_, i) => `N${String(i).padStart(4, '0')}`));
      const logs = await Promise.all(cluster.live.map((r) => json(r.url, 'GET', `/__admin/deliveries?sandbox=${id}`)));
      for (const log of logs) {
        assert.equal(log.json.count, 60, 'every replica lists every attempt, whichever replica made it');
        assert.deepEqual(log.json.results, logs[0]!.json.results);
      }
    } finally {
      await receiver.close();
    }
  });

  it('a sandbox deleted on one replica is gone on all; the control plane lists the same sandboxes everywhere', async () => {
    const { id, auth } = await sandbox();
    const lists = await Promise.all(cluster.live.map((r) => json(r.url, 'GET', '/__admin/sandboxes')));
    for (const l of lists) assert.ok(l.json.results.some((s: { id: string }) => s.id === id));
    const a = cluster.random();
    assert.equal((await json(a.url, 'DELETE', `/__admin/sandboxes/${id}`)).status, 204);
    for (const r of cluster.live) {
      assert.equal((await json(r.url, 'DELETE', `/__admin/sandboxes/${id}`)).status, 404);
      const read = await json(r.url, 'GET', LIST, auth);
      assert.equal(read.status, 401, 'its token is unknown everywhere');
    }
  });

  it('a retry scheduled on a replica that is then killed with SIGKILL still runs, once', { timeout: 60_000 }, async () => {
    const receiver = await Receiver.start([500, 200]);
    try {
      const { id, auth } = await sandbox();
      assert.equal((await json(cluster.random().url, 'POST', LIST, auth, { ...hook('k'), target_url: receiver.url() })).status, 201);
      const owner = cluster.random();
      const notified = await json(owner.url, 'POST', '/__admin/notify', undefined, { sandbox: id, organizer: 'bigevents', action_type: 'pretix.event.order.placed', code: 'KILL1' });
      assert.equal(notified.json.webhooks.length, 1);
      await receiver.waitFor(1, 10_000);
      await until(async () => (await json(owner.url, 'GET', `/__admin/deliveries?sandbox=${id}`)).json.pending.length === 1, 10_000);
      await cluster.kill(owner);
      await cluster.add();
      const [first, retry] = await receiver.waitFor(2, 30_000); // due 5 s later, taken over 5 s after that
      assert.equal(retry!.body.toString(), first!.body.toString());
      await until(noCallOutstanding, 10_000);
      assert.equal(receiver.received.length, 2);
      // The delivery log is shared: every replica lists both attempts, the dead replica's first one too.
      for (const r of cluster.live) {
        const log = await json(r.url, 'GET', `/__admin/deliveries?sandbox=${id}`);
        assert.deepEqual(log.json.results.map((a: { retry_count: number; return_code: number }) => [a.retry_count, a.return_code]), [[1, 200], [0, 500]], r.url);
      }
    } finally {
      await receiver.close();
    }
  });

  it('a call whose replica dies mid-attempt is made again after the visibility timeout (at least once)', { timeout: 60_000 }, async () => {
    const receiver = await Receiver.start(['hang', 200]);
    try {
      const { id, auth } = await sandbox();
      assert.equal((await json(cluster.random().url, 'POST', LIST, auth, { ...hook('m'), target_url: receiver.url() })).status, 201);
      const owner = cluster.random();
      await json(owner.url, 'POST', '/__admin/notify', undefined, { sandbox: id, organizer: 'bigevents', action_type: 'pretix.event.order.placed', code: 'KILL2' });
      await receiver.waitFor(1, 10_000);
      await cluster.kill(owner);
      await cluster.add();
      const [first, again] = await receiver.waitFor(2, 30_000); // the claim lapses 10 s after the first attempt began
      assert.equal(again!.body.toString(), first!.body.toString());
      await until(noCallOutstanding, 10_000);
      assert.equal(receiver.received.length, 2, 'the call that was answered is not made again');
    } finally {
      await receiver.close();
    }
  });

  it('killing one replica during a write storm loses no acknowledged write', { timeout: 120_000 }, async () => {
    const { auth } = await sandbox();
    const acknowledged: Array<{ id: number; body: string }> = [];
    let failed = 0;
    const victim = cluster.random();
    let killed = false;
    await pool(Array.from({ length: 1200 }, (_, i) => i), 60, async (i) => {
      if (i === 400 && !killed) {
        killed = true;
        void cluster.kill(victim);
      }
      const target = killed ? cluster.random() : cluster.replicas[i % cluster.replicas.length]!;
      try {
        const r = await json(target.url, 'POST', LIST, auth, hook(i));
        if (r.status === 201) acknowledged.push({ id: r.json.id, body: r.body });
        else failed++;
      } catch {
        failed++; // the connection to the killed replica broke: not acknowledged
      }
    });
    assert.ok(acknowledged.length >= 800, `acknowledged ${acknowledged.length}, failed ${failed}`);
    const replacement = await cluster.add(); // replays the whole log
    for (const replica of cluster.live) {
      const stored = new Map<number, unknown>((await everyWebhook(replica, auth)).map((w) => [w.id, w]));
      for (const a of acknowledged) assert.deepEqual(stored.get(a.id), JSON.parse(a.body), `${replica === replacement ? 'new ' : ''}replica ${replica.url}: webhook ${a.id}`);
    }
  });

  it('Redis out of reach: reads and writes get 503 with a detail at once, and service resumes by itself', { timeout: 60_000 }, async () => {
    const { auth } = await sandbox();
    const replica = cluster.random();
    cluster.redis.child.kill('SIGSTOP');
    try {
      const started = Date.now();
      const [read, write] = await Promise.all([json(replica.url, 'GET', LIST, auth), json(replica.url, 'POST', LIST, auth, hook('x'))]);
      for (const r of [read, write]) {
        assert.equal(r.status, 503);
        assert.match(r.json.detail, /cannot reach its Redis/);
        assert.equal(r.headers.find(([n]) => n === 'retry-after')?.[1], '1');
      }
      assert.ok(Date.now() - started < 8000, `answered after ${Date.now() - started} ms`);
    } finally {
      cluster.redis.child.kill('SIGCONT');
    }
    const deadline = Date.now() + 20_000;
    let status = 0;
    while (Date.now() < deadline && status !== 200) {
      status = (await json(replica.url, 'GET', LIST, auth)).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(status, 200);
  });
});
