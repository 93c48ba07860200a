// No orphaned servers: the CLI stops when whoever started it goes away (a killed wrapper such as
// `npm start`, a closed stdin with --stop-with-stdin), and its port is free within a second.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { CLI_ENTRY } from './helpers/cli-entry.js';
import { msUntilGone, waitForReadyFile, type ReadyFile } from './helpers/ready-file.js';

/** Waits until the server answers the control plane (its warm-up, CPU-bound, is then over). */
async function settled(ready: ReadyFile): Promise<ReadyFile> {
  const res = await fetch(`${ready.url}/__admin/faults`, { signal: AbortSignal.timeout(30_000) });
  assert.equal(res.status, 200);
  return ready;
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const env = { ...process.env, PORT: undefined, HOST: undefined, LOG_LEVEL: undefined };
let dir: string;
before(async () => (dir = await mkdtemp(join(tmpdir(), 'pretix-mock-lifeline-'))));
after(() => rm(dir, { recursive: true, force: true }));

describe('the server does not outlive whoever started it', () => {
  test('npm start: SIGTERM to npm only; the port is free within a second', async () => {
    const file = join(dir, 'npm-start.json');
    const npm = spawn('npm', ['start', '--', '--port', '0', '--ready-file', file], { cwd: ROOT, env, stdio: 'ignore' });
    const ready = await settled(await waitForReadyFile(file, 60_000, () => npm.exitCode === null));
    assert.notEqual(ready.pid, npm.pid, 'the server is its own process under npm');
    npm.kill('SIGTERM');
    const ms = await msUntilGone(ready.port, ready.pid, 1000);
    assert.ok(ms <= 1000, `pid ${ready.pid} or port ${ready.port} still there a second after npm got SIGTERM`);
  });

  test('a wrapper killed with SIGKILL: the re-parented server stops within a second', async () => {
    const file = join(dir, 'wrapper.json');
    const cli = [process.execPath, ...CLI_ENTRY, '--port', '0', '--ready-file', file].map((a) => `'${a}'`).join(' ');
    const wrapper = spawn('sh', ['-c', `${cli} & wait`], { cwd: ROOT, env, stdio: 'ignore' });
    const ready = await settled(await waitForReadyFile(file, 60_000, () => wrapper.exitCode === null));
    wrapper.kill('SIGKILL');
    const ms = await msUntilGone(ready.port, ready.pid, 1000);
    assert.ok(ms <= 1000, `pid ${ready.pid} or port ${ready.port} still there a second after its parent died`);
  });

  test('--stop-with-stdin: closing stdin stops it with exit 0; the ready file is removed', async () => {
    const file = join(dir, 'stdin.json');
    const child = spawn(process.execPath, [...CLI_ENTRY, '--port', '0', '--ready-file', file, '--stop-with-stdin'], { cwd: ROOT, env, stdio: ['pipe', 'ignore', 'pipe'] });
    const ready = await settled(await waitForReadyFile(file, 60_000, () => child.exitCode === null));
    assert.equal(ready.pid, child.pid);
    const exited = once(child, 'exit');
    child.stdin.end();
    const ms = await msUntilGone(ready.port, ready.pid, 1000);
    assert.ok(ms <= 1000, `still serving a second after stdin closed`);
    assert.deepEqual(await exited, [0, null]);
    await assert.rejects(waitForReadyFile(file, 0), /did not appear/);
  });

  test('--no-parent-watch keeps it running after its parent exits', async () => {
    const file = join(dir, 'detached.json');
    const cli = [process.execPath, ...CLI_ENTRY, '--port', '0', '--ready-file', file, '--no-parent-watch'].map((a) => `'${a}'`).join(' ');
    const wrapper = spawn('sh', ['-c', `${cli} & wait`], { cwd: ROOT, env, stdio: 'ignore' });
    const ready = await waitForReadyFile(file, 60_000, () => wrapper.exitCode === null);
    wrapper.kill('SIGKILL');
    try {
      // Four times the poll interval of the parent watch, and it is still serving.
      await new Promise((resolve) => setTimeout(resolve, 400));
      const res = await fetch(`${ready.url}/__admin/health`, { signal: AbortSignal.timeout(10_000) });
      assert.equal(res.status, 200);
    } finally {
      process.kill(ready.pid, 'SIGTERM');
      assert.ok((await msUntilGone(ready.port, ready.pid, 10_000)) < Infinity);
    }
  });
});
