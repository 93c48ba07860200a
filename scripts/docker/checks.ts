import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { AUTH, BIGEVENTS, DOCS_BODY, WEBHOOK_2 } from '../../test/helpers/mock.js';
import { exec, waitFor } from './exec.js';

/** Measurements for the closing note. */
export type Figures = Record<string, string>;

type Step = <T>(title: string, fn: () => Promise<T>) => Promise<T>;

export interface CheckContext {
  image: string;
  /** Prefix of the names of containers and volumes this run creates. */
  run: string;
  step: Step;
  /** Where to register what must be undone, whatever happens. */
  cleanups: Array<[string, () => Promise<unknown>]>;
}

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
const DATA = '/data/pretix-mock.json';
const docker = (...args: string[]) => exec('docker', args, { timeoutMs: 120_000 });
const inspect = async (name: string, format: string) => (await docker('inspect', '--format', format, name)).stdout.trim();

/** The host address of the container's published port 8080 (bound to loopback, port chosen by Docker). */
async function baseUrl(container: string): Promise<string> {
  const lines = (await docker('port', container, '8080/tcp')).stdout.trim().split('\n');
  const v4 = lines.find((l) => /^\d+\.\d+\.\d+\.\d+:\d+$/.test(l));
  assert.ok(v4, `no IPv4 port mapping in ${JSON.stringify(lines)}`);
  return `http://${v4}`;
}

