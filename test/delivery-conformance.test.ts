/**
 * Conformance with pretix 2026.5's captured webhook deliveries (test/conformance/deliveries/):
 * every captured log entry is notified with the captured ids, and the raw request bytes and the
 * delivery log record must equal the capture and its WebHookCall row, once the version differences
 * (test/conformance/version-differences.ts: the User-Agent) made the capture 2026.8's. Aside: Host and
 * Content-Length values, `notification_id`, the receiver's port, times, and the read timeout's
 * value (the mock runs with a short one so the silent receiver costs seconds, not 30 s).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { lookup } from 'node:dns/promises';
import { createServer, type AddressInfo } from 'node:net';
import { once } from 'node:events';
import { after, before, test } from 'node:test';
import type { DeliveryRecord, NotifyRequest } from '../src/client/deliveries-api.js';
import { PRETIX_VERSION } from '../src/index.js';
import { deliveryHeadAsOfVersion } from './conformance/version-differences.js';
import { deliveryFixture } from './helpers/delivery.js';
import { AUTH, BIGEVENTS, TestMock } from './helpers/mock.js';
import { RawReceiver, type RawAnswer, type RawRequest } from './helpers/raw-receiver.js';

const CAPTURED_VERSION = '2026.5';
const DIR = new URL(`./conformance/deliveries/pretix-${CAPTURED_VERSION}/`, import.meta.url);

interface WebHookCall {
  id: number; is_retry: number; return_code: number; payload: string; webhook_id: number; success: number; action_type: string; target_url: string;
  response_body: string | { trimmed_string: true; length_chars: number; length_utf8_bytes: number; head: string; tail: string };
}
interface Row {
  case: string; action_type: string; registered_type: string;
  request: { path: string; body: string; raw_head_b64: string } | null;
  webhookcall: WebHookCall;
  webhook: { id: number; target_url: string; all_events: number; limit_events: string[]; action_types: string[] };
  logentry: { id: number; organizer_id: number };
}

const ROWS: Row[] = readFileSync(new URL('deliveries.jsonl', DIR), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Row);
const REGISTERED = (JSON.parse(readFileSync(new URL('registered_types.json', DIR), 'utf8')) as Array<{ action_type: string }>).map((t) => t.action_type);
const CAPTURED_PORT = 42901;
const CAPTURED_REFUSED_PORT = 33915;
const TIMEOUT_SECONDS = 3;
const FIRST_FAILURE_WEBHOOK = 55;
/** The test's own webhook (an id the capture left unused): disabled, listening to every type. */
const DISABLED_WEBHOOK = 50;

let receiver: RawReceiver;
let refusedPort: number;
let mock: TestMock;
let failureMock: TestMock;

