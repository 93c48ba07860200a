import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { durabilityRounds } from './durability.js';
import { randomSeed } from './random.js';

// The CI variant of `npm run durability` (20 rounds): fewer rounds, same checks.
const seed = process.env.DURABILITY_SEED ? Number(process.env.DURABILITY_SEED) : randomSeed();

test(`--data under SIGKILL: 4 rounds of write storm, kill, restart; no acknowledged write lost (seed ${seed})`, { timeout: 180_000 }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'pretix-mock-durability-'));
  try {
    const result = await durabilityRounds({ seed, rounds: 4, dir });
    process.stdout.write(`# durability seed ${seed}: ${result.ackedWrites} acknowledged writes, ${result.startupKills} start-up kills, ${result.ms} ms\n`);
    assert.deepEqual(result.lost, [], `replay: DURABILITY_SEED=${seed}`);
    assert.ok(result.ackedWrites > 50, `only ${result.ackedWrites} writes were acknowledged`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
