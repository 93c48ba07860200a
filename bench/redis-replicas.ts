/**
 * One benchmark row for `--redis`: throughput, latency and CPU per request of one replica on
 * Redis against the in-memory mode, and of 2 and 3 replicas together (load spread evenly), plus
 * how long a new replica takes to join (load the snapshot, replay the log the run left):
 *   npm run bench:redis [-- --duration 5]
 * Everything shares this machine's cores (replicas, Redis and the load generator), so the CPU
 * time per request (replicas plus Redis) is the steadier figure.
 */
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startRedis } from '../test/helpers/redis-server.js';
import { freePort, waitReady } from './lib/proc.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = ['node', `${ROOT}dist/bin/pretix-mock.js`];
const AUTH = { Authorization: 'Token sandbox-bigevents-admin' };
const LIST = '/api/v1/organizers/bigevents/webhooks/';
const BODY = JSON.stringify({ target_url: 'https://bench.example.com/h', action_types: ['pretix.event.order.placed'], all_events: true, limit_events: [] });
const duration = Number(process.argv[process.argv.indexOf('--duration') + 1]) || 5;
/** Writes before the join measurement (`--join 0` skips it). */
const joinWrites = process.argv.includes('--join') ? Number(process.argv[process.argv.indexOf('--join') + 1]) : 20_000;
const CONNECTIONS = 12;

const cpuOf = (pid: number) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(f[11]) + Number(f[12])) * 10_000;
};

/** Whatever this script started is killed when it exits, even after a failure. */
const started: ChildProcess[] = [];
process.on('exit', () => started.forEach((c) => c.exitCode === null && c.signalCode === null && c.kill('SIGKILL')));

interface Replica { child: ChildProcess; url: string; startMs: number; stop: () => Promise<void> }

/** A CLI process on a free port, not pinned (replicas and Redis share both cores). */
async function replica(redisUrl?: string, extra: string[] = []): Promise<Replica> {
  const port = await freePort();
  const startedAt = performance.now();
  const child = spawn(CLI[0]!, [...CLI.slice(1), '--port', String(port), '--log-level', 'warn', ...(redisUrl ? ['--redis', redisUrl] : []), ...extra], { stdio: 'ignore' });
  started.push(child);
  const url = `http://127.0.0.1:${port}`;
  const startMs = await waitReady(url + LIST, AUTH, startedAt);
  const stop = () => new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => (clearTimeout(timer), resolve()));
    child.kill('SIGTERM');
  });
  return { child, url, startMs, stop };
}

async function load(servers: Replica[], method: 'GET' | 'POST', seconds: number, extraPids: number[]) {
  const latencies: number[] = [];
  const pids = [...servers.map((s) => s.child.pid!), ...extraPids];
  const cpu0 = pids.reduce((n, p) => n + cpuOf(p), 0);
  const results = await Promise.all(servers.map((s) => autocannon({
    url: s.url + LIST, method, headers: { ...AUTH, ...(method === 'POST' ? { 'content-type': 'application/json' } : {}) },
    body: method === 'POST' ? BODY : undefined, connections: Math.max(1, Math.round(CONNECTIONS / servers.length)), duration: seconds,
    setupClient: (client) => client.on('response', (_s: number, _b: number, ms: number) => void (latencies.length < 2e6 && latencies.push(ms))),
  } as autocannon.Options)));
  const cpu1 = pids.reduce((n, p) => n + cpuOf(p), 0);
  const requests = results.reduce((n, r) => n + r.requests.total, 0);
  const errors = results.reduce((n, r) => n + r.errors + r.timeouts + r.non2xx, 0);
  const sorted = Float64Array.from(latencies).sort();
  const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
  return { rps: Math.round(requests / seconds), p50: +pct(50).toFixed(2), p99: +pct(99).toFixed(2), cpuUsPerReq: Math.round((cpu1 - cpu0) / requests), errors };
}

const rows: string[] = ['| setup | GET list req/s | p50 ms | p99 ms | CPU µs/req | POST req/s | p50 ms | p99 ms | CPU µs/req |', '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |'];
async function row(name: string, servers: Replica[], extraPids: number[]) {
  await load(servers, 'GET', 1, extraPids); // warm-up
  const get = await load(servers, 'GET', duration, extraPids);
  const post = await load(servers, 'POST', duration, extraPids);
  rows.push(`| ${name} | ${get.rps} | ${get.p50} | ${get.p99} | ${get.cpuUsPerReq} | ${post.rps} | ${post.p50} | ${post.p99} | ${post.cpuUsPerReq} |`);
  if (get.errors || post.errors) rows.push(`| (errors: GET ${get.errors}, POST ${post.errors}) | | | | | | | | |`);
  return post;
}

const memory = await replica();
await row('in memory, 1 process', [memory], []);
await memory.stop();

let replayLine = '';
for (const n of [1, 2, 3]) {
  const redis = await startRedis();
  started.push(redis.child);
  const servers = await Promise.all(Array.from({ length: n }, () => replica(redis.url)));
  await row(`--redis, ${n} replica${n > 1 ? 's' : ''} (+ Redis)`, servers, [redis.child.pid!]);
  if (n === 3) {
    const client = new Redis(redis.url);
    const [webhooks, logged] = await Promise.all([client.hget('pretix-mock:next', 'shared'), client.xlen('pretix-mock:log')]);
    const snapshot = await client.hget('pretix-mock:snapshot', 'id');
    client.disconnect();
    const late = await replica(redis.url);
    replayLine = `A new replica joining after ${Number(webhooks) - 3} writes (log: ${logged} entries${snapshot ? ', snapshot stored' : ', no snapshot yet'}) was ready (snapshot loaded, log replayed, validators warm) in ${Math.round(late.startMs)} ms.`;
    await late.stop();
  }
  await Promise.all(servers.map((s) => s.stop()));
  await redis.stop();
}
/** A replica joining a world of `joinWrites` writes, with snapshots every 2,000 entries and with none. */
const joinRows: string[] = [];
if (joinWrites > 0) {
  joinRows.push('| snapshots | writes | log entries in Redis | join (start to first 200) ms |', '| --- | ---: | ---: | ---: |');
  for (const [label, every] of [['every 2,000 entries', 2000], ['none', 100_000_000]] as const) {
    const redis = await startRedis();
    started.push(redis.child);
    const flag = ['--redis-snapshot-every', String(every)];
    const first = await replica(redis.url, flag);
    await autocannon({
      url: first.url + LIST, method: 'POST', headers: { ...AUTH, 'content-type': 'application/json' }, body: BODY, connections: 10, amount: joinWrites,
    } as autocannon.Options);
    const client = new Redis(redis.url);
    const logged = await client.xlen('pretix-mock:log');
    client.disconnect();
    const late = await replica(redis.url, flag);
    joinRows.push(`| ${label} | ${joinWrites} | ${logged} | ${Math.round(late.startMs)} |`);
    await Promise.all([first.stop(), late.stop()]);
    await redis.stop();
  }
}

const load1 = readFileSync("/proc/loadavg", "utf8").split(" ")[0];
process.stdout.write(`${rows.join('\n')}\n\n${replayLine}\n\n${joinRows.join('\n')}\n(${duration} s per measurement, ${CONNECTIONS} connections in total, spread evenly over the replicas; CPU includes Redis; host load average at the end: ${load1} on 2 cores.)\n`);
