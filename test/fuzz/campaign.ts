import { readFile } from 'node:fs/promises';
import fc from 'fast-check';
import { adminSpec } from './admin-arbitraries.js';
import { AdminCommand, MAX_SANDBOXES } from './admin-command.js';
import { pretixSpec } from './arbitraries.js';
import { ResponseContract } from './contract.js';
import { adminJson, type Harness } from './harness.js';
import { RawClient } from './http.js';
import { checkThroughApi } from './invariants.js';
import { Model } from './model.js';
import { PretixCommand } from './pretix-command.js';
import { startMockServer } from '../../src/index.js';
import { DEFAULT_FIXTURES_PATH } from '../../src/paths.js';
import { loadSpec } from '../../src/spec/load-spec.js';
import type { Fixture } from '../../src/store/fixture-types.js';
import { Receiver } from '../helpers/receiver.js';

export interface CampaignOptions {
  seed: number;
  runs: number;
  /** Steps per run at most. */
  maxCommands: number;
  /** fast-check's path of a failure, to replay exactly that run. */
  path?: string;
  /** fc.commands' replayPath of a failure (printed with the counterexample). */
  replayPath?: string;
}

export interface CampaignResult {
  seed: number;
  runs: number;
  requests: number;
  checkRequests: number;
  refusedByClose: number;
  statuses: Record<number, number>;
  ms: number;
  /** fast-check's report when a property broke, with the command that replays it. */
  failure?: string;
}

const MAX_BODY = 64 * 1024;

/** Back to the fixtures: no sandboxes, no rules, an empty journal, the shared dataset reset. */
async function fresh(h: Harness, shared: Fixture): Promise<Model> {
  const sandboxes = await adminJson<{ results: Array<{ id: string }> }>(h, 'GET', '/__admin/sandboxes', 200);
  for (const s of sandboxes.results) await adminJson(h, 'DELETE', `/__admin/sandboxes/${s.id}`, 204);
  await adminJson(h, 'POST', '/__admin/reset', 200);
  await adminJson(h, 'DELETE', '/__admin/faults', 204);
  await adminJson(h, 'DELETE', '/__admin/requests', 204);
  return new Model(structuredClone(shared));
}

/**
 * A seeded model-based fuzzing campaign against one in-process server: each run starts from the
 * fixtures and applies up to `maxCommands` random pretix API requests and control-plane calls,
 * checking every answer and the state after every step.
 */
export async function runCampaign(options: CampaignOptions): Promise<CampaignResult> {
  const receiver = await Receiver.start([200]);
  const receiverUrl = `http://127.0.0.1:${receiver.port}`;
  const fixtures = JSON.parse(await readFile(DEFAULT_FIXTURES_PATH, 'utf8')) as Fixture;
  for (const w of fixtures.webhooks) w.target_url = `${receiverUrl}/hook/${w.id}`;
  const server = await startMockServer({
    fixtures, maxBodySize: MAX_BODY, journalSize: 30, maxSandboxes: MAX_SANDBOXES, sandboxTtl: 3600,
    delivery: { timeoutSeconds: 2, retryTimeScale: 0.001 },
  });
  const spec = await loadSpec();
  const h: Harness = {
    client: new RawClient(server.url), contract: new ResponseContract(spec.dereferenced), maxBodySize: MAX_BODY, receiverUrl,
    stats: { requests: 0, checkRequests: 0, statuses: new Map(), refusedByClose: 0 },
  };
  const started = performance.now();
  let failure: string | undefined;
  try {
    const shared = await adminJson<Fixture>(h, 'GET', '/__admin/state', 200);
    const commands = fc.commands(
      [pretixSpec.map((s) => new PretixCommand(s)), pretixSpec.map((s) => new PretixCommand(s)), pretixSpec.map((s) => new PretixCommand(s)), adminSpec.map((s) => new AdminCommand(s))],
      { maxCommands: options.maxCommands, size: 'max', replayPath: options.replayPath },
    );
    const property = fc.asyncProperty(commands, async (cmds) => {
      const model = await fresh(h, shared);
      await fc.asyncModelRun(() => ({ model, real: h }), cmds);
      await checkThroughApi(model, h);
    });
    const details = await fc.check(property, { seed: options.seed, numRuns: options.runs, path: options.path, endOnFailure: options.path !== undefined });
    if (details.failed) {
      const report = fc.defaultReportMessage(details) ?? 'failed';
      const replay = /replayPath="([^"]+)"/.exec(report)?.[1];
      const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
      failure = `${report}\n\nBroken: ${error}\n\nReproduce: npm run fuzz -- --seed ${details.seed} --runs ${options.runs} --commands ${options.maxCommands} --path "${details.counterexamplePath}"${replay ? ` --replay-path "${replay}"` : ''}`;
    }
  } finally {
    h.client.close();
    await server.close();
    await receiver.close();
  }
  return {
    seed: options.seed, runs: options.runs, requests: h.stats.requests, checkRequests: h.stats.checkRequests, refusedByClose: h.stats.refusedByClose,
    statuses: Object.fromEntries([...h.stats.statuses].sort((a, b) => a[0] - b[0])), ms: Math.round(performance.now() - started), failure,
  };
}
