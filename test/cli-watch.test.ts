import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_FIXTURES_PATH, PACKAGE_ROOT } from '../src/paths.js';
import { cliUrl, exitOf, spawnCli, type CliRun } from './helpers/cli.js';
import { AUTH, BIGEVENTS } from './helpers/mock.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pretix-mock-watch-'));
});
after(() => rm(dir, { recursive: true, force: true }));

const get = async (url: string, auth?: string) => {
  const res = await fetch(url, { headers: auth ? { authorization: auth } : {}, signal: AbortSignal.timeout(10_000) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};
const targets = async (url: string) => ((await get(`${url}${BIGEVENTS}`, AUTH.admin)).body.results as Array<{ target_url: string }>).map((w) => w.target_url);

/** Polls until `check` holds, at most `ms`; returns how long it took. */
async function within(ms: number, what: string, check: () => Promise<boolean> | boolean): Promise<number> {
  const started = performance.now();
  while (!(await check())) {
    if (performance.now() - started > ms) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return performance.now() - started;
}

/** The JSON log lines the CLI wrote so far. */
const logLines = (run: CliRun) =>
  run.stdout().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { msg: string; file?: string; problems?: unknown; problem?: string });

async function stop(run: CliRun) {
  run.child.kill('SIGTERM');
  assert.equal(await exitOf(run), 0);
}

describe('--watch --fixtures', () => {
  test('a changed file replaces the shared dataset within a second; sandboxes stay; a broken file is logged and the old data served', async () => {
    const file = join(dir, 'fixtures.json');
    const base = JSON.parse(await readFile(DEFAULT_FIXTURES_PATH, 'utf8')) as { webhooks: Array<Record<string, unknown>>; webhook_next_id?: number };
    await writeFile(file, JSON.stringify(base));
    const run = spawnCli(['--port', '0', '--fixtures', file, '--watch']);
    try {
      const url = await cliUrl(run);
      assert.match(run.stdout(), new RegExp(`Watching ${file} for changes`));
      const sandbox = (await (await fetch(`${url}/__admin/sandboxes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()) as { id: string };
      const sandboxState = (await get(`${url}/__admin/state?sandbox=${sandbox.id}`)).body;
      assert.deepEqual(await targets(url), ['https://httpstat.us/200']);

      const changed = structuredClone(base);
      changed.webhooks.push({ id: 40, organizer: 'bigevents', enabled: true, target_url: 'https://reloaded.example/hook', all_events: true, limit_events: [], action_types: ['pretix.event.order.placed'] });
      delete changed.webhook_next_id;
      await writeFile(file, JSON.stringify(changed));
      const took = await within(1000, 'the new webhook is served', async () => (await targets(url)).includes('https://reloaded.example/hook'));
      assert.ok(took < 1000, `${took} ms`);
      process.stdout.write(`# fixture reload seen after ${Math.round(took)} ms\n`);
      assert.deepEqual((await get(`${url}/__admin/state?sandbox=${sandbox.id}`)).body, sandboxState);
      await within(2000, 'the reload is logged', () => logLines(run).some((l) => l.msg.startsWith('fixtures reloaded') && l.file === file));

      const broken: Array<[string, (l: ReturnType<typeof logLines>[number]) => boolean]> = [
        ['{"organizers": [', (l) => JSON.stringify(l.problems).includes('is not valid JSON')],
        [JSON.stringify({ ...changed, webhooks: [{ ...changed.webhooks[0], organizer: 'nope' }] }), (l) => JSON.stringify(l.problems).includes('/webhooks/0/organizer')],
      ];
      for (const [text, names] of broken) {
        const before = logLines(run).length;
        await writeFile(file, text);
        await within(3000, 'the broken file is logged', () => logLines(run).slice(before).some((l) => l.msg.startsWith('fixtures not reloaded') && l.file === file && names(l)));
        assert.deepEqual(await targets(url), ['https://httpstat.us/200', 'https://reloaded.example/hook']);
      }
      // A reset returns to the last good fixtures.
      await fetch(`${url}/__admin/reset`, { method: 'POST' });
      assert.deepEqual(await targets(url), ['https://httpstat.us/200', 'https://reloaded.example/hook']);
    } finally {
      await stop(run);
    }
  });

  const refused: Array<[string, string[], RegExp]> = [
    ['with --data', ['--data', 'state.json', '--fixtures', DEFAULT_FIXTURES_PATH], /--watch cannot reload the fixtures with --data: the data file state\.json is the state/],
    ['without a file to watch', [], /--watch needs --fixtures <file> or --spec <file> to watch/],
  ];
  for (const [name, args, message] of refused) {
    test(`is refused ${name}`, async () => {
      const run = spawnCli(['--port', '0', '--watch', ...args]);
      assert.equal(await exitOf(run), 1);
      assert.match(run.stderr(), message);
    });
  }
});

describe('--watch --spec', () => {
  test('a changed spec is checked, warmed and swapped; a request in flight finishes; a broken one is logged and the last good one stays', async () => {
    const specDir = join(dir, 'openapi');
    await cp(join(PACKAGE_ROOT, 'openapi'), specDir, { recursive: true });
    const admin = join(specDir, 'mock-admin.yaml');
    const original = await readFile(admin, 'utf8');
    const run = spawnCli(['--port', '0', '--spec', join(specDir, 'pretix-webhooks.yaml'), '--watch']);
    try {
      const url = await cliUrl(run, 30_000);
      assert.equal((await get(`${url}/__admin/health`)).status, 200);
      const fault = await fetch(`${url}/__admin/faults`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ match: { operationId: 'listWebhooks' }, times: 1, effect: { type: 'delay', ms: 1500 } }),
      });
      assert.equal(fault.status, 201);
      const inFlight = get(`${url}${BIGEVENTS}`, AUTH.admin);

      // The health answer breaks the new document: the new validators answer it with 500.
      assert.ok(original.includes('enum: [ok]'));
      await writeFile(admin, original.replace('enum: [ok]', 'enum: [fine]'));
      await within(60_000, 'the new spec is in use', async () => (await get(`${url}/__admin/health`)).status === 500);
      assert.ok(logLines(run).some((l) => l.msg.startsWith('spec reloaded') && l.file === join(specDir, 'pretix-webhooks.yaml')));
      const finished = await inFlight;
      assert.equal(finished.status, 200);
      assert.equal(finished.body.count, 1);

      const before = logLines(run).length;
      await writeFile(admin, `${original}\n  broken: [\n`);
      await within(60_000, 'the broken spec is logged', () => logLines(run).slice(before).some((l) => l.msg.startsWith('spec not reloaded') && /mock-admin\.yaml/.test(l.problem ?? '')));
      assert.equal((await get(`${url}/__admin/health`)).status, 500);
      assert.equal((await get(`${url}${BIGEVENTS}`, AUTH.admin)).status, 200);
    } finally {
      await stop(run);
    }
  });
});
