import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AUTH, BIGEVENTS, TestMock } from './helpers/mock.js';

// Mechanisms the recordings of pretix 2026.5 and 2026.8 showed, beyond what the conformance replay checks
// by example: the site URL, the OAuth session cookie, form bodies, and the control plane's 405.
let mock: TestMock;
let proxied: TestMock;
before(async () => {
  mock = await TestMock.start();
  proxied = await TestMock.start({ siteUrl: 'https://pretix.example.com' });
});
after(async () => {
  await mock.close();
  await proxied.close();
});

/** The answer to deleting a new webhook: a 204, which (not being JSON) carries pretix's Content-Security-Policy. */
async function deleteNew(server: TestMock) {
  const made = await server.call(BIGEVENTS, { method: 'POST', auth: AUTH.admin, body: { target_url: 'https://csp.example.com/', limit_events: [], action_types: ['pretix.event.order.paid'] } });
  assert.equal(made.status, 201);
  const { id } = made.body as { id: number };
  const res = await server.call(`${BIGEVENTS}${id}/`, { method: 'DELETE', auth: AUTH.admin });
  assert.equal(res.status, 204);
  return res;
}

test('the Content-Security-Policy of a non-JSON answer names the site URL: the mock\'s origin, or siteUrl', async () => {
  const own = await deleteNew(mock);
  assert.match(own.headers.get('content-security-policy') ?? '', new RegExp(`^default-src 'self' ${mock.url}; script-src`));
  const set = await deleteNew(proxied);
  assert.match(set.headers.get('content-security-policy') ?? '', /form-action 'self' http: https:\/\/pretix\.example\.com https:$/);
  const json = await proxied.call(BIGEVENTS, { auth: AUTH.admin });
  assert.equal(json.headers.get('content-security-policy'), null, 'none on JSON (pretix 2026.8)');
});

test('an OAuth-authenticated answer sets a session cookie; a team token\'s does not', async () => {
  const oauth = await mock.call(`${BIGEVENTS}2/`, { auth: AUTH.oauth });
  assert.equal(oauth.status, 200);
  assert.match(oauth.headers.get('set-cookie') ?? '', /^pretix_session=[a-z0-9]{32}; expires=\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT; HttpOnly; Max-Age=1209600; Path=\/$/);
  const token = await mock.call(`${BIGEVENTS}2/`, { auth: AUTH.admin });
  assert.equal(token.headers.get('set-cookie'), null);
});

describe('form bodies are parsed with QueryDict rules', () => {
  const cases: Array<[string, string, string, number, unknown]> = [
    ['repeated plain field: the last value, iterated', 'application/x-www-form-urlencoded',
      'target_url=https%3A%2F%2Fform.example.com%2F&action_types=pretix.event.order.paid&action_types=x&limit_events=',
      400, { limit_events: ['Object with slug= does not exist.'], action_types: ['Invalid action type "x".'] }],
    ['a missing list is empty, a missing boolean false', 'application/x-www-form-urlencoded',
      'target_url=https%3A%2F%2Fform.example.com%2F&action_types=',
      201, { enabled: false, target_url: 'https://form.example.com/', all_events: false, limit_events: [], action_types: [], comment: null }],
    ['multipart', 'multipart/form-data; boundary=B',
      '--B\r\nContent-Disposition: form-data; name="target_url"\r\n\r\nhttps://m.example.com/\r\n--B\r\nContent-Disposition: form-data; name="action_types"\r\n\r\npretix.event.order.paid\r\n--B--\r\n',
      400, { action_types: ['Invalid action type "p".'] }],
    ['multipart without a boundary', 'multipart/form-data', 'x', 400, { detail: 'Multipart form parse error - Invalid boundary in multipart: None' }],
  ];
  for (const [name, type, body, status, expected] of cases) {
    test(name, async () => {
      const res = await mock.call(BIGEVENTS, { method: 'POST', auth: AUTH.admin, body, headers: { 'content-type': type } });
      assert.equal(res.status, status);
      const got = res.body as Record<string, unknown>;
      if (status === 201) delete got.id;
      assert.deepEqual(got, expected);
    });
  }
});

test('a wrong method on a control-plane path is 405 with Allow', async () => {
  const res = await mock.call('/__admin/health', { method: 'DELETE' });
  assert.equal(res.status, 405);
  assert.match(res.headers.get('allow') ?? '', /GET/);
  assert.deepEqual(res.body, { detail: 'Method "DELETE" not allowed.' });
  const unknown = await mock.call('/__admin/nothing-here', { method: 'DELETE' });
  assert.equal(unknown.status, 404);
});

test('an empty form body is an empty QueryDict: HTML-input defaults, unlike an empty JSON body', async () => {
  const form = await mock.call(BIGEVENTS, { method: 'POST', auth: AUTH.admin, body: '', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.deepEqual(form.body, { target_url: ['This field is required.'], action_types: ['This field is required.'] });
  const json = await mock.call(BIGEVENTS, { method: 'POST', auth: AUTH.admin, body: '', headers: { 'content-type': 'application/json' } });
  assert.deepEqual(json.body, { target_url: ['This field is required.'], limit_events: ['This field is required.'], action_types: ['This field is required.'] });
});
