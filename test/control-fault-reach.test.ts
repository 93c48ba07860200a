// A fault rule that can never match is refused with 400, and the answer says why.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TestMock } from './helpers/mock.js';

let mock: TestMock;
before(async () => (mock = await TestMock.start()));
after(() => mock.close());

const DETAIL = 'The fault rule can never match a request.';
const OPERATIONS =
  'listWebhooks, createWebhook, describeWebhookList, getWebhook, replaceWebhook, updateWebhook, deleteWebhook, describeWebhookDetail, ' +
  'getApiRoot, describeApiRoot, listOrganizers, describeOrganizerList, getOrganizer, updateOrganizer, partialUpdateOrganizer, describeOrganizer, ' +
  'listEvents, createEvent, describeEventList, getEvent, updateEvent, partialUpdateEvent, deleteEvent, describeEvent';
const ROUTES =
  '/api/v1/organizers/{organizer}/webhooks/, /api/v1/organizers/{organizer}/webhooks/{id}/, /api/v1/, /api/v1/organizers/, ' +
  '/api/v1/organizers/{organizer}/, /api/v1/organizers/{organizer}/events/, /api/v1/organizers/{organizer}/events/{event}/';
const effect = { type: 'respond', status: 503 };

test('refused: unknown operationId, a path no route has, a method the path or operation lacks', async () => {
  const CASES: Array<[object, { path: string; message: string }]> = [
    [{ operationId: 'createWebhooks' }, { path: '/body/match/operationId', message: `is not an operation of the pretix API; known: ${OPERATIONS}` }],
    [{ path: '/api/v1/organizers/bigevents/webhook/' }, { path: '/body/match/path', message: `matches no route of the pretix API; routes: ${ROUTES}` }],
    [{ path: '/api/v1/events/*/' }, { path: '/body/match/path', message: `matches no route of the pretix API; routes: ${ROUTES}` }],
    [{ operationId: 'getWebhook', path: '/api/v1/organizers/bigevents/webhooks/' }, { path: '/body/match/path', message: 'is not the path of getWebhook (/api/v1/organizers/{organizer}/webhooks/{id}/)' }],
    [{ method: 'DELETE', path: '/api/v1/organizers/bigevents/webhooks/' }, { path: '/body/match/method', message: 'DELETE is not a method of /api/v1/organizers/{organizer}/webhooks/; allowed: GET, POST, OPTIONS, HEAD' }],
    [{ method: 'POST', operationId: 'listWebhooks' }, { path: '/body/match/method', message: 'POST is not the method of listWebhooks; allowed: GET, HEAD' }],
    [{ method: 'TRACE' }, { path: '/body/match/method', message: 'TRACE is not a method of the pretix API; allowed: GET, POST, OPTIONS, PUT, PATCH, DELETE, HEAD' }],
  ];
  for (const [match, problem] of CASES) {
    const res = await mock.call('/__admin/faults', { method: 'POST', body: { match, effect } });
    assert.deepEqual([res.status, res.body], [400, { detail: DETAIL, errors: [problem] }], JSON.stringify(match));
  }
  assert.equal((await mock.server.faults.list()).length, 0);
});

test('accepted: rules that can match', async () => {
  const CASES = [
    {},
    { operationId: 'createWebhook', method: 'post' },
    { path: '/api/v1/organizers/bigevents/webhooks/2/', method: 'PATCH' },
    { path: '/api/v1/organizers/*/webhooks/*/' },
    { path: '/api/v1/organizers/bigevents/webhooks' }, // before APPEND_SLASH redirects it
    { path: '/api/**' },
    { method: 'HEAD', operationId: 'getWebhook' },
    { method: 'OPTIONS', path: '/api/v1/organizers/acme/webhooks/' },
  ];
  for (const match of CASES) {
    const res = await mock.call('/__admin/faults', { method: 'POST', body: { match, effect } });
    assert.equal(res.status, 201, `${JSON.stringify(match)}: ${JSON.stringify(res.body)}`);
  }
  await mock.server.faults.clear();
});

test('the library refuses the same with MockAdminError; operationId is typed', async () => {
  // @ts-expect-error 'createWebhooks' is not an operationId of the spec
  await assert.rejects(mock.server.faults.add({ match: { operationId: 'createWebhooks' }, effect: { type: 'drop' } }), /can never match a request.*known: listWebhooks/);
});
