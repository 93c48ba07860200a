// jest + TypeScript against pretix-mock. Setup: npm install --save-dev jest @swc/jest @swc/core,
// this folder's jest.config.cjs, then npx jest. The package test runs it in a fresh project.
import { startMockServer, type BuiltInToken, type ChildMockServer } from 'pretix-mock';

const WEBHOOKS = '/api/v1/organizers/bigevents/webhooks/';
let mock: ChildMockServer<BuiltInToken>;

beforeAll(async () => {
  mock = await startMockServer();
});
afterAll(() => mock.close());
beforeEach(() => mock.reset()); // everything: dataset, journal, fault rules, deliveries

async function createWebhook(): Promise<Response> {
  return fetch(`${mock.url}${WEBHOOKS}`, {
    method: 'POST',
    headers: { Authorization: mock.tokens['sandbox-bigevents-admin'], 'Content-Type': 'application/json' },
    body: JSON.stringify({ target_url: 'https://example.org/hook', limit_events: [], action_types: ['pretix.event.order.placed'] }),
  });
}

test('creates a webhook with id 3, and the journal counts one POST', async () => {
  const res = await createWebhook();
  expect(res.status).toBe(201);
  expect(((await res.json()) as { id: number }).id).toBe(3);
  expect(await mock.countRequests({ method: 'POST' })).toBe(1);
});

test('a 503 once, then the retry succeeds; the count starts from zero again', async () => {
  await mock.faults.add({ match: { operationId: 'createWebhook' }, times: 1, effect: { type: 'respond', status: 503 } });
  expect((await createWebhook()).status).toBe(503);
  expect((await createWebhook()).status).toBe(201);
  expect(await mock.countRequests({ operationId: 'createWebhook' })).toBe(2);
});
