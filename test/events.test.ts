import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AUTH, TestMock } from './helpers/mock.js';

// An organizer whose events cover every filter, and a clock fixed at 2026-06-01 12:00 UTC, so
// that is_past / is_future do not depend on today's date.
const NOW = new Date('2026-06-01T12:00:00Z');
let now = NOW;
const event = (slug: string, fields: object) => ({ organizer: 'fest', slug, name: slug, ...fields });
const FIXTURE = {
  organizers: [{ slug: 'fest', name: 'Festival GmbH', sales_channels: ['web', 'box'] }],
  events: [
    event('winter-meetup', { name: { en: 'Winter Meetup', de: 'Wintertreffen' }, date_from: '2026-01-10T18:00:00Z', date_to: '2026-01-12T22:00:00Z', live: true, location: { en: 'Berlin' } }),
    event('spring-summit', { name: 'Spring Summit', date_from: '2026-05-31T09:00:00Z', date_to: '2026-06-02T18:00:00Z', is_public: false, testmode: true }),
    event('summer-gala', { name: 'Summer Gala', date_from: '2026-09-01T19:00:00+02:00', all_sales_channels: false, limit_sales_channels: ['box'] }),
    event('festival-series', { name: 'Festival Series', date_from: '2026-03-01T00:00:00Z', has_subevents: true }),
  ],
  teams: [{ id: 1, organizer: 'fest', name: 'Admins', permissions: ['can_change_organizer_settings', 'can_create_events', 'can_change_event_settings'] }],
  team_tokens: [{ token: 'fest-admin', team: 1 }],
};
const FEST = 'Token fest-admin';
const LIST = '/api/v1/organizers/fest/events/';

let mock: TestMock;
let stock: TestMock;
before(async () => {
  mock = await TestMock.start({ fixtures: FIXTURE, clock: () => now });
  stock = await TestMock.start();
});
after(() => Promise.all([mock.close(), stock.close()]));

const slugs = async (query: string) => {
  const res = await mock.call(`${LIST}?${query}`, { auth: FEST });
  assert.equal(res.status, 200, res.text);
  return (res.body as { results: Array<{ slug: string }> }).results.map((e) => e.slug);
};

describe('event filters, through HTTP', () => {
  const cases: Array<[string, string[]]> = [
    ['', ['festival-series', 'spring-summit', 'summer-gala', 'winter-meetup']],
    ['is_past=true', ['winter-meetup']],
    ['is_past=false', ['festival-series', 'spring-summit', 'summer-gala']],
    ['is_future=true', ['spring-summit', 'summer-gala']],
    ['is_future=0', ['festival-series', 'winter-meetup']],
    ['is_future=maybe', ['festival-series', 'spring-summit', 'summer-gala', 'winter-meetup']],
    ['ends_after=2026-06-02T00:00:00Z', ['spring-summit', 'summer-gala']],
    ['ends_after=2026-01-12', ['spring-summit', 'summer-gala', 'winter-meetup']],
    ['ends_after=2027-01-01T00:00:00Z&ends_after=2026-06-02', ['spring-summit', 'summer-gala']],
    ['date_from_after=2026-03-01T00:00:00Z', ['festival-series', 'spring-summit', 'summer-gala']],
    ['date_from_before=2026-03-01T00:00:00Z', ['festival-series', 'winter-meetup']],
    ['date_from_after=2026-02-01&date_from_before=2026-06-01', ['festival-series', 'spring-summit']],
    ['date_from_after=2026-09-01T17:00:00Z', ['summer-gala']],
    ['date_from_after=2026-09-01T17:00:01Z', []],
    ['date_from_before=2026-09-01T19:30:00%2B02:00', ['festival-series', 'spring-summit', 'summer-gala', 'winter-meetup']],
    ['date_to_after=2026-02-01T00:00:00Z', ['spring-summit']],
    ['date_to_before=2026-02-01T00:00:00Z', ['winter-meetup']],
    ['live=true', ['winter-meetup']],
    ['live=False', ['festival-series', 'spring-summit', 'summer-gala']],
    ['is_public=false', ['spring-summit']],
    ['testmode=1', ['spring-summit']],
    ['has_subevents=true', ['festival-series']],
    ['sales_channel=web', ['festival-series', 'spring-summit', 'winter-meetup']],
    ['sales_channel=box', ['festival-series', 'spring-summit', 'summer-gala', 'winter-meetup']],
    ['search=gala', ['summer-gala']],
    ['search=SUMM', ['spring-summit', 'summer-gala']],
    ['search=wintertreffen', ['winter-meetup']],
    ['search=berlin', ['winter-meetup']],
    ['search=', ['festival-series', 'spring-summit', 'summer-gala', 'winter-meetup']],
    ['is_future=true&is_public=true', ['summer-gala']],
    ['ordering=date_from', ['winter-meetup', 'festival-series', 'spring-summit', 'summer-gala']],
    ['ordering=-date_from', ['summer-gala', 'spring-summit', 'festival-series', 'winter-meetup']],
    ['ordering=-slug', ['winter-meetup', 'summer-gala', 'spring-summit', 'festival-series']],
    ['ordering=name', ['festival-series', 'spring-summit', 'summer-gala', 'winter-meetup']],
    ['ordering=date_from&ordering=bogus', ['festival-series', 'spring-summit', 'summer-gala', 'winter-meetup']],
    ['ordering=bogus,-date_from', ['summer-gala', 'spring-summit', 'festival-series', 'winter-meetup']],
  ];
  for (const [query, expected] of cases) {
    test(query || '(no filter)', async () => assert.deepEqual(await slugs(query), expected));
  }
});

