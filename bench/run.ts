/**
 * `npm run bench`: pretix-mock measured against bare node:http, bare Express 5 and Prism in the same
 * run, server and load generator pinned to separate cores. Writes bench/results.json (with issue
 * 17's target table) and prints Markdown tables. `--quick` for 5 s measurements, `--json` to print
 * the JSON instead. `--compare FILE` compares the run with an earlier results file and exits 1 on
 * a regression beyond `--tolerance` (default 0.25); `--current FILE` compares that file instead of
 * running.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { measureDelivery } from './lib/delivery.js';
import { writeGrowthFixture } from './lib/fixtures.js';
import { measure, type LoadResult, type LoadSpec } from './lib/load.js';
import { ensurePrism, PRISM_VERSION } from './lib/prism.js';
import { freePort, pinSelf, startServer, type ServerProcess } from './lib/proc.js';
import { renderMarkdown } from './lib/report.js';
import { compareFigures, renderComparison } from './lib/compare.js';
import { figuresOf, type Figure } from './lib/targets.js';

const BENCH = fileURLToPath(new URL('.', import.meta.url));
const ROOT = join(BENCH, '..');
const { values: flags } = parseArgs({
  options: { quick: { type: 'boolean' }, json: { type: 'boolean' }, compare: { type: 'string' }, current: { type: 'string' }, tolerance: { type: 'string', default: '0.25' } },
});
const TOLERANCE = Number(flags.tolerance);
if (!(TOLERANCE > 0 && TOLERANCE < 1) || (flags.current && !flags.compare)) {
  process.stderr.write('usage: tsx bench/run.ts [--quick] [--json] [--compare FILE [--current FILE] [--tolerance 0.25]]\n');
  process.exit(2);
}
const D = flags.quick ? 5 : 10;

const ADMIN = { authorization: 'Token sandbox-bigevents-admin' };
const LIST = '/api/v1/organizers/bigevents/webhooks/';
const CREATE = JSON.stringify({
  enabled: true, target_url: 'https://httpstat.us/200', all_events: false, limit_events: ['democon'],
  action_types: ['pretix.event.order.modified', 'pretix.event.order.changed.*'], comment: 'Called for changes',
});
const PATCH = JSON.stringify({ comment: 'patched by the benchmark' });

type Server = ServerProcess & { startMs: number };
type Command = (port: number) => string[];
/** The mock as users run it: the built CLI, default log level (info, JSON lines to stdout). */
const mockCli = (extra: string[] = []): Command => (port) => ['node', join(ROOT, 'dist', 'bin', 'pretix-mock.js'), '--port', String(port), ...extra];
const MOCK = mockCli();
const BARE_NODE: Command = () => ['node', join(BENCH, 'servers', 'bare-node.mjs')];
const BARE_EXPRESS: Command = () => ['node', join(BENCH, 'servers', 'bare-express.mjs')];
const IN_PROCESS: Command = () => ['node', join(BENCH, 'servers', 'in-process.mjs')];

async function withServer<T>(command: Command, readyHeaders: Record<string, string>, fn: (s: Server) => Promise<T>): Promise<T> {
  const port = await freePort();
  const server = await startServer(command(port), { port, readyPath: LIST, headers: readyHeaders, cwd: ROOT });
  try {
    return await fn(server);
  } finally {
    await server.stop();
  }
}

const log = (text: string) => process.stderr.write(`[bench] ${text}\n`);
const best = (a: LoadResult | undefined, b: LoadResult) => (!a || b.rps > a.rps ? b : a);

async function baselines(): Promise<Record<string, { get: LoadResult; post: LoadResult }>> {
  const out: Record<string, { get: LoadResult; post: LoadResult }> = {};
  for (const [name, command] of [['node', BARE_NODE], ['express', BARE_EXPRESS]] as const) {
    out[name] = await withServer(command, {}, async (s) => ({
      get: await measure(s, { path: LIST, duration: D, status: 200 }),
      post: await measure(s, { path: LIST, method: 'POST', body: CREATE, duration: D, status: 201 }),
    }));
    log(`baseline ${name}: GET ${out[name]!.get.rps} req/s, POST ${out[name]!.post.rps} req/s`);
  }
  return out;
}

