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

async function startOnce(port: number, timeoutMs: number): Promise<RedisRun | undefined> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
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

/** A fresh redis-server on a free loopback port, with no persistence (tried up to 5 ports). */
export async function startRedis(timeoutMs = 10_000): Promise<RedisRun> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const run = await startOnce(await freePort(), timeoutMs);
    if (run) return run;
  }
  throw new Error('redis-server: no free port after 5 attempts');
}