describe('the clock decides is_past and is_future', () => {
  const clocks: Array<[string, string[], string[]]> = [
    ['2025-01-01T00:00:00Z', [], ['spring-summit', 'summer-gala', 'winter-meetup']],
    ['2026-06-02T18:00:00Z', ['winter-meetup'], ['spring-summit', 'summer-gala']],
    ['2026-06-02T18:00:01Z', ['spring-summit', 'winter-meetup'], ['summer-gala']],
    ['2030-01-01T00:00:00Z', ['spring-summit', 'summer-gala', 'winter-meetup'], []],
  ];
  for (const [at, past, future] of clocks) {
    test(at, async () => {
      now = new Date(at);
      try {
        assert.deepEqual(await slugs('is_past=true'), past);
        assert.deepEqual(await slugs('is_future=true'), future);
      } finally {
        now = NOW;
      }
    });
  }
});

describe('bad filter values are 400 with the field, never a 500', () => {
  const cases: Array<[string, object]> = [
    ['ends_after=garbage', { ends_after: ['Enter a valid date/time.'] }],
    ['ends_after=2026-02-30', { ends_after: ['Enter a valid date/time.'] }],
    ['date_from_after=soon&date_from_before=later', { date_from: ['Enter a valid date/time.'] }],
    ['date_to_before=2026-13-01&ends_after=x', { ends_after: ['Enter a valid date/time.'], date_to: ['Enter a valid date/time.'] }],
  ];
  for (const [query, body] of cases) {
    test(query, async () => {
      const res = await mock.call(`${LIST}?${query}`, { auth: FEST });
      assert.equal(res.status, 400);
      assert.deepEqual(res.body, body);
    });
  }
  test('on the detail too', async () => {
    const res = await mock.call(`${LIST}summer-gala/?ends_after=garbage`, { auth: FEST });
    assert.deepEqual([res.status, res.body], [400, { ends_after: ['Enter a valid date/time.'] }]);
  });
});

test('the detail goes through the same filters: an excluded event is a 404', async () => {
  assert.equal((await mock.call(`${LIST}summer-gala/?is_future=true`, { auth: FEST })).status, 200);
  const res = await mock.call(`${LIST}summer-gala/?is_past=true&page=7`, { auth: FEST });
  assert.deepEqual([res.status, res.body], [404, { detail: 'No Event matches the given query.' }]);
});

