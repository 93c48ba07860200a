/**
 * Live deliveries: a real pretix's own log actions (conformance/pretix/deliveries.py: an order
 * placed, paid, changed, a check-in and its revert, a voucher, a customer, a gift card and a gift
 * card transaction) delivered to a local receiver, and the same notifications (same ids) emitted
 * by pretix-mock to another; the requests are compared byte for byte (head lines in order and
 * body), as the delivery captures are.
 */
import { startMockServer } from '../../../src/index.js';
import { Receiver, type Received } from '../../helpers/receiver.js';
import { startRealPretix } from './real-pretix.js';

/** A delivered request as bytes: the head lines in arrival order and the body. */
export interface WireRequest {
  requestLine: string;
  headers: [string, string][];
  body: string;
}

/** One aspect in which the mock's delivery differs from pretix's. */
export interface DeliveryDivergence {
  action: string;
  aspect: 'missing' | 'request-line' | 'header-names' | 'header' | 'body';
  name?: string;
  expected?: string;
  actual?: string;
}

function wire(r: Received): WireRequest {
  const headers: [string, string][] = [];
  for (let k = 0; k + 1 < r.rawHeaders.length; k += 2) headers.push([r.rawHeaders[k]!, r.rawHeaders[k + 1]!]);
  return { requestLine: `${r.method} ${r.url} HTTP/1.1`, headers, body: r.body.toString('latin1') };
}

const NOTIFICATION_ID = /^\{"notification_id": (\d+)/;

/**
 * The request with what must differ normalized: the Host header (each receiver has its own port)
 * and the notification id (pretix's log entry id; the mock counts its own notifications), with
 * Content-Length less the id's digits.
 */
export function normalize(request: WireRequest): WireRequest {
  const id = NOTIFICATION_ID.exec(request.body)?.[1] ?? '';
  return {
    requestLine: request.requestLine,
    headers: request.headers.map(([name, value]): [string, string] => {
      if (name.toLowerCase() === 'host') return [name, 'HOST'];
      if (name.toLowerCase() === 'content-length') return [name, String(Number(value) - id.length)];
      return [name, value];
    }),
    body: request.body.replace(NOTIFICATION_ID, '{"notification_id": N'),
  };
}

/** Compares the mock's delivery with pretix's (both normalized); empty: identical. */
export function compareDelivery(action: string, real: WireRequest | undefined, mock: WireRequest | undefined): DeliveryDivergence[] {
  if (!real || !mock) return [{ action, aspect: 'missing', expected: real ? 'a request' : 'none', actual: mock ? 'a request' : 'none' }];
  const [a, b] = [normalize(real), normalize(mock)];
  const out: DeliveryDivergence[] = [];
  if (a.requestLine !== b.requestLine) out.push({ action, aspect: 'request-line', expected: a.requestLine, actual: b.requestLine });
  const names = (w: WireRequest) => w.headers.map(([n]) => n).join(', ');
  if (names(a) !== names(b)) out.push({ action, aspect: 'header-names', expected: names(a), actual: names(b) });
  const byName = (w: WireRequest) => new Map(w.headers.map(([n, v]) => [n.toLowerCase(), v]));
  const [ha, hb] = [byName(a), byName(b)];
  for (const name of new Set([...ha.keys(), ...hb.keys()])) {
    if (ha.get(name) !== hb.get(name)) out.push({ action, aspect: 'header', name, expected: ha.get(name), actual: hb.get(name) });
  }
  if (a.body !== b.body) out.push({ action, aspect: 'body', expected: a.body, actual: b.body });
  return out;
}

interface DriverLine {
  webhook?: { target_url: string; all_events: boolean; limit_events: string[]; action_types: string[] };
  logentry_id?: number;
  notify?: Record<string, unknown> & { action_type: string };
}

const actionOf = (w: WireRequest) => (JSON.parse(w.body) as { action: string }).action;

/** The result of one live delivery run: both sides' requests by concrete action type. */
export interface DeliveryRun {
  actions: string[];
  real: Map<string, WireRequest>;
  mock: Map<string, WireRequest>;
  divergences: DeliveryDivergence[];
}

/** Runs the delivery families on a fresh real pretix and a fresh mock; bounded by `timeoutMs`. */
export async function runLiveDeliveries(timeoutMs = 120_000): Promise<DeliveryRun> {
  const [realReceiver, mockReceiver] = await Promise.all([Receiver.start(), Receiver.start()]);
  const pretix = await startRealPretix({ privateWebhooks: true });
  const mock = await startMockServer({ journalSize: 0, delivery: { blockPrivateNetworks: false } });
  try {
    const output = await pretix.python('deliveries.py', [realReceiver.url('/pretix')], timeoutMs);
    const lines = output.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as DriverLine);
    const hook = lines.find((l) => l.webhook)?.webhook;
    const notifications = lines.flatMap((l) => (l.notify ? [l.notify] : []));
    if (!hook) throw new Error(`deliveries.py registered no webhook:\n${output}`);
    const created = await fetch(`${mock.url}/api/v1/organizers/bigevents/webhooks/`, {
      method: 'POST',
      headers: { authorization: 'Token sandbox-bigevents-admin', 'content-type': 'application/json' },
      body: JSON.stringify({ ...hook, enabled: true, target_url: mockReceiver.url('/pretix') }),
    });
    if (created.status !== 201) throw new Error(`the mock refused the webhook: ${created.status} ${await created.text()}`);
    for (const n of notifications) {
      const answer = await fetch(`${mock.url}/__admin/notify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(n) });
      if (answer.status !== 200) throw new Error(`the mock refused ${JSON.stringify(n)}: ${answer.status} ${await answer.text()}`);
    }
    await realReceiver.waitFor(notifications.length, timeoutMs);
    await mockReceiver.waitFor(notifications.length, timeoutMs);
    const real = new Map(realReceiver.received.map(wire).map((w) => [actionOf(w), w]));
    const mocked = new Map(mockReceiver.received.map(wire).map((w) => [actionOf(w), w]));
    const actions = notifications.map((n) => n.action_type);
    return { actions, real, mock: mocked, divergences: actions.flatMap((a) => compareDelivery(a, real.get(a), mocked.get(a))) };
  } finally {
    await Promise.all([mock.close(), pretix.close(), realReceiver.close(), mockReceiver.close()]);
  }
}
