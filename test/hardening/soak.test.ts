import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runSoak } from './soak.js';

// The CI variant of `npm run soak` (5 minutes): 25 s at saturation, RSS every 5 s after 10 s.
test('25 s at saturation with sandbox churn: no errors, RSS flat once warm', { timeout: 120_000 }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'pretix-mock-soak-'));
  try {
    const result = await runSoak({ durationS: 25, sampleS: 5, warmS: 10, connections: 16, dir });
    process.stdout.write(`# soak: ${result.requests} requests (${result.rps}/s), RSS ${result.samples.map((s) => s.rssMb).join(' → ')} MB, growth ${result.growthPercent} %\n`);
    assert.deepEqual([result.errors, result.errorSamples], [0, []]);
    assert.ok(result.requests > 10_000, `only ${result.requests} requests`);
    assert.ok(result.growthPercent < 10, `RSS grew by ${result.growthPercent} % after the warm-up`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
