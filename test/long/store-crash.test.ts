import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DEFAULT_FIXTURES_PATH } from '../../src/paths.js';
import { AUTH, BIGEVENTS, TestMock } from '../helpers/mock.js';

// `--data` files as a SIGKILL can leave them around a reset or an import (POST /__admin/reset,
// PUT /__admin/state): the write-ahead log holds the writes before it, then the whole new
// document, and the snapshot is the old or the new document. Found while hardening: the old
// log lines were replayed onto the new document (a state that never existed, and after an
// import of other organizers a file that no longer loads).

const fixtures = JSON.parse(readFileSync(DEFAULT_FIXTURES_PATH, 'utf8')) as Record<string, unknown>;
let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pretix-mock-crash-'));
});
after(() => rm(dir, { recursive: true, force: true }));

const hook = (id: number, organizer = 'bigevents') => ({
  id, organizer, enabled: true, target_url: `https://example.com/${id}`, all_events: true, limit_events: [], action_types: ['pretix.event.order.paid'], comment: null,
});
const line = (value: unknown) => `${JSON.stringify(value)}\n`;
/** An imported document with an organizer of its own. */
const SOLO = {
  organizers: [{ slug: 'solo', name: 'Solo', plugins: [], sales_channels: ['web'] }], events: [], teams: [{ id: 1, organizer: 'solo', name: 'A', permissions: ['can_change_organizer_settings'], members: [] }],
  team_tokens: [{ token: 'solo-admin', team: 1, name: 'T', active: true }], devices: [], oauth_tokens: [], webhooks: [hook(5, 'solo')], webhook_next_id: 9, plugin_action_types: [],
};

async function startOn(name: string, snapshot: unknown, wal: string): Promise<{ mock: TestMock; file: string }> {
  const file = join(dir, `${name}.json`);
  await writeFile(file, JSON.stringify(snapshot));
  await writeFile(`${file}.wal`, wal);
  return { mock: await TestMock.start({ data: file }), file };
}

const cases: Array<[string, unknown, string, unknown]> = [
  [
    'killed after a reset rewrote the snapshot, before the log was emptied',
    fixtures, line({ webhook: hook(3), next_id: 4 }) + line({ replace: fixtures }), 'fixtures',
  ],
  [
    'killed after an import rewrote the snapshot, before the log was emptied',
    SOLO, line({ webhook: hook(3), next_id: 4 }) + line({ replace: SOLO }), SOLO,
  ],
  [
    'killed after the import was logged, before the snapshot was rewritten',
    { ...fixtures, webhooks: [...(fixtures.webhooks as unknown[]), hook(3)], webhook_next_id: 4 }, line({ webhook: hook(4), next_id: 5 }) + line({ replace: SOLO }), SOLO,
  ],
];

for (const [name, snapshot, wal, expected] of cases) {
  test(name, async () => {
    const { mock, file } = await startOn(name.replaceAll(' ', '-').replaceAll(',', ''), snapshot, wal);
    try {
      const state = await mock.call('/__admin/state');
      assert.deepEqual(state.body, expected === 'fixtures' ? fixtures : expected);
    } finally {
      await mock.close();
    }
    const again = await TestMock.start({ data: file });
    await again.close(); // the file still loads
  });
}

test('a torn document line (killed while logging a reset) was never acknowledged: the writes before it stay', async () => {
  const { mock } = await startOn('torn-replace', fixtures, line({ webhook: hook(3), next_id: 4 }) + JSON.stringify({ replace: fixtures }).slice(0, 40));
  try {
    const list = await mock.call(BIGEVENTS, { auth: AUTH.admin });
    assert.deepEqual((list.body as { results: Array<{ id: number }> }).results.map((w) => w.id), [2, 3]);
  } finally {
    await mock.close();
  }
});

test('a reset through the control plane logs the document, then leaves a compact file', async () => {
  const file = join(dir, 'reset.json');
  const mock = await TestMock.start({ data: file });
  try {
    await mock.call(BIGEVENTS, { method: 'POST', auth: AUTH.admin, body: { target_url: 'https://example.com/x', limit_events: [], action_types: ['pretix.event.order.paid'] } });
    assert.equal((await mock.call('/__admin/reset', { method: 'POST' })).status, 200);
    assert.equal(await readFile(`${file}.wal`, 'utf8'), '');
    assert.deepEqual(JSON.parse(await readFile(file, 'utf8')), fixtures);
  } finally {
    await mock.close();
  }
});
