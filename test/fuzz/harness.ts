import type { ResponseContract } from './contract.js';
import type { RawAnswer, RawClient, RawRequest } from './http.js';

/** The real side of the model-based run: the server, how to check its answers, and the counts. */
export interface Harness {
  client: RawClient;
  contract: ResponseContract;
  maxBodySize: number;
  /** A webhook receiver on loopback, so that notifications never leave the machine. */
  receiverUrl: string;
  stats: { requests: number; checkRequests: number; statuses: Map<number, number>; refusedByClose: number };
}

/** A broken property: the message says which and shows the exchange. */
export class FuzzFailure extends Error {
  override name = 'FuzzFailure';
}

export function fail(message: string): never {
  throw new FuzzFailure(message);
}

/**
 * Sends one fuzzed request and checks what every answer must satisfy: no 5xx, no internals in
 * an error body, and (unless `replay` says it is a stored answer) the spec. A connection the
 * server closes is only fine for a body over the limit (413 before the body is read); then the
 * server must still answer.
 */
export async function exchange(h: Harness, req: RawRequest, options: { skipContract?: boolean } = {}): Promise<RawAnswer | undefined> {
  h.stats.requests++;
  let answer: RawAnswer;
  try {
    answer = await h.client.send(req);
  } catch (err) {
    const oversized = (req.body?.length ?? 0) > h.maxBodySize;
    if (!oversized) fail(`${req.method} ${req.path}: no answer (${(err as Error).message})`);
    h.stats.refusedByClose++;
    const health = await h.client.send({ method: 'GET', path: '/__admin/health', headers: {} }).catch((e: Error) => fail(`the server is down: ${e.message}`));
    if (health.status !== 200) fail(`the server is unhealthy after a refused body: ${health.status}`);
    return undefined;
  }
  h.stats.statuses.set(answer.status, (h.stats.statuses.get(answer.status) ?? 0) + 1);
  if (!options.skipContract) {
    const problems = h.contract.check(req.method, req.path, answer.status, answer.contentType, answer.text);
    if (problems.length > 0) fail(problems.join('\n'));
  } else if (answer.status >= 500) {
    fail(`${req.method} ${req.path}: ${answer.status} ${answer.text.slice(0, 300)}`);
  }
  return answer;
}

/** The harness's own JSON call (a check, not a fuzzed request): must answer `expected`. */
export async function adminJson<T>(h: Harness, method: string, path: string, expected: number, body?: unknown): Promise<T> {
  h.stats.checkRequests++;
  const res = await h.client.json(method, path, body);
  if (res.status !== expected) fail(`${method} ${path}: expected ${expected}, got ${res.status} ${res.text.slice(0, 300)}`);
  return res.body as T;
}
