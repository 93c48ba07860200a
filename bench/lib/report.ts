import type { LoadResult } from './load.js';
import type { Figure, Measured } from './targets.js';

interface Results extends Measured {
  date: string;
  node: string;
  quick: boolean;
  secondsPerMeasurement: number;
  targets: Figure[];
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
  const single = r.delivery.single ? `; one POST /__admin/notify each: ${r.delivery.single.notificationsPerSecond}/s` : '';
  out.push(`Delivery: ${r.delivery.notificationsPerSecond} notifications/s delivered to a local receiver, 32 per POST /__admin/notify/batch${single}`, '');

  out.push(row(['--data --fsync', 'POST req/s', '× node', 'p50 ms', 'p99 ms', 'CPU µs/req']), row(['---', '---:', '---:', '---:', '---:', '---:']));
  for (const [mode, m] of Object.entries(r.fsync)) out.push(row([mode, m.rps, f2(m.rps / node.post.rps), ms(m.p50Ms), ms(m.p99Ms), m.cpuUsPerRequest.toFixed(0)]));
  out.push('');

  out.push(row(['target (issue 17)', 'target', 'measured', 'met']), row(['---', '---:', '---:', '---']));
  for (const t of r.targets) {
    out.push(row([t.metric, `${t.target!.comparison} ${t.target!.value}`, t.measured === null ? 'n/a' : f2(t.measured), t.pass === null ? 'n/a' : t.pass ? 'yes' : 'no']));
  }
  return `${out.join('\n')}\n`;
}
