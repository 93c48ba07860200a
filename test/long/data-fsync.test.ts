import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { exitOf, spawnCli } from '../helpers/cli.js';
import { CLI_SOURCE, RunningCli } from '../helpers/running-cli.js';

// `--fsync always|batch|never` with `--data`: whatever the mode, a write answered with a 2xx is
// there after the process is SIGKILLed right after the answer (never relies on the page cache,
// which a killed process does not take with it; always and batch on the disk).

const AUTHORIZATION = 'Token sandbox-bigevents-admin';
const LIST = '/api/v1/organizers/bigevents/webhooks/';
const WRITES = 12;

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pretix-mock-fsync-'));
});
after(() => rm(dir, { recursive: true, force: true }));

const hookBody = (i: number) => ({
  enabled: true, target_url: `https://example.com/fsync/${i}`, all_events: true, limit_events: [], action_types: ['pretix.event.order.paid'], comment: `write ${i}`,
});

async function call(url: string, path: string, init: { method?: string; body?: unknown } = {}) {
  const res = await fetch(url + path, {
    method: init.method ?? 'GET',
    headers: { authorization: AUTHORIZATION, ...(init.body ? { 'content-type': 'application/json' } : {}) },
    body: init.body ? JSON.stringify(init.body) : undefined,
    signal: AbortSignal.timeout(10_000),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('--fsync: every answered write survives a SIGKILL right after its 2xx', () => {
  const modes: Array<[mode: string | undefined, banner: string]> = [
    ['always', 'fsync always'],
    ['batch', 'fsync batch'],
    ['never', 'fsync never'],
    [undefined, 'fsync never'], // the default
  ];
  for (const [mode, banner] of modes) {
    test(mode ?? 'default (never)', async () => {
      const file = join(dir, `data-${mode ?? 'default'}.json`);
      const args = ['--data', file, '--log-level', 'warn', ...(mode ? ['--fsync', mode] : [])];
      const cli = await RunningCli.start(CLI_SOURCE, args);
      let created: Array<Record<string, unknown>>;
      let patched: Record<string, unknown>;
      try {
        assert.ok(cli.stdout.includes(`State is kept in ${file} (${banner}; sandboxes stay in memory)`), cli.stdout);
        // Concurrent writes share appends (and, but for never, fsyncs).
        const answers = await Promise.all(Array.from({ length: WRITES }, (_, i) => call(cli.url, LIST, { method: 'POST', body: hookBody(i) })));
        assert.deepEqual(answers.map((a) => a.status), Array(WRITES).fill(201));
        created = answers.map((a) => a.body);
        const patch = await call(cli.url, `${LIST}2/`, { method: 'PATCH', body: { comment: `patched under ${mode}` } });
        assert.equal(patch.status, 200);
        patched = patch.body;
      } finally {
        cli.child.kill('SIGKILL');
      }
      assert.deepEqual(await cli.exited, { code: null, signal: 'SIGKILL' });
      // The writes are in the log, not yet in the snapshot: the restart must replay them.
      const wal = (await readFile(`${file}.wal`, 'utf8')).trim().split('\n');
      assert.equal(wal.length, WRITES + 1);

      const again = await RunningCli.start(CLI_SOURCE, args);
      try {
        const ids = created.map((w) => w.id as number).sort((a, b) => a - b);
        assert.deepEqual(ids, Array.from({ length: WRITES }, (_, i) => 3 + i));
        const list = await call(again.url, `${LIST}?page_size=50`);
        assert.equal(list.status, 200);
        const byId = new Map((list.body.results as Array<Record<string, unknown>>).map((w) => [w.id, w]));
        for (const w of [...created, patched]) assert.deepEqual(byId.get(w.id), w);
        assert.equal(list.body.count, WRITES + 1);
      } finally {
        await again.stop();
      }
    });
  }
});

test('--fsync takes only always, batch or never', async () => {
  const run = spawnCli(['--fsync', 'sometimes']);
  assert.equal(await exitOf(run), 2);
  assert.match(run.stderr(), /option '--fsync <when>' argument 'sometimes' is invalid\. Allowed choices are always, batch, never\./);
});

test('--help names --fsync, its variable and its default', async () => {
  const run = spawnCli(['--help']);
  assert.equal(await exitOf(run), 0);
  assert.match(run.stdout().replace(/\s+/g, ' '), /--fsync <when> with --data: .* \(choices: "always", "batch", "never", default: "never", env: PRETIX_MOCK_FSYNC\)/);
});
