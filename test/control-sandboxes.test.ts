import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { AUTH, BIGEVENTS, DOCS_BODY, TestMock, WEBHOOK_2 } from './helpers/mock.js';

interface Created {
  id: string;
  tokens: Record<string, string>;
}

const ORIGINAL_TOKENS: Record<string, string> = {
  'sandbox-bigevents-admin': 'Token',
  'sandbox-bigevents-readonly': 'Token',
  'sandbox-bigevents-inactive': 'Token',
  'sandbox-acme-admin': 'Token',
  'sandbox-bigevents-device': 'Device',
  'sandbox-bigevents-device-revoked': 'Device',
  'sandbox-bigevents-oauth': 'Bearer',
  'sandbox-bigevents-oauth-read': 'Bearer',
};

const SOLO = {
  organizers: [{ slug: 'solo', name: 'Solo' }],
  teams: [{ id: 1, organizer: 'solo', name: 'Admins', permissions: ['can_change_organizer_settings'] }],
  team_tokens: [{ token: 'solo-admin', team: 1, name: 'Admin' }],
  webhook_next_id: 100,
};

const createSandbox = async (mock: TestMock, body?: object): Promise<Created> => {
  const res = await mock.call('/__admin/sandboxes', { method: 'POST', body });
  assert.equal(res.status, 201, res.text);
  return res.body as Created;
};

