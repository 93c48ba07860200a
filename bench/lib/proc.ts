import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** The core the server under test runs on; the load generator gets the other one. */
export const SERVER_CPU = 0;
export const LOAD_CPU = 1;

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** Resident set size in bytes, from /proc. */
  rss(): number;
  /** User + system CPU time in microseconds, from /proc. */
  cpuMicros(): number;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Pins this process (the load generator) to its own core. */
export function pinSelf(): void {
  spawn('taskset', ['-pc', String(LOAD_CPU), String(process.pid)], { stdio: 'ignore' });
}

const CLOCK_TICK_US = 10_000; // USER_HZ is 100 on Linux

function procStat(pid: number): string[] {
  return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
}

/** Polls `readyUrl` until it answers 200 (at most `timeoutMs`); returns the ms from spawn. */
export async function waitReady(readyUrl: string, headers: Record<string, string>, startedAt: number, timeoutMs = 30_000): Promise<number> {
  const deadline = startedAt + timeoutMs;
  while (performance.now() < deadline) {
    try {
      const res = await fetch(readyUrl, { headers, signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.status === 200) return performance.now() - startedAt;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 2));
  }
  throw new Error(`${readyUrl} did not answer 200 within ${timeoutMs} ms`);
}

/**
 * Starts a server on the server core with `taskset`, waits until `readyPath` answers 200 and
 * returns handles to measure it.
 */
export async function startServer(
  command: string[],
  options: { port: number; readyPath: string; headers?: Record<string, string>; env?: Record<string, string>; cwd?: string },
): Promise<ServerProcess & { startMs: number }> {
  const startedAt = performance.now();
  const child = spawn('taskset', ['-c', String(SERVER_CPU), ...command], {
    cwd: options.cwd,
    env: { ...process.env, PORT: String(options.port), ...options.env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (c) => (stderr += c));
  const url = `http://127.0.0.1:${options.port}`;
  let startMs: number;
  try {
    startMs = await waitReady(url + options.readyPath, options.headers ?? {}, startedAt);
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`${command.join(' ')}: ${(err as Error).message}\n${stderr}`);
  }
  return {
    child,
    url,
    startMs,
    rss: () => Number(procStat(child.pid!)[21]) * 4096,
    cpuMicros: () => {
      const f = procStat(child.pid!);
      return (Number(f[11]) + Number(f[12])) * CLOCK_TICK_US;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** Cumulative CPU time of the whole host, from /proc/stat: [total, steal] in ticks. */
export function hostTicks(): { total: number; steal: number } {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  return { total: cpu.reduce((a, b) => a + b, 0), steal: cpu[7] ?? 0 };
}
