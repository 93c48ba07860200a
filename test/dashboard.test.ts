import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { buildUi, DASHBOARD_BUDGET_GZIP_BYTES } from '../scripts/build-ui.js';
import { DEFAULT_FIXTURES_PATH } from '../src/paths.js';
import { TestMock } from './helpers/mock.js';

const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

describe('dashboard assets and the routes it needs', () => {
  let sizes: Record<string, number>;
  let guarded: TestMock;
  before(async () => {
    sizes = await buildUi();
    const fixtures = JSON.parse(readFileSync(DEFAULT_FIXTURES_PATH, 'utf8')) as Record<string, unknown>;
    fixtures.plugin_action_types = [{ action_type: 'pretix.plugins.demo.done', payload: 'giftcard' }];
    guarded = await TestMock.start({ adminToken: 'sekrit', fixtures });
  });
  after(() => guarded.close());

  test(`the three files stay under the budget of ${DASHBOARD_BUDGET_GZIP_BYTES} bytes gzipped`, () => {
    const total = Object.values(sizes).reduce((a, b) => a + b, 0);
    assert.deepEqual(Object.keys(sizes), ['index.html', 'app.js', 'app.css']);
    assert.ok(total > 3000 && total <= DASHBOARD_BUDGET_GZIP_BYTES, `${total} bytes gzipped: ${JSON.stringify(sizes)}`);
  });

  const served = [
    ['/__admin/', 'text/html; charset=utf-8', '<!doctype html>'],
    ['/__admin/ui/app.js', 'text/javascript; charset=utf-8', ''],
    ['/__admin/ui/app.css', 'text/css; charset=utf-8', ''],
  ] as const;
  for (const [path, type, start] of served) {
    test(`GET ${path} is served from the package without the admin token`, async () => {
      const res = await guarded.call(path);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), type);
      assert.equal(res.headers.get('content-security-policy'), CSP);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(res.headers.get('cache-control'), 'no-cache');
      assert.equal(Number(res.headers.get('content-length')), Buffer.byteLength(res.text));
      assert.ok(res.text.startsWith(start));
    });
  }

  test('the page refers to nothing but its own assets', async () => {
    const page = (await guarded.call('/__admin/')).text;
    const refs = [...page.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(refs, ['data:,', 'ui/app.css', 'ui/app.js']);
    const script = (await guarded.call('/__admin/ui/app.js')).text;
    assert.doesNotMatch(script, /https?:\/\/(?!www\.w3\.org)[a-z]/i);
  });

  const answers = [
    ['/__admin', 401, {}, { detail: 'The control plane needs "Authorization: Bearer <admin token>" on this address.' }],
    ['/__admin/ui/other.js', 400, {}, { detail: 'The request does not match the OpenAPI document of the control plane.', errors: [{ path: '/params/file', message: 'must be equal to one of the allowed values: app.js, app.css' }] }],
    ['/__admin/state', 401, {}, { detail: 'The control plane needs "Authorization: Bearer <admin token>" on this address.' }],
    ['/__admin/action-types', 401, {}, { detail: 'The control plane needs "Authorization: Bearer <admin token>" on this address.' }],
  ] as const;
  for (const [path, status, headers, body] of answers) {
    test(`GET ${path} answers ${status} without the admin token`, async () => {
      const res = await guarded.call(path);
      assert.equal(res.status, status);
      for (const [k, v] of Object.entries(headers)) assert.equal(res.headers.get(k), v);
      if (body) assert.deepEqual(res.body, body);
    });
  }

  test('GET /__admin/action-types lists core types in pretix order, then the plugin types', async () => {
    const res = await guarded.call('/__admin/action-types', { headers: { authorization: 'Bearer sekrit' } });
    assert.equal(res.status, 200);
    const body = res.body as { count: number; results: Array<{ action_type: string; payload: string; plugin: boolean }> };
    assert.equal(body.count, 47);
    assert.equal(body.results.length, 47);
    assert.deepEqual(body.results[0], { action_type: 'pretix.event.order.placed', payload: 'order', plugin: false });
    assert.deepEqual(body.results.at(-1), { action_type: 'pretix.plugins.demo.done', payload: 'giftcard', plugin: true });
    assert.equal(body.results.filter((r) => r.plugin).length, 1);
    const unknown = await guarded.call('/__admin/action-types?sandbox=sbx_nope', { headers: { authorization: 'Bearer sekrit' } });
    assert.equal(unknown.status, 404);
    assert.deepEqual(unknown.body, { detail: 'No sandbox "sbx_nope" (it may have been deleted or expired).' });
  });

  test('DELETE /__admin/faults/{id} removes one rule and leaves the others', async () => {
    const auth = { authorization: 'Bearer sekrit' };
    const add = (status: number) =>
      guarded.call('/__admin/faults', { method: 'POST', headers: auth, body: { effect: { type: 'respond', status } } });
    const first = (await add(503)).body as { id: number };
    const second = (await add(502)).body as { id: number };
    const removed = await guarded.call(`/__admin/faults/${first.id}`, { method: 'DELETE', headers: auth });
    assert.equal(removed.status, 204);
    assert.equal(removed.text, '');
    const list = (await guarded.call('/__admin/faults', { headers: auth })).body as { results: Array<{ id: number }> };
    assert.deepEqual(list.results.map((r) => r.id), [second.id]);
    const again = await guarded.call(`/__admin/faults/${first.id}`, { method: 'DELETE', headers: auth });
    assert.equal(again.status, 404);
    assert.deepEqual(again.body, { detail: `No fault rule ${first.id} (it may have been removed or cleared).` });
    const bad = await guarded.call('/__admin/faults/zero', { method: 'DELETE', headers: auth });
    assert.equal(bad.status, 400);
    const third = await guarded.server.faults.add({ effect: { type: 'drop' } });
    await guarded.server.faults.remove(third.id);
    assert.deepEqual((await guarded.server.faults.list()).map((r) => r.id), [second.id]);
    await assert.rejects(guarded.server.faults.remove(third.id), /No fault rule/);
    await guarded.call('/__admin/faults', { method: 'DELETE', headers: auth });
  });
});
