import autocannon from 'autocannon';
import { hostTicks, type ServerProcess } from './proc.js';

export interface LoadSpec {
  path: string;
  method?: 'GET' | 'POST' | 'PATCH';
  headers?: Record<string, string>;
  body?: string;
  /** Seconds of measured load (after a 1 s warm-up). */
  duration: number;
  connections?: number;
  /** The status every answer must have; others count as errors. */
  status: number;
}

export interface LoadResult {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  errors: number;
  /** Server CPU time per answered request, in microseconds: robust to a noisy neighbour. */
  cpuUsPerRequest: number;
  /** Share of the host's CPU time stolen by the hypervisor during the measurement, in percent. */
  stealPct: number;
  /** The measured window on the monotonic clock (µs, as V8's CPU profiles count), to cut a profile to it. */
  windowUs: [number, number];
}

const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function run(server: ServerProcess, spec: LoadSpec, duration: number, onLatency?: (ms: number) => void) {
  let wrongStatus = 0;
  const result = await autocannon({
    url: server.url + spec.path,
    method: spec.method ?? 'GET',
    headers: { ...(spec.body ? { 'content-type': 'application/json' } : {}), ...spec.headers },
    body: spec.body,
    connections: spec.connections ?? 10,
    duration,
    setupClient: (client) => {
      client.on('response', (status: number, _bytes: number, ms: number) => {
        if (status !== spec.status) wrongStatus++;
        onLatency?.(ms);
      });
    },
  } as autocannon.Options);
  return { result, wrongStatus };
}

/** Loads one endpoint with autocannon (10 connections by default) and times every answer itself. */
export async function measure(server: ServerProcess, spec: LoadSpec): Promise<LoadResult> {
  await run(server, spec, 1);
  const latencies: number[] = [];
  const host0 = hostTicks();
  const from = monotonicUs();
  const cpu0 = server.cpuMicros();
  const { result, wrongStatus } = await run(server, spec, spec.duration, (ms) => {
    if (latencies.length < 2_000_000) latencies.push(ms);
  });
  const cpu1 = server.cpuMicros();
  const to = monotonicUs();
  const host1 = hostTicks();
  const sorted = Float64Array.from(latencies).sort();
  const total = result.requests.total;
  return {
    rps: Math.round(total / spec.duration),
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    requests: total,
    errors: result.errors + result.timeouts + wrongStatus,
    cpuUsPerRequest: total ? (cpu1 - cpu0) / total : NaN,
    stealPct: host1.total > host0.total ? (100 * (host1.steal - host0.steal)) / (host1.total - host0.total) : 0,
    windowUs: [from, to],
  };
}
