import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CLI_ENTRY } from './cli-entry.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface CliRun {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the exit code (or the signal name) once the process ends. */
  exited: Promise<number | string>;
}

/** Spawns the pretix-mock CLI (the build when it is current, else the source: cli-entry.ts). */
export function spawnCli(args: string[], env: Record<string, string> = {}): CliRun {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(PORT|HOST|LOG_LEVEL|PRETIX_MOCK_\w+)$/.test(k)),
  );
  const child = spawn(process.execPath, [...CLI_ENTRY, ...args], {
    cwd: ROOT,
    env: { ...inherited, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (c) => (out += c));
  child.stderr!.on('data', (c) => (err += c));
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Waits (at most `timeoutMs`) until the CLI printed its URL. */
export async function cliUrl(run: CliRun, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const m = /listening on (http:\/\/\S+)/.exec(run.stdout());
    if (m) return m[1]!;
    if (run.child.exitCode !== null) throw new Error(`CLI exited early: ${run.stderr()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  run.child.kill('SIGKILL');
  throw new Error(`CLI printed no URL within ${timeoutMs} ms: ${run.stdout()} ${run.stderr()}`);
}

/** Waits (at most `timeoutMs`) for the process to end; kills it if it does not. */
export async function exitOf(run: CliRun, timeoutMs = 60_000): Promise<number | string> {
  const timer = setTimeout(() => run.child.kill('SIGKILL'), timeoutMs);
  try {
    return await run.exited;
  } finally {
    clearTimeout(timer);
  }
}
