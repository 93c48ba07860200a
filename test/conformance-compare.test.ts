import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareExchange, type Exchange, type RecordedResponse } from './conformance/compare.js';
import { differenceFor, matchesPattern } from './conformance/differences.js';

const ORIGIN = 'http://127.0.0.1:1234';
const recorded: Exchange = {
  i: 0,
  request: { method: 'GET', path: '/api/v1/organizers/bigevents/webhooks/', headers: {} },
  response: {
    status: 200,
    headers: [['content-type', 'application/json'], ['date', 'x'], ['location', 'BASE/a'], ['set-cookie', 'sessionid=abc; HttpOnly; Path=/']],
    body: '{"next":"BASE/x"}',
  },
};
const answer = (patch: Partial<RecordedResponse>): RecordedResponse => ({
  status: 200,
  headers: [['content-type', 'application/json'], ['location', `${ORIGIN}/a`], ['set-cookie', 'sessionid=zzz; HttpOnly; Path=/']],
  body: `{"next":"${ORIGIN}/x"}`,
  ...patch,
});

test('compareExchange: BASE, uncompared headers, cookie values, loose rules', () => {
  const cases: [string, RecordedResponse, 'all' | 'loose', string[]][] = [
    ['identical (Date ignored, cookie value aside)', answer({}), 'all', []],
    ['status', answer({ status: 201 }), 'all', ['status']],
    ['body byte for byte', answer({ body: `{"next": "${ORIGIN}/x"}` }), 'all', ['body']],
    ['extra header', answer({ headers: [...answer({}).headers, ['x-extra', '1']] }), 'all', ['header x-extra']],
    ['extra header, loose', answer({ headers: [...answer({}).headers, ['x-extra', '1']] }), 'loose', []],
    ['cookie attributes', answer({ headers: [['content-type', 'application/json'], ['location', `${ORIGIN}/a`], ['set-cookie', 'sessionid=zzz; Path=/']] }), 'all', ['header set-cookie']],
  ];
  for (const [name, actual, rules, want] of cases) {
    const got = compareExchange(recorded, actual, { origin: ORIGIN, rules }).map((d) => `${d.aspect}${d.name ? ` ${d.name}` : ''}`);
    assert.deepEqual(got, want, name);
  }
});

test('compareExchange: an HTML body counts by status and headers, Content-Length aside', () => {
  const html: Exchange = { ...recorded, response: { status: 404, headers: [['content-length', '900'], ['content-type', 'text/html; charset=utf-8']], body: '<html>pretix</html>' } };
  const actual: RecordedResponse = { status: 404, headers: [['content-length', '12'], ['content-type', 'text/html; charset=utf-8']], body: '<p>mock</p>' };
  assert.deepEqual(compareExchange(html, actual, { origin: ORIGIN }), []);
});

test('differences: patterns match method, path, query, headers and body', () => {
  const req = { method: 'POST', path: '/api/v1/organizers/bigevents/events/?ordering=slug', headers: { Authorization: 'Token sandbox-bigevents-admin' } };
  assert.equal(differenceFor(req)?.id, 'event-writes');
  assert.equal(differenceFor({ ...req, method: 'GET' }), undefined);
  assert.equal(differenceFor({ ...req, headers: { Authorization: 'Token sandbox-bigevents-readonly' } }), undefined);
  assert.equal(differenceFor({ ...req, path: '/api/v1/organizers/acme/webhooks/' }), undefined);
  assert.equal(differenceFor({ ...req, path: '/api/v1/organizers/acme/webhooks.json' }), undefined);
  const pattern = { methods: ['POST'], path: /^\/a$/, query: /^x=1$/, headers: { authorization: /^Token / }, body: /^\{/ };
  assert.equal(matchesPattern(pattern, { method: 'POST', path: '/a?x=1', headers: { Authorization: 'Token t' }, body: '{}' }), true);
  assert.equal(matchesPattern(pattern, { method: 'POST', path: '/a?x=1', headers: {}, body: '{}' }), false);
  assert.equal(matchesPattern(pattern, { method: 'GET', path: '/a?x=1', headers: { Authorization: 'Token t' }, body: '{}' }), false);
});
