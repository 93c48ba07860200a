import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFaultEffect, effectFieldsOf, FaultRules, MAX_FAULT_RULES } from '../../src/runtime/fault-rules.js';
import type { MatchSubject } from '../../src/runtime/matcher.js';
import type { FaultEffect, FaultEffectInput, FaultRuleRequest, Problem } from '../../src/control/types.js';
import { loadSpec } from '../../src/spec/load-spec.js';
import { START_MS, useFakeClock } from './fake-clock.js';

function subject(method: string, path: string, extra: Partial<MatchSubject> = {}): MatchSubject {
  return { method, path, operationId: null, sandbox: 'shared', headers: {}, ...extra };
}

const respond = (status: number): FaultEffect => ({ type: 'respond', status });

describe('FaultRules', () => {
  test('a request gets the first matching rule with uses left, in the order rules were added', () => {
    const rules = new FaultRules();
    rules.add({ match: { method: 'POST' }, times: 1, effect: respond(500) });
    rules.add({ match: { path: '/api/v1/organizers/*/webhooks/' }, effect: respond(503) });
    rules.add({ effect: { type: 'delay', ms: 10 } });
    const table: Array<[MatchSubject, number | undefined]> = [
      [subject('POST', '/api/v1/organizers/acme/webhooks/'), 1], // first rule, its only use
      [subject('POST', '/api/v1/organizers/acme/webhooks/'), 2], // used up: the next matching rule
      [subject('GET', '/api/v1/organizers/acme/webhooks/'), 2],
      [subject('GET', '/api/v1/organizers/'), 3],
    ];
    for (const [s, id] of table) assert.equal(rules.take(s)?.id, id, `${s.method} ${s.path}`);
    assert.deepEqual(rules.list().map((r) => [r.id, r.times, r.remaining, r.hits]), [[1, 1, 0, 1], [2, null, null, 2], [3, null, null, 1]]);
  });

  const counts: Array<[times: number | undefined, requests: number, effects: number, remaining: number | null]> = [
    [undefined, 5, 5, null],
    [1, 3, 1, 0],
    [3, 2, 2, 1],
    [3, 5, 3, 0],
  ];
  for (const [times, requests, effects, remaining] of counts) {
    test(`times ${times ?? 'unset'}: ${requests} requests get the effect ${effects} times, remaining ${remaining}`, () => {
      const rules = new FaultRules();
      rules.add({ times, effect: respond(500) } as FaultRuleRequest);
      let applied = 0;
      for (let i = 0; i < requests; i++) if (rules.take(subject('GET', '/x'))) applied++;
      assert.equal(applied, effects);
      const [rule] = rules.list();
      assert.deepEqual([rule!.remaining, rule!.hits], [remaining, effects], 'a used-up rule stays listed');
    });
  }

  test('a rule that does not match is neither used nor counted', () => {
    const rules = new FaultRules();
    rules.add({ match: { sandbox: 'sb1', method: 'DELETE' }, times: 2, effect: respond(500) });
    const misses = [subject('DELETE', '/x'), subject('GET', '/x', { sandbox: 'sb1' })];
    for (const s of misses) assert.equal(rules.take(s), undefined);
    assert.deepEqual(rules.list().map((r) => [r.remaining, r.hits]), [[2, 0]]);
    assert.equal(rules.take(subject('DELETE', '/x', { sandbox: 'sb1' }))?.id, 1);
  });

  test('ids increase from 1 and are not reused after remove() or clear()', () => {
    const rules = new FaultRules();
    const add = () => rules.add({ effect: respond(500) })!.id;
    assert.deepEqual([add(), add()], [1, 2]);
    assert.equal(rules.remove(1), true);
    assert.equal(rules.remove(1), false);
    rules.clear();
    assert.equal(add(), 3);
  });

  test('list(sandbox) and clear(sandbox) touch only the rules limited to that sandbox', () => {
    const rules = new FaultRules();
    rules.add({ match: { sandbox: 'a' }, effect: respond(500) });
    rules.add({ effect: respond(501) });
    rules.add({ match: { sandbox: 'b' }, effect: respond(502) });
    rules.add({ match: { sandbox: 'a', method: 'GET' }, effect: respond(503) });
    assert.deepEqual(rules.list('a').map((r) => r.id), [1, 4]);
    rules.clear('a');
    assert.deepEqual(rules.list().map((r) => r.id), [2, 3]);
    assert.equal(rules.take(subject('GET', '/x', { sandbox: 'a' }))?.id, 2, 'an unlimited rule applies to every sandbox');
  });

  test('listed rules are copies: changing one changes nothing inside', () => {
    const rules = new FaultRules();
    const added = rules.add({ times: 1, effect: respond(500) })!;
    added.remaining = 99;
    rules.list()[0]!.remaining = 99;
    assert.equal(rules.take(subject('GET', '/x'))?.remaining, 0);
    assert.equal(rules.take(subject('GET', '/x')), undefined);
  });

  test(`at most ${MAX_FAULT_RULES} rules; a clear makes room again`, () => {
    const rules = new FaultRules();
    for (let i = 0; i < MAX_FAULT_RULES; i++) assert.ok(rules.add({ effect: respond(500) }));
    assert.equal(rules.add({ effect: respond(500) }), undefined);
    assert.equal(rules.size, MAX_FAULT_RULES);
    rules.remove(7);
    assert.equal(rules.add({ effect: respond(500) })?.id, MAX_FAULT_RULES + 1);
  });

  test('createdAt is the time of add(), on the clock', (t) => {
    const clock = useFakeClock(t);
    const rules = new FaultRules();
    clock.advance(1500);
    const rule = rules.add({ effect: respond(500) })!;
    assert.equal(rule.createdAt, new Date(START_MS + 1500).toISOString());
    clock.advance(86_400_000);
    rules.take(subject('GET', '/x'));
    assert.equal(rules.list()[0]!.createdAt, '2025-01-01T00:00:01.500Z', 'rules have no time limit: only uses expire them');
    assert.equal(rules.take(subject('GET', '/x'))?.id, rule.id);
    assert.equal(rules.add({ effect: respond(500) }, Date.UTC(2030, 0, 1))!.createdAt, '2030-01-01T00:00:00.000Z');
  });
});

