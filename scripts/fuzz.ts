/**
 * `npm run fuzz`: a long fuzzing campaign (default 400 runs of up to 60 steps, well over 10,000
 * requests). Prints the seed first; a failure prints the one command that replays it.
 *   npm run fuzz -- --seed 123 --runs 50 --commands 40
 *   npm run fuzz -- --seed 123 --path "12:3:1" --replay-path "AAB:C"
 */
import { parseArgs } from 'node:util';
import { runCampaign } from '../test/fuzz/campaign.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string' },
    runs: { type: 'string', default: '400' },
    commands: { type: 'string', default: '60' },
    path: { type: 'string' },
    'replay-path': { type: 'string' },
  },
});
const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
const runs = Number(values.runs);
const maxCommands = Number(values.commands);
if (![seed, runs, maxCommands].every(Number.isInteger) || runs < 1 || maxCommands < 1) {
  process.stderr.write('usage: npm run fuzz -- [--seed N] [--runs N] [--commands N] [--path P] [--replay-path R]\n');
  process.exit(2);
}
process.stdout.write(`fuzz: seed ${seed}, ${runs} runs of up to ${maxCommands} steps\n`);
const result = await runCampaign({ seed, runs, maxCommands, path: values.path, replayPath: values['replay-path'] });
const { failure, ...figures } = result;
process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
if (failure) {
  process.stdout.write(`\nFAILED\n${failure}\n`);
  process.exit(1);
}
process.stdout.write(`fuzz: ${result.requests} requests, every property held (seed ${seed})\n`);
