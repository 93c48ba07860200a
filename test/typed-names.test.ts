// Typed names: the built-in token names, the operationId union and the query parameters of the
// generated client are checked by the compiler (npm run typecheck covers this file) and at run time.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import createClient from 'openapi-fetch';
import { BUILT_IN_TOKENS, startMockServer, type MockServer, type BuiltInToken } from '../src/index.js';
import type { paths } from '../src/generated/pretix-api.js';
import { credentialsOf } from '../src/store/credentials.js';
import type { Fixture } from '../src/store/fixture-types.js';

let mock: MockServer<BuiltInToken>;
before(async () => (mock = await startMockServer()));
after(() => mock.close());

test('BUILT_IN_TOKENS are exactly the token strings of fixtures/default.json', async () => {
  const doc = JSON.parse(await readFile(new URL('../fixtures/default.json', import.meta.url), 'utf8')) as Fixture;
  assert.deepEqual([...BUILT_IN_TOKENS].sort(), Object.keys(credentialsOf(doc)).sort());
  assert.deepEqual(Object.keys(mock.tokens).sort(), [...BUILT_IN_TOKENS].sort());
});

test('token names are literal keys; a misspelled one does not compile', () => {
  const admin: string = mock.tokens['sandbox-bigevents-admin'];
  assert.equal(admin, 'Token sandbox-bigevents-admin');
  // @ts-expect-error there is no token "sandbox-bigevent-admin" in the built-in dataset
  assert.equal(mock.tokens['sandbox-bigevent-admin'], undefined);
});

test('custom fixtures give string keys', async () => {
  const start = () => startMockServer({ fixtures: 'fixtures/default.json' });
  const typed: () => Promise<MockServer<string>> = start;
  assert.equal(typeof typed, 'function');
});

test('the generated client takes enabled as a boolean and page, page_size as numbers', async () => {
  const client = createClient<paths>({ baseUrl: mock.url, headers: { Authorization: mock.tokens['sandbox-bigevents-admin'] } });
  const res = await client.GET('/api/v1/organizers/{organizer}/webhooks/', {
    params: { path: { organizer: 'bigevents' }, query: { enabled: true, page: 1, page_size: 10 } },
  });
  assert.equal(res.response.status, 200);
  assert.equal(res.data?.count, 1);
  const none = await client.GET('/api/v1/organizers/{organizer}/webhooks/', { params: { path: { organizer: 'bigevents' }, query: { enabled: false } } });
  assert.equal(none.data?.count, 0);
  const text = await client.GET('/api/v1/organizers/{organizer}/webhooks/', { params: { path: { organizer: 'bigevents' }, query: { enabled: 'True', page: 'last' } } });
  assert.equal(text.data?.count, 1);
});