describe('checkFaultEffect', () => {
  const table: Array<[effect: Record<string, unknown>, problems: Problem[]]> = [
    [{ type: 'respond', status: 503, body: { detail: 'x' }, headers: { 'Retry-After': '3' } }, []],
    [{ type: 'respond' }, [{ path: '/body/effect/status', message: 'is required for a respond effect' }]],
    [{ type: 'delay', ms: 5 }, []],
    [{ type: 'delay' }, [{ path: '/body/effect/ms', message: 'is required for a delay effect' }]],
    [{ type: 'drop' }, []],
    [{ type: 'drop', afterHandling: true }, []],
    [{ type: 'hang' }, []],
    [{ type: 'hang', ms: 100 }, []],
    [{ type: 'malformed' }, []],
    [
      { type: 'truncate', ms: 3, status: 1 },
      [
        { path: '/body/effect/ms', message: 'does not apply to a truncate effect' },
        { path: '/body/effect/status', message: 'does not apply to a truncate effect' },
      ],
    ],
    [{ type: 'delay', afterHandling: true }, [
      { path: '/body/effect/ms', message: 'is required for a delay effect' },
      { path: '/body/effect/afterHandling', message: 'does not apply to a delay effect' },
    ]],
    [{ type: 'respond', status: 503, headers: { 'bad name': 'x', 'X-Ok': 'a\nb', 'Retry-After': '3' } }, [
      { path: '/body/effect/headers/bad name', message: 'Header name must be a valid HTTP token ["bad name"]' },
      { path: '/body/effect/headers/X-Ok', message: 'Invalid character in header content ["X-Ok"]' },
    ]],
  ];
  const fields = loadSpec().then((spec) => effectFieldsOf(spec.dereferenced));
  for (const [effect, problems] of table) {
    test(JSON.stringify(effect), async () => assert.deepEqual(checkFaultEffect(effect as FaultEffectInput, await fields), problems));
  }
});
