import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { AUTH, TestMock } from './helpers/mock.js';

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

let mock: TestMock;
before(async () => {
  mock = await TestMock.start();
});
after(() => mock.close());

test('GET /__admin/health: status, versions and a growing uptime, with or without credentials', async () => {
  const uptimes: number[] = [];
  for (const auth of [undefined, AUTH.admin, 'Token unknown', 'Bearer garbage']) {
    const res = await mock.call('/__admin/health', { auth });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/json');
    const body = res.body as Record<string, unknown>;
    assert.deepEqual({ ...body, uptime_seconds: 0 }, { status: 'ok', version: pkg.version, uptime_seconds: 0, pretix_version: '2026.8' });
    assert.equal(typeof body.uptime_seconds, 'number');
    uptimes.push(body.uptime_seconds as number);
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.ok(uptimes[0]! > 0, 'the warm-up happened before the first answer');
  assert.deepEqual([...uptimes].sort((a, b) => a - b), uptimes);
  assert.ok(uptimes[3]! - uptimes[0]! >= 0.05, `uptime moved ${uptimes[3]! - uptimes[0]!} s in 60+ ms`);
});

test('HEAD /__admin/health answers 200 without a body', async () => {
  const res = await mock.call('/__admin/health', { method: 'HEAD' });
  assert.equal(res.status, 200);
  assert.equal(res.text, '');
});

test('the health endpoint is in /__admin/openapi.json', async () => {
  const res = await mock.call('/__admin/openapi.json');
  const doc = res.body as { paths: Record<string, { get?: { operationId?: string; security?: unknown[] } }> };
  assert.equal(doc.paths['/__admin/health']?.get?.operationId, 'getHealth');
  assert.deepEqual(doc.paths['/__admin/health']?.get?.security, []);
});
