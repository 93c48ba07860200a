import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { AUTH, BIGEVENTS, TestMock, WEBHOOK_2 } from './helpers/mock.js';

let mock: TestMock;
before(async () => {
  mock = await TestMock.start();
});
after(() => mock.close());

describe('trailing slash (Django APPEND_SLASH), before authentication', () => {
  const cases: Array<[string, string, number, string | null]> = [
    ['GET', '/api/v1/organizers/bigevents/webhooks', 301, '/api/v1/organizers/bigevents/webhooks/'],
    ['GET', '/api/v1/organizers/bigevents/webhooks?page=2&enabled=true', 301, '/api/v1/organizers/bigevents/webhooks/?page=2&enabled=true'],
    ['GET', '/api/v1/organizers/bigevents/webhooks/2', 301, '/api/v1/organizers/bigevents/webhooks/2/'],
    ['HEAD', '/api/v1/organizers/bigevents/webhooks/2', 301, '/api/v1/organizers/bigevents/webhooks/2/'],
    ['DELETE', '/api/v1/organizers/bigevents/webhooks/2', 301, '/api/v1/organizers/bigevents/webhooks/2/'],
    ['OPTIONS', '/api/v1/organizers/bigevents/webhooks', 301, '/api/v1/organizers/bigevents/webhooks/'],
    ['POST', '/api/v1/organizers/bigevents/webhooks', 404, null],
    ['PUT', '/api/v1/organizers/bigevents/webhooks/2', 404, null],
    ['PATCH', '/api/v1/organizers/bigevents/webhooks/2', 404, null],
  ];
  for (const [method, path, status, location] of cases) {
    test(`${method} ${path}`, async () => {
      const res = await mock.call(path, { method });
      assert.equal(res.status, status);
      assert.equal(res.headers.get('location'), location);
      assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
      if (status === 301) assert.equal(res.text, '');
      else assert.match(res.text, /Please append a \/ at the end of the URL/);
    });
  }
});

describe('paths pretix does not route are Django\'s HTML 404, whatever the credentials', () => {
  const paths = [
    '/api/v1/organizers/bigevents/webhook/2/', // the docs' singular DELETE path
    '/api/v1/organizers/bigevents/webhooks.JSON',
    '/api/v1/organizers/bigevents/webhooks/2/extra/',
    '/API/v1/organizers/bigevents/webhooks/',
    '/api/v2/organizers/bigevents/webhooks/',
    // (`/organizers/big%2Fevents/webhooks/` decodes to the event `webhooks` of organizer `big`: see test/events.test.ts)
    '/',
  ];
  for (const path of paths) {
    test(path, async () => {
      const res = await mock.call(path, { method: 'DELETE', auth: AUTH.admin });
      assert.equal(res.status, 404);
      assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
      assert.match(res.text, /<h1>Not Found<\/h1>/);
    });
  }
});

describe('405 after authentication and permission, with Allow', () => {
  const cases: Array<[string, string, string]> = [
    ['PUT', BIGEVENTS, 'GET, POST, HEAD, OPTIONS'],
    ['PATCH', BIGEVENTS, 'GET, POST, HEAD, OPTIONS'],
    ['DELETE', BIGEVENTS, 'GET, POST, HEAD, OPTIONS'],
    ['POST', `${BIGEVENTS}2/`, 'GET, PUT, PATCH, DELETE, HEAD, OPTIONS'],
    ['POST', `${BIGEVENTS}999/`, 'GET, PUT, PATCH, DELETE, HEAD, OPTIONS'],
  ];
  for (const [method, path, allow] of cases) {
    test(`${method} ${path}`, async () => {
      const res = await mock.call(path, { method, auth: AUTH.admin });
      assert.equal(res.status, 405);
      assert.deepEqual(res.body, { detail: `Method "${method}" not allowed.` });
      assert.equal(res.headers.get('allow'), allow);
    });
  }
});

