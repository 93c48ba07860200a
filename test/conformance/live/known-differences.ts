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
  {
    id: 'pending-issue-10-headers',
    kind: 'pending',
    situation: 'Every answer',
    request: { path: ANY },
    pretix: 'P3P on every answer, `Vary: Accept-Language, Cookie, Host` on the API, pretix_session Set-Cookie where OAuth2 authentication ran, no X-Frame-Options but chunked Transfer-Encoding on HTML pages',
    mock: 'not yet: the headers and their order are what issue 10 fixes (in parallel)',
    why: 'TEMPORARY: issue 10 fixes the mock\'s headers; this row goes when it lands (then only the version rows remain)',
    only: headers('p3p', 'vary', 'set-cookie', 'x-frame-options', 'transfer-encoding', 'content-language', 'content-length'),
  },
  {
    id: 'pending-issue-10-format-suffix',
    kind: 'pending',
    situation: 'A format suffix on the webhooks list or a webhook id (`/webhooks.json`, `/webhooks/2.0/`, `/webhooks/2.json`)',
    request: { path: /\/webhooks(?:\/[^/.]+)?\.[a-z0-9]+\/?$/ },
    pretix: "DRF's format-suffix route: the id is `2`, the format `0`/`json`; an unknown format is 404 `{\"detail\":\"Not found.\"}` (JSON, with Allow), a known one answers as the plain route (2026.5 and 2026.8.0 alike)",
    mock: "Django's HTML 404 page",
    why: 'TEMPORARY: the 2026.5 replay shows it too; issue 10 fixes the check order and routes',
  },
  {
    id: 'pending-issue-10-dict-lists',
    kind: 'pending',
    situation: 'A JSON object where `limit_events` or `action_types` wants a list',
    request: { path: /\/webhooks\//, body: /"(?:limit_events|action_types)":\{/ },
    pretix: "iterates the object's keys (`Object with slug=a does not exist.`, `Invalid action type \"a\".`; an empty object is an empty list), as the 2026.5 recordings README describes",
    mock: '`Expected a list of items but got type "dict".`',
    why: 'TEMPORARY: the 2026.5 replay shows it too (issue 10)',
    only: [{ aspect: 'body' }, { aspect: 'header', names: ['content-length'] }],
  },
  {
    id: 'pending-issue-10-json-parse-error',
    kind: 'pending',
    situation: 'A body that is not JSON, sent as JSON (`{"target_url": `)',
    request: { path: /^\/api\/v1\//, body: /^\{"target_url": $/ },
    pretix: "ujson's wording: `JSON parse error - Expected object or value`",
    mock: "JavaScript's wording: `JSON parse error - Unexpected end of JSON input`",
    why: 'TEMPORARY: the 2026.5 replay shows it too (issue 10)',
    only: [{ aspect: 'body' }, { aspect: 'header', names: ['content-length'] }],
  },
  {
    id: 'pending-non-ascii-digit-id',
    kind: 'pending',
    situation: 'A webhook id of non-ASCII digits (`/webhooks/٣/`) where pretix gets to the lookup',
    request: { path: /\/webhooks\/[^/]*[^\x00-\x7f][^/]*\/$/ },
    pretix: '404 `{"detail":"No WebHook matches the given query."}` (2026.5 and 2026.8.0 alike: Django\'s \\d matches Unicode digits, the lookup then finds nothing)',
    mock: '404 `{"detail":"Not found."}`',
    why: 'TEMPORARY: a mock bug the 2026.5 replay shows too (issue 10\'s area)',
    only: [{ aspect: 'body' }, { aspect: 'header', names: ['content-length'] }],
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
