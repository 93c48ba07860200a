import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { AUTH, BIGEVENTS, DOCS_BODY, TestMock, WEBHOOK_2 } from './helpers/mock.js';

let mock: TestMock;
before(async () => {
  mock = await TestMock.start();
});
after(() => mock.close());

test("the docs' list example comes out literally (action types sorted)", async () => {
  const res = await mock.call(BIGEVENTS, { auth: AUTH.admin });
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, { count: 1, next: null, previous: null, results: [WEBHOOK_2] });
  assert.equal(res.headers.get('content-type'), 'application/json');
  assert.equal(res.headers.get('vary'), 'Accept-Language, Cookie, Host'); // as recorded on pretix 2026.8
});

test("the docs' create example gets id 3", async () => {
  const fresh = await TestMock.start();
  try {
    const res = await fresh.call(BIGEVENTS, { method: 'POST', auth: AUTH.admin, body: DOCS_BODY });
    assert.equal(res.status, 201);
    assert.deepEqual(res.body, {
      id: 3,
      enabled: true,
      target_url: 'https://httpstat.us/200',
      all_events: false,
      limit_events: ['democon'],
      action_types: ['pretix.event.order.changed.*', 'pretix.event.order.modified'],
      comment: 'Called for changes',
    });
  } finally {
    await fresh.close();
  }
});
