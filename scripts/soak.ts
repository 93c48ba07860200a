/**
 * `npm run soak`: 5 minutes of saturation (autocannon) against the CLI with sandbox churn,
 * resets, notifications and journal queries. Prints RSS every 10 s; fails on any error or an
 * RSS growth of 10 % or more after the first minute (mean of the last third of the samples over
 * the mean of the first third).
 *   npm run soak -- --duration 60 --connections 32
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runSoak } from '../test/hardening/soak.js';

const { values } = parseArgs({ options: { duration: { type: 'string', default: '300' }, connections: { type: 'string', default: '32' }, warm: { type: 'string' } } });
const durationS = Number(values.duration);
const connections = Number(values.connections);
const warmS = values.warm === undefined ? Math.min(60, Math.round(durationS / 5)) : Number(values.warm);
if (![durationS, connections, warmS].every(Number.isInteger) || durationS < 10 || connections < 1 || warmS >= durationS) {
  process.stderr.write('usage: npm run soak -- [--duration SECONDS (>= 10)] [--connections N] [--warm SECONDS]\n');
  process.exit(2);
}
process.stdout.write(`soak: ${durationS} s, ${connections} connections, RSS baseline after ${warmS} s\n`);
const dir = await mkdtemp(join(tmpdir(), 'pretix-mock-soak-'));
try {
  const result = await runSoak({ durationS, sampleS: 10, warmS, connections, dir, log: (line) => process.stdout.write(`${line}\n`) });
  const { samples: _samples, ...summary } = result;
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  if (result.errors > 0 || result.growthPercent >= 10) {
    process.stdout.write(`FAILED: ${result.errors} errors, RSS growth ${result.growthPercent} %\n`);
    process.exitCode = 1;
  } else {
    process.stdout.write(`soak: ${result.requests} requests (${result.rps}/s), 0 errors, RSS ${result.warmRssMb} MB after warm-up, growth ${result.growthPercent} % (samples ${result.minRssMb}-${result.peakRssMb} MB)\n`);
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
