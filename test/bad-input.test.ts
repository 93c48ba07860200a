import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { AUTH, BIGEVENTS, TestMock } from './helpers/mock.js';

const HEADERS_TIMEOUT = 1000;
const REQUEST_TIMEOUT = 1500;

/** Default client timeouts: a burst of requests on a loaded machine is never cut by them. */
let mock: TestMock;
/**
 * Timeouts short enough to wait for, only for the tests about them. Node counts a connection's
 * time from its accept: with 300 ms, ordinary requests on a loaded machine got 408 (a burst of 50
 * almost always), as the server had not read their heads in time.
 */
let timed: TestMock;
before(async () => {
  [mock, timed] = await Promise.all([TestMock.start(), TestMock.start({ headersTimeout: HEADERS_TIMEOUT, requestTimeout: REQUEST_TIMEOUT })]);
});
after(() => Promise.all([mock.close(), timed.close()]));

const VALID = JSON.stringify({ target_url: 'https://example.com/hook', limit_events: [], action_types: ['pretix.event.order.placed'] });

/**
 * Writes raw bytes on a fresh connection and collects the answer until the server closes it (or
 * `afterMs`, when the client gives up itself). `cut` closes the connection right after writing.
 */
function raw(data: Buffer | string, options: { waitMs?: number; cut?: boolean; on?: TestMock } = {}): Promise<{ text: string; ms: number; closedByServer: boolean }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const socket = connect(Number(new URL((options.on ?? mock).url).port), '127.0.0.1', () => {
      socket.write(data);
      if (options.cut) socket.destroy();
    });
    let text = '';
    const done = (closedByServer: boolean) => resolve({ text, ms: performance.now() - started, closedByServer });
    socket.setEncoding('latin1');
    socket.on('data', (c: string) => (text += c));
    socket.on('close', () => done(!options.cut));
    socket.on('error', (err) => (options.cut ? undefined : reject(err)));
    socket.setTimeout(options.waitMs ?? 5000, () => {
      socket.destroy();
      done(false);
    });
  });
}

/**
 * Watches this process's event loop (which also runs the server) with a 20 ms ticker; `stop()`
 * gives the time it could not run, added up (a loaded machine, the server's own background
 * warm-up): the server's timeout check waits just as long, so a time bound on it allows for that.
 */
function watchStalls(): { stop: () => number } {
  let last = performance.now();
  let stalled = 0;
  const tick = () => {
    const now = performance.now();
    stalled += Math.max(0, now - last - 20);
    last = now;
  };
  const ticker = setInterval(tick, 20);
  return {
    stop() {
      tick();
      clearInterval(ticker);
      return stalled;
    },
  };
}

const request = (lines: string[], body = '') => `${lines.join('\r\n')}\r\n\r\n${body}`;
const statusLine = (text: string) => text.split('\r\n', 1)[0];

/** The server still answers normally. */
async function healthy(on = mock): Promise<void> {
  const res = await on.call(BIGEVENTS, { auth: AUTH.admin });
  assert.equal(res.status, 200);
}

describe('slow and never-finishing clients are timed out (408, connection closed)', () => {
  const cases: Array<[string, string, number]> = [
    ['a connection that sends nothing', '', HEADERS_TIMEOUT],
    ['headers that never end', `GET ${BIGEVENTS} HTTP/1.1\r\nHost: x\r\nAuthorization: ${AUTH.admin}\r\n`, HEADERS_TIMEOUT],
    ['a body that never ends', request(['POST /api/v1/organizers/bigevents/webhooks/ HTTP/1.1', 'Host: x', `Authorization: ${AUTH.admin}`, 'Content-Type: application/json', 'Content-Length: 500'], '{"target_url": '), REQUEST_TIMEOUT],
  ];
  for (const [name, data, limit] of cases) {
    test(name, async () => {
      const stalls = watchStalls();
      const res = await raw(data, { on: timed });
      const stalled = stalls.stop();
      assert.equal(statusLine(res.text), 'HTTP/1.1 408 Request Timeout');
      assert.ok(res.closedByServer);
      assert.ok(res.ms >= limit - 50 && res.ms < limit + stalled + 1500, `answered after ${res.ms.toFixed(0)} ms (the event loop stalled for ${stalled.toFixed(0)} ms in all)`);
      await healthy(timed);
    });
  }

  test('a timed-out POST with an idempotency key leaves the key free and creates nothing', async () => {
    const before = (await timed.call(BIGEVENTS, { auth: AUTH.admin })).body as { count: number };
    const res = await raw(request(['POST /api/v1/organizers/bigevents/webhooks/ HTTP/1.1', 'Host: x', `Authorization: ${AUTH.admin}`, 'Content-Type: application/json', 'X-Idempotency-Key: slow', `Content-Length: ${VALID.length}`], VALID.slice(0, 10)), { on: timed });
    assert.equal(statusLine(res.text), 'HTTP/1.1 408 Request Timeout');
    const retry = await timed.call(BIGEVENTS, { method: 'POST', auth: AUTH.admin, body: VALID, headers: { 'x-idempotency-key': 'slow', 'content-type': 'application/json' } });
    assert.equal(retry.status, 201);
    const after = (await timed.call(BIGEVENTS, { auth: AUTH.admin })).body as { count: number };
    assert.equal(after.count, before.count + 1);
  });
});

