import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareDelivery, normalize, type WireRequest } from './conformance/live/deliveries.js';
import { asRecorded } from './conformance/live/differential.js';
import { explainLive, LIVE_DIFFERENCES, type LiveDifference } from './conformance/live/known-differences.js';
import { explainDelivery, KNOWN_DELIVERY_DIFFERENCES, type KnownDeliveryDifference } from './conformance/live/known-deliveries.js';

const get = (path: string) => ({ method: 'GET', path, headers: { Authorization: 'Token sandbox-bigevents-admin' } });

/** A live row as the live job had while the mock still followed 2026.5. */
const SECURITY_HEADERS: LiveDifference = {
  id: 'version-security-headers', kind: 'version', situation: 'Every answer', request: { path: /^/ }, pretix: 'none', mock: 'sent', why: 'a test row',
  only: [{ aspect: 'header', names: ['referrer-policy'] }, { aspect: 'header-order' }],
};

test('the live tables are empty: the mock follows the pinned pretix 2026.8', () => {
  assert.deepEqual([LIVE_DIFFERENCES.map((r) => r.id), KNOWN_DELIVERY_DIFFERENCES.map((r) => r.id)], [[], []]);
});

test('a live row explains only the divergences it names; the others of the same answer still fail', () => {
  const { explained, unexplained } = explainLive(get('/api/v1/organizers/bigevents/webhooks/'), [
    { aspect: 'header', name: 'referrer-policy', expected: undefined, actual: 'same-origin' },
    { aspect: 'status', expected: '200', actual: '500' },
  ], [SECURITY_HEADERS]);
  assert.deepEqual(explained.map((d) => d.name), ['referrer-policy']);
  assert.deepEqual(unexplained.map((d) => d.aspect), ['status']);
});

test('a body divergence no row covers is unexplained', () => {
  const { unexplained } = explainLive(get('/api/v1/organizers/bigevents/webhooks/2/'), [{ aspect: 'body', expected: '{}', actual: '[]' }], [SECURITY_HEADERS]);
  assert.equal(unexplained.length, 1);
});

const wire = (host: string, ua: string, body: string): WireRequest => ({
  requestLine: 'POST /pretix HTTP/1.1',
  headers: [['Host', host], ['User-Agent', ua], ['Content-Length', String(Buffer.byteLength(body))], ['Content-Type', 'application/json']],
  body,
});

test('deliveries: Host and the notification id are normalized, anything else compared byte for byte', () => {
  const real = wire('127.0.0.1:1', 'python-requests/2.34.2', '{"notification_id": 1234, "organizer": "bigevents", "action": "x"}');
  const mock = wire('127.0.0.1:2', 'python-requests/2.34.2', '{"notification_id": 7, "organizer": "bigevents", "action": "x"}');
  assert.deepEqual(normalize(real), normalize(mock));
  assert.deepEqual(compareDelivery('x', real, mock), []);
  const other = wire('127.0.0.1:2', 'pretix-mock/0.1.0 (webhook delivery)', '{"notification_id": 7, "organizer": "acme", "action": "x"}');
  const divergences = compareDelivery('x', real, other);
  assert.deepEqual(divergences.map((d) => `${d.aspect}:${d.name ?? ''}`), ['header:user-agent', 'header:content-length', 'body:']);
  const userAgent: KnownDeliveryDifference = { id: 'user-agent', kind: 'version', reason: 'a test row', matches: (d) => d.aspect === 'header' && d.name === 'user-agent' };
  assert.equal(explainDelivery(divergences[0]!, [userAgent])?.id, 'user-agent');
  assert.equal(explainDelivery(divergences[0]!), undefined, 'the mock sends 2026.8.0\'s User-Agent: nothing explains another');
  assert.equal(explainDelivery(divergences[2]!, [userAgent]), undefined);
  assert.deepEqual(compareDelivery('x', real, undefined).map((d) => d.aspect), ['missing']);
});

test('a recording written by the live job stores the headers sorted by name, repeated ones in order, BASE for the origin', () => {
  const origin = 'http://127.0.0.1:9';
  const raw = { status: 301, headers: [['Vary', 'Host'], ['Date', 'x'], ['set-cookie', 'b=2'], ['Location', `${origin}/a/`], ['set-cookie', 'a=1'], ['Content-Type', 'text/html']] as [string, string][], body: '' };
  assert.deepEqual(asRecorded(raw, origin).headers, [['content-type', 'text/html'], ['location', 'BASE/a/'], ['set-cookie', 'b=2'], ['set-cookie', 'a=1'], ['vary', 'Host']]);
});
