/**
 * The version differences: where an older pretix release, whose recordings stay in the replay,
 * answered differently from the release the mock declares (PRETIX_VERSION). Each row names the
 * mechanism and rewrites an old recorded answer into the newer release's answer, and only in that
 * respect; the replay compares the mock with the rewritten answer by the usual strict rules. So an
 * old recording documents what changed, and is still checked in everything else.
 * test/conformance-versions.test.ts checks that the rows turn each 2026.5 recording into its
 * 2026.8 recording; the delivery rows rewrite the captured deliveries (test/delivery-conformance.test.ts). docs/conformance.md's "Differences from pretix" section lists them (`--write-docs`).
 */
import type { RecordedResponse } from './compare.js';

/** What a row says, for docs/conformance.md. */
interface VersionChange {
  id: string;
  /** The release whose recordings the row rewrites, and the one it rewrites them into. */
  from: string;
  to: string;
  /** Which answers, for docs/conformance.md. */
  situation: string;
  before: string;
  after: string;
  why: string;
}

export interface VersionDifference extends VersionChange {
  /** The recorded answer as the newer release gives it; the same object when the row does not apply. */
  rewrite(response: RecordedResponse): RecordedResponse;
}

type Headers = RecordedResponse['headers'];
const header = (headers: Headers, name: string) => headers.find(([n]) => n === name)?.[1];
const mediaType = (headers: Headers) => (header(headers, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
/** Headers sorted by name as the recordings store them (a stable sort keeps repeated ones in order). */
const sorted = (headers: Headers): Headers => [...headers].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));

function changed(response: RecordedResponse, headers: Headers): RecordedResponse {
  const same = headers.length === response.headers.length && headers.every(([n, v], k) => response.headers[k]![0] === n && response.headers[k]![1] === v);
  return same ? response : { ...response, headers: sorted(headers) };
}

/** Drops the named headers where they carry exactly the given value. */
const without = (values: Record<string, string | RegExp>) => (response: RecordedResponse): RecordedResponse =>
  changed(response, response.headers.filter(([name, value]) => {
    const v = values[name];
    return v === undefined || (typeof v === 'string' ? v !== value : !v.test(value));
  }));

export const VERSION_DIFFERENCES: readonly VersionDifference[] = [
  {
    id: 'version-2026.8-django-security-headers',
    from: '2026.5',
    to: '2026.8',
    situation: 'Every answer',
    before: '`X-Content-Type-Options: nosniff`, `Referrer-Policy: same-origin`, `Cross-Origin-Opener-Policy: same-origin`',
    after: 'none of the three',
    why: "Django's SecurityMiddleware is no longer in pretix's middleware list",
    rewrite: without({ 'x-content-type-options': 'nosniff', 'referrer-policy': 'same-origin', 'cross-origin-opener-policy': 'same-origin' }),
  },
  {
    id: 'version-2026.8-no-csp-on-json',
    from: '2026.5',
    to: '2026.8',
    situation: 'An `application/json` answer',
    before: "`Content-Security-Policy` (from the site URL), as on every API answer",
    after: 'no Content-Security-Policy; a 204 or an HTML answer of the API views keeps it',
    why: "pretix's own SecurityMiddleware skips JSON and CSS answers",
    rewrite: (response) => (mediaType(response.headers) === 'application/json' ? without({ 'content-security-policy': /^default-src / })(response) : response),
  },
  {
    id: 'version-2026.8-locale-on-django-pages',
    from: '2026.5',
    to: '2026.8',
    situation: "Django's own pages: the HTML 404 for a path no URL pattern matches, the 301 and 404 of APPEND_SLASH",
    before: '`Vary: Host` (or `Cookie, Host`), no Content-Language',
    after: '`Content-Language: en`, `Accept-Language` appended to Vary (`Host, Accept-Language`)',
    why: "Django's LocaleMiddleware now handles these answers as well as the API views'",
    rewrite: (response) => {
      const vary = header(response.headers, 'vary');
      if (mediaType(response.headers) !== 'text/html' || header(response.headers, 'content-language') !== undefined || vary === undefined || /accept-language/i.test(vary)) return response;
      return changed(response, [...response.headers.map(([n, v]): [string, string] => [n, n === 'vary' ? `${v}, Accept-Language` : v]), ['content-language', 'en']]);
    },
  },
];

/** A version difference of the webhook deliveries pretix sends (test/conformance/deliveries/). */
export interface DeliveryVersionDifference extends VersionChange {
  /** A captured request head (request line and headers, CRLF-separated) as the newer release sends it. */
  rewriteHead(head: string): string;
}

export const DELIVERY_VERSION_DIFFERENCES: readonly DeliveryVersionDifference[] = [
  {
    id: 'version-2026.8-delivery-user-agent',
    from: '2026.5',
    to: '2026.8',
    situation: 'Webhook deliveries',
    before: '`User-Agent: python-requests/2.32.5`',
    after: '`User-Agent: python-requests/2.34.2`',
    why: 'pretix sends the default User-Agent of the requests it installs; pretix 2026.8.0 from PyPI installs requests 2.34.2',
    rewriteHead: (head) => head.replace(/\r\nUser-Agent: python-requests\/2\.32\.5\r\n/, '\r\nUser-Agent: python-requests/2.34.2\r\n'),
  },
];

/** A captured delivery head of release `from` as release `to` sends it. */
export function deliveryHeadAsOfVersion(head: string, from: string, to: string, table: readonly DeliveryVersionDifference[] = DELIVERY_VERSION_DIFFERENCES): string {
  return table.filter((row) => row.from === from && row.to === to).reduce((text, row) => row.rewriteHead(text), head);
}

/**
 * A recorded answer of release `from` as release `to` gives it: every row between the two applied
 * in order, and the ids of those that changed it.
 */
export function asOfVersion(response: RecordedResponse, from: string, to: string, table: readonly VersionDifference[] = VERSION_DIFFERENCES): { response: RecordedResponse; rows: string[] } {
  const rows: string[] = [];
  let current = response;
  for (const row of table) {
    if (row.from !== from || row.to !== to) continue;
    const next = row.rewrite(current);
    if (next !== current) rows.push(row.id);
    current = next;
  }
  return { response: current, rows };
}

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** docs/conformance.md's table of version differences, as Markdown. */
export function versionDifferencesMarkdown(table: readonly VersionChange[] = [...VERSION_DIFFERENCES, ...DELIVERY_VERSION_DIFFERENCES]): string {
  const rows = table.map((d) => `| ${cell(d.situation)} | ${d.from} → ${d.to} | ${cell(d.before)} | ${cell(d.after)} | ${cell(d.why)} |`);
  return ['| Answers | Releases | Before | Now (and pretix-mock) | Why |', '|---|---|---|---|---|', ...rows].join('\n');
}