/** The capture receiver's answers, by path. */
function answer(req: RawRequest): RawAnswer {
  const json = (status: number, body: string): RawAnswer => ({ status, headers: [['Content-Type', 'application/json']], body });
  const p = req.path;
  if (/^\/(ok|m|auth)\//.test(p)) return json(200, '{"ok": true}');
  const status = /^\/s(\d{3})\//.exec(p);
  if (status) return Number(status[1]) === 204 ? { status: 204 } : json(Number(status[1]), `{"error": "receiver told to answer ${status[1]}"}`);
  const redirect = /^\/r(\d{3})\//.exec(p);
  if (redirect) return { status: Number(redirect[1]), headers: [['Location', '/elsewhere'], ['Content-Type', 'text/plain']], body: 'redirecting' };
  const text = (body: string): RawAnswer => ({ status: 200, headers: [['Content-Type', 'text/plain; charset=utf-8']], body });
  if (p.startsWith('/big-ascii/')) return text('x'.repeat(1536 * 1024));
  if (p.startsWith('/big-utf8/')) return text('é'.repeat(700_000));
  if (p.startsWith('/hang/')) return 'hang';
  return { status: 404 };
}

const rewrite = (text: string) => text
  .replaceAll(`:${CAPTURED_PORT}`, `:${receiver.port}`).replaceAll(`port=${CAPTURED_PORT}`, `port=${receiver.port}`)
  .replaceAll(`:${CAPTURED_REFUSED_PORT}`, `:${refusedPort}`).replaceAll(`port=${CAPTURED_REFUSED_PORT}`, `port=${refusedPort}`)
  .replaceAll('(read timeout=30)', `(read timeout=${TIMEOUT_SECONDS})`);
const asideId = (body: string) => body.replace(/^\{"notification_id": \d+, /, '{"notification_id": <id>, ');
const asideHead = (head: string) => head.replace(/\r\nHost: [^\r]*\r\n/, '\r\nHost: <host>\r\n').replace(/\r\nContent-Length: \d+\r\n/, '\r\nContent-Length: <n>\r\n');

/** A response body as the capture summarises strings over 4 KiB. */
function summary(text: string, like: WebHookCall['response_body']): unknown {
  if (typeof like === 'string') return rewrite(text);
  const chars = [...text];
  return {
    trimmed_string: true, length_chars: chars.length, length_utf8_bytes: Buffer.byteLength(text),
    head: chars.slice(0, like.head.length).join(''), tail: chars.slice(chars.length - [...like.tail].length).join(''),
  };
}

/** The WebHookCall fields of a record (times and ids aside), next to the captured row's. */
function compareRecord(record: DeliveryRecord, wc: WebHookCall, label: string): void {
  const expectedBody = typeof wc.response_body === 'string' ? rewrite(wc.response_body) : wc.response_body;
  assert.deepEqual(
    {
      webhook: record.webhook, target_url: record.target_url, action_type: record.action_type, is_retry: record.is_retry,
      return_code: record.return_code, success: record.success, payload: asideId(record.payload), response_body: summary(record.response_body, wc.response_body),
    },
    {
      webhook: wc.webhook_id, target_url: rewrite(wc.target_url), action_type: wc.action_type, is_retry: wc.is_retry === 1,
      return_code: wc.return_code, success: wc.success === 1, payload: asideId(wc.payload), response_body: expectedBody,
    },
    label,
  );
  assert.equal(record.blocked, false, label);
}

function compareRequest(got: RawRequest, row: Row, label: string): void {
  const head = got.head.toString('latin1');
  const captured = deliveryHeadAsOfVersion(Buffer.from(row.request!.raw_head_b64, 'base64').toString('latin1'), CAPTURED_VERSION, PRETIX_VERSION);
  assert.equal(asideHead(head), asideHead(captured), `${label}: head`);
  assert.match(head, new RegExp(`\r\nHost: 127\\.0\\.0\\.1:${receiver.port}\r\n`), `${label}: Host`);
  assert.match(head, new RegExp(`\r\nContent-Length: ${got.body.length}\r\n`), `${label}: Content-Length`);
  assert.equal(asideId(got.body.toString('latin1')), asideId(row.request!.body), `${label}: body`);
}

/** The notify request for a captured log entry: its payload's ids and log data, as pretix had them. */
function notifyRequest(row: Row): NotifyRequest {
  const { notification_id: _id, organizer, action, ...ids } = JSON.parse(row.webhookcall.payload) as Record<string, unknown>;
  const organizers = ['bigevents', 'acme'];
  return { ...ids, organizer: (organizer as string | undefined) ?? organizers[row.logentry.organizer_id - 1]!, action_type: action as string } as NotifyRequest;
}

/**
 * The captured webhooks (ids kept) plus the test's disabled one. For the families, the family and
 * matching webhooks are enabled; for the failures none is (each case enables its own), as in the
 * captured run.
 */
function fixture(phase: 'families' | 'failures'): object {
  const base = deliveryFixture() as { events: Array<{ organizer: string; slug: string; name: string }> };
  const webhooks = new Map<number, object>();
  for (const row of ROWS) {
    const w = row.webhook;
    webhooks.set(w.id, {
      id: w.id, organizer: 'bigevents', enabled: phase === 'families' && w.id < FIRST_FAILURE_WEBHOOK, target_url: rewrite(w.target_url),
      all_events: w.all_events === 1, limit_events: w.limit_events, action_types: w.action_types, comment: null,
    });
  }
  webhooks.set(DISABLED_WEBHOOK, {
    id: DISABLED_WEBHOOK, organizer: 'bigevents', enabled: false, target_url: `http://127.0.0.1:${receiver.port}/ok/disabled`,
    all_events: true, limit_events: [], action_types: REGISTERED, comment: 'disabled: gets nothing',
  });
  const events = new Set(ROWS.map((r) => JSON.parse(r.webhookcall.payload).event).filter((e): e is string => typeof e === 'string'));
  for (const e of base.events) events.delete(e.slug);
  return {
    ...base,
    events: [...base.events, ...[...events].map((slug) => ({ organizer: 'bigevents', slug, name: slug }))],
    webhooks: [...webhooks.values()].sort((a, b) => (a as { id: number }).id - (b as { id: number }).id),
    webhook_next_id: 100,
  };
}

before(async () => {
  receiver = await RawReceiver.start(answer);
  const closed = createServer().listen(0, '127.0.0.1');
  await once(closed, 'listening');
  refusedPort = (closed.address() as AddressInfo).port;
  closed.close();
  await once(closed, 'close');
  // One call at a time per host, as pretix's eager Celery sent them: arrival order is call order.
  const delivery = { timeoutSeconds: TIMEOUT_SECONDS, perHostConcurrency: 1 };
  mock = await TestMock.start({ fixtures: fixture('families'), delivery });
  failureMock = await TestMock.start({ fixtures: fixture('failures'), delivery });
});
after(async () => {
  await mock?.close();
  await failureMock?.close();
  await receiver?.close();
});

const records = async (notificationId: number, n: number, on = mock) =>
  (await on.server.deliveries.waitFor((r) => r.length >= n, { filter: { notification_id: notificationId }, timeout: 15_000 })).slice().reverse();

test('every captured family arrives byte-identical and is logged as its WebHookCall, to the webhooks pretix called, in id order', async (t) => {
  const groups = new Map<number, Row[]>();
  for (const row of ROWS.filter((r) => !r.case.startsWith('failure:'))) groups.set(row.logentry.id, [...(groups.get(row.logentry.id) ?? []), row]);
  // A type counts once every family capture of it matched (and it has one).
  const identical = new Map(REGISTERED.map((type) => [type, ROWS.some((r) => r.case === 'family' && r.registered_type === type)]));
  const problems: string[] = [];
  for (const [logentry, rows] of [...groups].sort(([a], [b]) => a - b)) {
    rows.sort((a, b) => a.webhookcall.id - b.webhookcall.id);
    const label = `log entry ${logentry} (${rows[0]!.action_type})`;
    const seen = receiver.received.length;
    try {
      const result = await mock.server.notify(notifyRequest(rows[0]!));
      assert.equal(result.webhook_type, rows[0]!.registered_type, label);
      assert.deepEqual(result.webhooks.map((w) => w.id), rows.map((r) => r.webhookcall.webhook_id), `${label}: webhooks called`);
      assert.ok(result.skipped.some((s) => s.id === DISABLED_WEBHOOK && s.reason === 'disabled'), `${label}: the disabled webhook is skipped`);
      const got = (await receiver.waitFor(seen + rows.length)).slice(seen);
      const logged = await records(result.notification_id, rows.length);
      rows.forEach((row, i) => {
        compareRequest(got[i]!, row, `${label} → webhook ${row.webhook.id}`);
        compareRecord(logged[i]!, row.webhookcall, `${label} → webhook ${row.webhook.id}`);
      });
    } catch (err) {
      problems.push((err as Error).message);
      for (const r of rows) identical.set(r.registered_type, false);
    }
  }
  const count = [...identical.values()].filter(Boolean).length;
  t.diagnostic(`${count}/${REGISTERED.length} registered types byte-identical`);
  assert.equal(receiver.received.filter((r) => r.path === '/ok/disabled').length, 0, 'the disabled webhook got nothing');
  assert.deepEqual(problems, []);
  assert.equal(count, REGISTERED.length);
});

/** The failure cases, each with the first captured attempt (the later rows are its retries). */
const FAILURES = [...new Set(ROWS.filter((r) => r.case.startsWith('failure:')).map((r) => r.case))].map((name) => {
  const rows = ROWS.filter((r) => r.case === name).sort((a, b) => a.webhookcall.id - b.webhookcall.id);
  return { name: name.slice('failure:'.length), first: rows[0]!, second: rows[1], attempts: rows.length };
});

async function setEnabled(webhook: number, enabled: boolean): Promise<void> {
  const res = await failureMock.call(`${BIGEVENTS}${webhook}/`, { method: 'PATCH', auth: AUTH.admin, body: { enabled } });
  assert.equal(res.status, 200, res.text);
}

test('every failure case produces the captured WebHookCall row, retry decision and webhook state', async (t) => {
  // The 13 cases: the ASCII and the UTF-8 1.5 MiB answers are one ("a 1.5 MiB answer").
  const caseOf = (name: string) => name.replace(/^big-response-.*/, 'big-response');
  const passed = new Set<string>();
  const dnsAnswers = await lookup('hooks.acme.example').then(() => 'resolves', (err: NodeJS.ErrnoException) => err.code);
  for (const { name, first, second, attempts } of FAILURES) {
    await t.test(name, async (st) => {
      if (name === 'dns-failure' && dnsAnswers !== 'ENOTFOUND') {
        st.skip(`hooks.acme.example gives ${dnsAnswers} here, not ENOTFOUND`);
        return;
      }
      const webhook = first.webhook.id;
      await setEnabled(webhook, true);
      try {
        const seen = receiver.received.length;
        const result = await failureMock.server.notify(notifyRequest(first));
        assert.deepEqual(result.webhooks.map((w) => w.id), [webhook]);
        const [record] = await records(result.notification_id, 1, failureMock);
        compareRecord(record!, first.webhookcall, name);
        if (first.request) compareRequest(receiver.received[seen]!, first, name);
        else assert.equal(receiver.received.length, seen, `${name}: nothing reached the receiver`);
        const pending = await failureMock.server.deliveries.pending({ webhook });
        const retried = attempts > 1;
        // pretix's first retry waits 5 s; 410 disables the webhook instead.
        assert.deepEqual(pending.map((p) => [p.retry_count, p.interval]), retried ? [[1, 5]] : [], `${name}: retry`);
        const state = await failureMock.call(`${BIGEVENTS}${webhook}/`, { auth: AUTH.admin });
        assert.equal((state.body as { enabled: boolean }).enabled, first.webhookcall.return_code !== 410, `${name}: enabled afterwards`);
        if (second) {
          // The first retry, run now: the same row again (is_retry stays 0), and the next retry waits 30 s.
          assert.equal(await failureMock.server.deliveries.expedite({ webhook }), 1);
          const [, again] = await records(result.notification_id, 2, failureMock);
          compareRecord(again!, second.webhookcall, `${name}: first retry`);
          assert.equal(again!.retry_count, 1);
          if (second.request) compareRequest(receiver.received.at(-1)!, second, `${name}: first retry`);
          // The record and its retry decision are made together, so the retry is pending by now.
          const next = await failureMock.server.deliveries.pending({ webhook });
          assert.deepEqual(next.map((p) => [p.retry_count, p.interval]), [[2, 30]], `${name}: second retry`);
        }
        passed.add(name);
      } finally {
        await failureMock.server.deliveries.drop({ webhook });
        await setEnabled(webhook, false);
      }
    });
  }
  await t.test('private-network-blocked', async () => {
    const guarded = await TestMock.start({ fixtures: deliveryFixture(), delivery: { blockPrivateNetworks: true } });
    try {
      const created = await guarded.call(BIGEVENTS, {
        method: 'POST', auth: AUTH.admin,
        body: { target_url: `http://127.0.0.1:${receiver.port}/blocked/x`, all_events: true, limit_events: [], action_types: ['pretix.event.order.modified'] },
      });
      const webhook = (created.body as { id: number }).id;
      const result = await guarded.server.notify({ organizer: 'bigevents', event: 'democon', action_type: 'pretix.event.order.modified', code: '7ZQNT' });
      const [record] = await guarded.server.deliveries.waitFor((r) => r.length > 0, { filter: { webhook } });
      // pretix: HTTPError('Request to local address 127.0.0.1 blocked') inside urllib3, no WebHookCall, no retry.
      assert.deepEqual(
        [record!.blocked, record!.return_code, record!.success, record!.response_body, record!.notification_id],
        [true, 0, false, 'Request to local address 127.0.0.1 blocked', result.notification_id],
      );
      assert.deepEqual(await guarded.server.deliveries.pending({ webhook }), []);
      assert.equal(receiver.received.filter((r) => r.path === '/blocked/x').length, 0);
      passed.add('private-network-blocked');
    } finally {
      await guarded.close();
    }
  });
  const cases = new Map<string, boolean>();
  for (const name of [...FAILURES.map((f) => f.name), 'private-network-blocked']) cases.set(caseOf(name), (cases.get(caseOf(name)) ?? true) && passed.has(name));
  const good = [...cases].filter(([, ok]) => ok).map(([name]) => name);
  t.diagnostic(`${good.length}/${cases.size} failure cases identical`);
  assert.equal(cases.size, 13);
});