describe('JSON answers carry pretix\'s headers', () => {
  const cases: Array<[string, string, string, string | undefined, unknown, number]> = [
    ['200 list', 'GET', BIGEVENTS, AUTH.admin, undefined, 200],
    ['200 detail', 'GET', `${BIGEVENTS}2/`, AUTH.admin, undefined, 200],
    ['400', 'POST', BIGEVENTS, AUTH.admin, {}, 400],
    ['401', 'GET', BIGEVENTS, undefined, undefined, 401],
    ['403', 'GET', BIGEVENTS, AUTH.readonly, undefined, 403],
    ['404', 'GET', `${BIGEVENTS}999/`, AUTH.admin, undefined, 404],
    ['405', 'PUT', BIGEVENTS, AUTH.admin, undefined, 405],
  ];
  for (const [name, method, path, auth, body, status] of cases) {
    test(name, async () => {
      const res = await mock.call(path, { method, auth, body });
      assert.equal(res.status, status);
      assert.equal(res.headers.get('content-type'), 'application/json');
      // pretix 2026.8's middleware, as recorded (the docs' `Vary: Accept` is stale)
      assert.equal(res.headers.get('vary'), 'Accept-Language, Cookie, Host');
      assert.equal(res.headers.get('content-language'), 'en');
      assert.equal(res.headers.get('x-frame-options'), 'DENY');
      assert.equal(res.headers.get('p3p'), 'CP="ALL DSP COR CUR ADM TAI OUR IND COM NAV INT"');
      // no Content-Security-Policy on JSON; Django's SecurityMiddleware is gone (version differences from 2026.5)
      for (const gone of ['content-security-policy', 'cross-origin-opener-policy', 'referrer-policy', 'x-content-type-options']) {
        assert.equal(res.headers.get(gone), null, gone);
      }
      assert.equal(res.headers.get('etag'), null);
      assert.equal(res.headers.get('x-powered-by'), null);
    });
  }
});

describe('content negotiation, before authentication', () => {
  const cases: Array<[string, Record<string, string>, string, number, object | null]> = [
    ['Accept: text/html', { accept: 'text/html' }, '', 406, { detail: 'Could not satisfy the request Accept header.' }],
    ['empty Accept', { accept: '' }, '', 406, { detail: 'Could not satisfy the request Accept header.' }],
    ['?format=xml', {}, '?format=xml', 404, { detail: 'Not found.' }],
    ["the docs' Accept", { accept: 'application/json, text/javascript' }, '', 401, null],
    ['Accept with q', { accept: 'text/html;q=1, application/json;q=0.1' }, '', 401, null],
    ['Accept */*', { accept: '*/*' }, '', 401, null],
    ['Accept application/*', { accept: 'application/*' }, '', 401, null],
    ['?format=json', {}, '?format=json', 401, null],
  ];
  for (const [name, headers, query, status, body] of cases) {
    test(name, async () => {
      const res = await mock.call(BIGEVENTS + query, { headers });
      assert.equal(res.status, status);
      if (body) assert.deepEqual(res.body, body);
    });
  }
});

test('routing is on the decoded path, as WSGI servers decode PATH_INFO: %2F is a slash', async () => {
  const res = await mock.call(`${BIGEVENTS}2%2F`, { auth: AUTH.admin });
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, WEBHOOK_2);
});

test('HEAD answers like GET without a body', async () => {
  const res = await mock.call(`${BIGEVENTS}2/`, { method: 'HEAD', auth: AUTH.admin });
  assert.equal(res.status, 200);
  assert.equal(res.text, '');
  assert.equal(res.headers.get('content-length'), String(JSON.stringify(WEBHOOK_2).length));
});