async function call(url: string, path: string, init: { method?: string; auth?: string; body?: unknown; timeoutMs?: number } = {}) {
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
async function runContainer(ctx: CheckContext, name: string, volume: string) {
  ctx.cleanups.push([`remove container ${name}`, () => docker('rm', '-f', '-v', name)]);
  const started = performance.now();
  await docker('run', '-d', '--name', name, '--read-only', '-v', `${volume}:/data`, '-e', `PRETIX_MOCK_DATA=${DATA}`, '-p', '127.0.0.1::8080', ctx.image);
  return firstAnswer(name, started);
}

/**
 * Waits for the first 200 from the health endpoint, asked at the container's own address (the
 * published port's proxy accepts connections before the app listens, and then hangs); returns
 * the published URL and how long the first 200 took.
 */
async function firstAnswer(name: string, since: number) {
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

async function stopTimed(name: string) {
  const started = performance.now();
  await docker('stop', '--time', '10', name);
  const ms = performance.now() - started;
  assert.equal(await inspect(name, '{{.State.ExitCode}}'), '0', 'exit code after docker stop');
  assert.ok(ms < 2_000, `docker stop took ${Math.round(ms)} ms (limit 2000)`);
  return ms;
}

/** Everything the issue asks of the image, as numbered steps. */
export async function checkImage(ctx: CheckContext): Promise<Figures> {
  const { image, run, step } = ctx;
  const figures: Figures = {};

  await step('image metadata: non-root user, port, healthcheck, entrypoint, size', async () => {
    const meta = JSON.parse((await docker('image', 'inspect', image)).stdout)[0] as {
      Size: number;
      Config: { User: string; ExposedPorts: Record<string, unknown>; Healthcheck?: { Test: string[] }; Entrypoint: string[]; Env: string[] };
    };
    assert.equal(meta.Config.User, 'node');
    assert.deepEqual(Object.keys(meta.Config.ExposedPorts), ['8080/tcp']);
    assert.equal(meta.Config.Healthcheck?.Test[0], 'CMD');
    assert.deepEqual(meta.Config.Entrypoint, ['node', '/app/dist/bin/pretix-mock.js']);
    assert.ok(meta.Config.Env.includes('HOST=0.0.0.0'));
    figures['image size'] = `${(meta.Size / 1e6).toFixed(1)} MB`;
    console.log(`    size ${figures['image size']}`);
  });

  await step('arguments reach the CLI; no npm, npx, corepack or yarn at run time; patches applied', async () => {
    assert.equal((await docker('run', '--rm', image, '--version')).stdout, `${VERSION}\n`);
    const bad = await exec('docker', ['run', '--rm', image, '--port', 'x'], { allowFailure: true });
    assert.equal(bad.code, 2, `a bad flag: exit ${bad.code}\n${bad.stderr}`);
    const tools = await docker('run', '--rm', '--entrypoint', 'sh', image, '-c', 'command -v npm npx corepack yarn; true');
    assert.equal(tools.stdout.trim(), '', `found at run time: ${tools.stdout}`);
    // The image runs what the tests ran: patches/ applied to the production dependencies.
    const patched = 'node_modules/express-openapi-validator/dist/middlewares/openapi.metadata.js';
    assert.match((await docker('run', '--rm', '--entrypoint', 'cat', image, `/app/${patched}`)).stdout, /pretix-mock patch/);
  });

  const volume = `${run}-data`;
  await step(`volume ${volume}`, async () => {
    ctx.cleanups.push([`remove volume ${volume}`, () => docker('volume', 'rm', volume)]);
    await docker('volume', 'create', volume);
  });

  const a = `${run}-a`;
  const first = await step(`docker run --read-only with --data on the volume (${a}); time to the first 200`, async () => {
    const answer = await runContainer(ctx, a, volume);
    figures['docker run to first 200'] = `${Math.round(answer.ms)} ms`;
    figures['container start (State.StartedAt) to first 200'] = `${answer.sinceProcessStart} ms`;
    console.log(`    ${answer.url}: first 200 ${Math.round(answer.ms)} ms after docker run, ${answer.sinceProcessStart} ms after the container started`);
    assert.equal((await exec('docker', ['exec', a, 'node', '-e', 'console.log(process.getuid())'])).stdout.trim(), '1000');
    return answer;
  });

  await step("the docs' example requests, a 401, a 403, and a POST", async () => {
    const url = first.url;
    assert.deepEqual(await call(url, BIGEVENTS, { auth: AUTH.admin }), { status: 200, type: 'application/json', body: { count: 1, next: null, previous: null, results: [WEBHOOK_2] } });
    assert.deepEqual(await call(url, `${BIGEVENTS}2/`, { auth: AUTH.admin }), { status: 200, type: 'application/json', body: WEBHOOK_2 });
    const created = { ...WEBHOOK_2, id: 3, comment: 'Called for changes' };
    assert.deepEqual(await call(url, BIGEVENTS, { method: 'POST', auth: AUTH.admin, body: DOCS_BODY }), { status: 201, type: 'application/json', body: created });
    assert.deepEqual(await call(url, `${BIGEVENTS}3/`, { method: 'PATCH', auth: AUTH.admin, body: { enabled: false } }), { status: 200, type: 'application/json', body: { ...created, enabled: false } });
    assert.deepEqual(await call(url, `${BIGEVENTS}3/`, { method: 'DELETE', auth: AUTH.admin }), { status: 204, type: null, body: '' });
    assert.deepEqual(await call(url, BIGEVENTS), { status: 401, type: 'application/json', body: { detail: 'Authentication credentials were not provided.' } });
    assert.deepEqual(await call(url, BIGEVENTS, { auth: AUTH.readonly }), { status: 403, type: 'application/json', body: { detail: 'You do not have permission to perform this action.' } });
  });

  await step('the healthcheck turns healthy', async () => {
    const since = performance.now();
    const log = await waitFor('Health.Status healthy', async () => ((await inspect(a, '{{.State.Health.Status}}')) === 'healthy' ? true : undefined), 40_000, 250);
    assert.ok(log);
    figures['healthy after'] = `${((performance.now() - since) / 1000 + first.ms / 1000).toFixed(1)} s after docker run`;
  });

  await step('docker logs: one JSON line per request, no credentials in them', async () => {
    const { stdout } = await docker('logs', a);
    const lines = stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
    const requests = lines.filter((l) => l.msg === 'request' && typeof l.path === 'string' && (l.path as string).startsWith('/api/'));
    assert.deepEqual(requests.map((l) => [l.method, l.status]), [['GET', 200], ['GET', 200], ['POST', 201], ['PATCH', 200], ['DELETE', 204], ['GET', 401], ['GET', 403]]);
    assert.ok(requests.every((l) => typeof l.duration === 'number' && l.sandbox === 'shared' && typeof l.operationId === 'string'));
    const logText = lines.map((l) => JSON.stringify(l)).join('\n');
    for (const auth of Object.values(AUTH)) assert.ok(!logText.includes(auth.split(' ')[1]!), `${auth} is in the log`);
  });

  const webhook3 = { ...WEBHOOK_2, id: 3, comment: 'Called for changes', enabled: false };
  await step('docker stop: SIGTERM ends it in under 2 s with exit code 0', async () => {
    const ms = await stopTimed(a);
    figures['docker stop'] = `${Math.round(ms)} ms`;
    console.log(`    stopped in ${Math.round(ms)} ms`);
  });

  await step('docker start the same container: the POSTed webhook is still there', async () => {
    const since = performance.now();
    await docker('start', a);
    const again = await firstAnswer(a, since);
    assert.deepEqual((await call(again.url, `${BIGEVENTS}3/`, { auth: AUTH.admin })).body, webhook3);
    await stopTimed(a);
  });

  const b = `${run}-b`;
  await step(`a new container (${b}) on the same volume: the webhook is still there`, async () => {
    const answer = await runContainer(ctx, b, volume);
    assert.deepEqual(await call(answer.url, `${BIGEVENTS}3/`, { auth: AUTH.admin }), { status: 200, type: 'application/json', body: webhook3 });
    assert.equal(((await call(answer.url, BIGEVENTS, { auth: AUTH.admin })).body as { count: number }).count, 2);
    await stopTimed(b);
  });
  return figures;
}
