// vitest against pretix-mock: start once, take a sandbox per test, close at the end.
// Run: npm run test:examples (builds the package first; `pretix-mock` resolves to dist/).
import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from 'vitest';
import { startMockServer } from 'pretix-mock';

const WEBHOOKS = '/api/v1/organizers/bigevents/webhooks/';

let mock;
let sandbox;
beforeAll(async () => {
  mock = await startMockServer();
});
afterAll(() => mock.close());
beforeEach(async () => {
  sandbox = await mock.sandbox();
});
afterEach(() => sandbox.close());

const list = (auth) => fetch(`${sandbox.url}${WEBHOOKS}`, { headers: { authorization: auth } });

test('lists the webhooks of the sandbox', async () => {
  const res = await list(sandbox.tokens['sandbox-bigevents-admin']);
  expect(res.status).toBe(200);
  expect((await res.json()).results.map((w) => w.id)).toEqual([2]);
});

test('a read-only token gets 403, and the coverage shows it', async () => {
  const res = await list(sandbox.tokens['sandbox-bigevents-readonly']);
  expect(res.status).toBe(403);
  const { matrix } = await mock.coverage();
  expect(matrix.find((m) => m.operationId === 'listWebhooks' && m.status === 403).hits).toBeGreaterThan(0);
});

test('a dropped connection is seen by the client as a network error', async () => {
  await sandbox.faults.add({ times: 1, effect: { type: 'drop' } });
  await expect(list(sandbox.tokens['sandbox-bigevents-admin'])).rejects.toThrow('fetch failed');
  expect((await list(sandbox.tokens['sandbox-bigevents-admin'])).status).toBe(200);
});
