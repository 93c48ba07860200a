import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareDelivery, normalize, type WireRequest } from './conformance/live/deliveries.js';
import { explainLive } from './conformance/live/known-differences.js';
import { explainDelivery } from './conformance/live/known-deliveries.js';

const get = (path: string) => ({ method: 'GET', path, headers: { Authorization: 'Token sandbox-bigevents-admin' } });

test('a live row explains only the divergences it names; the others of the same answer still fail', () => {
  const { explained, unexplained } = explainLive(get('/api/v1/organizers/bigevents/webhooks/'), [
    { aspect: 'header', name: 'referrer-policy', expected: undefined, actual: 'same-origin' },
    { aspect: 'status', expected: '200', actual: '500' },
  ]);
  assert.deepEqual(explained.map((d) => d.name), ['referrer-policy']);
  assert.deepEqual(unexplained.map((d) => d.aspect), ['status']);
});

test('a body divergence no row covers is unexplained', () => {
  const { unexplained } = explainLive(get('/api/v1/organizers/bigevents/webhooks/2/'), [{ aspect: 'body', expected: '{}', actual: '[]' }]);
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
  assert.equal(explainDelivery(divergences[0]!)?.id, 'delivery-user-agent');
  assert.equal(explainDelivery(divergences[2]!), undefined);
  assert.deepEqual(compareDelivery('x', real, undefined).map((d) => d.aspect), ['missing']);
});
