/**
 * A real pretix for the live differential, through the harness scripts in conformance/pretix/:
 * `install.sh` (cached venv and pristine database), `start.sh` (a fresh copy of the pristine
 * database on a free loopback port, ready when it returns) and `stop.sh`.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
/** conformance/pretix/ of this checkout. */
export const HARNESS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'conformance', 'pretix');

/** The pinned pretix release (conformance/pretix/env.sh, overridable by PRETIX_VERSION). */
export async function pinnedPretixVersion(): Promise<string> {
  const { stdout } = await run('bash', ['-c', `source "${join(HARNESS_DIR, 'env.sh')}" && echo "$PRETIX_VERSION"`]);
  return stdout.trim();
}

/** Installs (or finds in the cache) the pinned pretix and its pristine database; 30 min bound. */
export async function installPretix(): Promise<void> {
  await run('bash', [join(HARNESS_DIR, 'install.sh')], { timeout: 30 * 60_000, maxBuffer: 64 << 20 });
}

export interface RealPretix {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** The instance directory (database copy, pretix.log). */
  dir: string;
  /** Runs a script of conformance/pretix/ in the Django environment of this instance (the delivery driver). */
  python(script: string, args: string[], timeoutMs?: number): Promise<string>;
  close(): Promise<void>;
}

/** Starts a fresh real pretix (pristine database copy); `privateWebhooks` lets webhooks reach 127.0.0.1. */
export async function startRealPretix(options: { privateWebhooks?: boolean } = {}): Promise<RealPretix> {
  const dir = mkdtempSync(join(tmpdir(), 'pretix-live-'));
  const env = { ...process.env, PRETIX_WEBHOOK_PRIVATE: options.privateWebhooks ? 'on' : 'off' };
  let url: string;
  try {
    ({ stdout: url } = await run('bash', [join(HARNESS_DIR, 'start.sh'), dir], { env, timeout: 360_000 }));
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  url = url.trim();
  return {
    url,
    dir,
    async python(script, args, timeoutMs = 120_000) {
      const { stdout } = await run('bash', [join(HARNESS_DIR, 'python.sh'), dir, join(HARNESS_DIR, script), ...args], { env, timeout: timeoutMs, maxBuffer: 64 << 20 });
      return stdout;
    },
    async close() {
      await run('bash', [join(HARNESS_DIR, 'stop.sh'), dir], { timeout: 30_000 });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