describe('oversized request heads are refused cleanly (Node: 431, connection closed)', () => {
  const cases: Array<[string, string]> = [
    ['3,000 headers', request([`GET ${BIGEVENTS} HTTP/1.1`, 'Host: x', ...Array.from({ length: 3000 }, (_, i) => `X-H${i}: v`)])],
    ['one 20 kB header', request([`GET ${BIGEVENTS} HTTP/1.1`, 'Host: x', `X-Big: ${'v'.repeat(20_000)}`])],
    ['a 20 kB URL', request([`GET /api/v1/organizers/${'a'.repeat(20_000)}/webhooks/ HTTP/1.1`, 'Host: x'])],
  ];
  for (const [name, data] of cases) {
    test(name, async () => {
      const res = await raw(data);
      assert.equal(statusLine(res.text), 'HTTP/1.1 431 Request Header Fields Too Large');
      assert.ok(res.closedByServer);
      await healthy();
    });
  }

  test('an 8 kB organizer slug is still answered in pretix\'s words', async () => {
    const res = await mock.call(`/api/v1/organizers/${'a'.repeat(8000)}/webhooks/`, { auth: AUTH.admin });
    assert.deepEqual([res.status, res.body], [403, { detail: 'You do not have permission to perform this action.' }]);
  });
});

describe('invalid UTF-8 is refused cleanly', () => {
  test('raw bytes in the request line, and a NUL in a header: Node\'s 400, connection closed', async () => {
    for (const data of [Buffer.from(`GET /api/v1/organizers/\xff\xfe/webhooks/ HTTP/1.1\r\nHost: x\r\n\r\n`, 'latin1'), request([`GET ${BIGEVENTS} HTTP/1.1`, 'Host: x', 'X-Odd: a\x00b'])]) {
      const res = await raw(data);
      assert.equal(statusLine(res.text), 'HTTP/1.1 400 Bad Request');
    }
    await healthy();
  });

  const json = { 'content-type': 'application/json' };
  const cases: Array<[string, string, { method?: string; auth?: string; body?: string; headers?: Record<string, string> }, number, unknown]> = [
    ['%FF as the organizer', '/api/v1/organizers/%FF/webhooks/', { auth: AUTH.admin }, 403, { detail: 'You do not have permission to perform this action.' }],
    ['%FF as the id', `${BIGEVENTS}%FF/`, { auth: AUTH.admin }, 404, { detail: 'Not found.' }],
    ['%FF as the page', `${BIGEVENTS}?page=%FF`, { auth: AUTH.admin }, 404, { detail: 'Invalid page.' }],
    ['%C3%28 (a broken sequence) as a filter', `${BIGEVENTS}?enabled=%C3%28`, { auth: AUTH.admin }, 200, undefined],
    ['a latin-1 byte in the token', BIGEVENTS, { auth: 'Token caf\xe9' }, 401, { detail: 'Invalid token header. Token string should not contain invalid characters.' }],
    ['invalid UTF-8 in the body', BIGEVENTS, { method: 'POST', auth: AUTH.admin, body: '{"comment": "\xff"}', headers: json }, 400, { detail: "JSON parse error - 'utf-8' codec can't decode byte 0xff in position 13: invalid start byte" }],
    ['%FF as a sandbox id', '/__admin/sandboxes/%FF', { method: 'DELETE' }, 400, undefined],
    ['invalid UTF-8 in a control-plane body', '/__admin/requests/count', { method: 'POST', body: '{"path": "\xff"}', headers: json }, 200, { count: 0, evicted: 0 }],
  ];
  for (const [name, path, options, status, body] of cases) {
    test(name, async () => {
      const headers = { ...options.headers, ...(options.auth ? { authorization: options.auth } : {}) };
      const res = await fetch(mock.url + path, {
        method: options.method ?? 'GET', headers, body: options.body === undefined ? undefined : Buffer.from(options.body, 'latin1'), signal: AbortSignal.timeout(10_000),
      });
      const text = await res.text();
      assert.equal(res.status, status, text);
      if (body !== undefined) assert.deepEqual(JSON.parse(text), body);
      assert.equal(res.headers.get('content-type'), 'application/json');
    });
  }
});

describe('a client that leaves mid-request does not disturb the server', () => {
  test('cut mid-body, mid-headers and right after the head, 50 times each: later requests are fine, keys stay free', async () => {
    const head = ['POST /api/v1/organizers/bigevents/webhooks/ HTTP/1.1', 'Host: x', `Authorization: ${AUTH.admin}`, 'Content-Type: application/json', 'X-Idempotency-Key: cut', `Content-Length: ${VALID.length}`];
    const before = ((await mock.call(BIGEVENTS, { auth: AUTH.admin })).body as { count: number }).count;
    await Promise.all(Array.from({ length: 50 }, () => [
      raw(request(head, VALID.slice(0, 20)), { cut: true }),
      raw(`${head.slice(0, 3).join('\r\n')}\r\n`, { cut: true }),
      raw(request(head), { cut: true }),
    ]).flat());
    // The server notices the closed connections within moments (a busy machine may need a few):
    // until then the key is locked and answers 409, which pretix does not store, so retrying is safe.
    let retry = { status: 0 };
    for (let attempt = 0; attempt < 100; attempt++) {
      retry = await mock.call(BIGEVENTS, { method: 'POST', auth: AUTH.admin, body: VALID, headers: { 'x-idempotency-key': 'cut', 'content-type': 'application/json' } });
      if (retry.status !== 409) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(retry.status, 201, 'the key was released');
    const after = ((await mock.call(BIGEVENTS, { auth: AUTH.admin })).body as { count: number }).count;
    assert.equal(after, before + 1, 'no cut request created anything; the retry did');
    const answers = await Promise.all(Array.from({ length: 50 }, () => mock.call(BIGEVENTS, { auth: AUTH.admin })));
    assert.deepEqual(answers.map((a) => a.status), Array(50).fill(200));
  });
});
