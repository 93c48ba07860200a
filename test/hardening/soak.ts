import { once } from 'node:events';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { DEFAULT_FIXTURES_PATH } from '../../src/paths.js';
import { CLI_SOURCE, RunningCli } from '../helpers/running-cli.js';
import { churn } from './soak-churn.js';
import { soakRequests } from './soak-requests.js';

export interface SoakOptions {
  durationS: number;
  /** Seconds between RSS samples. */
  sampleS: number;
  /** Seconds before the RSS baseline is taken. */
  warmS: number;
  connections: number;
  dir: string;
  log?: (line: string) => void;
}

export interface SoakResult {
  requests: number;
  rps: number;
  /** Answers with an unexpected status, and connection errors or timeouts: must be 0. */
  errors: number;
  errorSamples: string[];
  samples: Array<{ t: number; rssMb: number; requests: number }>;
  /** Mean RSS over the first third of the samples after the warm-up. */
  warmRssMb: number;
  /** Mean RSS over the last third of the samples, over `warmRssMb`, in percent (single samples swing with GC). */
  growthPercent: number;
  minRssMb: number;
  peakRssMb: number;
  churn: { sandboxesCreated: number; resets: number; notifications: number };
}

const rssMb = async (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(await readFile(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

/**
 * Saturates the CLI (source, through tsx) with a mix of pretix requests over the shared dataset
 * and sandboxes (autocannon), while a churn loop creates and deletes sandboxes, resets datasets
 * (so that they do not grow without end, as no real client lets them), emits notifications to a
 * loopback receiver and queries the journal. Samples the server's RSS.
 */
export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const receiver = createServer((req, res) => req.resume().on('end', () => res.end('ok')));
  receiver.listen(0, '127.0.0.1');
  await once(receiver, 'listening');
  const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  const fixtures = JSON.parse(await readFile(DEFAULT_FIXTURES_PATH, 'utf8')) as { webhooks: Array<{ target_url: string }> };
  for (const w of fixtures.webhooks) w.target_url = `${receiverUrl}/hook`;
  const fixtureFile = join(options.dir, 'soak-fixtures.json');
  await writeFile(fixtureFile, JSON.stringify(fixtures));
  const cli = await RunningCli.start(CLI_SOURCE, ['--fixtures', fixtureFile, '--log-level', 'warn']);
  const pid = cli.child.pid!;
  try {
    const sandboxes: Array<Record<string, string>> = [];
    for (let i = 0; i < 8; i++) {
      const res = await fetch(`${cli.url}/__admin/sandboxes`, { method: 'POST' });
      sandboxes.push(((await res.json()) as { tokens: Record<string, string> }).tokens);
    }
    const errors: string[] = [];
    let errorCount = 0;
    const error = (text: string) => {
      errorCount++;
      if (errors.length < 20) errors.push(text);
    };
    const samples: SoakResult['samples'] = [];
    let stop = false;
    const churnStats = { sandboxesCreated: 0, resets: 0, notifications: 0 };
    const churning = churn(cli.url, { sandboxes, stats: churnStats, error, stopped: () => stop });
    let finish!: (result: autocannon.Result) => void;
    const finished = new Promise<autocannon.Result>((resolve) => (finish = resolve));
    const instance = autocannon({
      url: cli.url, connections: options.connections, duration: options.durationS, timeout: 10,
      requests: soakRequests({ sandboxes, receiverUrl, error }),
    }, (err, result) => {
      if (err) error(`autocannon: ${(err as Error).message}`);
      finish(result);
    });
    let completed = 0;
    instance.on('response', () => completed++);
    instance.on('reqError', (err: Error) => error(`request error: ${err.message}`));
    const started = performance.now();
    const sampler = setInterval(() => {
      void rssMb(pid).then((rss) => {
        const t = Math.round((performance.now() - started) / 1000);
        samples.push({ t, rssMb: Math.round(rss * 10) / 10, requests: completed });
        options.log?.(`t=${t}s requests=${completed} errors=${errorCount} rss=${rss.toFixed(1)} MB`);
      });
    }, options.sampleS * 1000);
    const result = await finished;
    clearInterval(sampler);
    stop = true;
    await churning;
    if (result.timeouts > 0) error(`${result.timeouts} timeouts`);
    const warm = samples.filter((s) => s.t >= options.warmS).map((s) => s.rssMb);
    const third = Math.max(1, Math.floor(warm.length / 3));
    const mean = (list: number[]) => Math.round((list.reduce((a, b) => a + b, 0) / list.length) * 10) / 10;
    const warmRssMb = mean(warm.slice(0, third));
    const endRssMb = mean(warm.slice(-third));
    return {
      requests: result.requests.total, rps: Math.round(result.requests.average), errors: errorCount, errorSamples: errors, samples, warmRssMb,
      growthPercent: Math.round(((endRssMb - warmRssMb) / warmRssMb) * 1000) / 10, minRssMb: Math.min(...warm), peakRssMb: Math.max(...warm), churn: churnStats,
    };
  } finally {
    await cli.stop('SIGTERM').catch(() => cli.child.kill('SIGKILL'));
    receiver.closeAllConnections();
    receiver.close();
  }
}
