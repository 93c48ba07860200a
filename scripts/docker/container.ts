import assert from 'node:assert/strict';
import { exec, waitFor } from './exec.js';

/** Where a container keeps its state: `PRETIX_MOCK_DATA` on the mounted volume. */
const DATA = '/data/pretix-mock.json';

export const docker = (...args: string[]) => exec('docker', args, { timeoutMs: 120_000 });
export const inspect = async (name: string, format: string) => (await docker('inspect', '--format', format, name)).stdout.trim();

/** The host address of the container's published port 8080 (bound to loopback, port chosen by Docker). */
async function baseUrl(container: string): Promise<string> {
  const lines = (await docker('port', container, '8080/tcp')).stdout.trim().split('\n');
  const v4 = lines.find((l) => /^\d+\.\d+\.\d+\.\d+:\d+$/.test(l));
  assert.ok(v4, `no IPv4 port mapping in ${JSON.stringify(lines)}`);
  return `http://${v4}`;
}

/** One HTTP request; the body is parsed when it is JSON. */
export async function call(url: string, path: string, init: { method?: string; auth?: string; body?: unknown; timeoutMs?: number } = {}) {
  const headers: Record<string, string> = {};
  if (init.auth) headers.authorization = init.auth;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url + path, {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: AbortSignal.timeout(init.timeoutMs ?? 10_000),
  });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type'), body: text && res.headers.get('content-type') === 'application/json' ? (JSON.parse(text) as unknown) : text };
}

/** Starts a container of `image` with the data volume, read-only, port 8080 on loopback. */
export async function runContainer(image: string, name: string, volume: string, cleanups: Array<[string, () => Promise<unknown>]>) {
  cleanups.push([`remove container ${name}`, () => docker('rm', '-f', '-v', name)]);
  const started = performance.now();
  await docker('run', '-d', '--name', name, '--read-only', '-v', `${volume}:/data`, '-e', `PRETIX_MOCK_DATA=${DATA}`, '-p', '127.0.0.1::8080', image);
  return firstAnswer(name, started);
}

/**
 * Waits for the first 200 from the health endpoint, asked at the container's own address (the
 * published port's proxy accepts connections before the app listens, and then hangs); returns
 * the published URL and how long the first 200 took.
 */
export async function firstAnswer(name: string, since: number) {
  const ip = await waitFor('the container address', async () => (await inspect(name, '{{.NetworkSettings.IPAddress}}')) || undefined, 10_000, 25);
  const probe = async () => ((await call(`http://${ip}:8080`, '/__admin/health', { timeoutMs: 500 })).status === 200 ? true : undefined);
  await waitFor('the first 200 from /__admin/health', probe, 30_000, 10, 500);
  const answeredAt = Date.now();
  const ms = performance.now() - since;
  const startedAt = Date.parse(await inspect(name, '{{.State.StartedAt}}'));
  const url = await waitFor('the port mapping', () => baseUrl(name), 10_000, 25);
  await waitFor('a 200 through the published port', async () => ((await call(url, '/__admin/health', { timeoutMs: 1_000 })).status === 200 ? true : undefined), 10_000, 25, 1_000);
  return { url, ms, sinceProcessStart: answeredAt - startedAt };
}

/**
 * `docker stop`, which must leave exit code 0 well before docker's 10 s SIGKILL (so SIGTERM was
 * handled); returns the time taken, which the benchmark figures report.
 */
export async function stopTimed(name: string) {
  const started = performance.now();
  await docker('stop', '--time', '10', name);
  const ms = performance.now() - started;
  assert.equal(await inspect(name, '{{.State.ExitCode}}'), '0', 'exit code after docker stop');
  assert.ok(ms < 8_000, `docker stop took ${Math.round(ms)} ms (limit 8000: SIGTERM not handled?)`);
  return ms;
}
