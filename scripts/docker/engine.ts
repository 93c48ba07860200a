import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { aptInstall, exec, waitFor } from './exec.js';

/** The Docker engine the test talks to. */
export interface Engine {
  /** Whether this run started dockerd (and so must stop it). */
  readonly started: boolean;
  /** Whether everything the engine stores goes away with the work directory. */
  readonly private: boolean;
  /** Stops dockerd if this run started it. */
  stop(): Promise<void>;
}

const reachable = async () => (await exec('docker', ['version', '--format', '{{.Server.Version}}'], { allowFailure: true, timeoutMs: 20_000 })).code === 0;

/**
 * Uses the running Docker engine, or installs docker.io (apt-get) if needed and starts dockerd
 * in the background with its data, state and socket in `workDir` (DOCKER_HOST is set for this
 * process and its children), so stopping it and deleting `workDir` leaves nothing behind.
 * Throws, quoting the daemon's log, if it does not answer within 60 s: the test must never
 * skip silently.
 */
export async function ensureEngine(workDir: string): Promise<Engine> {
  if (await reachable()) {
    console.log('    using the Docker engine that is already running');
    return { started: false, private: false, stop: async () => {} };
  }
  await aptInstall({ dockerd: 'docker.io', docker: 'docker.io' });
  const logFile = join(workDir, 'dockerd.log');
  const log = openSync(logFile, 'a');
  const args = ['--data-root', join(workDir, 'docker-data'), '--exec-root', join(workDir, 'docker-exec'), '--pidfile', join(workDir, 'dockerd.pid')];
  process.env.DOCKER_HOST = `unix://${join(workDir, 'docker.sock')}`;
  const daemon: ChildProcess = spawn('dockerd', [...args, '--host', process.env.DOCKER_HOST], { stdio: ['ignore', log, log], detached: true });
  closeSync(log);
  const failed = once(daemon, 'exit').then(([code]) => code as number | null);
  const tail = () => readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
  try {
    await Promise.race([
      waitFor('dockerd to answer', async () => ((await reachable()) ? true : undefined), 60_000, 250),
      failed.then((code) => Promise.reject(new Error(`dockerd exited with code ${code}`))),
    ]);
  } catch (err) {
    if (daemon.exitCode === null) daemon.kill('SIGTERM');
    throw new Error(`Docker engine could not start: ${(err as Error).message}\n--- last lines of ${logFile}:\n${tail()}`);
  }
  console.log(`    started dockerd (pid ${daemon.pid}), log in ${logFile}`);
  return {
    started: true,
    private: true,
    async stop() {
      if (daemon.exitCode !== null) return;
      daemon.kill('SIGTERM');
      const timer = setTimeout(() => daemon.kill('SIGKILL'), 30_000);
      await failed;
      clearTimeout(timer);
    },
  };
}
