import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { compileMatcher, partialMatch, pathGlob, type MatchSubject } from '../../src/runtime/matcher.js';
import type { JournalMatcher } from '../../src/control/types.js';

describe('pathGlob', () => {
  const table: Array<[pattern: string, path: string, matches: boolean]> = [
    ['/api/v1/organizers/', '/api/v1/organizers/', true],
    ['/api/v1/organizers/', '/api/v1/organizers', false],
    ['/api/v1/organizers/*/webhooks/', '/api/v1/organizers/acme/webhooks/', true],
    ['/api/v1/organizers/*/webhooks/', '/api/v1/organizers/a/b/webhooks/', false],
    ['/api/v1/organizers/*/webhooks/', '/api/v1/organizers//webhooks/', true],
    ['/api/**', '/api/v1/organizers/acme/webhooks/1/', true],
    ['/api/**', '/api', false],
    ['**/webhooks/*/', '/api/v1/organizers/acme/webhooks/12/', true],
    ['/api/v1/*', '/api/v1/organizers/acme/', false],
    // Regex characters are literal.
    ['/a.b/', '/aXb/', false],
    ['/a.b/', '/a.b/', true],
    ['/x(1)+/*', '/x(1)+/y', true],
    ['/[ab]/*', '/a/y', false],
  ];
  for (const [pattern, path, matches] of table) {
    test(`${pattern} ${matches ? 'matches' : 'does not match'} ${path}`, () => assert.equal(pathGlob(pattern)(path), matches));
  }
});

describe('partialMatch', () => {
  const table: Array<[actual: unknown, expected: unknown, matches: boolean]> = [
    [{ a: 1, b: 2 }, { a: 1 }, true],
    [{ a: 1 }, { a: 1, b: undefined }, false],
    [{ a: { b: { c: 1, d: 2 } } }, { a: { b: { c: 1 } } }, true],
    [{ a: [1, 2, 3] }, { a: [1, 2] }, false],
    [{ a: [1, { x: 1 }] }, { a: [1, { x: 1 }] }, true],
    [{ a: 1 }, { a: '1' }, false],
    [[1, 2], [1, 2], true],
    [{ a: 1 }, {}, true],
    [null, {}, false],
    [[], {}, false],
    [null, null, true],
    ['x', 'x', true],
    [Object.create({ a: 1 }), { a: 1 }, false],
  ];
  for (const [actual, expected, matches] of table) {
    test(`${JSON.stringify(actual)} ${matches ? 'matches' : 'does not match'} ${JSON.stringify(expected)}`, () => {
      assert.equal(partialMatch(actual, expected), matches);
    });
  }
});

describe('compileMatcher', () => {
  const request: MatchSubject = {
    method: 'POST', path: '/api/v1/organizers/acme/webhooks/', operationId: 'createWebhook', sandbox: 'sb1',
    headers: { 'content-type': 'application/json', accept: ['a', 'b'] }, status: 201, body: { enabled: true, n: 1 },
  };
  const table: Array<[matcher: JournalMatcher, matches: boolean]> = [
    [{}, true],
    [{ method: 'post' }, true],
    [{ method: 'GET' }, false],
    [{ path: '/api/v1/organizers/*/webhooks/' }, true],
    [{ operationId: 'createWebhook' }, true],
    [{ operationId: 'listWebhooks' }, false],
    [{ sandbox: 'sb1' }, true],
    [{ sandbox: 'shared' }, false],
    [{ status: 201 }, true],
    [{ status: 200 }, false],
    [{ body: { enabled: true } }, true],
    [{ body: { enabled: 'true' } }, false],
    [{ headers: { 'Content-Type': 'application/json' } }, true],
    [{ headers: { 'content-type': 'application/json; charset=utf-8' } }, false],
    [{ headers: { 'content-type': '*' } }, true],
    [{ headers: { authorization: '*' } }, false],
    [{ headers: { accept: 'a, b' } }, true],
    [{ method: 'POST', sandbox: 'sb1', status: 500 }, false],
  ];
  for (const [matcher, matches] of table) {
    test(`${JSON.stringify(matcher)} ${matches ? 'matches' : 'does not match'}`, () => assert.equal(compileMatcher(matcher)(request), matches));
  }
});