/** Each scenario on a fresh mock, so one measurement's writes do not slow the next. */
async function mockScenarios(auth: 'default' | 'sandbox'): Promise<Record<string, LoadResult> | 'not yet available'> {
  const scenarios: Array<[string, (h: Record<string, string>, prefix: string) => LoadSpec]> = [
    ['GET list', (h, p) => ({ path: p, headers: h, duration: D, status: 200 })],
    ['GET detail', (h, p) => ({ path: `${p}2/`, headers: h, duration: D, status: 200 })],
    ['POST create', (h, p) => ({ path: p, method: 'POST', body: CREATE, headers: h, duration: D, status: 201 })],
    ['PATCH', (h, p) => ({ path: `${p}2/`, method: 'PATCH', body: PATCH, headers: h, duration: D, status: 200 })],
  ];
  const out: Record<string, LoadResult> = {};
  for (const [name, spec] of scenarios) {
    const result = await withServer(MOCK, ADMIN, async (s) => {
      let headers = ADMIN;
      if (auth === 'sandbox') {
        const res = await fetch(`${s.url}/__admin/sandboxes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
        if (res.status !== 201) return undefined;
        const sandbox = (await res.json()) as { tokens: Record<string, string> };
        headers = { authorization: sandbox.tokens['sandbox-bigevents-admin']! };
      }
      return measure(s, spec(headers, LIST));
    });
    if (!result) return 'not yet available';
    out[name] = result;
    log(`mock (${auth} tokens) ${name}: ${result.rps} req/s, ${result.cpuUsPerRequest.toFixed(0)} µs CPU/request`);
  }
  return out;
}

async function prism(): Promise<{ get: LoadResult; post: LoadResult; startMs: number } | { error: string }> {
  try {
    const bin = ensurePrism(BENCH);
    return await withServer(
      (port) => [bin, 'mock', '-h', '127.0.0.1', '-p', String(port), join(ROOT, 'openapi', 'pretix-webhooks.yaml')],
      ADMIN,
      async (s) => ({
        startMs: s.startMs,
        get: await measure(s, { path: LIST, headers: ADMIN, duration: D, status: 200 }),
        post: await measure(s, { path: LIST, method: 'POST', body: CREATE, headers: ADMIN, duration: D, status: 201 }),
      }),
    );
  } catch (err) {
    return { error: (err as Error).message.split('\n')[0]! };
  }
}

async function startup(): Promise<Record<string, number>> {
  const runs = flags.quick ? 3 : 7;
  const out: Record<string, number> = {};
  for (const [name, command] of [['mock', MOCK], ['inProcess', IN_PROCESS], ['express', BARE_EXPRESS], ['node', BARE_NODE]] as const) {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) times.push(await withServer(command, ADMIN, async (s) => s.startMs));
    times.sort((a, b) => a - b);
    out[name] = Math.round(times[Math.floor(times.length / 2)]!);
    log(`start-up ${name}: median ${out[name]} ms of ${runs}`);
  }
  return out;
}

async function memory(): Promise<Record<string, number>> {
  const loadSeconds = flags.quick ? 15 : 60;
  const mb = (b: number) => Math.round(b / 1048576);
  const out: Record<string, number> = {};
  await withServer(MOCK, ADMIN, async (s) => {
    await new Promise((r) => setTimeout(r, 1000));
    out.idleMB = mb(s.rss());
    await measure(s, { path: LIST, headers: ADMIN, duration: loadSeconds, status: 200 });
    out.afterLoadMB = mb(s.rss());
    await measure(s, { path: LIST, headers: ADMIN, duration: loadSeconds / 3, status: 200 });
    out.afterMoreLoadMB = mb(s.rss());
  });
  await withServer(BARE_EXPRESS, {}, async (s) => {
    await new Promise((r) => setTimeout(r, 1000));
    out.expressIdleMB = mb(s.rss());
    await measure(s, { path: LIST, duration: loadSeconds, status: 200 });
    out.expressAfterLoadMB = mb(s.rss());
  });
  await withServer(MOCK, ADMIN, async (s) => {
    // 10,000 answered requests fill a journal of that size (or its bound, if smaller).
    let sent = 0;
    while (sent < 10_000) {
      await Promise.all(Array.from({ length: 50 }, () => fetch(s.url + LIST, { headers: ADMIN }).then((r) => r.arrayBuffer())));
      sent += 50;
    }
    out.after10kRequestsMB = mb(s.rss());
  });
  log(`memory: ${JSON.stringify(out)}`);
  return out;
}

async function growth(): Promise<Record<string, Record<string, { get: LoadResult; post: LoadResult }>>> {
  const dir = await mkdtemp(join(tmpdir(), 'pretix-mock-bench-'));
  const sizes = flags.quick ? [10, 10_000] : [10, 1_000, 10_000];
  const out: Record<string, Record<string, { get: LoadResult; post: LoadResult }>> = { memory: {}, data: {} };
  try {
    for (const size of sizes) {
      const fixtures = await writeGrowthFixture(dir, size);
      for (const mode of ['memory', 'data'] as const) {
        const run = async (spec: LoadSpec) => {
          const extra = ['--fixtures', fixtures, ...(mode === 'data' ? ['--data', join(dir, `data-${size}-${Date.now()}.json`)] : [])];
          return withServer(mockCli(extra), ADMIN, (s) => measure(s, spec));
        };
        out[mode]![size] = {
          get: await run({ path: LIST, headers: ADMIN, duration: D, status: 200 }),
          post: await run({ path: LIST, method: 'POST', body: CREATE, headers: ADMIN, duration: D, status: 201 }),
        };
        log(`growth ${mode} ${size}: GET ${out[mode]![size]!.get.rps}, POST ${out[mode]![size]!.post.rps} req/s`);
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return out;
}

/** POST create with `--data` under each `--fsync` policy: what durability costs. */
async function fsyncCost(): Promise<Record<string, LoadResult>> {
  const dir = await mkdtemp(join(tmpdir(), 'pretix-mock-bench-fsync-'));
  const out: Record<string, LoadResult> = {};
  try {
    for (const mode of ['never', 'batch', 'always']) {
      const extra = ['--data', join(dir, `data-${mode}.json`), '--fsync', mode];
      out[mode] = await withServer(mockCli(extra), ADMIN, (s) => measure(s, { path: LIST, method: 'POST', body: CREATE, headers: ADMIN, duration: D, status: 201 }));
      log(`--data --fsync ${mode}: POST ${out[mode]!.rps} req/s, p99 ${out[mode]!.p99Ms.toFixed(2)} ms`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return out;
}

async function delivery(): Promise<{ notificationsPerSecond: number; delivered: number; single: { notificationsPerSecond: number; delivered: number } }> {
  const count = flags.quick ? 2_000 : 10_000;
  const single = await withServer(MOCK, ADMIN, (s) => measureDelivery(s, count));
  log(`delivery, one POST /__admin/notify each: ${single.notificationsPerSecond} notifications/s (${single.delivered} delivered)`);
  const result = { ...(await withServer(MOCK, ADMIN, (s) => measureDelivery(s, count, 32))), single };
  log(`delivery, 32 per POST /__admin/notify/batch: ${result.notificationsPerSecond} notifications/s (${result.delivered} delivered)`);
  return result;
}

async function compare(current: { figures: Figure[] }): Promise<void> {
  const before = JSON.parse(await readFile(flags.compare!, 'utf8')) as { figures?: Figure[]; date?: string };
  if (!Array.isArray(before.figures)) throw new Error(`${flags.compare} has no figures (written by an older bench?)`);
  const rows = compareFigures(before.figures, current.figures, TOLERANCE);
  process.stdout.write(`\n${renderComparison(rows, TOLERANCE, `${flags.compare} (${before.date ?? 'undated'})`)}`);
  if (rows.some((r) => r.regression)) process.exitCode = 1;
}

async function runAll() {
  pinSelf();
  const startedAt = new Date();
  log(`${flags.quick ? 'quick' : 'full'} run, ${D} s per measurement`);
  const before = await baselines();
  const mock = { default: await mockScenarios('default'), sandbox: await mockScenarios('sandbox') };
  const peer = await prism();
  const starts = await startup();
  const mem = await memory();
  const grow = await growth();
  const durability = await fsyncCost();
  const deliveries = await delivery();
  const afterwards = await baselines();
  const base = {
    node: { get: best(before.node!.get, afterwards.node!.get), post: best(before.node!.post, afterwards.node!.post) },
    express: { get: best(before.express!.get, afterwards.express!.get), post: best(before.express!.post, afterwards.express!.post) },
  };
  const measured = {
    baselines: base,
    mock,
    prism: peer,
    startupMs: starts,
    memory: mem,
    growth: grow,
    fsync: durability,
    delivery: deliveries,
  };
  const figures = figuresOf(measured);
  const results = {
    date: startedAt.toISOString(),
    node: process.version,
    quick: Boolean(flags.quick),
    secondsPerMeasurement: D,
    prismVersion: PRISM_VERSION,
    note: 'Ratios are within this run (baselines measured at its start and end, best of the two); absolute figures depend on the machine and its load.',
    targets: figures.filter((f) => f.target),
    figures,
    ...measured,
  };
  await writeFile(join(BENCH, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(flags.json ? `${JSON.stringify(results, null, 2)}\n` : renderMarkdown(results));
  return results;
}

const current = flags.current ? (JSON.parse(await readFile(flags.current, 'utf8')) as { figures: Figure[] }) : await runAll();
if (flags.compare) await compare(current);
