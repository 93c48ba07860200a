// A client generated from openapi/ by openapi-typescript (npm run generate:types), driven with
// openapi-fetch, a generic client nobody here wrote. `npm run typecheck` compiles this file against
// freshly generated types, so a spec the codegen cannot consume, or one that no longer fits these
// calls, breaks the build; the assertions below catch a server that disagrees with the spec.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import createClient from 'openapi-fetch';
import type { components, paths } from '../src/generated/pretix-api.js';
import type { paths as ControlPaths } from '../src/generated/control-api.js';
import { AUTH, DOCS_BODY, TestMock, WEBHOOK_2 } from './helpers/mock.js';

type Webhook = components['schemas']['Webhook'];

const LIST = '/api/v1/organizers/{organizer}/webhooks/';
const DETAIL = '/api/v1/organizers/{organizer}/webhooks/{id}/';

let mock: TestMock;
before(async () => {
  mock = await TestMock.start();
});
after(() => mock.close());

function client(auth: string) {
  return createClient<paths>({ baseUrl: mock.url, headers: { Authorization: auth }, signal: AbortSignal.timeout(10_000) });
}

test('list, create, patch and delete through the generated types', async () => {
  const api = client(AUTH.admin);
  const organizer = { organizer: 'bigevents' };

  const listed = await api.GET(LIST, { params: { path: organizer } });
  assert.equal(listed.response.status, 200);
  const before = listed.data?.results ?? [];
  assert.deepEqual(before.find((w) => w.id === 2), WEBHOOK_2);

  const created = await api.POST(LIST, { params: { path: organizer }, body: DOCS_BODY });
  assert.equal(created.response.status, 201);
  const id = created.data?.id;
  assert.ok(typeof id === 'number');
  const expected: Webhook = { ...WEBHOOK_2, id, comment: 'Called for changes' };
  assert.deepEqual(created.data, expected);

  const patched = await api.PATCH(DETAIL, { params: { path: { ...organizer, id } }, body: { comment: null, target_url: 'https://example.com/hook' } });
  assert.equal(patched.response.status, 200);
  assert.deepEqual(patched.data, { ...expected, comment: null, target_url: 'https://example.com/hook' });

  const deleted = await api.DELETE(DETAIL, { params: { path: { ...organizer, id } } });
  assert.equal(deleted.response.status, 204);
  assert.equal(deleted.data, undefined);

  const disabled = await api.GET(DETAIL, { params: { path: { ...organizer, id } } });
  assert.deepEqual(disabled.data, { ...expected, comment: null, target_url: 'https://example.com/hook', enabled: false });

  const filtered = await api.GET(LIST, { params: { path: organizer, query: { enabled: 'false' } } });
  assert.deepEqual(filtered.data?.results.map((w) => w.id), [id]);
});

test("error bodies come back typed, in pretix's words", async () => {
  const cases = [
    { auth: AUTH.readonly, status: 403, detail: 'You do not have permission to perform this action.' },
    { auth: 'Token nope', status: 401, detail: 'Invalid token.' },
  ];
  for (const c of cases) {
    const res = await client(c.auth).GET(DETAIL, { params: { path: { organizer: 'bigevents', id: 2 } } });
    assert.equal(res.response.status, c.status, c.auth);
    assert.deepEqual(res.error, { detail: c.detail }, c.auth);
    assert.equal(res.data, undefined);
  }
  const invalid = await client(AUTH.admin).POST(LIST, {
    params: { path: { organizer: 'bigevents' } },
    body: { ...DOCS_BODY, target_url: 'not a url' },
  });
  assert.equal(invalid.response.status, 400);
  assert.deepEqual(invalid.error, { target_url: ['Enter a valid URL.'] });
});

test("the health endpoint is in the control plane's generated types", async () => {
  const res = await createClient<ControlPaths>({ baseUrl: mock.url }).GET('/__admin/health');
  assert.equal(res.response.status, 200);
  assert.equal(res.data?.status, 'ok');
  assert.equal(res.data?.pretix_version, '2026.8');
});
