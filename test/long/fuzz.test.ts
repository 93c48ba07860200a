import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCampaign } from '../fuzz/campaign.js';

// A moderate, seeded campaign (the long one is `npm run fuzz`). FUZZ_SEED replays a seed; the
// failure message gives the one command that replays the exact counterexample.
const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);

test(`fuzzing: never a 5xx, answers match the spec, state invariants hold (seed ${seed})`, { timeout: 120_000 }, async () => {
  const result = await runCampaign({ seed, runs: 150, maxCommands: 50 });
  process.stdout.write(`# fuzz seed ${seed}: ${result.requests} requests, ${result.checkRequests} checks, ${result.ms} ms\n`);
  assert.equal(result.failure, undefined, result.failure);
  assert.ok(result.requests >= 500, `only ${result.requests} requests`);
});
