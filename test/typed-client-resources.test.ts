// The generated types cover the API root, organizers and events: a client picks the events it
// wants for a webhook's limit_events, all through openapi-fetch and the spec's types.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import createClient from 'openapi-fetch';
import type { components, paths } from '../src/generated/pretix-api.js';
import { AUTH, TestMock } from './helpers/mock.js';

type Event = components['schemas']['Event'];
type Organizer = components['schemas']['Organizer'];

let mock: TestMock;
before(async () => {
  mock = await TestMock.start({ clock: () => new Date('2026-12-02T00:00:00Z') });
});
after(() => mock.close());

const client = (auth: string) =>
  createClient<paths>({ baseUrl: mock.url, headers: { Authorization: auth }, signal: AbortSignal.timeout(10_000) });

test('root → organizers → upcoming events → a webhook limited to them', async () => {
  const api = client(AUTH.admin);
  const root = await api.GET('/api/v1/');
  assert.equal(root.data?.organizers, `${mock.url}/api/v1/organizers/`);
  const orgs = await api.GET('/api/v1/organizers/', { params: { query: { ordering: 'name' } } });
  const slugs: Array<Organizer['slug']> = orgs.data!.results.map((o) => o.slug);
  assert.deepEqual(slugs, ['bigevents']);
  const organizer = { organizer: slugs[0]! };
  const upcoming = await api.GET('/api/v1/organizers/{organizer}/events/', {
    params: { path: organizer, query: { is_future: 'true', ordering: 'date_from' } },
  });
  const events: Event[] = upcoming.data!.results;
  assert.deepEqual(events.map((e) => [e.slug, e.date_from]), [['sampleconf', '2027-03-15T09:00:00Z']]);
  const one = await api.GET('/api/v1/organizers/{organizer}/events/{event}/', { params: { path: { ...organizer, event: 'sampleconf' } } });
  assert.deepEqual(one.data?.valid_keys, { pretix_sig1: [] });
  const created = await api.POST('/api/v1/organizers/{organizer}/webhooks/', {
    params: { path: organizer },
    body: { target_url: 'https://example.com/hook', all_events: false, limit_events: events.map((e) => e.slug), action_types: ['pretix.event.order.placed'] },
  });
  assert.deepEqual(created.data?.limit_events, ['sampleconf']);
});

test('errors come back typed', async () => {
  const api = client(AUTH.acme);
  const denied = await api.GET('/api/v1/organizers/{organizer}/events/{event}/', { params: { path: { organizer: 'bigevents', event: 'democon' } } });
  assert.equal(denied.response.status, 403);
  assert.deepEqual(denied.error, { detail: 'You do not have permission to perform this action.' });
  const bad = await client(AUTH.admin).GET('/api/v1/organizers/{organizer}/events/', { params: { path: { organizer: 'bigevents' }, query: { ends_after: 'soon' } } });
  assert.deepEqual([bad.response.status, bad.error], [400, { ends_after: ['Enter a valid date/time.'] }]);
});
