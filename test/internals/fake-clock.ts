import type { TestContext } from 'node:test';

/**
 * Fake time for one test, on node:test's mock timers: `Date` and `setTimeout` are faked (and
 * restored when the test ends); `setImmediate` and promises stay real, so work queued for a
 * later tick still runs when the test awaits `until()` or `turns()` (below).
 */
export interface FakeClock {
  now(): number;
  /** Moves time on by `ms`, running every timer that comes due, in due order. */
  advance(ms: number): void;
}

/** 2025-01-01T00:00:00.000Z: a start far from 0, so a wrong zero-based sum shows. */
export const START_MS = Date.UTC(2025, 0, 1);

export function useFakeClock(t: TestContext, startMs = START_MS): FakeClock {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: startMs });
  return { now: () => Date.now(), advance: (ms) => t.mock.timers.tick(ms) };
}

/** Lets queued immediates and promise callbacks run, turn by turn, until `done()`; throws after `max` turns. */
export async function until(done: () => boolean, max = 50): Promise<void> {
  for (let i = 0; i < max && !done(); i++) await new Promise<void>((resolve) => setImmediate(resolve));
  if (!done()) throw new Error(`condition not met after ${max} turns of the event loop`);
}

/** Lets `n` turns of the event loop pass (for asserting that something did not happen). */
export async function turns(n = 10): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
