// reset(): everything by default (dataset, id sequence, idempotency keys, journal, fault rules,
// held requests, delivery log and pending retries; coverage kept), `only` for the narrow forms.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { createWebhook, startDeliveryMock, uniqueActionType } from './helpers/delivery.js';
import { AUTH, BIGEVENTS, DOCS_BODY, type TestMock } from './helpers/mock.js';

let mock: TestMock;
before(async () => (mock = await startDeliveryMock({ retryTimeScale: 1 })));
after(() => mock.close());
beforeEach(() => mock.server.reset());

const post = (body: object, headers: Record<string, string> = {}) =>
  mock.call(BIGEVENTS, { method: 'POST', body, headers: { authorization: AUTH.admin, ...headers } });

/** A webhook whose call is refused, so one retry waits a minute; resolves once it waits. */
async function pendingRetry(): Promise<number> {
  const type = uniqueActionType();
  const webhook = await createWebhook(mock, { target_url: 'http://127.0.0.1:9/refused', action_types: [type] });
  await mock.server.notify({ organizer: 'bigevents', event: 'democon', action_type: type });
  await mock.server.deliveries.waitFor((_, s) => s.pending.length === 1, { timeout: 30_000, filter: { webhook } });
  return webhook;
}

/** A request held by a hang fault; resolves to how it ended. */
function heldRequest(): Promise<string> {
  return fetch(`${mock.url}${BIGEVENTS}`, { headers: { authorization: AUTH.admin }, signal: AbortSignal.timeout(30_000) }).then(
    (res) => `answered ${res.status}`,
    (err: Error) => `ended: ${err.name}`,
  );
}

async function waitForHold(): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    if ((await mock.server.faults.list()).some((r) => r.effect.type === 'hang' && r.hits === 1)) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('the held request did not arrive');
}

describe('reset() restores everything by default', () => {
  test('dataset, id sequence, idempotency keys, journal, faults, holds, deliveries; coverage stays', async () => {
    assert.equal((await post(DOCS_BODY, { 'x-idempotency-key': 'k1' })).status, 201);
    await mock.server.faults.add({ match: { operationId: 'getWebhook' }, effect: { type: 'respond', status: 503 } });
    const webhook = await pendingRetry();
    await mock.server.faults.add({ match: { operationId: 'listWebhooks' }, times: 1, effect: { type: 'hang' } });
    const held = heldRequest();
    await waitForHold();
    const coverageBefore = (await mock.server.coverage()).exercised;

    await mock.server.reset();

    assert.equal(await held, 'ended: TypeError', 'the held (hanging) request ended');
    assert.deepEqual(await mock.server.faults.list(), []);
    assert.deepEqual(await mock.server.deliveries.list({ webhook }), []);
    assert.deepEqual(await mock.server.deliveries.pending(), []);
    assert.equal(await mock.server.countRequests(), 0);
    assert.ok((await mock.server.coverage()).exercised >= coverageBefore, 'coverage is kept');
    const again = await post({ ...DOCS_BODY, comment: 'after reset' }, { 'x-idempotency-key': 'k1' });
    assert.equal(again.status, 201);
    assert.equal((again.body as { id: number; comment: string }).comment, 'after reset', 'the key was forgotten');
    assert.equal((again.body as { id: number }).id, 1, 'the id sequence of the delivery fixture starts again');
    assert.equal(await mock.server.countRequests({ method: 'POST' }), 1);
  });

  test('the same over HTTP: POST /__admin/reset', async () => {
    await mock.server.faults.add({ effect: { type: 'respond', status: 503 } });
    await post(DOCS_BODY);
    const res = await mock.call('/__admin/reset', { method: 'POST' });
    assert.equal(res.status, 200);
    assert.equal(((await mock.call('/__admin/faults')).body as { count: number }).count, 0);
    assert.equal(((await mock.call('/__admin/requests')).body as { count: number }).count, 0);
  });

  test('only: the narrow forms', async () => {
    await mock.server.faults.add({ match: { operationId: 'getWebhook' }, effect: { type: 'respond', status: 503 } });
    assert.equal((await post(DOCS_BODY)).status, 201);
    await mock.server.reset({ only: ['journal'] });
    assert.equal(await mock.server.countRequests(), 0);
    assert.equal((await mock.server.faults.list()).length, 1);
    assert.equal((await mock.server.state()).webhooks.length, 1, 'the dataset is kept');

    assert.equal((await post(DOCS_BODY)).status, 201);
    await mock.server.reset({ only: ['dataset', 'faults'] });
    assert.deepEqual((await mock.server.state()).webhooks, []);
    assert.deepEqual(await mock.server.faults.list(), []);
    assert.equal(await mock.server.countRequests({ method: 'POST' }), 1, 'the journal is kept');

    const res = await mock.call('/__admin/reset?only=dataset,journal', { method: 'POST' });
    assert.equal(res.status, 200);
    assert.equal(await mock.server.countRequests(), 0);
  });

  test('an unknown part is refused with 400', async () => {
    const res = await mock.call('/__admin/reset?only=dataset,everything', { method: 'POST' });
    assert.equal(res.status, 400);
    assert.match(JSON.stringify(res.body), /only/);
  });

  test('a sandbox reset restores only that sandbox: its journal and rules, not the others', async () => {
    const sb = await mock.server.sandbox();
    try {
      await sb.faults.add({ match: { operationId: 'getWebhook' }, effect: { type: 'respond', status: 503 } });
      await mock.server.faults.add({ match: { operationId: 'getWebhook' }, effect: { type: 'respond', status: 502 } });
      await fetch(`${sb.url}${BIGEVENTS}`, { headers: { authorization: sb.tokens['sandbox-bigevents-admin']! } });
      assert.equal((await post(DOCS_BODY)).status, 201);
      await sb.reset();
      assert.equal(await sb.countRequests(), 0);
      assert.deepEqual(await sb.faults.list(), []);
      assert.equal((await mock.server.faults.list()).length, 1, 'the shared rule stays');
      assert.equal(await mock.server.countRequests({ method: 'POST' }), 1, 'shared requests stay in the journal');
    } finally {
      await sb.close();
    }
  });
});
