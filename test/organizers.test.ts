import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AUTH, TestMock } from './helpers/mock.js';

const DENIED = { detail: 'You do not have permission to perform this action.' };
const NOT_PROVIDED = { detail: 'Authentication credentials were not provided.' };

let mock: TestMock;
before(async () => {
  mock = await TestMock.start();
});
after(() => mock.close());

const BIGEVENTS = () => ({ name: 'Big Events LLC', slug: 'bigevents', public_url: `${mock.url}/bigevents/`, plugins: [] });
const ACME = () => ({ name: 'ACME Events', slug: 'acme', public_url: `${mock.url}/acme/`, plugins: [] });
const page = (results: unknown[]) => ({ count: results.length, next: null, previous: null, results });

describe('the API root and the organizers, per credential', () => {
  const cases: Array<[string, string, string | undefined, number, () => unknown]> = [
    ['GET', '/api/v1/', AUTH.device, 200, () => ({ organizers: `${mock.url}/api/v1/organizers/` })],
    ['GET', '/api/v1/', AUTH.oauthRead, 200, () => ({ organizers: `${mock.url}/api/v1/organizers/` })],
    ['GET', '/api/v1/', undefined, 401, () => NOT_PROVIDED],
    ['GET', '/api/v1/', 'Token nosuch', 401, () => ({ detail: 'Invalid token.' })],
    ['POST', '/api/v1/', AUTH.admin, 405, () => ({ detail: 'Method "POST" not allowed.' })],
    ['DELETE', '/api/v1/', AUTH.oauthRead, 403, () => DENIED],
    ['GET', '/api/v1/organizers/', AUTH.admin, 200, () => page([BIGEVENTS()])],
    ['GET', '/api/v1/organizers/', AUTH.readonly, 200, () => page([BIGEVENTS()])],
    ['GET', '/api/v1/organizers/', AUTH.device, 200, () => page([BIGEVENTS()])],
    ['GET', '/api/v1/organizers/', AUTH.oauth, 200, () => page([BIGEVENTS()])],
    ['GET', '/api/v1/organizers/', AUTH.acme, 200, () => page([ACME()])],
    ['GET', '/api/v1/organizers/', AUTH.inactive, 401, () => ({ detail: 'Token inactive or deleted.' })],
    ['GET', '/api/v1/organizers/?page=2', AUTH.admin, 404, () => ({ detail: 'Invalid page.' })],
    ['PUT', '/api/v1/organizers/', AUTH.readonly, 405, () => ({ detail: 'Method "PUT" not allowed.' })],
    ['PUT', '/api/v1/organizers/', AUTH.oauthRead, 403, () => DENIED],
    ['GET', '/api/v1/organizers/bigevents/', AUTH.readonly, 200, BIGEVENTS],
    ['GET', '/api/v1/organizers/bigevents/', AUTH.device, 200, BIGEVENTS],
    ['GET', '/api/v1/organizers/bigevents/', AUTH.oauthRead, 200, BIGEVENTS],
    ['GET', '/api/v1/organizers/acme.json', AUTH.acme, 200, ACME],
    ['GET', '/api/v1/organizers/acme/', AUTH.admin, 403, () => DENIED],
    ['GET', '/api/v1/organizers/nosuch/', AUTH.admin, 403, () => DENIED],
    ['GET', '/api/v1/organizers/acme/', AUTH.oauth, 403, () => DENIED],
    ['DELETE', '/api/v1/organizers/bigevents/', AUTH.admin, 405, () => ({ detail: 'Method "DELETE" not allowed.' })],
    ['DELETE', '/api/v1/organizers/bigevents/', AUTH.readonly, 403, () => DENIED],
    ['POST', '/api/v1/organizers/bigevents/', AUTH.device, 403, () => DENIED],
    ['PATCH', '/api/v1/organizers/bigevents/', AUTH.readonly, 403, () => DENIED],
    // Deliberate: organizers are read-only, so a credential that may write gets the same 403.
    ['PATCH', '/api/v1/organizers/bigevents/', AUTH.admin, 403, () => DENIED],
    ['PUT', '/api/v1/organizers/bigevents/', AUTH.oauth, 403, () => DENIED],
  ];
  for (const [method, path, auth, status, body] of cases) {
    test(`${method} ${path} ${auth ?? '(none)'} → ${status}`, async () => {
      const before = (await mock.call('/__admin/state')).text;
      const res = await mock.call(path, { method, auth, body: method === 'GET' || method === 'DELETE' ? undefined : { plugins: ['x'] } });
      assert.equal(res.status, status, res.text);
      assert.deepEqual(res.body, body());
      const allow = path === '/api/v1/' || path.startsWith('/api/v1/organizers/?') || path === '/api/v1/organizers/' ? 'GET, HEAD, OPTIONS' : 'GET, PUT, PATCH, HEAD, OPTIONS';
      assert.equal(res.headers.get('allow'), allow);
      assert.equal((await mock.call('/__admin/state')).text, before, 'nothing changed');
    });
  }
});

