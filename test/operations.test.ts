// Operations, on the spawned CLI: environment variables in --help, one JSON log line per request
// with no credentials in it, and a graceful stop on SIGTERM. (test/cli.test.ts covers the flags.)
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { RunningCli, run } from './helpers/running-cli.js';
import { CLI_ENTRY } from './helpers/cli-entry.js';
import { AUTH, BIGEVENTS, DOCS_BODY } from './helpers/mock.js';

test('--help names every option with its environment variable', async () => {
  const res = await run(process.execPath, [...CLI_ENTRY, '--help']);
  assert.equal(res.code, 0);
  for (const text of ['--port', 'env: PORT)', 'env: HOST)', 'env: PRETIX_MOCK_FIXTURES)', 'env: PRETIX_MOCK_DATA)', 'env: LOG_LEVEL)', '--version']) {
    assert.ok(res.stdout.replace(/\s+/g, ' ').includes(text), `--help lacks ${text}:\n${res.stdout}`);
  }
});

/** Sends one request with node:http (fetch refuses some of these), resolves to the status. */
function send(url: string, path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<number>((resolve, reject) => {
    const req = request(url + path, { method: init.method ?? 'GET', headers: init.headers, timeout: 10_000 }, (res) => {
      res.resume().on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(init.body);
  });
}

test('one JSON line per request, and no Authorization value anywhere in the log', async () => {
  const cli = await RunningCli.start(CLI_ENTRY, ['--log-level', 'trace']);
  const secrets = ['Token never-log-me-1', 'Device never-log-me-2', 'Bearer never-log-me-3', 'Basic bmV2ZXItbG9nLW1lOjQ='];
  const json = { 'content-type': 'application/json' };
  // [path, request, status, the operationId logged (none for a replay or an unknown path)]
  const requests: Array<[string, Parameters<typeof send>[2], number, string | undefined]> = [
    ...secrets.map((auth): [string, Parameters<typeof send>[2], number, string] => [BIGEVENTS, { headers: { authorization: auth } }, 401, 'listWebhooks']),
    [BIGEVENTS, { headers: { authorization: AUTH.admin } }, 200, 'listWebhooks'],
    [BIGEVENTS, { headers: { authorization: AUTH.readonly } }, 403, 'listWebhooks'],
    [BIGEVENTS, { method: 'POST', headers: { authorization: AUTH.admin, ...json }, body: '{not json' }, 400, 'createWebhook'],
    [BIGEVENTS, { method: 'POST', headers: { authorization: AUTH.admin, ...json, 'x-idempotency-key': 'k1' }, body: JSON.stringify(DOCS_BODY) }, 201, 'createWebhook'],
    [BIGEVENTS, { method: 'POST', headers: { authorization: AUTH.admin, ...json, 'x-idempotency-key': 'k1' }, body: '{}' }, 201, 'createWebhook'], // a replay: the operation is known from the path
    [`${BIGEVENTS}?page=9`, { headers: { authorization: AUTH.oauth } }, 404, 'listWebhooks'],
    ['/api/v1/nowhere/', { headers: { authorization: AUTH.device } }, 404, undefined],
    ['/__admin/health', { headers: { authorization: 'Bearer never-log-me-5' } }, 200, 'getHealth'],
  ];
  try {
    for (const [path, init, status] of requests) assert.equal(await send(cli.url, path, init), status, `${init?.method ?? 'GET'} ${path}`);
  } finally {
    assert.equal((await cli.stop()).code, 0);
  }

  const lines = cli.logLines().filter((l) => l.msg === 'request');
  assert.equal(lines.length, requests.length, 'one line per request, none for the warm-up');
  assert.deepEqual(
    lines.map((l) => [l.method, l.path, l.status, l.sandbox, l.operationId]),
    requests.map(([path, init, status, operationId]) => [init?.method ?? 'GET', path.split('?')[0], status, path.startsWith('/api/') ? 'shared' : undefined, operationId]),
  );
  for (const l of lines) {
    assert.deepEqual(Object.keys(l).sort(), ['duration', 'level', 'method', 'msg', 'path', 'status', 'time', ...(l.sandbox ? ['sandbox'] : []), ...(l.operationId ? ['operationId'] : [])].sort());
    assert.equal(typeof l.duration, 'number');
  }
  const output = cli.stdout + cli.stderr;
  for (const auth of [...secrets, 'Bearer never-log-me-5']) assert.ok(!output.includes(auth.split(' ')[1]!), `${auth} leaked into the output`);
  // The dataset's own credentials are printed once in the start banner, never in a log line.
  const logText = cli.logLines().map((l) => JSON.stringify(l)).join('\n');
  for (const auth of Object.values(AUTH)) assert.ok(!logText.includes(auth.split(' ')[1]!), `${auth} leaked into the log`);
});

test('SIGTERM: stops accepting, finishes the request in flight, flushes --data, exits 0', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'pretix-mock-stop-'));
  try {
    const data = join(dir, 'state.json');
    const cli = await RunningCli.start(CLI_ENTRY, ['--data', data]);
    const body = JSON.stringify({ ...DOCS_BODY, comment: 'in flight' });
    const half = body.length >> 1;
    let answer = '';
    const inFlight = new Promise<number>((resolve, reject) => {
      const req = request(`${cli.url}${BIGEVENTS}`, {
        method: 'POST',
        headers: { authorization: AUTH.admin, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
        timeout: 10_000,
      });
      req.on('response', (res) => {
        res.setEncoding('utf8').on('data', (d: string) => (answer += d));
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.write(body.slice(0, half));
      // Let the server see the headers before the signal, then finish the body after it.
      setTimeout(() => {
        cli.child.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(half)), 300);
      }, 300);
    });
    assert.equal(await inFlight, 201);
    assert.equal((JSON.parse(answer) as { comment: string }).comment, 'in flight');
    // The connection goes idle once answered, so the exit follows at once, not after the grace.
    const exit = await Promise.race([cli.exited, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no exit within 1 s')), 1_000))]);
    assert.deepEqual(exit, { code: 0, signal: null });
    await assert.rejects(send(cli.url, '/__admin/health'), { code: 'ECONNREFUSED' });

    const again = await RunningCli.start(CLI_ENTRY, ['--data', data]);
    try {
      const res = await fetch(`${again.url}${BIGEVENTS}`, { headers: { authorization: AUTH.admin }, signal: AbortSignal.timeout(10_000) });
      const list = (await res.json()) as { results: Array<{ comment: string | null }> };
      assert.deepEqual(list.results.map((w) => w.comment), [null, 'in flight']);
    } finally {
      await again.stop();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('SIGTERM: a request that never finishes delays the exit by at most the 5 s grace', async () => {
  const cli = await RunningCli.start(CLI_ENTRY);
  const req = request(`${cli.url}${BIGEVENTS}`, {
    method: 'POST',
    headers: { authorization: AUTH.admin, 'content-type': 'application/json', 'content-length': '1000' },
  });
  const cut = new Promise<string>((resolve) => req.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message)));
  req.write('{"target_url": ');
  await new Promise((r) => setTimeout(r, 300));
  const stopped = await cli.stop('SIGTERM', 10_000);
  assert.equal(stopped.code, 0);
  assert.ok(stopped.ms >= 4_500 && stopped.ms < 7_000, `stopped after ${Math.round(stopped.ms)} ms`);
  assert.equal(await cut, 'ECONNRESET');
});

test('SIGTERM with idle keep-alive connections exits at once', async () => {
  const cli = await RunningCli.start(CLI_ENTRY);
  for (let i = 0; i < 3; i++) assert.equal(await send(cli.url, '/__admin/health', { headers: { connection: 'keep-alive' } }), 200);
  const stopped = await cli.stop('SIGTERM');
  assert.equal(stopped.code, 0);
  assert.ok(stopped.ms < 1_000, `stopped after ${Math.round(stopped.ms)} ms`);
});
