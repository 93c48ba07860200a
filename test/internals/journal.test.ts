import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Journal, JOURNAL_BODY_LIMIT, journalBody, type RecordedRequest } from '../../src/runtime/journal.js';

/** A recorded GET named by its path, at `timeMs` 0 unless given. */
function request(path: string, extra: Partial<RecordedRequest> = {}): RecordedRequest {
  return {
    timeMs: 0, sandbox: 'shared', method: 'GET', path, query: '', headers: {}, status: 200, durationMs: 1,
    operationId: null, validationProblems: [], fault: null, rawBody: undefined, rawResponse: undefined, ...extra,
  };
}

const paths = (j: Journal) => j.select().map((e) => e.path);
const ids = (j: Journal) => j.select().map((e) => e.id);

describe('Journal ring', () => {
  const fills: Array<[capacity: number, added: number, kept: string[], evicted: number]> = [
    [3, 0, [], 0],
    [3, 2, ['/1', '/2'], 0],
    [3, 3, ['/1', '/2', '/3'], 0],
    [3, 4, ['/2', '/3', '/4'], 1],
    [3, 7, ['/5', '/6', '/7'], 4],
    [3, 9, ['/7', '/8', '/9'], 6],
    [1, 5, ['/5'], 4],
  ];
  for (const [capacity, added, kept, evicted] of fills) {
    test(`capacity ${capacity}, ${added} added: keeps ${kept.join(' ') || 'nothing'} oldest first, ${evicted} evicted`, () => {
      const j = new Journal(capacity);
      for (let i = 1; i <= added; i++) j.add(request(`/${i}`));
      assert.deepEqual(paths(j), kept);
      assert.deepEqual(ids(j), kept.map((p) => Number(p.slice(1))), 'ids count every request ever added');
      assert.equal(j.evicted, evicted);
      assert.equal(j.count(), kept.length);
    });
  }

  test('capacity 0 keeps nothing and counts no eviction', () => {
    const j = new Journal(0);
    assert.equal(j.enabled, false);
    j.add(request('/1'));
    assert.deepEqual([paths(j), j.evicted], [[], 0]);
  });

  for (const bad of [-1, 1.5, Number.NaN]) {
    test(`capacity ${bad} is refused`, () => {
      assert.throws(() => new Journal(bad), { message: 'Journal: capacity must be a non-negative integer' });
    });
  }

  test('clear(sandbox) drops that sandbox only, keeps the rest in order, and the ring refills from there', () => {
    const j = new Journal(4);
    for (const [i, sandbox] of ['a', 'b', 'a', 'b', 'a', 'b'].entries()) j.add(request(`/${i + 1}`, { sandbox }));
    assert.deepEqual(paths(j), ['/3', '/4', '/5', '/6']);
    j.clear('a');
    assert.deepEqual(paths(j), ['/4', '/6']);
    assert.equal(j.evicted, 2, 'a sandbox clear keeps the eviction count');
    for (const i of [7, 8, 9]) j.add(request(`/${i}`, { sandbox: 'c' }));
    assert.deepEqual(paths(j), ['/6', '/7', '/8', '/9']);
    assert.equal(j.evicted, 3);
  });

  test('clear() forgets everything and resets the eviction count; ids go on', () => {
    const j = new Journal(2);
    for (const i of [1, 2, 3]) j.add(request(`/${i}`));
    j.clear();
    assert.deepEqual([paths(j), j.evicted], [[], 0]);
    j.add(request('/4'));
    assert.deepEqual(ids(j), [4]);
  });

  test('select() and count() apply a matcher', () => {
    const j = new Journal(10);
    j.add(request('/api/v1/organizers/acme/webhooks/', { method: 'POST', status: 201, rawBody: Buffer.from('{"enabled":true,"n":1}') }));
    j.add(request('/api/v1/organizers/acme/webhooks/1/', { status: 404 }));
    j.add(request('/api/v1/organizers/', { sandbox: 'sb' }));
    const table: Array<[matcher: Parameters<Journal['select']>[0], expected: number[]]> = [
      [{}, [1, 2, 3]],
      [{ method: 'post' }, [1]],
      [{ status: 404 }, [2]],
      [{ path: '/api/v1/organizers/*/webhooks/**' }, [1, 2]],
      [{ sandbox: 'sb' }, [3]],
      [{ body: { enabled: true } }, [1]],
      [{ body: { enabled: false } }, []],
    ];
    for (const [matcher, expected] of table) {
      assert.deepEqual(j.select(matcher).map((e) => e.id), expected, JSON.stringify(matcher));
      assert.equal(j.count(matcher), expected.length, JSON.stringify(matcher));
    }
  });

  test('an entry reads as recorded: ISO time, parsed bodies', () => {
    const j = new Journal(1);
    j.add(request('/x', { timeMs: Date.UTC(2025, 4, 6, 7, 8, 9, 10), rawBody: Buffer.from('[1]'), rawResponse: Buffer.from('{"a":"b"}') }));
    const [entry] = j.select();
    assert.deepEqual(
      [entry!.time, entry!.body, entry!.bodyTruncated, entry!.responseBody, entry!.responseBodyTruncated],
      ['2025-05-06T07:08:09.010Z', [1], false, { a: 'b' }, false],
    );
  });

  test('a large body is kept as a copy of its first 64 KiB + 1 byte, not a view of the whole buffer', () => {
    const j = new Journal(1);
    const big = Buffer.alloc(JOURNAL_BODY_LIMIT * 4, 'x');
    j.add(request('/x', { rawBody: big }));
    big.fill('y');
    const [entry] = j.select();
    assert.deepEqual([entry!.body, entry!.bodyTruncated], ['x'.repeat(JOURNAL_BODY_LIMIT), true]);
  });
});

describe('journalBody', () => {
  const deep = '['.repeat(1025) + ']'.repeat(1025);
  const table: Array<[name: string, raw: Buffer | undefined, value: unknown, truncated: boolean]> = [
    ['no body', undefined, null, false],
    ['an empty body', Buffer.alloc(0), null, false],
    ['a JSON object', Buffer.from('{"a": [1, null]}'), { a: [1, null] }, false],
    ['a JSON string', Buffer.from('"x"'), 'x', false],
    ['text that is not JSON', Buffer.from('a=1&b=2'), 'a=1&b=2', false],
    ['JSON nested past 1024 levels stays text', Buffer.from(deep), deep, false],
    ['exactly 64 KiB of JSON is parsed', Buffer.from(`"${'x'.repeat(JOURNAL_BODY_LIMIT - 2)}"`), 'x'.repeat(JOURNAL_BODY_LIMIT - 2), false],
    ['a byte more is cut and kept as text', Buffer.from(`"${'x'.repeat(JOURNAL_BODY_LIMIT - 1)}"`), `"${'x'.repeat(JOURNAL_BODY_LIMIT - 1)}`, true],
    ['invalid UTF-8 becomes U+FFFD', Buffer.from([0x61, 0xff]), 'a\ufffd', false],
  ];
  for (const [name, raw, value, truncated] of table) {
    test(name, () => assert.deepEqual(journalBody(raw), { value, truncated }));
  }
});
