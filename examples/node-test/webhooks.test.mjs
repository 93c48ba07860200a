// node:test against pretix-mock: start once, reset or take a sandbox per test, close at the end.
// Run: npm run test:examples (builds the package first; `pretix-mock` resolves to dist/).
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { startMockServer } from 'pretix-mock';

const WEBHOOKS = '/api/v1/organizers/bigevents/webhooks/';

/** The client under test: a tiny pretix webhooks client that retries 503 and 429 answers. */
async function createWebhook(baseUrl, authorization, body, { retries = 2 } = {}) {
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(`${baseUrl}${WEBHOOKS}`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json', 'x-idempotency-key': 'example-create' },
      body: JSON.stringify(body),
    });
    if ((res.status === 503 || res.status === 429) && attempt < retries) continue;
    return { status: res.status, body: await res.json() };
  }
}

const BODY = {
  target_url: 'https://example.org/hooks',
  all_events: false,
  limit_events: ['democon'],
  action_types: ['pretix.event.order.placed'],
};

let mock;
before(async () => {
  mock = await startMockServer();
});
after(() => mock.close());

describe('with reset() per test', () => {
  beforeEach(async () => {
    await mock.reset();
    await mock.clearRequests();
    await mock.faults.clear();
  });

  test('creates a webhook (the docs say it gets id 3)', async () => {
    const res = await createWebhook(mock.url, mock.tokens['sandbox-bigevents-admin'], BODY);
    assert.equal(res.status, 201);
    assert.equal(res.body.id, 3);
    assert.equal(await mock.countRequests({ method: 'POST', body: { target_url: BODY.target_url } }), 1);
  });

  test('retries once after a 503 and still creates exactly one webhook', async () => {
    await mock.faults.add({ match: { operationId: 'createWebhook' }, times: 1, effect: { type: 'respond', status: 503 } });
    const res = await createWebhook(mock.url, mock.tokens['sandbox-bigevents-admin'], BODY);
    assert.equal(res.status, 201);
    assert.equal(await mock.countRequests({ operationId: 'createWebhook' }), 2);
    const state = await mock.state();
    assert.equal(state.webhooks.length, 3);
  });
});

describe('with a sandbox per test', () => {
  let sandbox;
  beforeEach(async () => {
    sandbox = await mock.sandbox();
  });

  test('sees only its own webhooks', async () => {
    const res = await createWebhook(sandbox.url, sandbox.tokens['sandbox-bigevents-admin'], BODY);
    assert.equal(res.body.id, 3);
    assert.equal(await sandbox.countRequests(), 1);
    await sandbox.close();
  });
});