test('HEAD answers like GET without a body; a missing slash redirects GET and is a 404 for PUT', async () => {
  const head = await mock.call('/api/v1/organizers/', { method: 'HEAD', auth: AUTH.admin });
  assert.deepEqual([head.status, head.text, head.headers.get('content-length')], [200, '', String(JSON.stringify(page([BIGEVENTS()])).length)]);
  const redirect = await mock.call('/api/v1', { auth: AUTH.admin });
  assert.deepEqual([redirect.status, redirect.headers.get('location')], [301, '/api/v1/']);
  const org = await mock.call('/api/v1/organizers/bigevents?x=1', { method: 'OPTIONS' });
  assert.deepEqual([org.status, org.headers.get('location')], [301, '/api/v1/organizers/bigevents/?x=1']);
  const put = await mock.call('/api/v1/organizers/bigevents', { method: 'PUT', auth: AUTH.admin, body: {} });
  assert.deepEqual([put.status, put.headers.get('content-type')], [404, 'text/html; charset=utf-8']);
});

test('OPTIONS: the PUT fields only for a credential that could change the organizer', async () => {
  const admin = (await mock.call('/api/v1/organizers/bigevents/', { method: 'OPTIONS', auth: AUTH.admin })).body as Record<string, unknown>;
  const readonly = (await mock.call('/api/v1/organizers/bigevents/', { method: 'OPTIONS', auth: AUTH.readonly })).body as Record<string, unknown>;
  const common = { name: 'Organizer Instance', description: '', renders: ['application/json'], parses: ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'] };
  assert.deepEqual(readonly, common);
  assert.deepEqual(Object.keys((admin.actions as { PUT: object }).PUT), ['name', 'slug', 'public_url', 'plugins']);
  assert.deepEqual((await mock.call('/api/v1/', { method: 'OPTIONS', auth: AUTH.device })).body, { ...common, name: 'Api Root', description: 'The default basic root view for DefaultRouter' });
});

describe('ordering and pages of organizers (an OAuth token granted three)', () => {
  const fixture = {
    organizers: [
      { slug: 'b-org', name: 'Zeta' },
      { slug: 'a-org', name: 'Mu', plugins: ['pretix.plugins.banktransfer'] },
      { slug: 'c-org', name: 'Alpha' },
      { slug: 'hidden', name: 'Not granted' },
    ],
    teams: ['a-org', 'b-org', 'c-org', 'hidden'].map((organizer, i) => ({ id: i + 1, organizer, name: 'T', members: ['u@x.example'] })),
    oauth_tokens: [{ token: 'three', user: 'u@x.example', organizers: ['a-org', 'b-org', 'c-org'] }],
  };
  let many: TestMock;
  before(async () => {
    many = await TestMock.start({ fixtures: fixture });
  });
  after(() => many.close());
  const cases: Array<[string, string[]]> = [
    ['', ['a-org', 'b-org', 'c-org']],
    ['ordering=name', ['c-org', 'a-org', 'b-org']],
    ['ordering=-name', ['b-org', 'a-org', 'c-org']],
    ['ordering=-slug', ['c-org', 'b-org', 'a-org']],
    ['ordering=date_from', ['a-org', 'b-org', 'c-org']],
    ['ordering=name&page_size=2&page=2', ['b-org']],
  ];
  for (const [query, expected] of cases) {
    test(query || '(default: slug)', async () => {
      const res = await many.call(`/api/v1/organizers/?${query}`, { auth: 'Bearer three' });
      assert.equal(res.status, 200, res.text);
      assert.deepEqual((res.body as { results: Array<{ slug: string }> }).results.map((o) => o.slug), expected);
    });
  }
  test('next and previous keep the query', async () => {
    const body = (await many.call('/api/v1/organizers/?ordering=name&page_size=1&page=2', { auth: 'Bearer three' })).body as Record<string, unknown>;
    assert.deepEqual([body.count, body.next, body.previous], [3, `${many.url}/api/v1/organizers/?ordering=name&page=3&page_size=1`, `${many.url}/api/v1/organizers/?ordering=name&page_size=1`]);
  });
  test('plugins come from the dataset', async () => {
    const res = await many.call('/api/v1/organizers/a-org/', { auth: 'Bearer three' });
    assert.deepEqual(res.body, { name: 'Mu', slug: 'a-org', public_url: `${many.url}/a-org/`, plugins: ['pretix.plugins.banktransfer'] });
  });
});

test("public_url is built from the site URL; links keep the origin the request was sent to", async () => {
  const proxied = await TestMock.start({ siteUrl: 'https://tickets.example.com/' });
  try {
    const org = await proxied.call('/api/v1/organizers/bigevents/', { auth: AUTH.admin });
    assert.equal((org.body as { public_url: string }).public_url, 'https://tickets.example.com/bigevents/');
    const events = (await proxied.call('/api/v1/organizers/bigevents/events/?page_size=1', { auth: AUTH.admin })).body as { next: string; results: Array<{ public_url: string }> };
    assert.deepEqual([events.results[0]!.public_url, events.next], ['https://tickets.example.com/bigevents/democon/', `${proxied.url}/api/v1/organizers/bigevents/events/?page=2&page_size=1`]);
    assert.deepEqual((await proxied.call('/api/v1/', { auth: AUTH.admin })).body, { organizers: `${proxied.url}/api/v1/organizers/` });
  } finally {
    await proxied.close();
  }
});
