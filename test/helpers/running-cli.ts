import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

/** The CLI from source, run the way `npm start` runs it (through tsx). */
export const CLI_SOURCE = ['--import', 'tsx', fileURLToPath(new URL('../../src/bin/pretix-mock.ts', import.meta.url))];

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Runs a command to its end (at most `timeoutMs`) and returns its exit and output. */
export async function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}) {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
  const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
  clearTimeout(timer);
  return { code, signal, stdout, stderr };
}

/** A spawned pretix-mock CLI: its URL once it listens, everything it printed, and its exit. */
export class RunningCli {
  stdout = '';
  stderr = '';
  readonly exited: Promise<Exit>;

  private constructor(
    readonly child: ChildProcess,
    readonly url: string,
  ) {
    this.exited = new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode });
      else child.once('close', (code, signal) => resolve({ code, signal }));
    });
  }

  /**
   * Starts `node <nodeArgs> --port 0 <args>` and waits (at most `timeoutMs`) for the
   * "listening on" line. Kills the process and throws with its output if it does not come.
   */
  static async start(nodeArgs: readonly string[], args: string[] = [], options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {}) {
    const child = spawn(process.execPath, [...nodeArgs, '--port', '0', ...args], {
      cwd: options.cwd,
      env: { ...process.env, PORT: undefined, HOST: undefined, LOG_LEVEL: undefined, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => fail('did not report its URL in time'), options.timeoutMs ?? 60_000);
      const fail = (why: string) => {
        clearTimeout(timer);
        child.kill('SIGKILL');
        reject(new Error(`pretix-mock ${why}\nstdout:\n${stdout}\nstderr:\n${stderr}`));
      };
      child.stdout.on('data', (d: string) => {
        stdout += d;
        const m = /listening on (http:\/\/\S+)/.exec(stdout);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
      child.stderr.on('data', (d: string) => (stderr += d));
      child.once('close', (code) => fail(`exited with ${code}`));
    });
    const cli = new RunningCli(child, url);
    cli.stdout = stdout;
    cli.stderr = stderr;
    child.stdout.on('data', (d: string) => (cli.stdout += d));
    child.stderr.on('data', (d: string) => (cli.stderr += d));
    return cli;
  }

  /** Sends `signal` and waits (at most `timeoutMs`) for the exit; SIGKILLs and throws if it hangs. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 10_000): Promise<Exit & { ms: number }> {
    const started = performance.now();
    this.child.kill(signal);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    const exit = await this.exited;
    clearTimeout(timer);
    if (exit.signal === 'SIGKILL') throw new Error(`pretix-mock did not stop within ${timeoutMs} ms after ${signal}`);
    return { ...exit, ms: performance.now() - started };
  }

  /** The JSON lines of the output (the log), parsed. */
  logLines(): Array<Record<string, unknown>> {
    return this.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  }
}
