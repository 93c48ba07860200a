import { Agent, request } from 'node:http';

export interface RawAnswer {
  status: number;
  /** Lower-cased names, in the order they arrived. */
  headers: Array<[string, string]>;
  body: string;
}

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

/** Sends exactly these headers (plus Host and Content-Length) and reads the whole answer; bounded by `timeoutMs`. */
export function send(base: string, method: string, path: string, headers: Record<string, string> = {}, body?: string, timeoutMs = 15_000): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, base);
    const payload = body === undefined ? undefined : Buffer.from(body);
    // Node refuses raw spaces and non-ASCII in a request target; both sides of a comparison get the same escaping.
    const target = path.replace(/[^\x21-\x7e]/gu, (c) => encodeURIComponent(c));
    const req = request(
      { host: url.hostname, port: url.port, method, path: target, agent, timeout: timeoutMs, headers: { ...headers, ...(payload ? { 'Content-Length': payload.length } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const pairs: Array<[string, string]> = [];
          for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) pairs.push([res.rawHeaders[i]!.toLowerCase(), res.rawHeaders[i + 1]!]);
          resolve({ status: res.statusCode!, headers: pairs, body: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/** JSON request helper: status and parsed body. */
export async function json(base: string, method: string, path: string, auth?: string, body?: unknown, extra: Record<string, string> = {}) {
  const headers: Record<string, string> = { ...extra };
  if (auth) headers.Authorization = auth;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const answer = await send(base, method, path, headers, body === undefined ? undefined : JSON.stringify(body));
  let parsed: unknown;
  try {
    parsed = answer.body ? JSON.parse(answer.body) : undefined;
  } catch {
    parsed = answer.body;
  }
  return { ...answer, json: parsed as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
}
