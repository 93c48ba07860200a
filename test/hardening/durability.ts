import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadSpec } from '../../src/spec/load-spec.js';
import { compileSchemaCheck } from '../../src/spec/schema-check.js';
import { checkFixture } from '../../src/store/fixture.js';
import { CLI_SOURCE, RunningCli } from '../helpers/running-cli.js';
import { seededRandom } from './random.js';
import { AUTHORIZATION, commentOf, ORGANIZER, writeStorm, type Tracked } from './write-storm.js';

export interface DurabilityResult {
  seed: number;
  rounds: number;
  /** SIGKILLs during a write storm, and during start-up (while the log is replayed). */
  kills: number;
  startupKills: number;
  /** Writes that got a 2xx before a kill. */
  ackedWrites: number;
  /** Acknowledged writes missing after a restart, and other broken promises: must be empty. */
  lost: string[];
  ms: number;
}

/** The snapshot is a valid fixture document; every log line but a torn last one is JSON. */
async function checkFiles(file: string, check: ReturnType<typeof compileSchemaCheck>): Promise<string[]> {
  try {
    checkFixture(JSON.parse(await readFile(file, 'utf8')), file, check);
  } catch (err) {
    return [`the data file is not a valid fixture: ${(err as Error).message}`];
  }
  const lines = (await readFile(`${file}.wal`, 'utf8').catch(() => '')).split('\n');
  const bad = lines.slice(0, -1).findIndex((l) => { try { JSON.parse(l); return false; } catch { return true; } });
  return bad < 0 ? [] : [`log line ${bad + 1} is corrupt`];
}

/** Every acknowledged write is there, nothing appears that was never sent; adopts what survived. */
async function verify(url: string, owned: Tracked[][]): Promise<string[]> {
  const listed: Array<{ id: number; enabled: boolean; comment: string | null }> = [];
  for (let page = 1; page < 10_000; page++) {
    const res = await fetch(`${url}/api/v1/organizers/${ORGANIZER}/webhooks/?page=${page}`, { headers: { authorization: AUTHORIZATION }, signal: AbortSignal.timeout(10_000) });
    const body = (await res.json()) as { next: string | null; results: typeof listed };
    listed.push(...body.results);
    if (!body.next) break;
  }
  const problems: string[] = [];
  if (listed.some((w, i) => i > 0 && listed[i - 1]!.id >= w.id)) problems.push('ids not unique and increasing');
  const byComment = new Map(listed.map((w) => [w.comment?.replace(/-v\d+$/, '') ?? '', w]));
  const known = new Set<number>([2]); // the fixtures' own webhook of this organizer
  for (const t of owned.flat()) {
    const w = t.created ? listed.find((x) => x.id === t.id) : byComment.get(t.name);
    if (!w) {
      if (t.created) problems.push(`acknowledged creation ${t.name} (id ${t.id}) is missing`);
      continue;
    }
    known.add(w.id);
    const version = Number(/-v(\d+)$/.exec(w.comment ?? '')?.[1] ?? NaN);
    if (!(w.comment === commentOf(t, version) && version >= t.acked && version <= t.sent)) {
      problems.push(`${t.name}: comment ${w.comment}, acknowledged v${t.acked}, sent up to v${t.sent}`);
    }
    if (t.disabledAcked && w.enabled) problems.push(`${t.name}: acknowledged DELETE, but enabled`);
    if (!t.disabledSent && !w.enabled) problems.push(`${t.name}: disabled without a DELETE`);
    Object.assign(t, { id: w.id, created: true, acked: version, sent: version, disabledAcked: !w.enabled, disabledSent: !w.enabled });
  }
  for (const w of listed) if (!known.has(w.id)) problems.push(`webhook ${w.id} (${w.comment}) was never written`);
  return problems;
}

/**
 * `rounds` times: a write storm of `writers` concurrent clients against the CLI with `--data`,
 * SIGKILL at a random moment, sometimes a second SIGKILL during the restart, then a restart
 * that must load the file and hold every acknowledged write.
 */
export async function durabilityRounds(options: { seed: number; rounds: number; dir: string; writers?: number; log?: (line: string) => void }): Promise<DurabilityResult> {
  const started = performance.now();
  const random = seededRandom(options.seed);
  const file = join(options.dir, 'data.json');
  const args = ['--data', file, '--log-level', 'warn'];
  const check = compileSchemaCheck((await loadSpec()).dereferenced, 'Fixture');
  const owned: Tracked[][] = [];
  const acks = { count: 0 };
  const lost: string[] = [];
  let startupKills = 0;
  let cli = await RunningCli.start(CLI_SOURCE, args);
  for (let round = 1; round <= options.rounds; round++) {
    let stopped = false;
    const errors: string[] = [];
    const storm = writeStorm(cli.url, { round, writers: options.writers ?? 16, random, owned, stop: () => stopped, errors, acks });
    const killAfter = 50 + Math.floor(random() * 1450);
    await sleep(killAfter);
    cli.child.kill('SIGKILL');
    await cli.exited;
    stopped = true;
    await storm;
    lost.push(...errors.map((e) => `round ${round}: ${e}`), ...(await checkFiles(file, check)).map((p) => `round ${round}: ${p}`));
    if (random() < 0.3) {
      const child = spawn(process.execPath, [...CLI_SOURCE, '--port', '0', ...args], { stdio: 'ignore' });
      await sleep(100 + Math.floor(random() * 1500));
      child.kill('SIGKILL');
      if (child.exitCode === null && child.signalCode === null) await once(child, 'exit');
      startupKills++;
      lost.push(...(await checkFiles(file, check)).map((p) => `round ${round}, after a start-up kill: ${p}`));
    }
    cli = await RunningCli.start(CLI_SOURCE, args);
    const problems = await verify(cli.url, owned);
    lost.push(...problems.map((p) => `round ${round}: ${p}`));
    options.log?.(`round ${round}: killed after ${killAfter} ms, ${acks.count} writes acknowledged so far, ${problems.length} problems`);
  }
  await cli.stop('SIGTERM');
  return { seed: options.seed, rounds: options.rounds, kills: options.rounds, startupKills, ackedWrites: acks.count, lost, ms: Math.round(performance.now() - started) };
}