test("an event as pretix renders it: the detail has valid_keys, the list does not; dates in UTC; i18n name and location", async () => {
  const detail = await mock.call(`${LIST}summer-gala/`, { auth: FEST });
  assert.equal(detail.status, 200);
  assert.equal(detail.text, JSON.stringify({
    name: { en: 'Summer Gala' }, slug: 'summer-gala', live: false, testmode: false, currency: 'EUR',
    date_from: '2026-09-01T17:00:00Z', date_to: null, date_admission: null, is_public: true,
    presale_start: null, presale_end: null, location: null, geo_lat: null, geo_lon: null, has_subevents: false,
    meta_data: {}, seating_plan: null, plugins: [], seat_category_mapping: {}, timezone: 'UTC', item_meta_properties: {},
    valid_keys: { pretix_sig1: [] }, all_sales_channels: false, limit_sales_channels: ['box'],
    public_url: `${mock.url}/fest/summer-gala/`, sales_channels: ['box'],
  }));
  const list = (await mock.call(`${LIST}?search=winter`, { auth: FEST })).body as { results: Array<Record<string, unknown>> };
  const winter = list.results[0]!;
  assert.equal('valid_keys' in winter, false);
  assert.deepEqual([winter.name, winter.location, winter.sales_channels], [{ en: 'Winter Meetup', de: 'Wintertreffen' }, { en: 'Berlin' }, ['web', 'box']]);
});

test('pages of events link with the query kept', async () => {
  const res = await mock.call(`${LIST}?ordering=date_from&page_size=3`, { auth: FEST });
  const body = res.body as { count: number; next: string; results: unknown[] };
  assert.deepEqual([body.count, body.results.length, body.next], [4, 3, `${mock.url}${LIST}?ordering=date_from&page=2&page_size=3`]);
  assert.deepEqual((await mock.call(`${LIST}?page=3&page_size=3`, { auth: FEST })).body, { detail: 'Invalid page.' });
});

describe('who may read and write events (the default dataset)', () => {
  const DENIED = { detail: 'You do not have permission to perform this action.' };
  const EVENTS = '/api/v1/organizers/bigevents/events/';
  const DETAIL = 'GET, PUT, PATCH, DELETE, HEAD, OPTIONS';
  const cases: Array<[string, string, string | undefined, number, unknown]> = [
    ['GET', EVENTS, AUTH.admin, 200, undefined],
    ['GET', EVENTS, AUTH.readonly, 200, undefined],
    ['GET', EVENTS, AUTH.device, 200, undefined],
    ['GET', EVENTS, AUTH.oauthRead, 200, undefined],
    ['GET', EVENTS, AUTH.acme, 403, DENIED],
    ['GET', '/api/v1/organizers/nosuch/events/', AUTH.admin, 403, DENIED],
    ['GET', EVENTS, undefined, 401, { detail: 'Authentication credentials were not provided.' }],
    ['GET', EVENTS, AUTH.inactive, 401, { detail: 'Token inactive or deleted.' }],
    ['GET', EVENTS, AUTH.deviceRevoked, 401, { detail: 'Device access has been revoked.' }],
    ['POST', EVENTS, AUTH.readonly, 403, DENIED],
    ['POST', EVENTS, AUTH.device, 403, DENIED],
    ['POST', EVENTS, AUTH.oauthRead, 403, DENIED],
    ['POST', EVENTS, AUTH.admin, 405, { detail: 'Method "POST" not allowed. pretix-mock serves events read-only.' }],
    ['DELETE', EVENTS, AUTH.readonly, 405, { detail: 'Method "DELETE" not allowed.' }],
    ['GET', `${EVENTS}democon/`, AUTH.device, 200, undefined],
    ['GET', `${EVENTS}DemoCon/`, AUTH.admin, 403, DENIED],
    ['GET', `${EVENTS}nosuch/`, AUTH.admin, 403, DENIED],
    ['GET', `${EVENTS}acmecon/`, AUTH.admin, 403, DENIED],
    ['GET', '/api/v1/organizers/acme/events/acmecon/', AUTH.acme, 200, undefined],
    ['PUT', `${EVENTS}democon/`, AUTH.readonly, 403, DENIED],
    ['DELETE', `${EVENTS}democon/`, AUTH.device, 403, DENIED],
    ['PATCH', `${EVENTS}democon/`, AUTH.admin, 405, { detail: 'Method "PATCH" not allowed. pretix-mock serves events read-only.' }],
    ['POST', `${EVENTS}democon/`, AUTH.readonly, 405, { detail: 'Method "POST" not allowed.' }],
    // `big%2Fevents` decodes to `big/events`: Django routes the event `webhooks` of organizer `big`.
    ['DELETE', '/api/v1/organizers/big%2Fevents/webhooks/', AUTH.admin, 403, DENIED],
  ];
  for (const [method, path, auth, status, body] of cases) {
    test(`${method} ${path} ${auth ?? '(none)'} → ${status}`, async () => {
      const before = (await stock.call('/__admin/state')).text;
      const res = await stock.call(path, { method, auth, body: method === 'GET' || method === 'DELETE' ? undefined : { name: { en: 'X' }, slug: 'x' } });
      assert.equal(res.status, status, res.text);
      if (body !== undefined) assert.deepEqual(res.body, body);
      assert.equal(res.headers.get('allow'), /\/events\/$/.test(path) ? 'GET, POST, HEAD, OPTIONS' : DETAIL);
      assert.equal((await stock.call('/__admin/state')).text, before, 'nothing changed');
    });
  }
});

