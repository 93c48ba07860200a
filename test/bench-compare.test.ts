import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { run } from './helpers/running-cli.js';

// `npm run bench -- --compare FILE`: the figures of a run against an earlier results file, with a
// non-zero exit on a regression beyond the tolerance. `--current FILE` stands in for the run.

const ROOT = fileURLToPath(new URL('..', import.meta.url));
let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pretix-mock-bench-compare-'));
});
after(() => rm(dir, { recursive: true, force: true }));

const figures = (get: number, start: number) => ({
  date: '2026-12-02T10:00:00.000Z',
  figures: [
    { id: 'get-x-express', metric: 'GET list req/s × bare Express', unit: 'ratio', better: 'higher', measured: get, target: { value: 0.75, comparison: '>=' }, pass: get >= 0.75 },
    { id: 'start-ms', metric: 'CLI start → first 200 (median)', unit: 'ms', better: 'lower', measured: start, target: { value: 400, comparison: '<=' }, pass: start <= 400 },
  ],
});

async function compare(name: string, before: object, after: object, extra: string[] = []) {
  const old = join(dir, `${name}-before.json`);
  const now = join(dir, `${name}-after.json`);
  await writeFile(old, JSON.stringify(before));
  await writeFile(now, JSON.stringify(after));
  return run(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--compare', old, '--current', now, ...extra], { cwd: ROOT });
}

describe('--compare prints after / before per figure and fails on a regression beyond the tolerance', () => {
  const cases: Array<[name: string, before: [number, number], after: [number, number], extra: string[], code: number, lines: RegExp[]]> = [
    ['better on both', [0.4, 800], [0.5, 600], [], 0, [/\| GET list req\/s × bare Express \| 0\.40 \| 0\.50 \| 1\.25 \| {2}\|/, /\| CLI start → first 200 \(median\) \| 800 \| 600 \| 0\.75 \| {2}\|/, /^No regression beyond the tolerance\.$/m]],
    ['worse within 25 %', [0.4, 800], [0.32, 960], [], 0, [/\| 0\.40 \| 0\.32 \| 0\.80 \| {2}\|/, /\| 800 \| 960 \| 1\.20 \| {2}\|/]],
    ['throughput ratio down by a third', [0.45, 800], [0.3, 800], [], 1, [/\| 0\.45 \| 0\.30 \| 0\.67 \| REGRESSION \|/, /^1 regression\(s\) beyond 25 %: get-x-express$/m]],
    ['start-up up by half', [0.4, 600], [0.4, 900], [], 1, [/\| 600 \| 900 \| 1\.50 \| REGRESSION \|/, /: start-ms$/m]],
    ['a tighter tolerance', [0.4, 800], [0.36, 800], ['--tolerance', '0.05'], 1, [/\| 0\.40 \| 0\.36 \| 0\.90 \| REGRESSION \|/, /^## Compared with .* \(tolerance 5 %\)$/m]],
  ];
  for (const [name, b, a, extra, code, lines] of cases) {
    test(name, async () => {
      const result = await compare(name.replaceAll(' ', '-'), figures(...b), figures(...a), extra);
      assert.equal(result.code, code, result.stderr);
      for (const line of lines) assert.match(result.stdout, line);
    });
  }
});

test('a results file without figures (an older bench) is refused with its name', async () => {
  const result = await compare('old', { date: 'x', baselines: {} }, figures(0.4, 800));
  assert.equal(result.code, 1);
  assert.match(result.stderr, /old-before\.json has no figures \(written by an older bench\?\)/);
});

test('--current without --compare, or a tolerance outside (0, 1), is a usage error', async () => {
  for (const args of [['--current', 'x.json'], ['--compare', 'x.json', '--tolerance', '2']]) {
    const result = await run(process.execPath, ['--import', 'tsx', 'bench/run.ts', ...args], { cwd: ROOT });
    assert.equal(result.code, 2, args.join(' '));
    assert.match(result.stderr, /^usage: tsx bench\/run\.ts /);
  }
});
