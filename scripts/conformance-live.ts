/**
 * `npm run conformance:live -- --seed N --count M`: the live differential against a real pretix
 * installed from PyPI (conformance/pretix/). Prints the seed, every divergence the
 * known-difference table does not explain with a minimal request, and exits 1 on any.
 * `--record FILE` writes pretix's answers as a recording file; `--deliveries` adds the delivery
 * families; `--rerecord DIR` replays the recordings of the declared release (PRETIX_VERSION) against the pinned pretix instead,
 * reports where it answers differently (version differences) and writes its answers to DIR.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Command } from 'commander';
import { PRETIX_VERSION } from '../src/index.js';
import { compareExchange, type Exchange } from '../test/conformance/compare.js';
import { readRecording, RECORDINGS_DIR, recordingFiles, sendRequest } from '../test/conformance/replay.js';
import { runLiveDeliveries } from '../test/conformance/live/deliveries.js';
import { explainDelivery } from '../test/conformance/live/known-deliveries.js';
import { asRecorded, minimize, runLiveSequence, type LiveResult } from '../test/conformance/live/differential.js';
import { FAMILIES, generateSequence, type Family } from '../test/conformance/live/generate.js';
import { installPretix, pinnedPretixVersion, startRealPretix } from '../test/conformance/live/real-pretix.js';

const program = new Command('conformance:live')
  .option('--seed <n>', 'seed of the first sequence (default: a fresh random one, printed)', (v) => Number.parseInt(v, 10))
  .option('--count <m>', 'requests per sequence', (v) => Number.parseInt(v, 10), 300)
  .option('--sequences <k>', 'sequences (seeds seed, seed+1, ...), each on fresh servers', (v) => Number.parseInt(v, 10), 1)
  .option('--families <list>', `request families (${FAMILIES.join(',')})`, (v) => v.split(',') as Family[], [...FAMILIES])
  .option('--record <file>', "write pretix's exchanges of the first sequence as a recording file")
  .option('--deliveries', 'also compare the live delivery families', false)
  .option('--minimize <n>', 'divergences to reduce to a minimal request', (v) => Number.parseInt(v, 10), 5)
  .option('--rerecord <dir>', 'replay the recordings of the declared release against the pinned pretix and write its answers to <dir>')
  .parse();
const opts = program.opts<{ seed?: number; count: number; sequences: number; families: Family[]; record?: string; deliveries: boolean; minimize: number; rerecord?: string }>();

const clip = (s: string | undefined, n = 300) => (s === undefined ? '(none)' : s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s);

async function rerecord(dir: string): Promise<number> {
  mkdirSync(dir, { recursive: true });
  let differing = 0;
  const files = recordingFiles(RECORDINGS_DIR);
  for (const file of files) {
    const pretix = await startRealPretix();
    const lines: string[] = [];
    try {
      for (const old of readRecording(file)) {
        const raw = await sendRequest(pretix.url, old.request, 60_000);
        const fresh: Exchange = { i: old.i, request: old.request, response: asRecorded(raw, pretix.url) };
        lines.push(JSON.stringify(fresh));
        const diffs = compareExchange(old, raw, { origin: pretix.url });
        if (diffs.length === 0) continue;
        differing++;
        console.log(`VERSION DIFFERENCE ${basename(file)} #${old.i}: ${old.request.method} ${old.request.path}`);
        for (const d of diffs) console.log(`  ${d.aspect}${d.name ? ` ${d.name}` : ''}: ${PRETIX_VERSION} ${clip(d.expected)} | now ${clip(d.actual)}`);
      }
    } finally {
      await pretix.close();
    }
    writeFileSync(join(dir, basename(file)), `${lines.join('\n')}\n`);
  }
  console.log(`re-recorded ${files.length} files into ${dir}; ${differing} exchanges answer differently`);
  return 0;
}

function printResult(seed: number, r: LiveResult): void {
  const q = r.exchange.request;
  console.log(`DIVERGENCE seed ${seed} #${r.exchange.i}: ${q.method} ${q.path} ${JSON.stringify(q.headers)}${q.body === undefined ? '' : ` body ${clip(q.body, 200)}`}`);
  for (const d of r.unexplained) console.log(`  ${d.aspect}${d.name ? ` ${d.name}` : ''}: pretix ${clip(d.expected)} | mock ${clip(d.actual)}`);
}

async function main(): Promise<number> {
  const version = await pinnedPretixVersion();
  console.log(`live conformance against pretix ${version} from PyPI`);
  await installPretix();
  if (opts.rerecord) return rerecord(opts.rerecord);
  const seed = opts.seed ?? Math.floor(Math.random() * 2 ** 31);
  console.log(`seed ${seed}: ${opts.sequences} sequence(s) of ${opts.count} requests (${opts.families.join(', ')}); reproduce with --seed ${seed} --count ${opts.count} --sequences ${opts.sequences}`);
  let failing = 0;
  let explained = 0;
  let total = 0;
  const toMinimize: LiveResult[] = [];
  const seen = new Set<string>();
  const rowUse = new Map<string, number>();
  for (let k = 0; opts.count > 0 && k < opts.sequences; k++) {
    const started = Date.now();
    const results = await runLiveSequence(generateSequence(seed + k, opts.count, opts.families));
    total += results.length;
    if (k === 0 && opts.record) writeFileSync(opts.record, `${results.map((r) => JSON.stringify(r.exchange)).join('\n')}\n`);
    for (const r of results) {
      explained += r.explained.length;
      for (const row of r.rows) rowUse.set(row.id, (rowUse.get(row.id) ?? 0) + 1);
      if (r.unexplained.length === 0) continue;
      failing++;
      printResult(seed + k, r);
      const key = r.unexplained.map((d) => `${d.aspect}:${d.name ?? ''}`).join('|') + r.exchange.request.method;
      if (!seen.has(key)) {
        seen.add(key);
        toMinimize.push(r);
      }
    }
    console.log(`sequence ${seed + k}: ${results.length} requests in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  for (const r of toMinimize.slice(0, opts.minimize)) {
    const small = await minimize(r.exchange.request, r.unexplained[0]!);
    console.log(`MINIMAL for #${r.exchange.i}: ${small ? JSON.stringify(small) : 'the request alone does not diverge: replay the sequence up to it'}`);
  }
  console.log(`requests: ${total}, diverging unexplained: ${failing}, divergences explained by the table: ${explained}`);
  for (const [id, n] of [...rowUse].sort()) console.log(`  table row ${id}: ${n} answers`);
  if (opts.deliveries) {
    const run = await runLiveDeliveries();
    const unexplained = run.divergences.filter((d) => !explainDelivery(d));
    for (const d of unexplained) console.log(`DELIVERY DIVERGENCE ${d.action} ${d.aspect}${d.name ? ` ${d.name}` : ''}: pretix ${clip(d.expected)} | mock ${clip(d.actual)}`);
    console.log(`deliveries: ${run.actions.length} families (${run.actions.join(', ')}), unexplained divergences: ${unexplained.length}, explained: ${run.divergences.length - unexplained.length}`);
    failing += unexplained.length;
  }
  return failing === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
