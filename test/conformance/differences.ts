/**
 * The deliberate differences from pretix: the ONE table of exchanges the conformance replay lets
 * differ. Each row names a request pattern (never a recorded request), what pretix does, what
 * pretix-mock does and why. Where an older release's recordings differ from the declared release,
 * version-differences.ts says how. docs/conformance.md's "Differences from pretix" section is generated
 * from it (`npm run conformance -- --write-docs`) and checked against it by test/conformance.test.ts.
 */
import { PRETIX_VERSION } from '../../src/index.js';
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
  /** How the request is described in docs/conformance.md. */
  situation: string;
  request: RequestPattern;
  /**
   * Narrows a row to answers of a kind: the recorded (`pretix`) and the mock's (`mock`) body must
   * match. Use it where the request alone cannot say it (a body JSON.parse refuses).
   */
  answers?: { pretix?: RegExp; mock?: RegExp };
  pretix: string;
  mock: string;
  why: string;
}

const WEBHOOKS = /^\/api\/v1\/organizers\/[^/]+\/webhooks(?:[/.].*)?$/;

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
  {
    id: 'other-resources',
    situation: 'Other pretix resources: orders, items, vouchers, `/api/v1/version`, … (any `/api/v1/` path but the webhooks and the rows above)',
    request: { path: /^\/api\/v1\/(?:organizers\/[^/]+\/(?!webhook|events(?:[/.]|$))[^/]|(?!organizers(?:[/.]|$))[^/])/ },
    pretix: 'served',
    mock: "Django's 404 page",
    why: 'pretix-mock mocks the webhooks resource and the API root, organizers and events around it',
  },
  {
    id: 'session-credentials',
    situation: 'A session cookie (`pretix_session`) as the credential',
    request: { path: WEBHOOKS, headers: { cookie: /pretix_session=/ } },
    pretix: 'accepted as credentials',
    mock: 'not supported: use the `Authorization` header (the cookie an OAuth answer sets is not a session)',
    why: 'the mock has no users or browser sessions',
  },
  {
    id: 'access-token-query',
    situation: '`?access_token=` (OAuth token in the query)',
    request: { path: WEBHOOKS, query: /(?:^|&)access_token=/ },
    pretix: 'django-oauth-toolkit accepts it',
    mock: 'ignored: 401 unless the `Authorization` header authenticates',
    why: 'rarely used; tokens in URLs end up in logs',
  },
  {
    id: 'body-size',
    situation: 'A body over 2.5 MiB',
    request: { path: WEBHOOKS, body: /^[\s\S]{2621441}/ },
    pretix: "Django answers 400 (HTML) once it reads the body",
    mock: '413 `{"detail": "Request body exceeds the limit of N bytes."}` before reading it (`--max-body-size`)',
    why: 'a mock should not buffer unbounded bodies; the limit is configurable',
  },
  {
    id: 'languages',
    situation: '`Accept-Language` other than English, on any `/api/` path (Django\'s pages too)',
    request: { path: /^\/api\//, headers: { 'accept-language': /^(?!\s*(?:en\b|\*|$))/i } },
    pretix: 'messages in that language, `Content-Language` to match (pretix 2026.8 also on its 404 page and 301)',
    mock: 'English only (`Content-Language: en`)',
    why: "pretix's translations are not part of the mock",
  },
  {
    id: 'long-idempotency-keys',
    situation: '`X-Idempotency-Key` longer than 190 characters',
    request: { path: WEBHOOKS, headers: { 'x-idempotency-key': /^.{191,}$/ } },
    pretix: '500 (the database column holds 190)',
    mock: 'accepted like any key; keys live in memory, bounded to 10,000, not kept across restarts even with `--data`',
    why: 'a 500 helps no client; the store is a mock\'s',
  },
  {
    id: 'action-types-scalars',
    situation: 'A number or boolean as `action_types`, or a list or object inside it',
    request: { path: WEBHOOKS, body: /"action_types"\s*:\s*(?:-?\d|true|false|\[[^\]]*[[{])/ },
    answers: { mock: /"action_types":\[/ },
    pretix: '500 (a TypeError in the serializer)',
    mock: '400 with a DRF-style message',
    why: 'a 500 helps no client',
  },
  {
    id: 'float-comment',
    situation: 'A number with a fraction or exponent as `comment`',
    request: { path: WEBHOOKS, body: /"comment"\s*:\s*-?\d+(?:\.\d+)?[eE.]/ },
    pretix: "stored as Python's `str()` (`1.0` → `\"1.0\"`)",
    mock: "stored with JavaScript's formatting (`1.0` → `\"1\"`)",
    why: 'JSON.parse does not keep how a number was written',
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

/**
 * The first row that covers an exchange, if any: its request pattern matches, and so do the
 * answers when the row names them (`pretixBody`, `mockBody`: the two answers' bodies).
 */
export function differenceFor(request: RecordedRequest, table: readonly Difference[] = DIFFERENCES, answers?: { pretixBody: string; mockBody: string }): Difference | undefined {
  return table.find((row) => {
    if (!matchesPattern(row.request, request)) return false;
    if (!row.answers) return true;
    if (!answers) return false;
    return (!row.answers.pretix || row.answers.pretix.test(answers.pretixBody)) && (!row.answers.mock || row.answers.mock.test(answers.mockBody));
  });
}

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** The table of docs/conformance.md's differences section, as Markdown. */
export function differencesMarkdown(table: readonly Difference[] = DIFFERENCES): string {
  const rows = table.map((d) => `| ${cell(d.situation)} | ${cell(d.pretix)} | ${cell(d.mock)} | ${cell(d.why)} |`);
  return [`| Situation | pretix ${PRETIX_VERSION} | pretix-mock | Why |`, '|---|---|---|---|', ...rows].join('\n');
}
