/**
 * The rows the live job adds to the deliberate-difference table (test/conformance/differences.ts,
 * same shape, same request matching): where the pinned pretix release answers differently from
 * the release the mock declares (`version-*`, until the mock follows it), and gaps that another
 * issue closes (`pending-*`, named). Unlike the replay's rows, a live row may name
 * the divergences it explains (`only`); any other divergence of the same answer still fails.
 * A live divergence fails CI unless a row of either table explains it.
 */
import { DIFFERENCES, differenceFor, matchesPattern, type Difference } from '../differences.js';
import type { Divergence, RecordedRequest } from '../compare.js';

export interface LiveDifference extends Difference {
  kind: 'version' | 'pending';
  /** The divergences this row explains (aspect and, for headers, the name); all when absent. */
  only?: { aspect: Divergence['aspect']; names?: string[] }[];
}

/**
 * Empty since the mock follows pretix 2026.8 (the release the harness pins): the differences the
 * live job found from the 2026.5 recordings are version differences now
 * (test/conformance/version-differences.ts), and the mock answers as 2026.8 does.
 */
export const LIVE_DIFFERENCES: readonly LiveDifference[] = [];

function explains(row: Difference | LiveDifference, divergence: Divergence): boolean {
  const only = 'only' in row ? row.only : undefined;
  return !only || only.some((o) => o.aspect === divergence.aspect && (!o.names || o.names.includes(divergence.name ?? '')));
}

/**
 * Splits the divergences of the answer to `request` into those a row explains (with the rows)
 * and those none does: the replay's rows explain every divergence of the requests they cover,
 * a live row only those it names.
 */
export function explainLive(request: RecordedRequest, divergences: Divergence[], table: readonly LiveDifference[] = LIVE_DIFFERENCES): { explained: Divergence[]; unexplained: Divergence[]; rows: Difference[] } {
  const replayRow = differenceFor(request, DIFFERENCES);
  if (replayRow) return { explained: divergences, unexplained: [], rows: divergences.length > 0 ? [replayRow] : [] };
  const rows = table.filter((row) => matchesPattern(row.request, request));
  const explained: Divergence[] = [];
  const unexplained: Divergence[] = [];
  const used = new Set<Difference>();
  for (const d of divergences) {
    const row = rows.find((r) => explains(r, d));
    if (row) {
      explained.push(d);
      used.add(row);
    } else unexplained.push(d);
  }
  return { explained, unexplained, rows: [...used] };
}
