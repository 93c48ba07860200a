import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateSequence } from './conformance/live/generate.js';

test('the live generator: the same seed gives the same sequence, another seed another', () => {
  assert.deepEqual(generateSequence(42, 200), generateSequence(42, 200));
  assert.notDeepEqual(generateSequence(42, 200), generateSequence(43, 200));
  assert.deepEqual(generateSequence(7, 50), generateSequence(7, 80).slice(0, 50));
});

test('the live generator covers what the recordings cover in a few hundred requests', () => {
  const requests = generateSequence(1, 400);
  const seen = (f: (r: (typeof requests)[number]) => string | undefined) => new Set(requests.map(f));
  const methods = seen((r) => r.method);
  for (const m of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']) assert.ok(methods.has(m), m);
  const auth = seen((r) => r.headers['Authorization']);
  for (const a of ['Token sandbox-bigevents-readonly', 'Device sandbox-bigevents-device', 'Bearer sandbox-bigevents-oauth-read', undefined]) assert.ok(auth.has(a), String(a));
  const paths = requests.map((r) => r.path);
  for (const re of [/^\/api\/v1\/?$/, /\/organizers\/$/, /\/events\//, /\/events\.json/, /\/webhooks\/\d+\/$/, /\/webhooks$/, /\?page/, /\?ordering=/, /BigEvents/]) {
    assert.ok(paths.some((p) => re.test(p)), String(re));
  }
  assert.ok(requests.some((r) => r.headers['X-Idempotency-Key']));
  assert.ok(requests.some((r) => r.headers['Accept']));
  assert.ok(requests.some((r) => r.headers['Content-Type'] && r.headers['Content-Type'] !== 'application/json'));
  assert.ok(requests.some((r) => r.body === 'null'));
  assert.ok(requests.some((r) => r.body?.includes('NaN')), 'a body only ujson reads');
});
