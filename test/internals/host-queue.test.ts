import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { HostQueue } from '../../src/delivery/host-queue.js';
import { turns, until } from './fake-clock.js';

/** A job named `host/n`; it runs until the test finishes it. */
type Job = string;

/** A queue whose jobs stay running until `finish(job)`; `started` lists them in start order. */
function queue(perHost: number, total: number) {
  const started: Job[] = [];
  const running = new Map<Job, () => void>();
  const q = new HostQueue<Job>({
    perHost,
    total,
    hostOf: (job) => job.split('/')[0]!,
    run: (job) =>
      new Promise<void>((resolve) => {
        started.push(job);
        running.set(job, resolve);
      }),
  });
  const finish = async (...jobs: Job[]) => {
    for (const job of jobs) {
      const resolve = running.get(job);
      assert.ok(resolve, `${job} is running`);
      running.delete(job);
      resolve();
    }
    await turns();
  };
  return { q, started, running, finish };
}

describe('HostQueue', () => {
  test('starts jobs on a later tick, never inside push()', async () => {
    const { q, started } = queue(2, 10);
    q.push('a/1');
    assert.deepEqual(started, []);
    assert.equal(q.waiting, 1);
    await until(() => started.length === 1);
    assert.deepEqual([q.waiting, q.active], [0, 1]);
  });

  const bounds: Array<[perHost: number, total: number, jobs: Job[], firstStarted: Job[]]> = [
    [1, 10, ['a/1', 'a/2', 'a/3'], ['a/1']],
    [2, 10, ['a/1', 'a/2', 'a/3'], ['a/1', 'a/2']],
    [1, 10, ['a/1', 'b/1', 'a/2', 'c/1'], ['a/1', 'b/1', 'c/1']],
    [3, 2, ['a/1', 'a/2', 'a/3', 'b/1'], ['a/1', 'a/2']],
    [2, 3, ['a/1', 'a/2', 'a/3', 'b/1', 'b/2'], ['a/1', 'a/2', 'b/1']],
  ];
  for (const [perHost, total, jobs, firstStarted] of bounds) {
    test(`perHost ${perHost}, total ${total}: of ${jobs.join(' ')} only ${firstStarted.join(' ')} run at first`, async () => {
      const { q, started } = queue(perHost, total);
      for (const job of jobs) q.push(job);
      await turns();
      assert.deepEqual(started, firstStarted);
      assert.deepEqual([q.active, q.waiting], [firstStarted.length, jobs.length - firstStarted.length]);
    });
  }

  test('within a host, first come first served; a finished job frees its slot for the next', async () => {
    const { q, started, finish } = queue(1, 10);
    for (const job of ['a/1', 'a/2', 'a/3', 'a/4']) q.push(job);
    await turns();
    for (const [done, next] of [['a/1', 'a/2'], ['a/2', 'a/3'], ['a/3', 'a/4']] as const) {
      await finish(done);
      assert.equal(started.at(-1), next);
    }
    await finish('a/4');
    assert.deepEqual(started, ['a/1', 'a/2', 'a/3', 'a/4']);
    assert.deepEqual([q.active, q.waiting], [0, 0]);
  });

  test('a slow host does not hold up another host', async () => {
    const { q, started, finish } = queue(1, 10);
    for (const job of ['slow/1', 'slow/2', 'fast/1', 'fast/2', 'fast/3']) q.push(job);
    await turns();
    await finish('fast/1');
    await finish('fast/2');
    assert.deepEqual(started, ['slow/1', 'fast/1', 'fast/2', 'fast/3']);
  });

  test('the total bound is shared: a slot freed on one host goes to a waiting job of another', async () => {
    const { q, started, finish } = queue(5, 2);
    for (const job of ['a/1', 'a/2', 'b/1']) q.push(job);
    await turns();
    assert.deepEqual(started, ['a/1', 'a/2']);
    await finish('a/1');
    assert.deepEqual(started, ['a/1', 'a/2', 'b/1']);
    assert.equal(q.active, 2);
  });

  test('never more than perHost per host nor total at once, under a mixed load', async () => {
    const perHost = 2;
    const total = 3;
    const { q, started, running, finish } = queue(perHost, total);
    const jobs = Array.from({ length: 40 }, (_, i) => `${'abcd'[i % 4]}/${i}`);
    for (const job of jobs) q.push(job);
    while (started.length < jobs.length || running.size > 0) {
      await turns();
      const hosts = [...running.keys()].map((job) => job.split('/')[0]);
      assert.ok(running.size <= total, `${running.size} running`);
      for (const host of new Set(hosts)) assert.ok(hosts.filter((h) => h === host).length <= perHost, `host ${host}`);
      await finish(running.keys().next().value!);
    }
    assert.deepEqual([...started].sort(), [...jobs].sort());
  });

  test('take() removes matching waiting jobs only; running ones finish', async () => {
    const { q, started, finish } = queue(1, 10);
    for (const job of ['a/1', 'a/2', 'a/3', 'b/1', 'b/2']) q.push(job);
    await turns();
    assert.deepEqual(q.take((job) => job.endsWith('/1') || job === 'a/3'), ['a/3']);
    assert.deepEqual(q.take((job) => job.startsWith('b')), ['b/2']);
    assert.equal(q.waiting, 1);
    await finish('a/1', 'b/1');
    assert.deepEqual(started, ['a/1', 'b/1', 'a/2']);
  });

  test('close() forgets waiting jobs and starts no more, even pushed later', async () => {
    const { q, started, finish } = queue(1, 10);
    for (const job of ['a/1', 'a/2']) q.push(job);
    await turns();
    q.close();
    q.push('b/1');
    assert.equal(q.waiting, 0);
    await finish('a/1');
    assert.deepEqual(started, ['a/1']);
    assert.equal(q.active, 0);
  });

  test('keeps FIFO order over thousands of jobs (the front is compacted as it goes)', async () => {
    const { q, started, finish } = queue(1, 1);
    const jobs = Array.from({ length: 3000 }, (_, i) => `a/${i}`);
    for (const job of jobs) q.push(job);
    await turns();
    for (let i = 0; i < 2000; i++) await finish(`a/${i}`);
    assert.deepEqual(q.take((job) => job === 'a/2500'), ['a/2500']);
    assert.equal(q.waiting, 3000 - 2001 - 1);
    assert.deepEqual(started, jobs.slice(0, 2001));
  });

  const invalid: Array<[perHost: number, total: number, message: string]> = [
    [0, 1, 'HostQueue: perHost must be a positive integer'],
    [1.5, 1, 'HostQueue: perHost must be a positive integer'],
    [1, 0, 'HostQueue: total must be a positive integer'],
    [1, Number.NaN, 'HostQueue: total must be a positive integer'],
  ];
  for (const [perHost, total, message] of invalid) {
    test(`perHost ${perHost}, total ${total} is refused`, () => {
      assert.throws(() => new HostQueue<Job>({ perHost, total, hostOf: () => '', run: async () => {} }), { message });
    });
  }
});
