import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ACME, AUTH, BIGEVENTS, TestMock } from './helpers/mock.js';

let mock: TestMock;
before(async () => {
  mock = await TestMock.start();
});
after(() => mock.close());

const NOT_PROVIDED = { detail: 'Authentication credentials were not provided.' };
const DENIED = { detail: 'You do not have permission to perform this action.' };

describe('401 bodies and WWW-Authenticate', () => {
  const cases: Array<[string, string | undefined, object]> = [
    ['no Authorization header', undefined, NOT_PROVIDED],
    ['unknown team token', 'Token nope', { detail: 'Invalid token.' }],
    ['keyword is case-insensitive', 'tOKEN nope', { detail: 'Invalid token.' }],
    ['Token without a key', 'Token', { detail: 'Invalid token header. No credentials provided.' }],
    ['Token with spaces', 'Token a b', { detail: 'Invalid token header. Token string should not contain spaces.' }],
    ['inactive token', AUTH.inactive, { detail: 'Token inactive or deleted.' }],
    ['unknown device', 'Device nope', { detail: 'Invalid token.' }],
    ['revoked device', AUTH.deviceRevoked, { detail: 'Device access has been revoked.' }],
    ['Device without a key', 'Device', { detail: 'Invalid token header. No credentials provided.' }],
    ['unknown bearer token', 'Bearer nope', NOT_PROVIDED],
    ['unknown scheme', 'Basic dXNlcjpwYXNz', NOT_PROVIDED],
    ['bearer with three parts', 'Bearer sandbox-bigevents-oauth x', NOT_PROVIDED],
  ];
  for (const [name, auth, body] of cases) {
    test(name, async () => {
      const res = await mock.call(BIGEVENTS, { auth });
      assert.equal(res.status, 401);
      assert.deepEqual(res.body, body);
      assert.equal(res.headers.get('www-authenticate'), 'Token');
    });
  }

  test('a token that is not UTF-8 is refused with DRF\'s message', async () => {
    const { request } = await import('node:http');
    const url = new URL(mock.url + BIGEVENTS);
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, path: url.pathname, headers: { authorization: 'Token \xff\xfe' } }, (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode!, body: text }));
      });
      req.on('error', reject);
      req.end();
    });
    assert.equal(status, 401);
    assert.deepEqual(JSON.parse(body), { detail: 'Invalid token header. Token string should not contain invalid characters.' });
  });
});

describe('permissions: 403, never 404', () => {
  const cases: Array<[string, string, string, string, number]> = [
    ['admin token reads its organizer', AUTH.admin, 'GET', BIGEVENTS, 200],
    ['team without can_change_organizer_settings', AUTH.readonly, 'GET', BIGEVENTS, 403],
    ['team without the permission cannot write', AUTH.readonly, 'POST', BIGEVENTS, 403],
    ['unknown organizer', AUTH.admin, 'GET', '/api/v1/organizers/nope/webhooks/', 403],
    ['unknown organizer, detail route', AUTH.admin, 'GET', '/api/v1/organizers/nope/webhooks/2/', 403],
    ["another organizer's slug", AUTH.admin, 'GET', ACME, 403],
    ["another organizer's slug, its webhook id", AUTH.admin, 'GET', `${ACME}1/`, 403],
    ['acme token on acme', AUTH.acme, 'GET', ACME, 200],
    ['acme token on bigevents', AUTH.acme, 'GET', BIGEVENTS, 403],
    ['devices never hold the permission', AUTH.device, 'GET', BIGEVENTS, 403],
    ['device on another organizer', AUTH.device, 'GET', ACME, 403],
    ['oauth read+write reads', AUTH.oauth, 'GET', BIGEVENTS, 200],
    ['oauth read+write on a non-granted organizer', AUTH.oauth, 'GET', ACME, 403],
    ['oauth read scope reads', AUTH.oauthRead, 'GET', BIGEVENTS, 200],
    ['oauth read scope cannot write', AUTH.oauthRead, 'POST', BIGEVENTS, 403],
    ['oauth read scope cannot delete', AUTH.oauthRead, 'DELETE', `${BIGEVENTS}2/`, 403],
    ['no permission beats an unknown id', AUTH.readonly, 'GET', `${BIGEVENTS}999/`, 403],
    ['no permission beats a wrong method', AUTH.readonly, 'PUT', BIGEVENTS, 403],
  ];
  for (const [name, auth, method, path, status] of cases) {
    test(name, async () => {
      const res = await mock.call(path, { auth, method, body: method === 'POST' ? {} : undefined });
      assert.equal(res.status, status);
      if (status === 403) assert.deepEqual(res.body, DENIED);
    });
  }
});

