import assert from 'node:assert/strict';
import { AUTH, BIGEVENTS, DOCS_BODY, WEBHOOK_2 } from '../../test/helpers/mock.js';
import { call, docker, firstAnswer, inspect, runContainer, stopTimed } from './container.js';
import { exec, waitFor } from './exec.js';
import { PACKAGE_VERSION } from '../../src/version.js';

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

const VERSION = PACKAGE_VERSION;

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
    const answer = await runContainer(image, a, volume, ctx.cleanups);
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
  await step('docker stop: SIGTERM ends it, before docker would SIGKILL it, with exit code 0', async () => {
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
    const answer = await runContainer(image, b, volume, ctx.cleanups);
    assert.deepEqual(await call(answer.url, `${BIGEVENTS}3/`, { auth: AUTH.admin }), { status: 200, type: 'application/json', body: webhook3 });
    assert.equal(((await call(answer.url, BIGEVENTS, { auth: AUTH.admin })).body as { count: number }).count, 2);
    await stopTimed(b);
  });
  return figures;
}