test('the default events, as the recordings show them; .json suffix; a missing slash redirects', async () => {
  const res = await stock.call('/api/v1/organizers/bigevents/events.json?ordering=-date_from', { auth: AUTH.readonly });
  const body = res.body as { count: number; results: Array<{ slug: string; date_from: string; currency: string; timezone: string; live: boolean; is_public: boolean }> };
  assert.deepEqual(body.results.map((e) => [e.slug, e.date_from, e.currency, e.timezone, e.live, e.is_public]), [
    ['sampleconf', '2027-03-15T09:00:00Z', 'EUR', 'UTC', false, true],
    ['democon', '2026-12-01T09:00:00Z', 'EUR', 'UTC', false, true],
  ]);
  const xml = await stock.call('/api/v1/organizers/bigevents/events.xml', { auth: AUTH.readonly });
  assert.deepEqual([xml.status, xml.body], [404, { detail: 'Not found.' }]);
  const redirect = await stock.call('/api/v1/organizers/bigevents/events/democon?live=false', { auth: AUTH.readonly });
  assert.deepEqual([redirect.status, redirect.headers.get('location')], [301, '/api/v1/organizers/bigevents/events/democon/?live=false']);
  assert.equal((await stock.call('/api/v1/organizers/bigevents/events/democon', { method: 'PUT', auth: AUTH.readonly, body: {} })).status, 404);
});

test('OPTIONS describes the EventSerializer fields, valid_keys only on the detail', async () => {
  const list = (await stock.call('/api/v1/organizers/bigevents/events/', { method: 'OPTIONS', auth: AUTH.device })).body as { name: string; actions: { POST: Record<string, unknown> } };
  const detail = (await stock.call('/api/v1/organizers/bigevents/events/democon/', { method: 'OPTIONS', auth: AUTH.admin })).body as { name: string; actions: { PUT: Record<string, unknown> } };
  assert.deepEqual([list.name, detail.name], ['Event List', 'Event Instance']);
  assert.deepEqual(Object.keys(detail.actions.PUT).filter((k) => !(k in list.actions.POST)), ['valid_keys']);
  assert.deepEqual(list.actions.POST.date_from, { type: 'datetime', required: true, read_only: false, label: 'Event start time' });
});

test('OPTIONS lists the fields of a write only to a credential the permission class lets write (DRF SimpleMetadata)', async () => {
  const CASES: Array<[string, string, string | undefined]> = [
    ['/api/v1/organizers/bigevents/events/', AUTH.readonly, 'POST'], // can_create_events is checked on create, not by the permission class
    ['/api/v1/organizers/bigevents/events/', AUTH.oauth, 'POST'],
    ['/api/v1/organizers/bigevents/events/', AUTH.oauthRead, undefined], // the read scope refuses POST
    ['/api/v1/organizers/bigevents/events/democon/', AUTH.admin, 'PUT'],
    ['/api/v1/organizers/bigevents/events/democon/', AUTH.oauthRead, undefined],
  ];
  for (const [path, auth, method] of CASES) {
    const res = await stock.call(path, { method: 'OPTIONS', auth });
    const actions = (res.body as { actions?: Record<string, unknown> }).actions;
    assert.deepEqual([res.status, actions ? Object.keys(actions) : undefined], [200, method ? [method] : undefined], `${auth} ${path}`);
  }
});
