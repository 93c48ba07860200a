import type { LoadResult } from './load.js';

interface Results {
  date: string;
  node: string;
  quick: boolean;
  secondsPerMeasurement: number;
  baselines: { node: { get: LoadResult; post: LoadResult }; express: { get: LoadResult; post: LoadResult } };
  mock: { default: Record<string, LoadResult> | string; sandbox: Record<string, LoadResult> | string };
  prism: { get: LoadResult; post: LoadResult; startMs: number } | { error: string };
  startupMs: Record<string, number>;
  memory: Record<string, number>;
  growth: Record<string, Record<string, { get: LoadResult; post: LoadResult }>>;
  delivery: { notificationsPerSecond: number } | string;
}

const f2 = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : 'n/a');
const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : 'n/a');
const row = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;

/** The results as Markdown tables, with the issue's targets marked met or not met. */
export function renderMarkdown(r: Results): string {
  const out: string[] = [];
  const { node, express } = r.baselines;
  const mock = typeof r.mock.default === 'string' ? undefined : r.mock.default;
  const prism = 'error' in r.prism ? undefined : r.prism;
  out.push(`## pretix-mock benchmark, ${r.date} (${r.node}, ${r.secondsPerMeasurement} s per measurement${r.quick ? ', quick' : ''})`, '');
  out.push(row(['server', 'GET list req/s', '× node', '× Express', 'POST req/s', '× node', '× Express']));
  out.push(row(['---', '---:', '---:', '---:', '---:', '---:', '---:']));
  const line = (name: string, get: LoadResult | undefined, post: LoadResult | undefined) =>
    out.push(row([name, get?.rps ?? 'n/a', f2((get?.rps ?? NaN) / node.get.rps), f2((get?.rps ?? NaN) / express.get.rps),
      post?.rps ?? 'n/a', f2((post?.rps ?? NaN) / node.post.rps), f2((post?.rps ?? NaN) / express.post.rps)]));
  line('bare node:http', node.get, node.post);
  line('bare Express 5', express.get, express.post);
  line('pretix-mock (default tokens)', mock?.['GET list'], mock?.['POST create']);
  if (typeof r.mock.sandbox !== 'string') line('pretix-mock (sandbox token)', r.mock.sandbox['GET list'], r.mock.sandbox['POST create']);
  line(`Prism ${'error' in r.prism ? `(failed: ${r.prism.error})` : 'mock, static'}`, prism?.get, prism?.post);
  out.push('');

  out.push(row(['pretix-mock scenario', 'tokens', 'req/s', 'p50 ms', 'p99 ms', 'CPU µs/req', '× Express', 'steal %']));
  out.push(row(['---', '---', '---:', '---:', '---:', '---:', '---:', '---:']));
  for (const [tokens, scenarios] of Object.entries(r.mock)) {
    if (typeof scenarios === 'string') {
      out.push(row(['(all)', tokens, scenarios, '', '', '', '', '']));
      continue;
    }
    for (const [name, m] of Object.entries(scenarios)) {
      const baseline = name.startsWith('GET') ? express.get : express.post;
      out.push(row([name, tokens, m.rps, ms(m.p50Ms), ms(m.p99Ms), m.cpuUsPerRequest.toFixed(0), f2(m.rps / baseline.rps), m.stealPct.toFixed(1)]));
    }
  }
  out.push(row(['bare Express GET', '', express.get.rps, ms(express.get.p50Ms), ms(express.get.p99Ms), express.get.cpuUsPerRequest.toFixed(0), '1.00', express.get.stealPct.toFixed(1)]));
  out.push('');

  out.push(row(['start → first 200 (median)', 'ms']), row(['---', '---:']));
  for (const [name, value] of Object.entries(r.startupMs)) out.push(row([name, value]));
  if (prism) out.push(row(['Prism (one run)', Math.round(prism.startMs)]));
  out.push('');
  out.push(row(['memory', 'MB']), row(['---', '---:']));
  for (const [name, value] of Object.entries(r.memory)) out.push(row([name, value]));
  out.push('');

  out.push(row(['growth', 'webhooks', 'GET page 1 req/s', 'ratio to 10', 'POST req/s', 'ratio to 10']));
  out.push(row(['---', '---:', '---:', '---:', '---:', '---:']));
  for (const [mode, sizes] of Object.entries(r.growth)) {
    const ten = sizes['10'];
    for (const [size, g] of Object.entries(sizes)) {
      out.push(row([mode === 'data' ? '--data' : 'in memory', size, g.get.rps, f2(g.get.rps / (ten?.get.rps ?? NaN)), g.post.rps, f2(g.post.rps / (ten?.post.rps ?? NaN))]));
    }
  }
  out.push('');
  out.push(`Delivery: ${typeof r.delivery === 'string' ? r.delivery : `${r.delivery.notificationsPerSecond} notifications/s delivered to a local receiver`}`, '');

  const big = (mode: string) => r.growth[mode]?.['10000'];
  const ten = (mode: string) => r.growth[mode]?.['10'];
  const targets: Array<[string, number, number, boolean]> = [
    ['GET list ≥ 0.75 × bare Express', (mock?.['GET list']?.rps ?? NaN) / express.get.rps, 0.75, true],
    ['GET list ≥ 3 × Prism', (mock?.['GET list']?.rps ?? NaN) / (prism?.get.rps ?? NaN), 3, true],
    ['POST create ≥ 0.75 × bare Express POST', (mock?.['POST create']?.rps ?? NaN) / express.post.rps, 0.75, true],
    ['POST create with --data ≥ 0.06 × bare node (10 × json-server)', (ten('data')?.post.rps ?? NaN) / node.post.rps, 0.06, true],
    ['start ≤ 2 × bare Express start', r.startupMs.mock! / r.startupMs.express!, 2, false],
    ['start ≤ 400 ms', r.startupMs.mock!, 400, false],
    ['RSS after load ≤ 1.2 × bare Express', r.memory.afterLoadMB! / r.memory.expressAfterLoadMB!, 1.2, false],
    ['RSS not growing under more load (≤ 1.1 ×)', r.memory.afterMoreLoadMB! / r.memory.afterLoadMB!, 1.1, false],
    ['GET page 1 at 10,000 ≥ 0.5 × at 10', (big('memory')?.get.rps ?? NaN) / (ten('memory')?.get.rps ?? NaN), 0.5, true],
    ['POST --data at 10,000 ≥ 0.5 × at 10', (big('data')?.post.rps ?? NaN) / (ten('data')?.post.rps ?? NaN), 0.5, true],
  ];
  out.push(row(['target', 'measured', 'met']), row(['---', '---:', '---']));
  for (const [name, value, limit, atLeast] of targets) {
    const met = Number.isFinite(value) ? (atLeast ? value >= limit : value <= limit) : false;
    out.push(row([name, f2(value), Number.isFinite(value) ? (met ? 'yes' : 'no') : 'n/a']));
  }
  return `${out.join('\n')}\n`;
}
