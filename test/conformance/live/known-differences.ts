/**
 * The rows the live job adds to the deliberate-difference table (test/conformance/differences.ts,
 * same shape, same request matching): where the pinned pretix release answers differently from
 * the 2026.5 recordings (`version-*`; the recordings keep documenting the old answer), and gaps
 * that another issue closes (`pending-*`, named). Unlike the replay's rows, a live row may name
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

const ANY = /^/;
const headers = (...names: string[]) => [{ aspect: 'header' as const, names }, { aspect: 'header-order' as const }];

export const LIVE_DIFFERENCES: readonly LiveDifference[] = [
  {
    id: 'version-2026.8-security-headers',
    kind: 'version',
    situation: 'Every answer',
    request: { path: ANY },
    pretix:
      'pretix 2026.8.0 sends no X-Content-Type-Options, Referrer-Policy or Cross-Origin-Opener-Policy (Django\'s SecurityMiddleware is no longer in its middleware list) and no Content-Security-Policy on application/json answers (its SecurityMiddleware skips JSON and CSS); the 2026.5 recordings have all four on every answer',
    mock: 'as the 2026.5 recordings, where it sends them',
    why: 'VERSION DIFFERENCE 2026.5 → 2026.8.0, found by the live job: the mock follows the recordings until it declares 2026.8',
    only: headers('x-content-type-options', 'referrer-policy', 'cross-origin-opener-policy', 'content-security-policy'),
  },
  {
    id: 'version-2026.8-locale-on-unrouted',
    kind: 'version',
    situation: 'A path that none of pretix\'s URL patterns match (Django\'s 404 page, the 301 for a missing slash)',
    request: { path: ANY },
    pretix: 'pretix 2026.8.0 adds `Content-Language: en` and `Vary: Host, Accept-Language`; 2026.5 sent `Vary: Host` and no Content-Language',
    mock: 'as the 2026.5 recordings',
    why: 'VERSION DIFFERENCE 2026.5 → 2026.8.0, found by the live job (its locale middleware now runs on unrouted paths)',
    only: headers('vary', 'content-language'),
  },
];

function explains(row: Difference | LiveDifference, divergence: Divergence): boolean {
  const only = 'only' in row ? row.only : undefined;
  return !only || only.some((o) => o.aspect === divergence.aspect && (!o.names || o.names.includes(divergence.name ?? '')));
}

/**
 * Splits the divergences of the answer to `request` into those a row explains (with the rows)
 * and those none does: the replay's rows explain every divergence of the requests they cover,
 * a live row only those it names.
 */
export function explainLive(request: RecordedRequest, divergences: Divergence[]): { explained: Divergence[]; unexplained: Divergence[]; rows: Difference[] } {
  const replayRow = differenceFor(request, DIFFERENCES);
  if (replayRow) return { explained: divergences, unexplained: [], rows: divergences.length > 0 ? [replayRow] : [] };
  const rows = LIVE_DIFFERENCES.filter((row) => matchesPattern(row.request, request));
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
