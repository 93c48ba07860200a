/**
 * The deliberate differences from pretix: the ONE table of exchanges the conformance replay lets
 * differ. Each row names a request pattern (never a recorded request), what pretix does, what
 * pretix-mock does and why. README's "Differences from pretix" section is generated from it
 * (`npm run conformance -- --write-readme`) and checked against it by test/conformance.test.ts.
 */
import type { RecordedRequest } from './compare.js';

/** Which requests a row covers: all of the given parts must match. */
export interface RequestPattern {
  /** Methods (upper case); any when absent. */
  methods?: string[];
  /** Matched against the path without its query string. */
  path: RegExp;
  /** Matched against the query string (without `?`, empty when none). */
  query?: RegExp;
  /** Header (lower-case name) → pattern its value must match; a missing header is the empty string. */
  headers?: Record<string, RegExp>;
  /** Matched against the body (empty when none). */
  body?: RegExp;
}

export interface Difference {
  id: string;
  /** How the request is described in the README. */
  situation: string;
  request: RequestPattern;
  pretix: string;
  mock: string;
  why: string;
}

export const DIFFERENCES: readonly Difference[] = [
  {
    id: 'organizer-writes',
    situation: '`PUT` or `PATCH /api/v1/organizers/{o}/` by a credential that holds `can_change_organizer_settings` (and, for OAuth, the `write` scope)',
    request: {
      methods: ['PUT', 'PATCH'],
      path: /^\/api\/v1\/organizers\/[^/.]+(?:\/|\.[a-z0-9]+\/?)$/,
      headers: { authorization: /^\s*(?:token\s+sandbox-(?:bigevents|acme)-admin|bearer\s+sandbox-bigevents-oauth)\s*$/i },
    },
    pretix: 'changes the organizer (its plugins) and answers 200',
    mock: "403 `You do not have permission to perform this action.`, as pretix answers a credential without the permission",
    why: 'organizers are read-only in the mock: it never half-changes one; a client sees the same answer as without the permission',
  },
  {
    id: 'event-writes',
    situation: '`POST …/events/` by a credential with `can_create_events`, or `PUT`, `PATCH`, `DELETE …/events/{e}/` by one with `can_change_event_settings`',
    request: {
      methods: ['POST', 'PUT', 'PATCH', 'DELETE'],
      path: /^\/api\/v1\/organizers\/[^/]+\/events(?:\/[^/.]+)?(?:\/|\.[a-z0-9]+\/?)$/,
      headers: { authorization: /^\s*(?:token\s+sandbox-bigevents-admin|bearer\s+sandbox-bigevents-oauth)\s*$/i },
    },
    pretix: 'creates, changes or deletes the event (201, 200, 204) or answers 400 for an invalid body',
    mock: '405 `Method "<M>" not allowed. pretix-mock serves events read-only.`',
    why: 'events are read-only in the mock (issue 12): a clear refusal, never a half-made event',
  },
];

function splitPath(path: string): { path: string; query: string } {
  const at = path.indexOf('?');
  return at < 0 ? { path, query: '' } : { path: path.slice(0, at), query: path.slice(at + 1) };
}

/** True when `request` matches `pattern`. */
export function matchesPattern(pattern: RequestPattern, request: RecordedRequest): boolean {
  const { path, query } = splitPath(request.path);
  if (pattern.methods && !pattern.methods.includes(request.method.toUpperCase())) return false;
  if (!pattern.path.test(path)) return false;
  if (pattern.query && !pattern.query.test(query)) return false;
  if (pattern.body && !pattern.body.test(request.body ?? '')) return false;
  const headers = new Map(Object.entries(request.headers).map(([name, value]) => [name.toLowerCase(), value]));
  return Object.entries(pattern.headers ?? {}).every(([name, re]) => re.test(headers.get(name.toLowerCase()) ?? ''));
}

/** The first row that covers `request`, if any. */
export function differenceFor(request: RecordedRequest, table: readonly Difference[] = DIFFERENCES): Difference | undefined {
  return table.find((row) => matchesPattern(row.request, request));
}

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** The README section's table, as Markdown. */
export function differencesMarkdown(table: readonly Difference[] = DIFFERENCES): string {
  const rows = table.map((d) => `| ${cell(d.situation)} | ${cell(d.pretix)} | ${cell(d.mock)} | ${cell(d.why)} |`);
  return ['| Situation | pretix 2026.5 | pretix-mock | Why |', '|---|---|---|---|', ...rows].join('\n');
}
