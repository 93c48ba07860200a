// Ready, machine-readably: --ready-file, the JSON ready line of --log-format json, the banner
// before any request is served, and a hint when the port is taken.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { RunningCli, run } from './helpers/running-cli.js';
import { CLI_ENTRY } from './helpers/cli-entry.js';
import { waitForReadyFile } from './helpers/ready-file.js';
import { AUTH, BIGEVENTS } from './helpers/mock.js';

const env = { ...process.env, PORT: undefined, HOST: undefined, LOG_LEVEL: undefined };
let dir: string;
before(async () => (dir = await mkdtemp(join(tmpdir(), 'pretix-mock-ready-'))));
after(() => rm(dir, { recursive: true, force: true }));

test('--ready-file holds url, port, pid, tokens and version, and is removed on stop', async () => {
  const file = join(dir, 'ready.json');
  const cli = await RunningCli.start(CLI_ENTRY, ['--ready-file', file]);
  try {
    const ready = await waitForReadyFile(file, 10_000);
    assert.deepEqual(Object.keys(ready), ['url', 'port', 'pid', 'tokens', 'version']);
    assert.equal(ready.url, cli.url);
    assert.equal(ready.url, `http://127.0.0.1:${ready.port}`);
    assert.equal(ready.pid, cli.child.pid);
    assert.equal(ready.tokens['sandbox-bigevents-admin'], AUTH.admin);
    const res = await fetch(`${ready.url}${BIGEVENTS}`, { headers: { authorization: ready.tokens['sandbox-bigevents-admin']! } });
    assert.equal(res.status, 200);
  } finally {
    assert.equal((await cli.stop()).code, 0);
  }
  await assert.rejects(waitForReadyFile(file, 0), /did not appear/);
});

test('--log-format json: every stdout line is JSON, the first is the ready line', async () => {
  const file = join(dir, 'json.json');
  const child = spawn(process.execPath, [...CLI_ENTRY, '--port', '0', '--log-format', 'json', '--ready-file', file], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  const exited = once(child, 'exit');
  try {
    const info = await waitForReadyFile(file, 60_000, () => child.exitCode === null);
    assert.equal((await fetch(`${info.url}${BIGEVENTS}`, { headers: { authorization: AUTH.admin } })).status, 200);
  } finally {
    child.kill('SIGTERM');
  }
  assert.deepEqual(await exited, [0, null]);
  const parsed = stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  const ready = parsed[0]!;
  assert.equal(ready.event, 'ready');
  assert.equal(ready.pid, child.pid);
  assert.equal(ready.url, `http://127.0.0.1:${ready.port}`);
  assert.equal((ready.tokens as Record<string, string>)['sandbox-bigevents-admin'], AUTH.admin);
  assert.equal(ready.controlPlane, 'open');
  assert.equal(ready.msg, `pretix-mock ${ready.version} listening on ${ready.url}`);
  assert.ok(parsed.some((l) => l.msg === 'stopping'));
});

test('the banner comes before the log line of any request, even one sent while the server starts', async () => {
  // The port is known before the server starts; a client keeps trying it from the first moment.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  const child = spawn(process.execPath, [...CLI_ENTRY, '--port', String(port)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  try {
    const deadline = Date.now() + 60_000;
    let status = 0;
    while (status === 0 && Date.now() < deadline && child.exitCode === null) {
      status = await new Promise<number>((resolve) => {
        const req = request({ host: '127.0.0.1', port, path: BIGEVENTS, headers: { authorization: AUTH.admin } }, (res) => {
          res.resume().on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', () => setTimeout(() => resolve(0), 5));
        req.end();
      });
    }
    assert.equal(status, 200);
    const bounded = Date.now() + 10_000;
    while (!stdout.includes('"msg":"request completed"') && !/"path":"\/api/.test(stdout) && Date.now() < bounded) await new Promise((r) => setTimeout(r, 20));
    assert.match(stdout.split('\n')[0]!, /^pretix-mock \S+ listening on http:\/\/127\.0\.0\.1:\d+$/);
    assert.ok(stdout.split('\n').findIndex((l) => l.startsWith('{')) > 0, 'a request log line follows the banner');
  } finally {
    child.kill('SIGTERM');
  }
});

test('a taken port exits 1 and suggests --port 0', async () => {
  const taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  const { port } = taken.address() as { port: number };
  try {
    const res = await run(process.execPath, [...CLI_ENTRY, '--port', String(port)], { env, timeoutMs: 60_000 });
    assert.equal(res.code, 1);
    assert.match(res.stderr, new RegExp(`^pretix-mock: listen EADDRINUSE: address already in use 127\\.0\\.0\\.1:${port}: port ${port} is in use\\. Use --port 0 to pick a free port`));
  } finally {
    taken.close();
  }
});
