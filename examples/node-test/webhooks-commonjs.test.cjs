// node:test in a CommonJS project (no "type": "module", as `npm init -y` makes it):
// require('pretix-mock') starts the server in a child process and talks to it over HTTP.
// Run: npm run test:examples (builds the package first; `pretix-mock` resolves to dist/).
const assert = require('node:assert/strict');
const { after, before, beforeEach, test } = require('node:test');
const { startMockServer } = require('pretix-mock');

const WEBHOOKS = '/api/v1/organizers/bigevents/webhooks/';

let mock;
before(async () => {
  mock = await startMockServer();
});
after(() => mock.close());
beforeEach(() => mock.reset()); // everything: dataset, journal, fault rules, deliveries

test('creates a webhook and the journal counts one POST', async () => {
  const res = await fetch(`${mock.url}${WEBHOOKS}`, {
    method: 'POST',
    headers: { Authorization: mock.tokens['sandbox-bigevents-admin'], 'Content-Type': 'application/json' },
    body: JSON.stringify({ target_url: 'https://example.org/hook', limit_events: [], action_types: ['pretix.event.order.placed'] }),
  });
  assert.equal(res.status, 201);
  assert.equal((await res.json()).id, 3);
  assert.equal(await mock.countRequests({ method: 'POST' }), 1);
});

test('a second test starts from scratch: id 3 again, one POST again', async () => {
  await mock.faults.add({ match: { operationId: 'createWebhook' }, times: 1, effect: { type: 'respond', status: 503 } });
  const post = () => fetch(`${mock.url}${WEBHOOKS}`, {
    method: 'POST',
    headers: { Authorization: mock.tokens['sandbox-bigevents-admin'], 'Content-Type': 'application/json' },
    body: JSON.stringify({ target_url: 'https://example.org/hook', limit_events: [], action_types: ['pretix.event.order.placed'] }),
  });
  assert.equal((await post()).status, 503);
  const res = await post();
  assert.equal(res.status, 201);
  assert.equal((await res.json()).id, 3);
  assert.equal(await mock.countRequests({ method: 'POST' }), 2);
});
