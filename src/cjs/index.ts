/**
 * pretix-mock for CommonJS projects (`require('pretix-mock')`, jest without ESM): the server
 * runs as the CLI in a child process, and this module talks to it over HTTP with the same client
 * classes as the ES module. Compiled to CommonJS on its own (tsconfig.cjs.json), so it never
 * loads the server's ES-only dependencies.
 * @example
 * const { startMockServer } = require('pretix-mock');
 * const mock = await startMockServer();
 * await fetch(`${mock.url}/api/v1/organizers/bigevents/webhooks/`, { headers: { Authorization: mock.tokens['sandbox-bigevents-admin'] } });
 * await mock.close();
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdminHttp } from '../client/admin-http.js';
import { MockClient } from '../client/mock-client.js';
import type { BuiltInToken } from '../store/built-in-tokens.js';
import { cliArguments, type ChildServerOptions } from './cli-arguments.js';

export { connectMockServer, MockClient, MockSandbox, DatasetHandle } from '../client/mock-client.js';
export { MockAdminError } from '../client/admin-http.js';
export { BUILT_IN_TOKENS, type BuiltInToken } from '../store/built-in-tokens.js';
export type { ChildServerOptions } from './cli-arguments.js';
export type * from '../control/types.js';

/** The CLI of this package, beside this module in dist/. */
const CLI = join(__dirname, '..', '..', 'bin', 'pretix-mock.js');

/** What ChildMockServer needs of its child process (a structural type: no Node types in the declarations). */
interface ServerProcess {
  readonly pid?: number | undefined;
  readonly exitCode: number | null;
  readonly signalCode: string | null;
  readonly stdin: { end(): unknown } | null;
  kill(signal?: 'SIGKILL'): boolean;
  once(event: 'exit', listener: () => void): unknown;
}

/** A pretix-mock running in a child process: the control-plane client plus `close()` and `pid`. */
export class ChildMockServer<T extends string = string> extends MockClient<T> {
  readonly #child: ServerProcess;
  readonly #cleanup: () => void;
  #closing: Promise<void> | undefined;

  constructor(http: AdminHttp, url: string, tokens: Record<string, string>, child: ServerProcess, cleanup: () => void) {
    super(http, url, tokens);
    this.#child = child;
    this.#cleanup = cleanup;
  }

  /** The server's process id. */
  get pid(): number | undefined {
    return this.#child.pid;
  }

  /** Stops the server (it finishes requests in flight, at most 5 s) and waits for it. Safe to call twice. */
  close(): Promise<void> {
    return (this.#closing ??= new Promise<void>((resolve) => {
      const child = this.#child;
      const done = () => {
        clearTimeout(kill);
        this.#cleanup();
        resolve();
      };
      const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once('exit', done);
      child.stdin?.end(); // --stop-with-stdin: a clean stop
    }));
  }
}

/**
 * Starts pretix-mock in a child process (port 0 by default) and resolves once it is ready. The
 * server stops when `close()` is called or when this process ends (its stdin closes).
 */
export function startMockServer(options?: ChildServerOptions & { fixtures?: undefined }): Promise<ChildMockServer<BuiltInToken>>;
export function startMockServer<T extends string = string>(options?: ChildServerOptions): Promise<ChildMockServer<T>>;
export async function startMockServer(options: ChildServerOptions = {}): Promise<ChildMockServer<string>> {
  const dir = mkdtempSync(join(tmpdir(), 'pretix-mock-'));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  let fixtures = options.fixtures;
  if (fixtures !== undefined && typeof fixtures !== 'string') {
    writeFileSync(join(dir, 'fixtures.json'), JSON.stringify(fixtures));
    fixtures = join(dir, 'fixtures.json');
  }
  const readyFile = join(dir, 'ready.json');
  const args = [CLI, ...cliArguments({ ...options, fixtures }), '--ready-file', readyFile, '--stop-with-stdin', '--no-parent-watch'];
  const child = spawn(process.execPath, args, { stdio: ['pipe', options.logLevel ? 'inherit' : 'ignore', 'pipe'], env: { ...process.env, PORT: '', HOST: '' } });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-4000)));
  // A forgotten close() must not keep the test runner alive: when this process ends, the pipe
  // closes and the server stops (--stop-with-stdin).
  child.unref();
  for (const stream of [child.stdin, child.stderr]) (stream as unknown as { unref?: () => void } | null)?.unref?.();
  try {
    const ready = await waitForReady(readyFile, child, options.startTimeoutMs ?? 30_000, () => stderr);
    const http = new AdminHttp(ready.url, { adminToken: options.adminToken });
    return new ChildMockServer(http, ready.url, ready.tokens, child, cleanup);
  } catch (err) {
    child.kill('SIGKILL');
    cleanup();
    throw err;
  }
}

async function waitForReady(file: string, child: ChildProcess, timeoutMs: number, stderr: () => string): Promise<{ url: string; tokens: Record<string, string> }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as { url: string; tokens: Record<string, string> };
    } catch {
      // not written yet
    }
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`pretix-mock exited while starting (${child.exitCode ?? child.signalCode}): ${stderr().trim()}`);
    if (Date.now() > deadline) throw new Error(`pretix-mock was not ready within ${timeoutMs} ms: ${stderr().trim()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
