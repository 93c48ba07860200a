import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { TestMock } from './helpers/mock.js';

// The fields of events and organizers travel with the dataset: state import and export,
// sandboxes and --data files carry them, and old fixtures without them get pretix's defaults.

const STATE = {
  organizers: [{ slug: 'solo', name: 'Solo', plugins: ['pretix.plugins.stripe'], sales_channels: ['web', 'pos'] }],
  events: [{
    organizer: 'solo', slug: 'gig', name: { en: 'Gig', de: 'Auftritt' }, date_from: '2027-02-01T20:00:00Z', date_to: '2027-02-01T23:00:00Z',
    currency: 'CHF', timezone: 'Europe/Zurich', live: true, location: 'Zürich', geo_lat: 47.37, geo_lon: 8.54, meta_data: { genre: 'jazz' },
    all_sales_channels: false, limit_sales_channels: ['pos'],
  }],
  teams: [{ id: 1, organizer: 'solo', name: 'Admins', permissions: ['can_change_organizer_settings'] }],
  team_tokens: [{ token: 'solo-admin', team: 1 }],
};
const OLD_STYLE = { organizers: [{ slug: 'solo', name: 'Solo' }], events: [{ organizer: 'solo', slug: 'gig', name: 'Gig' }], teams: STATE.teams, team_tokens: STATE.team_tokens };

let mock: TestMock;
let dir: string;
before(async () => {
  mock = await TestMock.start();
  dir = await mkdtemp(join(tmpdir(), 'pretix-mock-resources-'));
});
after(async () => {
  await mock.close();
  await rm(dir, { recursive: true, force: true });
});

const gig = async (m: TestMock, auth: string) => {
  const res = await m.call('/api/v1/organizers/solo/events/gig/', { auth });
  assert.equal(res.status, 200, res.text);
  return res.body as Record<string, unknown>;
};

test('a state import carries the fields to the API, and the export gives them back', async () => {
  const put = await mock.call('/__admin/state', { method: 'PUT', body: STATE });
  assert.equal(put.status, 200, put.text);
  try {
    const event = await gig(mock, 'Token solo-admin');
    assert.deepEqual(
      [event.name, event.currency, event.timezone, event.live, event.location, event.geo_lat, event.meta_data, event.sales_channels, event.date_to],
      [{ en: 'Gig', de: 'Auftritt' }, 'CHF', 'Europe/Zurich', true, { en: 'Z\u00fcrich' }, 47.37, { genre: 'jazz' }, ['pos'], '2027-02-01T23:00:00Z'],
    );
    const org = (await mock.call('/api/v1/organizers/solo/', { auth: 'Token solo-admin' })).body as Record<string, unknown>;
    assert.deepEqual(org.plugins, ['pretix.plugins.stripe']);
    const exported = (await mock.call('/__admin/state')).body as typeof STATE;
    assert.deepEqual(exported.events[0], { ...STATE.events[0], date_admission: null, presale_start: null, presale_end: null, testmode: false, is_public: true, has_subevents: false, plugins: [] });
    assert.deepEqual(exported.organizers[0], STATE.organizers[0]);
  } finally {
    await mock.call('/__admin/reset', { method: 'POST' });
  }
});

test("an old fixture without the new fields is valid and gets pretix's defaults", async () => {
  const put = await mock.call('/__admin/state', { method: 'PUT', body: OLD_STYLE });
  assert.equal(put.status, 200, put.text);
  try {
    const event = await gig(mock, 'Token solo-admin');
    assert.deepEqual(
      [event.name, event.date_from, event.currency, event.timezone, event.live, event.testmode, event.is_public, event.location, event.sales_channels],
      [{ en: 'Gig' }, '2026-12-01T09:00:00Z', 'EUR', 'UTC', false, false, true, null, ['web']],
    );
  } finally {
    await mock.call('/__admin/reset', { method: 'POST' });
  }
});

test('a sandbox made from fixtures with the fields serves them', async () => {
  const res = await mock.call('/__admin/sandboxes', { method: 'POST', body: { fixtures: STATE } });
  assert.equal(res.status, 201, res.text);
  const { id, tokens } = res.body as { id: string; tokens: Record<string, string> };
  try {
    const event = await gig(mock, tokens['solo-admin']!); // the token as an Authorization value
    assert.deepEqual([event.currency, event.sales_channels], ['CHF', ['pos']]);
  } finally {
    await mock.call(`/__admin/sandboxes/${id}`, { method: 'DELETE' });
  }
});

test('a --data file keeps the fields across a restart', async () => {
  const file = join(dir, 'data.json');
  const first = await TestMock.start({ data: file, fixtures: STATE });
  await first.close();
  const stored = JSON.parse(await readFile(file, 'utf8')) as typeof STATE;
  assert.equal(stored.events[0]!.currency, 'CHF');
  const second = await TestMock.start({ data: file });
  try {
    assert.deepEqual((await gig(second, 'Token solo-admin')).limit_sales_channels, ['pos']);
  } finally {
    await second.close();
  }
});