describe('evaluation order: 401 before 403 before 405/404/400', () => {
  const cases: Array<[string, string | undefined, string, string, unknown, number, object]> = [
    ['unauthenticated, unknown organizer', undefined, 'GET', '/api/v1/organizers/nope/webhooks/', undefined, 401, NOT_PROVIDED],
    ['unauthenticated, unknown id', undefined, 'GET', `${BIGEVENTS}999/`, undefined, 401, NOT_PROVIDED],
    ['unauthenticated, wrong method', undefined, 'PUT', BIGEVENTS, undefined, 401, NOT_PROVIDED],
    // OAuth's authentication class (the last) reads the body: a broken one is answered first.
    ['unauthenticated, invalid body', undefined, 'POST', BIGEVENTS, '{"target_url": ', 400, { detail: 'JSON parse error - Expected object or value' }],
    ['Bearer without a token, invalid body', 'Bearer', 'POST', BIGEVENTS, '{"target_url": ', 400, { detail: 'JSON parse error - Expected object or value' }],
    ['unauthenticated, valid body', undefined, 'POST', BIGEVENTS, {}, 401, NOT_PROVIDED],
    ['invalid token, invalid body', 'Token nope', 'POST', BIGEVENTS, [1], 401, { detail: 'Invalid token.' }],
    ['forbidden, invalid body', AUTH.readonly, 'POST', BIGEVENTS, '{bad', 403, DENIED],
    ['forbidden, unknown organizer, wrong method', AUTH.device, 'DELETE', '/api/v1/organizers/nope/webhooks/', undefined, 403, DENIED],
    ['allowed, wrong method', AUTH.admin, 'DELETE', BIGEVENTS, undefined, 405, { detail: 'Method "DELETE" not allowed.' }],
    ['allowed, POST on the detail route', AUTH.admin, 'POST', `${BIGEVENTS}2/`, {}, 405, { detail: 'Method "POST" not allowed.' }],
    ['allowed, unknown id before the invalid body', AUTH.admin, 'PATCH', `${BIGEVENTS}999/`, '{bad', 404, { detail: 'No WebHook matches the given query.' }],
    ['allowed, unknown id before the media type', AUTH.admin, 'PUT', `${BIGEVENTS}999/`, undefined, 404, { detail: 'No WebHook matches the given query.' }],
  ];
  for (const [name, auth, method, path, body, status, expected] of cases) {
    test(name, async () => {
      const headers = typeof body === 'string' ? { 'content-type': 'application/json' } : undefined;
      const res = await mock.call(path, { auth, method, body, headers });
      assert.equal(res.status, status);
      assert.deepEqual(res.body, expected);
    });
  }
});

test('a device with a restricted security profile is refused by its profile', async () => {
  const fixtures = {
    organizers: [{ slug: 'bigevents', name: 'Big Events LLC' }],
    devices: [{ token: 'scanner', organizer: 'bigevents', security_profile: 'pretixscan' }],
  };
  const own = await TestMock.start({ fixtures });
  try {
    const res = await own.call(BIGEVENTS, { auth: 'Device scanner' });
    assert.equal(res.status, 403);
    assert.deepEqual(res.body, { detail: 'Request denied by device security profile.' });
  } finally {
    await own.close();
  }
});

test('an uninitialized device and an expired OAuth token', async () => {
  const fixtures = {
    organizers: [{ slug: 'bigevents', name: 'Big Events LLC' }],
    teams: [{ id: 1, organizer: 'bigevents', name: 'Admins', permissions: ['can_change_organizer_settings'], members: ['a@x.example'] }],
    devices: [{ token: 'new-device', organizer: 'bigevents', initialized: false }],
    oauth_tokens: [{ token: 'old', user: 'a@x.example', organizers: ['bigevents'], expires: '2020-01-01T00:00:00Z' }],
  };
  const own = await TestMock.start({ fixtures });
  try {
    const device = await own.call(BIGEVENTS, { auth: 'Device new-device' });
    assert.equal(device.status, 401);
    assert.deepEqual(device.body, { detail: 'Device has not been initialized.' });
    const expired = await own.call(BIGEVENTS, { auth: 'Bearer old' });
    assert.equal(expired.status, 401);
    assert.deepEqual(expired.body, NOT_PROVIDED);
  } finally {
    await own.close();
  }
});
