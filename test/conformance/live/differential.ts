/**
 * The live differential: the same request sequence to a fresh real pretix and a fresh pretix-mock,
 * every answer compared by the replay's rules (compare.ts), with pretix's answer as the recording.
 * Divergences that the known-difference table lists are kept apart from the ones that fail.
 */
import { startMockServer } from '../../../src/index.js';
import { compareExchange, UNCOMPARED_HEADERS, type Divergence, type Exchange, type RecordedRequest, type RecordedResponse } from '../compare.js';
import { sendRequest } from '../replay.js';
import type { Difference } from '../differences.js';
import { explainLive } from './known-differences.js';
import { startRealPretix } from './real-pretix.js';

/**
 * pretix's answer as a recording writes it: its own origin as `BASE`, without Date, Server,
 * Connection, Keep-Alive, the header names lower-case and sorted (a stable sort: repeated ones in
 * the order sent).
 */
export function asRecorded(response: RecordedResponse, origin: string): RecordedResponse {
  return {
    status: response.status,
    headers: response.headers
      .filter(([name]) => !UNCOMPARED_HEADERS.has(name.toLowerCase()))
      .map(([name, value]): [string, string] => [name.toLowerCase(), value.replaceAll(origin, 'BASE')])
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)),
    body: response.body.replaceAll(origin, 'BASE'),
  };
}

/** One request of a live sequence, both answers and how the mock's differs. */
export interface LiveResult {
  exchange: Exchange;
  mock: RecordedResponse;
  /** Divergences no table row covers: these fail. */
  unexplained: Divergence[];
  /** Divergences that a table row explains, and the rows. */
  explained: Divergence[];
  rows: Difference[];
}

/** Two fresh servers side by side. */
export interface ServerPair {
  pretixUrl: string;
  mockUrl: string;
  close(): Promise<void>;
}

/** Starts a fresh real pretix (pristine database) and a fresh in-process mock (default dataset). */
export async function startPair(): Promise<ServerPair> {
  const [pretix, mock] = await Promise.all([startRealPretix(), startMockServer({ journalSize: 0 })]);
  return {
    pretixUrl: pretix.url,
    mockUrl: mock.url,
    async close() {
      await Promise.all([pretix.close(), mock.close()]);
    },
  };
}

/** pretix and the mock set the cookie's expiry from their own clocks: a second apart is the same cookie. */
function sameCookieButExpiry(d: Divergence): boolean {
  if (d.aspect !== 'header' || d.name !== 'set-cookie' || !d.expected || !d.actual) return false;
  const expiry = /expires=([^;]+)/gi;
  const strip = (v: string) => v.replace(expiry, 'expires=');
  const times = (v: string) => [...v.matchAll(expiry)].map((m) => Date.parse(m[1]!));
  const [a, b] = [times(d.expected), times(d.actual)];
  return strip(d.expected) === strip(d.actual) && a.length === b.length && a.every((t, k) => Math.abs(t - b[k]!) <= 5000);
}

/** Sends one request to both servers (pretix first) and compares the answers. */
export async function compareOne(pair: ServerPair, request: RecordedRequest, i: number): Promise<LiveResult> {
  const real = asRecorded(await sendRequest(pair.pretixUrl, request, 60_000), pair.pretixUrl);
  const mock = await sendRequest(pair.mockUrl, request);
  const exchange: Exchange = { i, request, response: real };
  const divergences = compareExchange(exchange, mock, { origin: pair.mockUrl }).filter((d) => !sameCookieButExpiry(d));
  return { exchange, mock, ...explainLive(request, divergences) };
}

/** Runs `requests` in order against a fresh pair of servers. */
export async function runLiveSequence(requests: RecordedRequest[]): Promise<LiveResult[]> {
  const pair = await startPair();
  try {
    const results: LiveResult[] = [];
    for (const [i, request] of requests.entries()) results.push(await compareOne(pair, request, i));
    return results;
  } finally {
    await pair.close();
  }
}

/** Smaller variants of a request: each header left out, each top-level JSON key left out. */
function reductions(request: RecordedRequest): RecordedRequest[] {
  const variants: RecordedRequest[] = [];
  for (const name of Object.keys(request.headers)) {
    const headers = { ...request.headers };
    delete headers[name];
    variants.push({ ...request, headers });
  }
  if (request.body !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(request.body);
    } catch {
      parsed = undefined;
    }
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      for (const key of Object.keys(parsed)) {
        const rest = { ...(parsed as Record<string, unknown>) };
        delete rest[key];
        variants.push({ ...request, body: JSON.stringify(rest) });
      }
    }
  }
  if (request.path.includes('?')) variants.push({ ...request, path: request.path.slice(0, request.path.indexOf('?')) });
  return variants;
}

const signature = (d: Divergence) => `${d.aspect}:${d.name ?? ''}`;

/**
 * The smallest request found that still shows `divergence` on fresh servers, sent alone (greedy:
 * drop a header, a JSON key or the query while the same kind of divergence remains; at most
 * `maxProbes` requests). `undefined` when the request alone does not diverge (it needs the
 * requests before it: the sequence up to it is then the reproduction).
 */
export async function minimize(request: RecordedRequest, divergence: Divergence, maxProbes = 40): Promise<RecordedRequest | undefined> {
  const pair = await startPair();
  try {
    let probes = 0;
    const diverges = async (candidate: RecordedRequest) => {
      probes++;
      const result = await compareOne(pair, candidate, 0);
      return result.unexplained.some((d) => signature(d) === signature(divergence));
    };
    if (!(await diverges(request))) return undefined;
    let current = request;
    let shrunk = true;
    while (shrunk && probes < maxProbes) {
      shrunk = false;
      for (const candidate of reductions(current)) {
        if (probes >= maxProbes) break;
        if (await diverges(candidate)) {
          current = candidate;
          shrunk = true;
          break;
        }
      }
    }
    return current;
  } finally {
    await pair.close();
  }
}
