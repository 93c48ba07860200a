/**
 * `npm run profile`: CPU profiles (`node --cpu-prof`) of the built CLI, as users run it, for the
 * start-up (spawn → first 200 on GET list) and for 10 s of GET list and of POST create load, plus
 * a heap snapshot after the GET load, and for 5,000 webhook deliveries to a local receiver. Writes them to bench/profiles/ (not committed) and a summary
 * of the top self-time functions and places to bench/profiles/summary.md (committed).
 * `--seconds N` changes the load's length.
 */
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { summarize, type ProfileSummary } from './lib/cpu-profile.js';
import { measureDelivery } from './lib/delivery.js';
import { residentOf, summarizeHeap } from './lib/heap-snapshot.js';
import { measure, type LoadSpec } from './lib/load.js';
import { freePort, pinSelf, startServer } from './lib/proc.js';

const BENCH = fileURLToPath(new URL('.', import.meta.url));
const ROOT = join(BENCH, '..');
const OUT = join(BENCH, 'profiles');
const { values: flags } = parseArgs({ options: { seconds: { type: 'string', default: '10' } } });
const SECONDS = Number(flags.seconds);
const ADMIN = { authorization: 'Token sandbox-bigevents-admin' };
const LIST = '/api/v1/organizers/bigevents/webhooks/';
const CREATE = JSON.stringify({ target_url: 'https://example.com/hook', limit_events: [], action_types: ['pretix.event.order.placed'] });
const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);
const log = (text: string) => process.stderr.write(`[profile] ${text}\n`);

/** Runs the CLI under `--cpu-prof`, lets `during` act on it, stops it cleanly (the profile is written at exit). */
async function profiled(name: string, during: (url: string, readyUs: number, pid: number) => Promise<{ fromUs?: number; toUs?: number; requests?: number }>) {
  const port = await freePort();
  const command = ['node', '--cpu-prof', '--cpu-prof-dir', OUT, '--cpu-prof-name', `${name}.cpuprofile`, '--heapsnapshot-signal=SIGUSR2',
    join(ROOT, 'dist', 'bin', 'pretix-mock.js'), '--port', String(port)];
  const server = await startServer(command, { port, readyPath: LIST, headers: ADMIN, cwd: OUT });
  const readyUs = monotonicUs();
  // What runs right after ready (the control plane's validator is created and warmed then) is start-up, not load.
  if (name !== 'startup') await settled(server.cpuMicros);
  let window: { fromUs?: number; toUs?: number; requests?: number };
  try {
    window = await during(server.url, readyUs, server.child.pid!);
  } finally {
    await server.stop();
  }
  return { file: join(OUT, `${name}.cpuprofile`), window, startMs: server.startMs };
}

/** Waits (at most 30 s) until the server used under 5 % of a core over 400 ms. */
async function settled(cpuMicros: () => number): Promise<void> {
  const deadline = Date.now() + 30_000;
  let last = cpuMicros();
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 400));
    const now = cpuMicros();
    if (now - last < 20_000) return;
    last = now;
  }
}

async function load(url: string, spec: Omit<LoadSpec, 'duration'>) {
  const server = { url, child: undefined as never, rss: () => 0, cpuMicros: () => 0, stop: async () => {} };
  const result = await measure(server, { ...spec, duration: SECONDS });
  return { fromUs: result.windowUs[0], toUs: result.windowUs[1], requests: result.requests };
}

/** Sends SIGUSR2 (node writes a heap snapshot into its working folder) and waits until the file stops growing. */
async function heapSnapshot(pid: number): Promise<string | undefined> {
  process.kill(pid, 'SIGUSR2');
  const deadline = Date.now() + 60_000;
  let last = -1;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 500));
    const file = (await readdir(OUT)).find((f) => f.endsWith('.heapsnapshot'));
    if (!file) continue;
    const size = (await stat(join(OUT, file))).size;
    if (size > 0 && size === last) return file;
    last = size;
  }
  return undefined;
}

