import type { LoadResult } from './load.js';

/** What one run measured, as bench/run.ts writes it to results.json (without `figures`). */
export interface Measured {
  baselines: { node: { get: LoadResult; post: LoadResult }; express: { get: LoadResult; post: LoadResult } };
  mock: { default: Record<string, LoadResult> | string; sandbox: Record<string, LoadResult> | string };
  prism: { get: LoadResult; post: LoadResult; startMs: number } | { error: string };
  startupMs: Record<string, number>;
  memory: Record<string, number>;
  growth: Record<string, Record<string, { get: LoadResult; post: LoadResult }>>;
  fsync: Record<string, LoadResult>;
  /** 32 notifications per `POST /__admin/notify/batch`; `single`: one `POST /__admin/notify` each (absent in runs before the batch verb). */
  delivery: { notificationsPerSecond: number; delivered: number; single?: { notificationsPerSecond: number; delivered: number } };
}

/**
 * One comparable figure of a run. With `target`, it is a row of issue 17's target table:
 * met when `measured` compares to `target.value` as `target.comparison` says.
 */
export interface Figure {
  id: string;
  metric: string;
  unit: 'ratio' | 'ms' | 'MB' | '/s' | 'µs';
  /** Which way is better; `--compare` calls a move the other way beyond its tolerance a regression. */
  better: 'higher' | 'lower';
  measured: number | null;
  target?: { value: number; comparison: '>=' | '<=' };
  pass?: boolean | null;
}

const num = (n: number | undefined) => (n !== undefined && Number.isFinite(n) ? Number(n.toFixed(n >= 100 ? 0 : 3)) : null);

/** Every figure of a run, the targets first (in the order). */
export function figuresOf(r: Measured): Figure[] {
  const { node, express } = r.baselines;
  const mock = typeof r.mock.default === 'string' ? undefined : r.mock.default;
  const prism = 'error' in r.prism ? undefined : r.prism;
  const data10 = r.growth.data?.['10'];
  const rows: Array<Omit<Figure, 'pass' | 'measured'> & { value: number | undefined }> = [
    { id: 'get-x-express', metric: 'GET list req/s × bare Express', unit: 'ratio', better: 'higher', value: (mock?.['GET list']?.rps ?? NaN) / express.get.rps, target: { value: 0.75, comparison: '>=' } },
    { id: 'get-cpu-x-express', metric: 'CPU µs per GET list request × bare Express', unit: 'ratio', better: 'lower', value: (mock?.['GET list']?.cpuUsPerRequest ?? NaN) / express.get.cpuUsPerRequest, target: { value: 1.4, comparison: '<=' } },
    { id: 'post-x-express', metric: 'POST create req/s × bare Express', unit: 'ratio', better: 'higher', value: (mock?.['POST create']?.rps ?? NaN) / express.post.rps, target: { value: 0.75, comparison: '>=' } },
    { id: 'post-data-x-node', metric: 'POST create with --data (default fsync) req/s × bare node', unit: 'ratio', better: 'higher', value: (data10?.post.rps ?? NaN) / node.post.rps, target: { value: 0.06, comparison: '>=' } },
    { id: 'start-ms', metric: 'CLI start → first 200 (median)', unit: 'ms', better: 'lower', value: r.startupMs.mock, target: { value: 400, comparison: '<=' } },
    { id: 'start-x-express', metric: 'CLI start → first 200 × bare Express', unit: 'ratio', better: 'lower', value: r.startupMs.mock! / r.startupMs.express!, target: { value: 2, comparison: '<=' } },
    { id: 'rss-idle-mb', metric: 'RSS idle (1 s after ready)', unit: 'MB', better: 'lower', value: r.memory.idleMB, target: { value: 70, comparison: '<=' } },
    { id: 'rss-load-x-express', metric: 'RSS after load × bare Express after the same load', unit: 'ratio', better: 'lower', value: r.memory.afterLoadMB! / r.memory.expressAfterLoadMB!, target: { value: 1.2, comparison: '<=' } },
    { id: 'deliveries-per-s', metric: 'webhook deliveries per second to a local receiver (32 per POST /__admin/notify/batch)', unit: '/s', better: 'higher', value: r.delivery.notificationsPerSecond, target: { value: 2000, comparison: '>=' } },
    { id: 'get-x-prism', metric: 'GET list req/s × Prism', unit: 'ratio', better: 'higher', value: (mock?.['GET list']?.rps ?? NaN) / (prism?.get.rps ?? NaN), target: { value: 5, comparison: '>=' } },
    // Kept from earlier issues: no growth under load or with the dataset's size.
    { id: 'rss-growth', metric: 'RSS after more load × after load', unit: 'ratio', better: 'lower', value: r.memory.afterMoreLoadMB! / r.memory.afterLoadMB!, target: { value: 1.1, comparison: '<=' } },
    { id: 'get-10k-x-10', metric: 'GET page 1 with 10,000 webhooks × with 10', unit: 'ratio', better: 'higher', value: (r.growth.memory?.['10000']?.get.rps ?? NaN) / (r.growth.memory?.['10']?.get.rps ?? NaN), target: { value: 0.5, comparison: '>=' } },
    { id: 'post-data-10k-x-10', metric: 'POST with --data with 10,000 webhooks × with 10', unit: 'ratio', better: 'higher', value: (r.growth.data?.['10000']?.post.rps ?? NaN) / (data10?.post.rps ?? NaN), target: { value: 0.5, comparison: '>=' } },
    // Without a target: what the fsync policies and the library start cost, and the raw CPU figures.
    ...Object.entries(r.fsync).map(([mode, m]) => ({ id: `post-data-fsync-${mode}-x-node`, metric: `POST create with --data --fsync ${mode} req/s × bare node`, unit: 'ratio' as const, better: 'higher' as const, value: m.rps / node.post.rps })),
    ...Object.entries(r.fsync).map(([mode, m]) => ({ id: `post-data-fsync-${mode}-p99-ms`, metric: `POST create with --data --fsync ${mode}: p99 latency`, unit: 'ms' as const, better: 'lower' as const, value: m.p99Ms })),
    { id: 'rss-idle-express-mb', metric: 'bare Express: RSS 1 s after start', unit: 'MB', better: 'lower', value: r.memory.expressIdleMB },
    { id: 'deliveries-single-per-s', metric: 'webhook deliveries per second, one POST /__admin/notify each', unit: '/s', better: 'higher', value: r.delivery.single?.notificationsPerSecond },
    { id: 'start-in-process-ms', metric: 'startMockServer() in a fresh node → first 200 (median)', unit: 'ms', better: 'lower', value: r.startupMs.inProcess },
    { id: 'get-cpu-us', metric: 'CPU µs per GET list request', unit: 'µs', better: 'lower', value: mock?.['GET list']?.cpuUsPerRequest },
    { id: 'post-cpu-us', metric: 'CPU µs per POST create request', unit: 'µs', better: 'lower', value: mock?.['POST create']?.cpuUsPerRequest },
    { id: 'post-cpu-x-express', metric: 'CPU µs per POST create request × bare Express', unit: 'ratio', better: 'lower', value: (mock?.['POST create']?.cpuUsPerRequest ?? NaN) / express.post.cpuUsPerRequest },
  ];
  return rows.map(({ value, ...row }) => {
    const measured = num(value);
    if (!row.target) return { ...row, measured };
    const pass = measured === null ? null : row.target.comparison === '>=' ? measured >= row.target.value : measured <= row.target.value;
    return { ...row, measured, pass };
  });
}
