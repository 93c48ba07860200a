import { Agent, request } from 'node:http';

/** A request as the fuzzer sends it: any method token, a raw path, latin-1 headers, a raw body. */
export interface RawRequest {
  method: string;
  /** Path and query, already percent-encoded where needed (Node refuses raw non-ASCII here). */
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** The body as text (UTF-8). */
  text: string;
  contentType: string;
}

/** One keep-alive connection pool per server, so thousands of requests do not exhaust ports. */
export class RawClient {
  readonly #agent = new Agent({ keepAlive: true, maxSockets: 8 });
  readonly #url: URL;

  constructor(baseUrl: string) {
    this.#url = new URL(baseUrl);
  }

  /** Sends one request; rejects on a network error or after `timeoutMs`. */
  send(req: RawRequest, timeoutMs = 10_000): Promise<RawAnswer> {
    return new Promise((resolve, reject) => {
      const headers = { ...req.headers };
      if (req.body !== undefined) headers['content-length'] = String(req.body.length);
      const r = request(
        { host: this.#url.hostname, port: this.#url.port, method: req.method, path: req.path, headers, agent: this.#agent, timeout: timeoutMs },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const body = Buffer.concat(chunks);
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body,
              text: body.toString('utf8'),
              contentType: res.headers['content-type'] ?? '',
            });
          });
        },
      );
      r.on('timeout', () => r.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      r.on('error', reject);
      r.end(req.body);
    });
  }

  /** JSON helper for the harness's own control-plane calls. */
  async json(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown; text: string }> {
    const answer = await this.send({
      method, path, headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : Buffer.from(JSON.stringify(body)),
    });
    return { status: answer.status, text: answer.text, body: answer.text && answer.contentType.startsWith('application/json') ? JSON.parse(answer.text) : undefined };
  }

  close(): void {
    this.#agent.destroy();
  }
}