describe('sandboxes', () => {
  let mock: TestMock;
  before(async () => {
    mock = await TestMock.start();
  });
  after(() => mock.close());

  test('POST /__admin/sandboxes answers an id and a fresh credential for every fixture credential', async () => {
    const created = await createSandbox(mock);
    assert.match(created.id, /^sbx_[a-z0-9]{16}$/);
    assert.deepEqual(Object.keys(created.tokens).sort(), Object.keys(ORIGINAL_TOKENS).sort());
    for (const [original, value] of Object.entries(created.tokens)) {
      assert.match(value, new RegExp(`^${ORIGINAL_TOKENS[original]} [a-z0-9]{32}$`));
    }
    assert.equal(new Set(Object.values(created.tokens)).size, 8);
    await mock.call(`/__admin/sandboxes/${created.id}`, { method: 'DELETE' });
  });

  test("a fresh sandbox serves the docs' examples: list, then create gets id 3", async () => {
    const { id, tokens } = await createSandbox(mock);
    const auth = tokens['sandbox-bigevents-admin']!;
    assert.deepEqual((await mock.call(BIGEVENTS, { auth })).body, { count: 1, next: null, previous: null, results: [WEBHOOK_2] });
    const created = await mock.call(BIGEVENTS, { method: 'POST', auth, body: DOCS_BODY });
    assert.equal(created.status, 201);
    assert.equal((created.body as { id: number }).id, 3);
    // The shared dataset did not see it, and the original token still means the shared dataset.
    assert.equal(((await mock.call(BIGEVENTS, { auth: AUTH.admin })).body as { count: number }).count, 1);
    // A sandbox's inactive and read-only tokens behave like the originals.
    assert.equal((await mock.call(BIGEVENTS, { auth: tokens['sandbox-bigevents-inactive'] })).status, 401);
    assert.equal((await mock.call(BIGEVENTS, { auth: tokens['sandbox-bigevents-readonly'] })).status, 403);
    await mock.call(`/__admin/sandboxes/${id}`, { method: 'DELETE' });
  });

  test('two sandboxes stay isolated under concurrent writes', async () => {
    const a = await createSandbox(mock);
    const b = await createSandbox(mock);
    const post = (sb: Created, i: number) =>
      mock.call(BIGEVENTS, {
        method: 'POST', auth: sb.tokens['sandbox-bigevents-admin'], body: { ...DOCS_BODY, comment: `${sb.id} #${i}` },
      });
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => [post(a, i), post(b, i)]).flat());
    assert.deepEqual(answers.map((r) => r.status), Array(40).fill(201));
    for (const sb of [a, b]) {
      const list = (await mock.call(`${BIGEVENTS}?page_size=50`, { auth: sb.tokens['sandbox-bigevents-admin'] })).body as {
        count: number; results: Array<{ id: number; comment: string | null }>;
      };
      assert.equal(list.count, 21);
      assert.deepEqual(list.results.map((w) => w.id), Array.from({ length: 21 }, (_, i) => i + 2));
      const comments = list.results.slice(1).map((w) => w.comment!);
      assert.equal(comments.every((c) => c.startsWith(`${sb.id} #`)), true);
      assert.equal(new Set(comments).size, 20);
    }
    assert.equal(((await mock.call(BIGEVENTS, { auth: AUTH.admin })).body as { count: number }).count, 1);
    await mock.call(`/__admin/sandboxes/${a.id}`, { method: 'DELETE' });
    await mock.call(`/__admin/sandboxes/${b.id}`, { method: 'DELETE' });
  });

  test('a sandbox can start from its own fixture document, with its own id sequence', async () => {
    const { id, tokens } = await createSandbox(mock, { fixtures: SOLO });
    assert.deepEqual(Object.keys(tokens), ['solo-admin']);
    const created = await mock.call('/api/v1/organizers/solo/webhooks/', {
      method: 'POST', auth: tokens['solo-admin'], body: { target_url: 'https://solo.example/', limit_events: [], action_types: [] },
    });
    assert.equal((created.body as { id: number }).id, 100);
    // The fixture's own token string is not a credential anywhere.
    assert.deepEqual((await mock.call('/api/v1/organizers/solo/webhooks/', { auth: 'Token solo-admin' })).body, { detail: 'Invalid token.' });
    await mock.call(`/__admin/sandboxes/${id}`, { method: 'DELETE' });
  });

  test('an invalid sandbox fixture document is refused with paths and problems', async () => {
    const res = await mock.call('/__admin/sandboxes', {
      method: 'POST', body: { fixtures: { ...SOLO, team_tokens: [{ token: 'solo-admin', team: 9, name: 'Admin' }] } },
    });
    assert.equal(res.status, 400);
    assert.deepEqual(res.body, {
      detail: 'The sandbox fixtures are not a valid fixture document.',
      errors: [{ path: '/body/fixtures/team_tokens/0/team', message: 'unknown team 9' }],
    });
    const extra = await mock.call('/__admin/sandboxes', { method: 'POST', body: { fixture: SOLO } });
    assert.equal(extra.status, 400);
    assert.deepEqual((extra.body as { errors: unknown }).errors, [{ path: '/body/fixture', message: 'must NOT have additional properties' }]);
  });

  test('resetting a sandbox restores only that sandbox', async () => {
    const { id, tokens } = await createSandbox(mock);
    const auth = tokens['sandbox-bigevents-admin']!;
    await mock.call(BIGEVENTS, { method: 'POST', auth, body: DOCS_BODY });
    await mock.call(BIGEVENTS, { method: 'POST', auth: AUTH.admin, body: DOCS_BODY });
    const reset = await mock.call(`/__admin/reset?sandbox=${id}`, { method: 'POST' });
    assert.deepEqual(reset.body, { id, tokens });
    assert.equal(((await mock.call(BIGEVENTS, { auth })).body as { count: number }).count, 1);
    assert.equal(((await mock.call(BIGEVENTS, { auth: AUTH.admin })).body as { count: number }).count, 2);
    await mock.call('/__admin/reset', { method: 'POST' });
    await mock.call(`/__admin/sandboxes/${id}`, { method: 'DELETE' });
  });

  test('GET /__admin/sandboxes lists them least recently used first', async () => {
    const a = await createSandbox(mock);
    const b = await createSandbox(mock);
    await mock.call(BIGEVENTS, { auth: a.tokens['sandbox-bigevents-admin'] });
    const res = await mock.call('/__admin/sandboxes');
    assert.equal(res.status, 200);
    const body = res.body as { count: number; max: number; results: Array<Created & { createdAt: string; lastUsedAt: string; expiresAt: string }> };
    assert.equal(body.count, 2);
    assert.equal(body.max, 50);
    assert.deepEqual(body.results.map((s) => s.id), [b.id, a.id]);
    assert.deepEqual(body.results[1]!.tokens, a.tokens);
    const [used] = body.results.slice(1);
    assert.equal(Date.parse(used!.expiresAt) - Date.parse(used!.lastUsedAt), 1800 * 1000);
    await mock.call(`/__admin/sandboxes/${a.id}`, { method: 'DELETE' });
    await mock.call(`/__admin/sandboxes/${b.id}`, { method: 'DELETE' });
  });

  test('DELETE /__admin/sandboxes/{id}: 204, then its credentials are gone; unknown 404; shared 409', async () => {
    const { id, tokens } = await createSandbox(mock);
    const auth = tokens['sandbox-bigevents-admin']!;
    assert.equal((await mock.call(BIGEVENTS, { auth })).status, 200);
    const deleted = await mock.call(`/__admin/sandboxes/${id}`, { method: 'DELETE' });
    assert.equal(deleted.status, 204);
    assert.equal(deleted.text, '');
    assert.deepEqual((await mock.call(BIGEVENTS, { auth })).body, { detail: 'Invalid token.' });
    const again = await mock.call(`/__admin/sandboxes/${id}`, { method: 'DELETE' });
    assert.equal(again.status, 404);
    assert.deepEqual(again.body, { detail: `No sandbox "${id}" (it may have been deleted or expired).` });
    const shared = await mock.call('/__admin/sandboxes/shared', { method: 'DELETE' });
    assert.equal(shared.status, 409);
    assert.deepEqual(shared.body, { detail: 'The shared dataset cannot be deleted; reset it instead (POST /__admin/reset).' });
  });

  test('deleting a sandbox forgets its idempotency keys', async () => {
    const { id, tokens } = await createSandbox(mock);
    const auth = tokens['sandbox-bigevents-admin']!;
    const key = { 'x-idempotency-key': 'sandbox-key' };
    assert.equal((await mock.call(BIGEVENTS, { method: 'POST', auth, body: DOCS_BODY, headers: key })).status, 201);
    await mock.call(`/__admin/sandboxes/${id}`, { method: 'DELETE' });
    // The same Authorization value and key no longer replay the 201: the token is unknown now.
    const after = await mock.call(BIGEVENTS, { method: 'POST', auth, body: DOCS_BODY, headers: key });
    assert.equal(after.status, 401);
  });
});