describe('OPTIONS is DRF metadata after authentication', () => {
  test('the list route describes POST for writers', async () => {
    const res = await mock.call(BIGEVENTS, { method: 'OPTIONS', auth: AUTH.admin });
    assert.equal(res.status, 200);
    const body = res.body as { name: string; actions: { POST: Record<string, { required: boolean }> } };
    assert.equal(body.name, 'Web Hook List');
    assert.deepEqual(Object.keys(body.actions.POST), ['id', 'enabled', 'target_url', 'all_events', 'limit_events', 'action_types', 'comment']);
    assert.equal(body.actions.POST.target_url!.required, true);
  });

  test('no actions for a read-only OAuth token or an unknown id', async () => {
    const list = await mock.call(BIGEVENTS, { method: 'OPTIONS', auth: AUTH.oauthRead });
    assert.deepEqual(list.body, {
      name: 'Web Hook List', description: '', renders: ['application/json'],
      parses: ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'],
    });
    const detail = await mock.call(`${BIGEVENTS}999/`, { method: 'OPTIONS', auth: AUTH.admin });
    assert.equal(detail.status, 200);
    assert.equal((detail.body as { name: string }).name, 'Web Hook Instance');
    assert.equal((detail.body as { actions?: unknown }).actions, undefined);
  });

  test('unauthenticated OPTIONS is 401', async () => {
    const res = await mock.call(BIGEVENTS, { method: 'OPTIONS' });
    assert.equal(res.status, 401);
  });
});

describe('oversized bodies', () => {
  test('413 with a detail body, before the body is read, and the connection is closed', async () => {
    const small = await TestMock.start({ maxBodySize: 1000 });
    try {
      const url = new URL(small.url);
      // Announce a gigabyte and send almost nothing: the answer must not wait for the rest.
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(Number(url.port), url.hostname, () => {
          socket.write(
            `POST ${BIGEVENTS} HTTP/1.1\r\nHost: x\r\nAuthorization: ${AUTH.admin}\r\n` +
              'Content-Type: application/json\r\nContent-Length: 1000000000\r\n\r\n{"a":',
          );
        });
        let text = '';
        socket.setTimeout(5000, () => reject(new Error('no answer within 5 s')));
        socket.on('data', (c) => (text += c));
        socket.on('end', () => resolve(text));
        socket.on('error', reject);
      });
      assert.match(answer, /^HTTP\/1\.1 413 /);
      assert.match(answer, /connection: close/i);
      assert.ok(answer.endsWith('{"detail":"Request body exceeds the limit of 1000 bytes."}'), answer);
    } finally {
      await small.close();
    }
  });

  test('a chunked body is cut off at the limit', async () => {
    const small = await TestMock.start({ maxBodySize: 1000 });
    try {
      const res = await fetch(small.url + BIGEVENTS, {
        method: 'POST',
        headers: { authorization: AUTH.admin, 'content-type': 'application/json' },
        body: new ReadableStream({
          start(controller) {
            for (let i = 0; i < 20; i++) controller.enqueue(new TextEncoder().encode(' '.repeat(100)));
            controller.close();
          },
        }),
        duplex: 'half',
      } as RequestInit);
      assert.equal(res.status, 413);
      assert.deepEqual(await res.json(), { detail: 'Request body exceeds the limit of 1000 bytes.' });
    } finally {
      await small.close();
    }
  });
});

describe('format suffixes, as DRF routes them', () => {
  const cases: Array<[string, string, number, unknown]> = [
    ['list .json', '/api/v1/organizers/bigevents/webhooks.json', 200, undefined],
    ['detail .json', `${BIGEVENTS}2.json`, 200, WEBHOOK_2],
    ['detail .json/', `${BIGEVENTS}2.json/`, 200, WEBHOOK_2],
    ['?format=json', `${BIGEVENTS}2/?format=json`, 200, WEBHOOK_2],
    ['another suffix: DRF JSON 404 before authentication', `${BIGEVENTS}2.0/`, 404, { detail: 'Not found.' }],
    ['another suffix on the list', '/api/v1/organizers/bigevents/webhooks.api', 404, { detail: 'Not found.' }],
  ];
  for (const [name, path, status, body] of cases) {
    test(name, async () => {
      const res = await mock.call(path, { auth: status === 404 ? undefined : AUTH.admin });
      assert.equal(res.status, status);
      assert.equal(res.headers.get('content-type'), 'application/json');
      assert.equal(res.headers.get('allow'), path.includes('webhooks.') ? 'GET, POST, HEAD, OPTIONS' : 'GET, PUT, PATCH, DELETE, HEAD, OPTIONS');
      if (body) assert.deepEqual(res.body, body);
    });
  }
});
