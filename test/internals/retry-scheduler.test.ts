import { describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { RetryScheduler } from '../../src/delivery/retry-scheduler.js';
import { ScaledClock } from '../../src/delivery/scaled-clock.js';
import { START_MS, useFakeClock } from './fake-clock.js';

interface Item {
  name: string;
  dueAt: number;
}

/** A scheduler on fake time that records each batch it hands over, by item name. */
function scheduler(t: TestContext) {
  const clock = useFakeClock(t);
  const batches: string[][] = [];
  const s = new RetryScheduler<Item>(new ScaledClock(1), (items) => batches.push(items.map((i) => i.name)));
  const at = (name: string, ms: number): Item => ({ name, dueAt: START_MS + ms });
  return { clock, batches, s, at };
}

describe('RetryScheduler', () => {
  test('hands items over in due order, each at its time and not a millisecond before', (t) => {
    const { clock, batches, s, at } = scheduler(t);
    s.add(at('c', 300));
    s.add(at('a', 100));
    s.add(at('b', 200));
    assert.deepEqual(s.list().map((i) => i.name), ['a', 'b', 'c']);
    const steps: Array<[advance: number, expected: string[][]]> = [
      [99, []],
      [1, [['a']]],
      [99, [['a']]],
      [1, [['a'], ['b']]],
      [100, [['a'], ['b'], ['c']]],
    ];
    for (const [ms, expected] of steps) {
      clock.advance(ms);
      assert.deepEqual(batches, expected, `after ${clock.now() - START_MS} ms`);
    }
    assert.equal(s.size, 0);
  });

  test('items due at the same time come in one batch, in the order they were added', (t) => {
    const { clock, batches, s, at } = scheduler(t);
    for (const name of ['x', 'y', 'z']) s.add(at(name, 50));
    s.add(at('early', 10));
    s.add(at('w', 50));
    clock.advance(10);
    clock.advance(40);
    assert.deepEqual(batches, [['early'], ['x', 'y', 'z', 'w']]);
  });

  test('one timer covers every item already due when it fires', (t) => {
    const { clock, batches, s, at } = scheduler(t);
    s.add(at('a', 10));
    s.add(at('b', 20));
    s.add(at('c', 30));
    // The mock fires the 10 ms timer with the clock already at 25 ms, as a late timer would.
    clock.advance(25);
    assert.deepEqual(batches, [['a', 'b']]);
    clock.advance(5);
    assert.deepEqual(batches, [['a', 'b'], ['c']]);
  });

  test('an item added earlier than the armed one re-arms the timer', (t) => {
    const { clock, batches, s, at } = scheduler(t);
    s.add(at('late', 1000));
    s.add(at('soon', 5));
    clock.advance(5);
    assert.deepEqual(batches, [['soon']]);
    clock.advance(995);
    assert.deepEqual(batches, [['soon'], ['late']]);
  });

  test('an item already past due comes on the next timer turn', (t) => {
    const { clock, batches, s, at } = scheduler(t);
    s.add(at('past', -5000));
    assert.deepEqual(batches, [], 'never inside add()');
    clock.advance(0);
    assert.deepEqual(batches, [['past']]);
  });

  test('take() removes the matching items; they never fire and the timer moves to the next one', (t) => {
    const { clock, batches, s, at } = scheduler(t);
    s.add(at('a', 10));
    s.add(at('b', 20));
    s.add(at('c', 30));
    assert.deepEqual(s.take((i) => i.name !== 'c').map((i) => i.name), ['a', 'b']);
    assert.deepEqual(s.take(() => false), []);
    clock.advance(29);
    assert.deepEqual(batches, []);
    clock.advance(1);
    assert.deepEqual(batches, [['c']]);
  });

  test('close() forgets every item, fires nothing and ignores later adds', (t) => {
    const { clock, batches, s, at } = scheduler(t);
    s.add(at('a', 10));
    s.close();
    s.add(at('b', 20));
    assert.equal(s.size, 0);
    clock.advance(1000);
    assert.deepEqual(batches, []);
  });

  test('a due time past the longest setTimeout delay is reached in steps of at most 2^31-1 ms', (t) => {
    const { clock, batches, s, at } = scheduler(t);
    const delays: number[] = [];
    const fakeSetTimeout = globalThis.setTimeout;
    t.mock.method(globalThis, 'setTimeout', (fn: () => void, ms: number) => {
      delays.push(ms);
      return fakeSetTimeout(fn, ms);
    });
    const thirtyDays = 30 * 86_400_000; // 2,592,000,000 ms > 2^31-1
    s.add(at('far', thirtyDays));
    clock.advance(2 ** 31 - 1);
    assert.deepEqual(batches, [], 'the first timer only re-arms');
    clock.advance(thirtyDays - (2 ** 31 - 1));
    assert.deepEqual(batches, [['far']]);
    assert.deepEqual(delays, [2 ** 31 - 1, thirtyDays - (2 ** 31 - 1)]);
  });
});

describe('ScaledClock', () => {
  const table: Array<[scale: number, seconds: number, ms: number]> = [
    [1, 5, 5000],
    [1, 86400, 86_400_000],
    [0.001, 5, 5],
    [0.001, 86400, 86_400],
    [0, 300, 0],
  ];
  for (const [scale, seconds, ms] of table) {
    test(`scale ${scale}: ${seconds} s of pretix's schedule last ${ms} ms`, () => {
      assert.equal(new ScaledClock(scale).delayMs(seconds), ms);
    });
  }

  for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
    test(`scale ${bad} is refused`, () => {
      assert.throws(() => new ScaledClock(bad), { message: `ScaledClock: scale must be a number >= 0, got ${bad}` });
    });
  }

  test('now() is wall-clock time, unscaled', (t) => {
    const clock = useFakeClock(t);
    const scaled = new ScaledClock(0.001);
    clock.advance(1234);
    assert.equal(scaled.now(), START_MS + 1234);
  });
});
