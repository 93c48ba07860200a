import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_FIXTURES_PATH } from '../src/paths.js';
import { FixtureError, startMockServer } from '../src/index.js';
import { AUTH, BIGEVENTS, TestMock, WEBHOOK_2 } from './helpers/mock.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pretix-mock-store-'));
});
after(() => rm(dir, { recursive: true, force: true }));

const VALID = { target_url: 'https://example.com/hook', limit_events: [], action_types: ['pretix.event.order.placed'] };
const readJson = async (file: string) => JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;

describe('--data keeps state in a lowdb JSON file', () => {
  test('a missing file is created from the fixtures', async () => {
    const file = join(dir, 'created.json');
    const mock = await TestMock.start({ data: file });
    await mock.close();
    assert.deepEqual(await readJson(file), await readJson(DEFAULT_FIXTURES_PATH));
  });

  test('acknowledged writes survive a restart, and the id sequence continues', async () => {
    const file = join(dir, 'restart.json');
    const first = await TestMock.start({ data: file });
    const created = await first.call(BIGEVENTS, { method: 'POST', auth: AUTH.admin, body: VALID });
    await first.call(`${BIGEVENTS}2/`, { method: 'DELETE', auth: AUTH.admin });
    await first.close();
    const second = await TestMock.start({ data: file });
    try {
      const list = await second.call(BIGEVENTS, { auth: AUTH.admin });
      assert.deepEqual(list.body, { count: 2, next: null, previous: null, results: [{ ...WEBHOOK_2, enabled: false }, created.body] });
      const next = await second.call(BIGEVENTS, { method: 'POST', auth: AUTH.admin, body: VALID });
      assert.equal((next.body as { id: number }).id, 4);
    } finally {
      await second.close();
    }
  });

  test('each acknowledged write is in the write-ahead log before its 2xx', async () => {
    const file = join(dir, 'wal.json');
    const mock = await TestMock.start({ data: file });
    try {
      const created = await mock.call(BIGEVENTS, { method: 'POST', auth: AUTH.admin, body: { ...VALID, comment: 'logged' } });
      const log = (await readFile(`${file}.wal`, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
      assert.equal(log.length, 1);
      assert.deepEqual(log[0], { webhook: { ...(created.body as object), organizer: 'bigevents' }, next_id: 4 });
    } finally {
      await mock.close();
    }
    assert.equal(await readFile(`${file}.wal`, 'utf8'), '', 'close() folds the log into the snapshot');
  });

  test('200 concurrent creates: distinct ids, all durable', async () => {
    const file = join(dir, 'concurrent.json');
    const mock = await TestMock.start({ data: file });
    const answers = await Promise.all(
      Array.from({ length: 200 }, () => mock.call(BIGEVENTS, { method: 'POST', auth: AUTH.admin, body: VALID })),
    );
    await mock.close();
    assert.ok(answers.every((a) => a.status === 201));
    const ids = answers.map((a) => (a.body as { id: number }).id).sort((a, b) => a - b);
    assert.deepEqual(ids, Array.from({ length: 200 }, (_, i) => i + 3));
    const stored = (await readJson(file)) as { webhooks: Array<{ id: number }>; webhook_next_id: number };
    assert.equal(stored.webhooks.length, 202);
    assert.equal(stored.webhook_next_id, 203);
  });

  test('a torn last log line (a crash mid-append) is dropped; earlier lines are replayed', async () => {
    const file = join(dir, 'torn.json');
    await writeFile(file, await readFile(DEFAULT_FIXTURES_PATH));
    const record = { id: 3, organizer: 'bigevents', enabled: true, target_url: 'https://example.com/wal', all_events: true, limit_events: [], action_types: ['pretix.event.order.paid'], comment: null };
    await writeFile(`${file}.wal`, `${JSON.stringify({ webhook: record, next_id: 4 })}\n{"webhook": {"id": 4, "organ`);
    const mock = await TestMock.start({ data: file });
    try {
      const list = await mock.call(BIGEVENTS, { auth: AUTH.admin });
      assert.equal((list.body as { count: number }).count, 2);
      const hook = await mock.call(`${BIGEVENTS}3/`, { auth: AUTH.admin });
      assert.equal((hook.body as { target_url: string }).target_url, 'https://example.com/wal');
    } finally {
      await mock.close();
    }
  });

  const refusals: Array<[string, string, string | undefined, RegExp]> = [
    ['a data file that is not JSON', '{"organizers": [', undefined, /cannot be read as JSON/],
    ['a data file that is not a fixture', '{"organizers": [{"slug": "x"}]}', undefined, /\/organizers\/0\/name: is required/],
    ['a corrupt line in the middle of the log', '', 'not json\n{"webhook": {}}\n', /line 1 is corrupt/],
  ];
  for (const [name, content, wal, pattern] of refusals) {
    test(`refuses to start on ${name}`, async () => {
      const file = join(dir, `refuse-${name.replaceAll(' ', '-')}.json`);
      await writeFile(file, content || (await readFile(DEFAULT_FIXTURES_PATH, 'utf8')));
      if (wal !== undefined) await writeFile(`${file}.wal`, wal);
      await assert.rejects(startMockServer({ data: file }), (err: Error) => {
        assert.match(err.message, pattern);
        assert.ok(err.message.includes(file), err.message);
        return true;
      });
    });
  }
});

describe('fixtures are checked when they load', () => {
  const base = { organizers: [{ slug: 'bigevents', name: 'Big Events LLC' }], events: [{ organizer: 'bigevents', slug: 'democon', name: 'DemoCon' }] };
  const hook = { id: 1, organizer: 'bigevents', target_url: 'https://example.com/', action_types: ['pretix.event.order.paid'] };
  const cases: Array<[string, object, string]> = [
    ['no organizers', {}, '/organizers: is required'],
    ['an unknown key', { ...base, extra: 1 }, '/extra: is not a known property'],
    ['a duplicate organizer', { organizers: [...base.organizers, ...base.organizers] }, '/organizers/1/slug: duplicate organizer "bigevents"'],
    ['an event of an unknown organizer', { ...base, events: [{ organizer: 'nope', slug: 'x', name: 'X' }] }, '/events/0/organizer: unknown organizer "nope"'],
    ['a webhook with an invalid URL', { ...base, webhooks: [{ ...hook, target_url: 'http://intranet/' }] }, '/webhooks/0/target_url: must match format "django-url"'],
    ['a webhook with an unregistered type', { ...base, webhooks: [{ ...hook, action_types: ['nope'] }] }, '/webhooks/0/action_types/0: unregistered action type "nope"'],
    ['a webhook limited to an unknown event', { ...base, webhooks: [{ ...hook, limit_events: ['other'] }] }, '/webhooks/0/limit_events/0: no event "other" of organizer "bigevents"'],
    ['a sequence behind the ids', { ...base, webhooks: [hook], webhook_next_id: 1 }, '/webhook_next_id: must be greater than every webhook id (1)'],
    ['a token of an unknown team', { ...base, team_tokens: [{ token: 't', team: 9 }] }, '/team_tokens/0/team: unknown team 9'],
    ['an unknown permission', { ...base, teams: [{ id: 1, organizer: 'bigevents', name: 'T', permissions: ['can_fly'] }] }, '/teams/0/permissions/0: must be one of'],
  ];
  for (const [name, fixtures, problem] of cases) {
    test(name, async () => {
      await assert.rejects(startMockServer({ fixtures }), (err: Error) => {
        assert.ok(err instanceof FixtureError, String(err));
        assert.ok(err.message.startsWith('invalid fixture the fixtures option: '), err.message);
        assert.ok(err.message.includes(problem), `${err.message}\n  should include: ${problem}`);
        return true;
      });
    });
  }

  test('a fixture file is named in the error', async () => {
    const file = join(dir, 'bad-fixture.json');
    await writeFile(file, JSON.stringify({ organizers: [{ slug: 'a' }] }));
    await assert.rejects(startMockServer({ fixtures: file }), new RegExp(`invalid fixture ${file}: /organizers/0/name: is required`));
  });
});
