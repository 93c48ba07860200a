import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createWebhook, startDeliveryMock, uniqueActionType } from '../helpers/delivery.js';
import { AUTH, BIGEVENTS } from '../helpers/mock.js';
import { Receiver } from '../helpers/receiver.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

const NOTIFICATIONS = 10_000;
const PARALLEL = 16;
const QUEUE = 1000;
const LOG = 500;

test(`a flood of ${NOTIFICATIONS} notifications keeps memory bounded and the API responsive`, { timeout: 120_000 }, async () => {
  // Every call fails, and pretix's first retry is 5 s away: retries pile up until the queue is full.
  const receiver = await Receiver.start([{ status: 503, body: 'busy' }]);
  const mock = await startDeliveryMock({ retryTimeScale: 1, queueSize: QUEUE, logSize: LOG, perHostConcurrency: 4 });
  try {
    const type = uniqueActionType();
    const webhook = await createWebhook(mock, { target_url: receiver.url(), action_types: [type] });
    // Warm up, then measure from a settled heap.
    for (let i = 0; i < 50; i++) await mock.server.notify({ organizer: 'bigevents', event: 'democon', action_type: 'pretix.event.order.comment' });
    const heapBefore = heapAfterGc();

    let sent = 0;
    let refused = 0;
    const flood = async () => {
      while (sent < NOTIFICATIONS) {
        sent++;
        const res = await mock.call('/__admin/notify', {
          method: 'POST', body: { organizer: 'bigevents', event: 'democon', action_type: type, code: 'FLD00' },
        });
        assert.equal(res.status, 200);
        if (!(res.body as { webhooks: Array<{ queued: boolean }> }).webhooks[0]!.queued) refused++;
      }
    };
    const latencies: number[] = [];
    let flooding = true;
    const probe = async () => {
      while (flooding) {
        const started = performance.now();
        const res = await mock.call(`${BIGEVENTS}${webhook}/`, { auth: AUTH.admin });
        assert.equal(res.status, 200);
        latencies.push(performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    const started = performance.now();
    const probing = probe();
    await Promise.all(Array.from({ length: PARALLEL }, flood));
    const seconds = (performance.now() - started) / 1000;
    flooding = false;
    await probing;

    const snapshot = await mock.server.deliveries.snapshot();
    const { stats } = snapshot;
    // New calls are refused once waiting plus retries reach the queue size; the calls already in
    // flight (at most the per-host concurrency) still become retries when they fail.
    assert.ok(stats.waiting + stats.pending_retries <= QUEUE + 4, JSON.stringify(stats));
    assert.ok(stats.in_flight <= 4, JSON.stringify(stats));
    assert.ok(stats.log_records <= LOG, JSON.stringify(stats));
    assert.equal(stats.dropped, refused);
    assert.ok(refused > 0 && refused < NOTIFICATIONS, `refused ${refused}`);
    assert.ok(receiver.received.length > 0);

    const heapGrowth = heapAfterGc() - heapBefore;
    latencies.sort((a, b) => a - b);
    const p50 = latencies[Math.floor(latencies.length / 2)]!;
    const p99 = latencies[Math.floor(latencies.length * 0.99)]!;
    const max = latencies[latencies.length - 1]!;
    const figures = {
      seconds: +seconds.toFixed(1), rate: Math.round(NOTIFICATIONS / seconds), refused, delivered: receiver.received.length,
      heapGrowthMiB: +(heapGrowth / 2 ** 20).toFixed(1), apiMs: { p50: +p50.toFixed(1), p99: +p99.toFixed(1), max: +max.toFixed(1), n: latencies.length },
    };
    console.log(`flood figures: ${JSON.stringify(figures)}`);
    assert.ok(heapGrowth < 64 * 2 ** 20, `heap grew by ${figures.heapGrowthMiB} MiB`);
    assert.ok(p50 < 250 && max < 2000, `API latency during the flood: ${JSON.stringify(figures.apiMs)}`);
  } finally {
    await mock.close();
    await receiver.close();
  }
});
