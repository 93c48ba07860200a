import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CLI_ENTRY } from './helpers/cli-entry.js';

const BASE_ENV: Record<string, string | undefined> = { ...process.env, LOG_LEVEL: 'warn' };
for (const name of Object.keys(BASE_ENV)) if (name.startsWith('PRETIX_MOCK_')) delete BASE_ENV[name];

function cli(args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [...CLI_ENTRY, '--port', '0', ...args], {
    env: { ...BASE_ENV, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Resolves with the exit code and output; kills the process if it runs longer than 60 s (a start on a loaded machine can take 15). */
async function exitOf(child: ChildProcess): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  return { code, stdout, stderr };
}

/** Starts the CLI and resolves with its URL and everything it printed at start. */
async function started(args: string[], env: Record<string, string> = {}): Promise<{ child: ChildProcess; url: string; output: string }> {
  const child = cli(args, env);
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start within 60 s: ${output}`)), 60_000);
    child.stdout!.on('data', (d) => {
      output += d;
      const m = /listening on (http:\/\/\S+)/.exec(output);
      if (m && output.includes('Control plane:')) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.stderr!.on('data', (d) => (output += d));
    child.on('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)));
  });
  return { child, url, output };
}

async function stop(child: ChildProcess): Promise<number | null> {
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  const [code] = (await exited) as [number | null];
  clearTimeout(timer);
  return code;
}

describe('CLI flags of the control plane', () => {
  const bad: Array<[string[], Record<string, string>, string]> = [
    [['--journal-size', '-1'], {}, "option '--journal-size <n>' argument '-1' is invalid"],
    [['--journal-size', 'many'], {}, "option '--journal-size <n>' argument 'many' is invalid"],
    [['--journal-size', '100001'], {}, 'must be an integer from 0 to 100000'],
    [['--latency', '80-20'], {}, "option '--latency <ms>' argument '80-20' is invalid"],
    [['--latency', 'slow'], {}, 'must be milliseconds like 50 or a range like 20-80'],
    [['--latency', '60001'], {}, 'at most 60000'],
    [[], { PRETIX_MOCK_LATENCY: '1-2-3' }, "value '1-2-3' from env 'PRETIX_MOCK_LATENCY' is invalid"],
    [['--max-sandboxes', '0'], {}, "option '--max-sandboxes <n>' argument '0' is invalid"],
    [['--sandbox-ttl', '0'], {}, "option '--sandbox-ttl <seconds>' argument '0' is invalid"],
    [['--sandbox-ttl', '1e3'], {}, 'must be a number of seconds above 0'],
    [['--admin-token'], {}, "option '--admin-token <token>' argument missing"],
    [['--coverage-report'], {}, "option '--coverage-report <file>' argument missing"],
  ];
  for (const [args, env, message] of bad) {
    test(`${[...args, ...Object.entries(env).map(([k, v]) => `${k}=${v}`)].join(' ')} exits 2`, async () => {
      const { code, stderr } = await exitOf(cli(args, env));
      assert.equal(code, 2);
      assert.ok(stderr.includes(message), stderr);
    });
  }
});

describe('the CLI serving the control plane', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pretix-mock-cli-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('--journal-size, --latency, --max-sandboxes and --coverage-report (written on SIGTERM)', async () => {
    const report = join(dir, 'coverage.json');
    const { child, url, output } = await started(['--journal-size', '2', '--latency', '100', '--max-sandboxes', '1', '--coverage-report', report]);
    try {
      assert.ok(output.includes(`Control plane: ${url}/__admin/ (open on loopback)`), output);
      const started = performance.now();
      const list = await fetch(`${url}/api/v1/organizers/bigevents/webhooks/`, { headers: { authorization: 'Token sandbox-bigevents-admin' } });
      assert.equal(list.status, 200);
      assert.ok(performance.now() - started >= 95);
      for (let i = 0; i < 2; i++) await fetch(`${url}/api/v1/organizers/bigevents/webhooks/`);
      const journal = (await (await fetch(`${url}/__admin/requests`)).json()) as { capacity: number; evicted: number };
      assert.deepEqual([journal.capacity, journal.evicted], [2, 1]);
      assert.equal((await fetch(`${url}/__admin/sandboxes`, { method: 'POST' })).status, 201);
      assert.equal((await fetch(`${url}/__admin/sandboxes`, { method: 'POST' })).status, 429);
    } finally {
      assert.equal(await stop(child), 0);
    }
    const written = JSON.parse(await readFile(report, 'utf8')) as { matrix: Array<{ operationId: string; status: number; hits: number }> };
    const hit = written.matrix.filter((m) => m.hits > 0).map((m) => [m.operationId, m.status, m.hits]);
    assert.deepEqual(hit, [['listWebhooks', 200, 1], ['listWebhooks', 401, 2]]);
    assert.ok((await readFile(join(dir, 'coverage.md'), 'utf8')).startsWith('# pretix-mock contract coverage\n'));
  });

  test('--host 0.0.0.0 with PRETIX_MOCK_ADMIN_TOKEN guards /__admin/', async () => {
    const { child, url, output } = await started(['--host', '0.0.0.0'], { PRETIX_MOCK_ADMIN_TOKEN: 'cli-admin-secret', PRETIX_MOCK_LATENCY: '' });
    try {
      assert.ok(output.includes('(needs Authorization: Bearer <admin token>)'), output);
      assert.equal(output.includes('cli-admin-secret'), false);
      assert.equal((await fetch(`${url}/__admin/state`)).status, 401);
      assert.equal((await fetch(`${url}/__admin/state`, { headers: { authorization: 'Bearer cli-admin-secret' } })).status, 200);
    } finally {
      assert.equal(await stop(child), 0);
    }
  });

  test('--host 0.0.0.0 without a token warns and disables /__admin/', async () => {
    const { child, url, output } = await started(['--host', '0.0.0.0']);
    try {
      assert.ok(output.includes('(DISABLED: non-loopback address without --admin-token)'), output);
      assert.ok(output.includes('control plane disabled'), output);
      assert.equal((await fetch(`${url}/__admin/state`)).status, 403);
      assert.equal((await fetch(`${url}/api/v1/organizers/bigevents/webhooks/`, { headers: { authorization: 'Token sandbox-bigevents-admin' } })).status, 200);
    } finally {
      assert.equal(await stop(child), 0);
    }
  });
});
