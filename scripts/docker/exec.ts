import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream } from 'node:fs';

export interface ExecOptions {
  /** Text fed to stdin. */
  input?: string;
  /** A file fed to stdin. */
  inputFile?: string;
  /** Copy the command's output to ours, indented, as it comes. */
  stream?: boolean;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Kill the command after this long. Default 10 minutes. */
  timeoutMs?: number;
  /** Resolve with the exit code instead of throwing when it is not 0. */
  allowFailure?: boolean;
}

export interface ExecResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

const indent = (text: string) => text.replace(/^(?=.)/gm, '    ');

const running = new Set<ChildProcess>();

/** Sends SIGTERM to every command still running (when the test is interrupted). */
export function stopRunningCommands(): void {
  for (const child of running) child.kill('SIGTERM');
}

/** Runs a command (no shell) and returns its output; throws with the output if it fails. */
export async function exec(command: string, args: string[], options: ExecOptions = {}): Promise<ExecResult> {
  const spawnOptions: SpawnOptions = { cwd: options.cwd, env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] };
  const child = spawn(command, args, spawnOptions);
  running.add(child);
  child.once('close', () => running.delete(child));
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
    if (options.stream) process.stdout.write(indent(d));
  });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
    if (options.stream) process.stdout.write(indent(d));
  });
  if (options.inputFile) createReadStream(options.inputFile).pipe(child.stdin!);
  else child.stdin!.end(options.input);
  const timeoutMs = options.timeoutMs ?? 600_000;
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const [code, signal] = (await Promise.race([once(child, 'close'), once(child, 'error').then(([err]) => Promise.reject(err))])) as [number | null, string | null];
  clearTimeout(timer);
  if (signal === 'SIGKILL') throw new Error(`${command} ${args.join(' ')}: killed after ${timeoutMs / 1000} s`);
  if (code !== 0 && !options.allowFailure) {
    const output = options.stream ? '' : `\n${indent(stdout + stderr).trimEnd()}`;
    throw new Error(`${command} ${args.join(' ')}: exit ${code}${output}`);
  }
  return { code, stdout, stderr };
}

/** Whether a command is on the PATH. */
export async function available(command: string): Promise<boolean> {
  return (await exec('sh', ['-c', `command -v ${command}`], { allowFailure: true })).code === 0;
}

/** `apt-get install -y` the packages whose command is missing. */
export async function aptInstall(packages: Record<string, string>): Promise<void> {
  const missing: string[] = [];
  for (const [command, pkg] of Object.entries(packages)) if (!(await available(command))) missing.push(pkg);
  if (missing.length === 0) return;
  console.log(`    installing ${missing.join(', ')} with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => exec('apt-get', ['install', '-y', ...missing], { env, timeoutMs: 600_000, allowFailure: true });
  let res = await install();
  if (res.code !== 0) {
    await exec('apt-get', ['update'], { env, timeoutMs: 300_000 });
    res = await install();
  }
  if (res.code !== 0) throw new Error(`apt-get install ${missing.join(' ')} failed:\n${res.stdout}${res.stderr}`);
}

/**
 * Polls `probe` every `everyMs` until it returns a value, for at most `timeoutMs`. Each attempt
 * is cut after `attemptMs`; the timer also keeps the process alive while an attempt hangs
 * (fetch's own timeout timers do not).
 */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number, everyMs = 100, attemptMs = 2_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let timer: NodeJS.Timeout | undefined;
    const cut = new Promise<undefined>((resolve) => (timer = setTimeout(resolve, attemptMs, undefined)));
    const value = await Promise.race([probe().catch(() => undefined), cut]);
    clearTimeout(timer);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
