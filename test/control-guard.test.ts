import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { connectMockServer, MockAdminError } from '../src/index.js';
import { AUTH, BIGEVENTS, TestMock } from './helpers/mock.js';

const ADMIN_TOKEN = 'guard-test-admin-token-0123456789';

describe('a non-loopback bind with an admin token', () => {
  let mock: TestMock;
  before(async () => {
    mock = await TestMock.start({ host: '0.0.0.0', adminToken: ADMIN_TOKEN });
  });
  after(() => mock.close());

  test('the server is reached through 127.0.0.1', () => {
    assert.match(mock.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(mock.server.controlPlane, 'guarded');
  });

  const refused: Array<[string, Record<string, string>, string, string]> = [
    ['no Authorization', {}, 'The control plane needs "Authorization: Bearer <admin token>" on this address.', 'Bearer realm="pretix-mock control plane"'],
    ['a pretix token', { authorization: AUTH.admin }, 'The control plane needs "Authorization: Bearer <admin token>" on this address.', 'Bearer realm="pretix-mock control plane"'],
    ['a wrong admin token', { authorization: 'Bearer wrong' }, 'Invalid admin token.', 'Bearer realm="pretix-mock control plane", error="invalid_token"'],
    ['the token with extra text', { authorization: `Bearer ${ADMIN_TOKEN} x` }, 'The control plane needs "Authorization: Bearer <admin token>" on this address.', 'Bearer realm="pretix-mock control plane"'],
  ];
  for (const [name, headers, detail, challenge] of refused) {
    test(`/__admin/ answers 401 to ${name}, before looking at the body`, async () => {
      for (const [method, path] of [['GET', '/__admin/coverage'], ['POST', '/__admin/faults'], ['GET', '/__admin/nope']]) {
        const res = await mock.call(path!, { method, headers, body: method === 'POST' ? '{not json' : undefined });
        assert.equal(res.status, 401, `${method} ${path}`);
        assert.deepEqual(res.body, { detail });
        assert.equal(res.headers.get('www-authenticate'), challenge);
        assert.equal(res.text.includes(ADMIN_TOKEN), false);
      }
    });
  }

  test('the right token (scheme in any case) opens the control plane', async () => {
    for (const scheme of ['Bearer', 'bearer', 'BEARER']) {
      const res = await mock.call('/__admin/coverage', { headers: { authorization: `${scheme} ${ADMIN_TOKEN}` } });
      assert.equal(res.status, 200);
    }
  });

  test("the pretix API keeps pretix's own authentication", async () => {
    assert.equal((await mock.call(BIGEVENTS, { auth: AUTH.admin })).status, 200);
    const admin = await mock.call(BIGEVENTS, { auth: `Bearer ${ADMIN_TOKEN}` });
    assert.deepEqual([admin.status, admin.body], [401, { detail: 'Authentication credentials were not provided.' }]);
  });

  test('GET /__admin/health is exempt from the guard', async () => {
    const res = await mock.call('/__admin/health');
    assert.notEqual(res.status, 401);
  });

  test('the library sends the token it was given, and fails clearly without it', async () => {
    await mock.server.reset();
    const remote = await connectMockServer(mock.url, { adminToken: ADMIN_TOKEN });
    assert.equal((await remote.coverage()).exercised >= 1, true);
    await assert.rejects(connectMockServer(mock.url), (err: unknown) => err instanceof MockAdminError && err.status === 401);
  });
});

describe('a non-loopback bind without an admin token', () => {
  test('disables the control plane and says so at start-up', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const mock = await TestMock.start({ host: '0.0.0.0', logger: pino({ level: 'warn' }, sink) });
    try {
      assert.equal(mock.server.controlPlane, 'disabled');
      const warning = lines.map((l) => JSON.parse(l) as { level: number; msg: string }).find((l) => l.level === 40);
      assert.equal(warning?.msg, 'control plane disabled: listening on a non-loopback address without an admin token (--admin-token or PRETIX_MOCK_ADMIN_TOKEN)');
      for (const headers of [{}, { authorization: 'Bearer anything' }] as Array<Record<string, string>>) {
        const res = await mock.call('/__admin/state', { headers });
        assert.equal(res.status, 403);
        assert.deepEqual(res.body, {
          detail: 'The control plane is disabled: the server listens on a non-loopback address and no admin token is configured ' +
            '(start it with --admin-token or PRETIX_MOCK_ADMIN_TOKEN).',
        });
      }
      assert.notEqual((await mock.call('/__admin/health')).status, 403);
      assert.equal((await mock.call(BIGEVENTS, { auth: AUTH.admin })).status, 200);
      assert.equal(mock.server.tokens['sandbox-bigevents-admin'], AUTH.admin);
      await assert.rejects(mock.server.reset(), (err: unknown) => err instanceof MockAdminError && err.status === 403);
    } finally {
      await mock.close();
    }
  });
});

describe('a loopback bind', () => {
  test('is open without a token', async () => {
    const mock = await TestMock.start();
    try {
      assert.equal(mock.server.controlPlane, 'open');
      assert.equal((await mock.call('/__admin/state')).status, 200);
    } finally {
      await mock.close();
    }
  });

  test('requires a token once one is configured', async () => {
    const mock = await TestMock.start({ adminToken: ADMIN_TOKEN });
    try {
      assert.equal((await mock.call('/__admin/state')).status, 401);
      assert.equal((await mock.call('/__admin/state', { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).status, 200);
      await mock.server.reset();
    } finally {
      await mock.close();
    }
  });
});
