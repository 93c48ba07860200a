/**
 * The conformance rules: how an answer is compared with what pretix answered to the same request.
 * One module, shared by the replay of the recordings (test/conformance.test.ts, `npm run
 * conformance`) and by anything else that compares pretix-mock with pretix.
 */

/** A request as recorded (see recordings/pretix-2026.5/README.md). `body` is absent when none was sent. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** An answer: status, headers as `[lower-case name, value]` in the order read, and the body as text. */
export interface RecordedResponse {
  status: number;
  headers: [string, string][];
  body: string;
}

/** One line of a recording file. */
export interface Exchange {
  i: number;
  request: RecordedRequest;
  response: RecordedResponse;
}

/** One way an answer differs from the recorded one. `expected` is pretix's, `actual` the other side's. */
export interface Divergence {
  aspect: 'status' | 'header' | 'header-order' | 'body';
  /** The header's lower-case name (aspect `header`). */
  name?: string;
  expected?: string;
  actual?: string;
}

export interface CompareOptions {
  /** The origin (`http://127.0.0.1:1234`) written for `BASE` in the recorded answer. */
  origin: string;
  /**
   * `all` (the default): every header but Date, Server, Connection and Keep-Alive. `loose`: only
   * the headers a client acts on (Location, Allow, WWW-Authenticate, Content-Type, Retry-After).
   */
  rules?: 'all' | 'loose';
}

/** Headers never compared: the transport's, and the recording leaves them out. */
export const UNCOMPARED_HEADERS: ReadonlySet<string> = new Set(['date', 'server', 'connection', 'keep-alive']);
/** The headers of the `loose` rules. */
export const CLIENT_HEADERS: ReadonlySet<string> = new Set(['location', 'allow', 'www-authenticate', 'content-type', 'retry-after']);

/** The recorded answer with `BASE` replaced by `origin`. */
export function withOrigin(response: RecordedResponse, origin: string): RecordedResponse {
  return {
    status: response.status,
    headers: response.headers.map(([name, value]) => [name, value.replaceAll('BASE', origin)]),
    body: response.body.replaceAll('BASE', origin),
  };
}

/** True when the answer is an HTML page (only its status and headers count). */
export function isHtml(response: RecordedResponse): boolean {
  return response.headers.some(([name, value]) => name === 'content-type' && value.startsWith('text/html'));
}

/**
 * A Set-Cookie value without what differs per run: the cookie's value, and an `expires` date
 * (kept as `expires=<date>` when it is one). `s=…; expires=Wed, 16 Dec 2026 02:03:29 GMT; Path=/`
 * → `s; expires=<date>; Path=/`.
 */
function cookieShape(value: string): string {
  const [pair = '', ...attributes] = value.split(';');
  const shape = (a: string) => {
    const [name = '', ...rest] = a.trim().split('=');
    const date = rest.join('=');
    return name.toLowerCase() === 'expires' && /^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(date) ? `${name}=<date>` : a.trim();
  };
  return [pair.split('=')[0]!.trim(), ...attributes.map(shape)].join('; ');
}

function comparedHeaders(response: RecordedResponse, rules: 'all' | 'loose', html: boolean): [string, string][] {
  return response.headers
    .map(([name, value]): [string, string] => [name.toLowerCase(), value])
    .filter(([name]) => (rules === 'loose' ? CLIENT_HEADERS.has(name) : !UNCOMPARED_HEADERS.has(name)))
    .filter(([name]) => !(html && name === 'content-length'))
    .map(([name, value]) => [name, name === 'set-cookie' ? cookieShape(value) : value]);
}

function groupByName(headers: [string, string][]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const [name, value] of headers) groups.set(name, [...(groups.get(name) ?? []), value]);
  return groups;
}

/**
 * Compares `actual` with the recorded answer of `recorded` under the rules, and lists every
 * divergence (none: identical). Status; body byte for byte unless pretix's is HTML; headers by
 * name and value (repeated ones in order), then their order.
 * @example
 * const divergences = compareExchange(exchange, await sendRequest(url, exchange.request), { origin: url });
 */
export function compareExchange(recorded: Exchange, actual: RecordedResponse, options: CompareOptions): Divergence[] {
  const rules = options.rules ?? 'all';
  const expected = withOrigin(recorded.response, options.origin);
  const html = isHtml(expected);
  const divergences: Divergence[] = [];
  if (expected.status !== actual.status) divergences.push({ aspect: 'status', expected: String(expected.status), actual: String(actual.status) });
  const want = comparedHeaders(expected, rules, html);
  const got = comparedHeaders(actual, rules, html);
  const wantByName = groupByName(want);
  const gotByName = groupByName(got);
  for (const name of new Set([...wantByName.keys(), ...gotByName.keys()])) {
    const a = wantByName.get(name)?.join('\n');
    const b = gotByName.get(name)?.join('\n');
    if (a !== b) divergences.push({ aspect: 'header', name, expected: a, actual: b });
  }
  if (rules === 'all' && !divergences.some((d) => d.aspect === 'header')) {
    const order = (list: [string, string][]) => [...new Set(list.map(([name]) => name))].join(', ');
    if (order(want) !== order(got)) divergences.push({ aspect: 'header-order', expected: order(want), actual: order(got) });
  }
  if (!html && expected.body !== actual.body) divergences.push({ aspect: 'body', expected: expected.body, actual: actual.body });
  return divergences;
}