describe('sandbox bounds', () => {
  test('the cap answers 429 with Retry-After, and deleting one makes room', async () => {
    const mock = await TestMock.start({ maxSandboxes: 2 });
    try {
      const first = await createSandbox(mock);
      await createSandbox(mock);
      const full = await mock.call('/__admin/sandboxes', { method: 'POST' });
      assert.equal(full.status, 429);
      // The oldest sandbox expires 1800 s after its last use, which was a moment ago (more on a loaded machine).
      const retryAfter = Number(full.headers.get('retry-after'));
      assert.ok(Number.isInteger(retryAfter) && retryAfter <= 1800 && retryAfter >= 1740, `Retry-After: ${retryAfter}`);
      assert.deepEqual(full.body, {
        detail: 'All 2 sandboxes are in use (--max-sandboxes). Delete one (DELETE /__admin/sandboxes/{id}) or wait for an idle one to expire.',
      });
      await mock.call(`/__admin/sandboxes/${first.id}`, { method: 'DELETE' });
      await createSandbox(mock);
    } finally {
      await mock.close();
    }
  });

  test('an idle sandbox expires; one in use does not', async () => {
    // Waits for conditions, not for fixed times: on a loaded machine a request may take a while.
    const mock = await TestMock.start({ sandboxTtl: 3 });
    try {
      const idle = await createSandbox(mock);
      const busy = await createSandbox(mock);
      const idleGone = async () => (await mock.call(BIGEVENTS, { auth: idle.tokens['sandbox-bigevents-admin'] })).status === 401;
      const deadline = Date.now() + 60_000;
      // Polling the idle one would use it, so only the sandbox list (which does not) is asked.
      const listed = async () => ((await mock.call('/__admin/sandboxes')).body as { results: Created[] }).results.map((s) => s.id);
      while ((await listed()).includes(idle.id)) {
        assert.ok(Date.now() < deadline, 'the idle sandbox did not expire within 60 s');
        assert.equal((await mock.call(BIGEVENTS, { auth: busy.tokens['sandbox-bigevents-admin'] })).status, 200);
        await sleep(50);
      }
      assert.ok(await idleGone());
      assert.deepEqual((await mock.call(BIGEVENTS, { auth: idle.tokens['sandbox-bigevents-admin'] })).body, { detail: 'Invalid token.' });
      assert.deepEqual(await listed(), [busy.id]);
      // Once the busy one is left alone too, it expires as well.
      while ((await listed()).length > 0) {
        assert.ok(Date.now() < deadline, 'the busy sandbox did not expire once left alone');
        await sleep(100);
      }
    } finally {
      await mock.close();
    }
  });

  test('a full store makes room by removing expired sandboxes first', async () => {
    const mock = await TestMock.start({ maxSandboxes: 1, sandboxTtl: 0.2 });
    try {
      await createSandbox(mock);
      await sleep(300);
      await createSandbox(mock);
    } finally {
      await mock.close();
    }
  });
});
