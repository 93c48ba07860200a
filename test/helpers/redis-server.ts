import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';

export interface RedisRun {
  url: string;
  port: number;
  child: ChildProcess;
  /** Stops the server (SIGKILL after 5 s) and waits for it. */
  stop: () => Promise<void>;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function startOnce(port: number, timeoutMs: number, persistence: string[]): Promise<RedisRun | undefined> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (c) => (out += c));
  child.stderr!.on('data', (c) => (out += c));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && child.exitCode === null && !/Ready to accept connections/.test(out)) {
    await new Promise((r) => setTimeout(r, 20));
  }
  if (!/Ready to accept connections/.test(out)) {
    child.kill('SIGKILL');
    await exited;
    if (/Address already in use/.test(out)) return undefined; // another process took the port: retry
    throw new Error(`redis-server did not start: ${out}`);
  }
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.kill('SIGTERM');
    await exited;
    clearTimeout(timer);
  };
  return { url: `redis://127.0.0.1:${port}`, port, child, stop };
}

export interface RedisStartOptions {
  /** Keep the data in this folder (append-only file, fsync on every write), so a restart keeps it. Default: no persistence. */
  dir?: string;
  /** Start on this port (a restart); default a free one. */
  port?: number;
}

/** A fresh redis-server on a free loopback port, with no persistence unless `dir` (tried up to 5 ports). */
export async function startRedis(timeoutMs = 10_000, options: RedisStartOptions = {}): Promise<RedisRun> {
  const persistence = options.dir ? ['--appendonly', 'yes', '--appendfsync', 'always', '--dir', options.dir] : ['--appendonly', 'no'];
  for (let attempt = 0; attempt < 5; attempt++) {
    const run = await startOnce(options.port ?? (await freePort()), timeoutMs, persistence);
    if (run) return run;
    if (options.port) await new Promise((r) => setTimeout(r, 200)); // the old server's port is not free yet
  }
  throw new Error('redis-server: no free port after 5 attempts');
}
