/**
 * The rows the live job adds to the deliberate-difference table (test/conformance/differences.ts,
 * same shape, same matching): where the pinned pretix release answers differently from the 2026.5
 * recordings (`version-*`: the recordings keep documenting the old answer) and what only a live
 * run can show. A live divergence fails CI unless a row of either table covers its request.
 */
import { DIFFERENCES, differenceFor, type Difference } from '../differences.js';
import type { RecordedRequest } from '../compare.js';

export const LIVE_DIFFERENCES: readonly Difference[] = [];

/** The row of the deliberate-difference table or of the live rows that covers `request`, if any. */
export function liveDifferenceFor(request: RecordedRequest): Difference | undefined {
  return differenceFor(request, [...DIFFERENCES, ...LIVE_DIFFERENCES]);
}
