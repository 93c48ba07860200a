import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { connectMockServer, MockAdminError, startMockServer, type MockClient, type MockServer } from '../src/index.js';
import { BIGEVENTS, DOCS_BODY, WEBHOOK_2 } from './helpers/mock.js';

const ADMIN = 'sandbox-bigevents-admin';

const get = (mock: { url: string }, auth: string, path = BIGEVENTS) =>
  fetch(`${mock.url}${path}`, { headers: { authorization: auth }, signal: AbortSignal.timeout(10_000) });
const post = (mock: { url: string }, auth: string, body: object = DOCS_BODY) =>
  fetch(`${mock.url}${BIGEVENTS}`, {
    method: 'POST', headers: { authorization: auth, 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(10_000),
  });
const countOf = async (mock: { url: string }, auth: string) => ((await (await get(mock, auth)).json()) as { count: number }).count;

let server: MockServer;
before(async () => {
  server = await startMockServer();
});
after(() => server.close());

for (const [kind, connect] of [
  ['startMockServer', async () => server as MockClient],
  ['connectMockServer', () => connectMockServer(server.url)],
] as const) {
  describe(`the library through ${kind}`, () => {
    let mock: MockClient;
    before(async () => {
      mock = await connect();
      await mock.reset();
      await mock.clearRequests();
      await mock.faults.clear();
    });

    test('url and tokens', () => {
      assert.equal(mock.url, server.url);
      assert.equal(mock.tokens[ADMIN], `Token ${ADMIN}`);
      assert.equal(mock.tokens['sandbox-bigevents-device'], 'Device sandbox-bigevents-device');
      assert.equal(mock.id, 'shared');
    });

    test('reset() and state() / setState()', async () => {
      assert.equal((await post(mock, mock.tokens[ADMIN]!)).status, 201);
      await mock.reset();
      assert.equal(await countOf(mock, mock.tokens[ADMIN]!), 1);
      const state = await mock.state();
      assert.deepEqual(state.webhooks.map((w) => w.id), [1, 2]);
      await mock.setState({ ...state, webhooks: [], webhook_next_id: 50 });
      assert.equal(await countOf(mock, mock.tokens[ADMIN]!), 0);
      assert.equal(((await (await post(mock, mock.tokens[ADMIN]!)).json()) as { id: number }).id, 50);
      await assert.rejects(mock.setState({ organizers: [] , teams: [{ id: 1, organizer: 'x', name: 'X' }] }), (err: unknown) => {
        assert.ok(err instanceof MockAdminError);
        assert.equal(err.status, 400);
        assert.deepEqual(err.body, { detail: 'The state is not a valid fixture document.', errors: [{ path: '/body/teams/0/organizer', message: 'unknown organizer "x"' }] });
        assert.equal(err.message, 'PUT /__admin/state?sandbox=shared → 400: The state is not a valid fixture document.; /body/teams/0/organizer: unknown organizer "x"');
        return true;
      });
      await mock.reset();
    });

    test('requests(filter), countRequests(matcher), clearRequests()', async () => {
      await mock.clearRequests();
      await get(mock, mock.tokens[ADMIN]!);
      await fetch(`${mock.url}${BIGEVENTS}2/`, {
        method: 'PATCH', headers: { authorization: mock.tokens[ADMIN]!, 'content-type': 'application/json' }, body: '{"enabled": false}',
      });
      const patches = await mock.requests({ method: 'PATCH' });
      assert.equal(patches.length, 1);
      assert.deepEqual([patches[0]!.status, patches[0]!.operationId, patches[0]!.body], [200, 'updateWebhook', { enabled: false }]);
      assert.equal((await mock.requests({ path: '/api/v1/organizers/*/webhooks/' })).length, 1);
      assert.equal(await mock.countRequests({ method: 'PATCH', body: { enabled: false } }), 1);
      assert.equal(await mock.countRequests(), 2);
      await mock.clearRequests();
      assert.equal(await mock.countRequests(), 0);
      await mock.reset();
    });

    test('faults.add(), faults.list(), faults.clear()', async () => {
      const rule = await mock.faults.add({ match: { operationId: 'listWebhooks' }, times: 1, effect: { type: 'respond', status: 503 } });
      assert.deepEqual({ ...rule, createdAt: '' }, {
        id: rule.id, match: { operationId: 'listWebhooks' }, times: 1, remaining: 1, hits: 0, effect: { type: 'respond', status: 503 }, createdAt: '',
      });
      assert.equal((await get(mock, mock.tokens[ADMIN]!)).status, 503);
      assert.deepEqual((await mock.faults.list()).map((r) => [r.id, r.hits, r.remaining]), [[rule.id, 1, 0]]);
      await mock.faults.clear();
      assert.deepEqual(await mock.faults.list(), []);
    });

    test('coverage()', async () => {
      const c = await mock.coverage();
      assert.equal(c.matrix.length, c.documented);
      assert.ok(c.matrix.some((m) => m.operationId === 'listWebhooks' && m.status === 200 && m.hits > 0));
    });

    test('sandbox(): its own credentials, reset, state, journal, faults and close', async () => {
      const sb = await mock.sandbox();
      assert.match(sb.id, /^sbx_/);
      assert.equal(sb.url, mock.url);
      const auth = sb.tokens[ADMIN]!;
      assert.notEqual(auth, mock.tokens[ADMIN]);
      assert.deepEqual(((await (await get(sb, auth)).json()) as { results: unknown[] }).results, [WEBHOOK_2]);
      assert.equal(((await (await post(sb, auth)).json()) as { id: number }).id, 3);
      assert.equal((await sb.state()).webhooks.length, 3);
      // Journal and faults are scoped to the sandbox.
      assert.deepEqual((await sb.requests()).map((e) => e.sandbox), [sb.id, sb.id]);
      assert.equal(await sb.countRequests({ method: 'POST' }), 1);
      await sb.faults.add({ effect: { type: 'respond', status: 500 } });
      assert.equal((await get(sb, auth)).status, 500);
      assert.equal((await get(mock, mock.tokens[ADMIN]!)).status, 200);
      assert.equal((await sb.faults.list()).length, 1);
      assert.equal((await mock.faults.list()).length, 1);
      await sb.faults.clear();
      assert.equal((await get(sb, auth)).status, 200);
      await sb.clearRequests();
      assert.equal(await sb.countRequests(), 0);
      assert.ok((await mock.countRequests({ sandbox: 'shared' })) > 0);
      await sb.reset();
      assert.equal(await countOf(sb, auth), 1);
      const state = await sb.state();
      await sb.setState({ ...state, webhooks: [] });
      assert.equal(await countOf(sb, auth), 0);
      assert.deepEqual((await mock.sandboxes()).map((s) => s.id), [sb.id]);
      await sb.close();
      await sb.close(); // already gone: fine
      assert.equal((await get(sb, auth)).status, 401);
      assert.deepEqual(await mock.sandboxes(), []);
    });

    test('sandbox({ fixtures })', async () => {
      const sb = await mock.sandbox({
        fixtures: {
          organizers: [{ slug: 'solo', name: 'Solo' }],
          teams: [{ id: 1, organizer: 'solo', name: 'A', permissions: ['can_change_organizer_settings'] }],
          team_tokens: [{ token: 'solo', team: 1, name: 'A' }],
        },
      });
      assert.deepEqual(Object.keys(sb.tokens), ['solo']);
      assert.equal((await get(sb, sb.tokens.solo!, '/api/v1/organizers/solo/webhooks/')).status, 200);
      await sb.close();
    });
  });
}

test('close() can be called twice', async () => {
  const mock = await startMockServer();
  await Promise.all([mock.close(), mock.close()]);
  await mock.close();
});
