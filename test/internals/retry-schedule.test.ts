import { describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import pino from 'pino';
import { DeliveryLog } from '../../src/delivery/delivery-log.js';
import { RETRY_INTERVALS, retryInterval } from '../../src/delivery/retry-schedule.js';
import { SandboxDelivery } from '../../src/delivery/sandbox-delivery.js';
import { ScaledClock } from '../../src/delivery/scaled-clock.js';
import type { Attempt, Sender } from '../../src/delivery/sender.js';
import { SkipLog } from '../../src/delivery/skip-log.js';
import type { Fixture } from '../../src/store/fixture-types.js';
import { Sandbox } from '../../src/store/sandbox.js';
import { START_MS, turns, until, useFakeClock } from './fake-clock.js';

// pretix's send_webhook (src/pretix/api/webhooks.py): the wait after the attempt with retry_count k.
const PRETIX_SCHEDULE: Array<[retryCount: number, seconds: number | undefined]> = [
  [0, 5], [1, 30], [2, 60], [3, 300], [4, 1200], [5, 3600], [6, 14400], [7, 21600], [8, 43200], [9, 43200], [10, 86400],
  [11, undefined], [12, undefined],
];

describe('retryInterval', () => {
  for (const [retryCount, seconds] of PRETIX_SCHEDULE) {
    test(`after the attempt with retry_count ${retryCount}: ${seconds === undefined ? 'give up' : `${seconds} s`}`, () => {
      assert.equal(retryInterval(retryCount), seconds);
    });
  }

  test('12 attempts over 213,995 s (about 59.4 hours)', () => {
    assert.equal(RETRY_INTERVALS.length + 1, 12);
    assert.equal(RETRY_INTERVALS.reduce((a, b) => a + b, 0), 213_995);
  });
});

const fixture = JSON.parse(readFileSync(new URL('../../fixtures/default.json', import.meta.url), 'utf8')) as Fixture;

/** One sandbox's delivery on fake time, with a sender that answers each POST with the next status given. */
function delivery(t: TestContext, scale: number, statuses: (attempt: number) => number) {
  const clock = useFakeClock(t);
  const attemptsAt: number[] = [];
  const sender = {
    post: async (): Promise<Attempt> => {
      attemptsAt.push(clock.now() - START_MS);
      const returnCode = statuses(attemptsAt.length);
      return { returnCode, success: returnCode < 300, responseBody: '', executionTime: 0.001, blocked: false };
    },
  } as unknown as Sender;
  const log = new DeliveryLog({ maxRecords: 100, maxChars: 1_000_000 });
  const service = new SandboxDelivery(new Sandbox('s1', structuredClone(fixture)), {
    log, skips: new SkipLog(100), sender, clock: new ScaledClock(scale), logger: pino({ level: 'silent' }),
    queueSize: 10, perHostConcurrency: 1, totalConcurrency: 1,
  });
  t.after(() => service.close());
  // Webhook 1 of the default fixtures: acme, all events, pretix.event.order.placed.
  const notify = () => service.notify({ organizer: 'acme', action_type: 'pretix.event.order.placed' });
  return { clock, attemptsAt, log, service, notify };
}

describe("SandboxDelivery follows pretix's retry schedule", () => {
  for (const scale of [1, 0.001]) {
    test(`a receiver that always fails gets 12 attempts at pretix's intervals, then none (scale ${scale})`, async (t) => {
      const { clock, attemptsAt, log, service, notify } = delivery(t, scale, () => 500);
      assert.deepEqual(notify().webhooks, [{ id: 1, target_url: 'https://hooks.acme.example/pretix', queued: true }]);
      await until(() => attemptsAt.length === 1);
      let expectedAt = 0;
      for (const [retryCount, seconds] of PRETIX_SCHEDULE.slice(0, 11)) {
        await until(() => service.stats.pending_retries === 1);
        const waitMs = seconds! * 1000 * scale;
        assert.deepEqual(service.pending().map((p) => [p.retry_count, p.interval]), [[retryCount + 1, seconds]]);
        if (waitMs >= 1) {
          clock.advance(waitMs - 1);
          await turns();
          assert.equal(attemptsAt.length, retryCount + 1, `no attempt before ${seconds} s have passed`);
          clock.advance(1);
        } else clock.advance(waitMs);
        expectedAt += waitMs;
        await until(() => attemptsAt.length === retryCount + 2);
        assert.equal(attemptsAt.at(-1), expectedAt);
      }
      await until(() => log.list().length === 12);
      clock.advance(30 * 86_400_000);
      await turns();
      assert.equal(attemptsAt.length, 12, 'given up after the attempt with retry_count 11');
      assert.deepEqual(service.stats, { waiting: 0, in_flight: 0, pending_retries: 0, dropped: 0 });
      assert.deepEqual(log.list().map((r) => r.retry_count).reverse(), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
      assert.deepEqual(log.list().map((r) => r.is_retry), Array(12).fill(false));
    });
  }

  const outcomes: Array<[name: string, status: (attempt: number) => number, attempts: number]> = [
    ['a 2xx on the third attempt ends the retries', (n) => (n < 3 ? 503 : 200), 3],
    ['no answer (return code 0) is retried like an error status', (n) => (n < 2 ? 0 : 201), 2],
    ['410 Gone is not retried', () => 410, 1],
    ['a 3xx is a failure and retried', (n) => (n < 2 ? 302 : 299), 2],
  ];
  for (const [name, status, attempts] of outcomes) {
    test(name, async (t) => {
      const { clock, attemptsAt, service, notify } = delivery(t, 1, status);
      notify();
      for (let n = 1; n < attempts; n++) {
        await until(() => service.stats.pending_retries === 1);
        clock.advance(retryInterval(n - 1)! * 1000);
      }
      await until(() => attemptsAt.length === attempts && service.stats.in_flight === 0);
      clock.advance(30 * 86_400_000);
      await turns();
      assert.equal(attemptsAt.length, attempts);
      assert.equal(service.stats.pending_retries, 0);
    });
  }
});
