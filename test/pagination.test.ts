import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { AUTH, BIGEVENTS, TestMock, manyWebhooks } from './helpers/mock.js';

interface Page {
  count: number;
  next: string | null;
  previous: string | null;
  results: Array<{ id: number; enabled: boolean }>;
}

let mock: TestMock;
before(async () => {
  mock = await TestMock.start({ fixtures: manyWebhooks(120, 4) });
});
after(() => mock.close());

const list = async (query: string) => {
  const res = await mock.call(`${BIGEVENTS}${query}`, { auth: AUTH.admin });
  return { status: res.status, page: res.body as Page, body: res.body };
};
const ids = (p: Page) => [p.results[0]?.id, p.results.at(-1)?.id, p.results.length];

describe('pages of 50 with absolute links built from the Host', () => {
  const cases: Array<[string, { count: number; ids: unknown[]; next: string | null; previous: string | null }]> = [
    ['', { count: 120, ids: [1, 50, 50], next: '?page=2', previous: null }],
    ['?page=1', { count: 120, ids: [1, 50, 50], next: '?page=2', previous: null }],
    ['?page=2', { count: 120, ids: [51, 100, 50], next: '?page=3', previous: '' }],
    ['?page=3', { count: 120, ids: [101, 120, 20], next: null, previous: '?page=2' }],
    ['?page=last', { count: 120, ids: [101, 120, 20], next: null, previous: '?page=2' }],
    ['?page=%202', { count: 120, ids: [51, 100, 50], next: '?page=3', previous: '' }],
    ['?page_size=10&page=2', { count: 120, ids: [11, 20, 10], next: '?page=3&page_size=10', previous: '?page_size=10' }],
    ['?page_size=100', { count: 120, ids: [1, 50, 50], next: '?page=2&page_size=100', previous: null }],
    ['?page_size=0', { count: 120, ids: [1, 50, 50], next: '?page=2&page_size=0', previous: null }],
    ['?page_size=-5', { count: 120, ids: [1, 50, 50], next: '?page=2&page_size=-5', previous: null }],
    ['?page_size=abc', { count: 120, ids: [1, 50, 50], next: '?page=2&page_size=abc', previous: null }],
    ['?page_size=7&enabled=true&page=3', { count: 90, ids: [19, 27, 7], next: '?enabled=true&page=4&page_size=7', previous: '?enabled=true&page=2&page_size=7' }],
    ['?enabled=false', { count: 30, ids: [4, 120, 30], next: null, previous: null }],
    ['?enabled=0', { count: 30, ids: [4, 120, 30], next: null, previous: null }],
    ['?enabled=TRUE', { count: 90, ids: [1, 66, 50], next: '?enabled=TRUE&page=2', previous: null }],
    ['?enabled=1', { count: 90, ids: [1, 66, 50], next: '?enabled=1&page=2', previous: null }],
    ['?enabled=maybe', { count: 120, ids: [1, 50, 50], next: '?enabled=maybe&page=2', previous: null }],
    ['?foo=bar', { count: 120, ids: [1, 50, 50], next: '?foo=bar&page=2', previous: null }],
    ['?page=', { count: 120, ids: [1, 50, 50], next: '?page=2', previous: null }],
    ['?page=1&page=2', { count: 120, ids: [51, 100, 50], next: '?page=3', previous: '' }],
    ['?q=a+b%2Fc&page=2', { count: 120, ids: [51, 100, 50], next: '?page=3&q=a+b%2Fc', previous: '?q=a+b%2Fc' }],
  ];
  for (const [query, want] of cases) {
    test(`GET ${query || '(no query)'}`, async () => {
      const { status, page } = await list(query);
      assert.equal(status, 200);
      const base = `${mock.url}${BIGEVENTS}`;
      assert.equal(page.count, want.count);
      assert.deepEqual(ids(page), want.ids);
      assert.equal(page.next, want.next === null ? null : base + want.next);
      assert.equal(page.previous, want.previous === null ? null : base + want.previous);
    });
  }
});

describe('invalid pages are 404 "Invalid page."', () => {
  for (const query of ['?page=4', '?page=0', '?page=-1', '?page=abc', '?page=1.0', '?page=2&enabled=false']) {
    test(query, async () => {
      const { status, body } = await list(query);
      assert.equal(status, 404);
      assert.deepEqual(body, { detail: 'Invalid page.' });
    });
  }
});

test('links use the Host the client sent', async () => {
  const url = new URL(mock.url + BIGEVENTS + '?page=2');
  const body = await new Promise<string>((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path: url.pathname + url.search, headers: { authorization: AUTH.admin, host: 'pretix.example:8443' } },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve(text));
      },
    );
    req.on('error', reject);
    req.end();
  });
  const page = JSON.parse(body) as Page;
  assert.equal(page.next, 'http://pretix.example:8443/api/v1/organizers/bigevents/webhooks/?page=3');
  assert.equal(page.previous, 'http://pretix.example:8443/api/v1/organizers/bigevents/webhooks/');
});

test('an organizer without webhooks has one empty page', async () => {
  const own = await TestMock.start();
  try {
    const res = await own.call('/api/v1/organizers/bigevents/webhooks/?enabled=false', { auth: AUTH.admin });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { count: 0, next: null, previous: null, results: [] });
  } finally {
    await own.close();
  }
});
