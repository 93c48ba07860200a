/**
 * `npm run durability`: 20 rounds of write storm + SIGKILL at a random moment + restart + verify
 * against the CLI with `--data`. Prints the seed; `--seed N` replays the same kill moments.
 *   npm run durability -- --rounds 5 --seed 42
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { durabilityRounds } from '../test/hardening/durability.js';
import { randomSeed } from '../test/hardening/random.js';

const { values } = parseArgs({ options: { seed: { type: 'string' }, rounds: { type: 'string', default: '20' }, writers: { type: 'string', default: '16' } } });
const seed = values.seed === undefined ? randomSeed() : Number(values.seed);
const rounds = Number(values.rounds);
const writers = Number(values.writers);
if (![seed, rounds, writers].every(Number.isInteger) || rounds < 1 || writers < 1) {
  process.stderr.write('usage: npm run durability -- [--rounds N] [--seed N] [--writers N]\n');
  process.exit(2);
}
process.stdout.write(`durability: seed ${seed}, ${rounds} rounds, ${writers} writers\n`);
const dir = await mkdtemp(join(tmpdir(), 'pretix-mock-durability-'));
try {
  const result = await durabilityRounds({ seed, rounds, writers, dir, log: (line) => process.stdout.write(`${line}\n`) });
  process.stdout.write(`${JSON.stringify({ ...result, lost: result.lost.length }, null, 2)}\n`);
  if (result.lost.length > 0) {
    process.stdout.write(`FAILED (replay: npm run durability -- --seed ${seed} --rounds ${rounds})\n${result.lost.join('\n')}\n`);
    process.exitCode = 1;
  } else {
    process.stdout.write(`durability: ${result.kills} kills (+${result.startupKills} during start-up) survived, ${result.ackedWrites} acknowledged writes, 0 lost\n`);
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