function table(title: string, s: ProfileSummary, requests?: number): string {
  const per = (ms: number) => (requests ? ((ms * 1000) / requests).toFixed(1) : '');
  const head = requests ? '| self time | ms | µs per request | share |\n| --- | ---: | ---: | ---: |' : '| self time | ms | share |\n| --- | ---: | ---: |';
  const rows = (list: ProfileSummary['functions']) =>
    list.map((f) => (requests ? `| \`${f.name}\` | ${f.ms.toFixed(1)} | ${per(f.ms)} | ${(f.share * 100).toFixed(1)} % |` : `| \`${f.name}\` | ${f.ms.toFixed(1)} | ${(f.share * 100).toFixed(1)} % |`)).join('\n');
  const busy = requests ? `${s.busyMs.toFixed(0)} ms busy over ${requests} requests: ${per(s.busyMs)} µs of sampled CPU per request` : `${s.busyMs.toFixed(0)} ms busy`;
  return `### ${title}\n\n${busy}.\n\nTop 10 functions by self time:\n\n${head}\n${rows(s.functions)}\n\nBy place (package, node's built-ins, or this project's folder):\n\n${head}\n${rows(s.places)}\n`;
}

function memoryTable(): string {
  const rows = Object.entries(resident).map(([when, r]) => `| ${when} | ${r.rssMB} | ${r.anonymousMB} | ${r.fileMB} |`);
  const out = ['### Memory', '', '| when | RSS MB | anonymous (heaps) MB | file-backed (node, libraries) MB |', '| --- | ---: | ---: | ---: |', ...rows, ''];
  if (heap) {
    const h = summarizeHeap(join(OUT, heap));
    out.push(`Heap snapshot after the GET load (bench/profiles/${heap}): ${h.totalMB} MB of live objects. Largest kinds by self size:`, '',
      '| kind | objects | MB |', '| --- | ---: | ---: |', ...h.top.map((k) => `| \`${k.name}\` | ${k.count} | ${k.MB} |`), '');
  }
  return out.join('\n');
}

pinSelf();
await rm(OUT, { recursive: true, force: true });
await mkdir(OUT, { recursive: true });
const date = new Date().toISOString();

log('start-up');
const startup = await profiled('startup', async (_url, readyUs) => ({ toUs: readyUs }));
log(`GET list, ${SECONDS} s`);
let heap: string | undefined;
const resident: Record<string, ReturnType<typeof residentOf>> = {};
const get = await profiled('get-list', async (url, _readyUs, pid) => {
  resident.idle = residentOf(pid);
  const window = await load(url, { path: LIST, headers: ADMIN, status: 200 });
  resident['after the GET load'] = residentOf(pid);
  heap = await heapSnapshot(pid);
  return window;
});
log(`POST create, ${SECONDS} s`);
const post = await profiled('post-create', (url) => load(url, { path: LIST, method: 'POST', body: CREATE, headers: ADMIN, status: 201 }));

log('webhook delivery, 5,000 notifications');
let deliveries = 0;
const delivery = await profiled('delivery', async (url) => {
  const fromUs = monotonicUs();
  const server = { url, child: undefined as never, rss: () => 0, cpuMicros: () => 0, stop: async () => {} };
  const result = await measureDelivery(server, 5_000);
  deliveries = result.delivered;
  log(`${result.notificationsPerSecond} notifications/s`);
  return { fromUs, toUs: monotonicUs(), requests: result.delivered };
});

const summary = [
  `# CPU profiles (npm run profile), ${date}, ${process.version}`,
  '',
  'The built CLI with its default options (log level info: one JSON line per request), server on core 0, autocannon (10 connections) on core 1.',
  'Other work on the machine slows everything alike; compare shares and µs per request, not absolute ms.',
  '',
  table(`Start-up: spawn → first 200 (${Math.round(startup.startMs)} ms wall clock)`, summarize(startup.file, ROOT, startup.window)),
  table(`GET list under load (${SECONDS} s)`, summarize(get.file, ROOT, get.window), get.window.requests),
  table(`POST create under load (${SECONDS} s)`, summarize(post.file, ROOT, post.window), post.window.requests),
  table(`Webhook delivery: POST /__admin/notify → one call to a local receiver each (${deliveries} delivered; "per request" is per delivered call)`, summarize(delivery.file, ROOT, delivery.window), delivery.window.requests),
  memoryTable(),
].join('\n');
await writeFile(join(OUT, 'summary.md'), summary);
process.stdout.write(summary);
