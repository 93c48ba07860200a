import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitForArrivals } from './arrivals.js';

/** One request a receiver got. */
export interface Received {
  method: string;
  url: string;
  /** Header names and values in the order they arrived. */
  rawHeaders: string[];
  headers: IncomingMessage['headers'];
  body: Buffer;
}

/** What to answer: a status (with an optional body/headers), or 'hang' to never answer. */
export type Reply = number | { status: number; body?: string | Buffer; headers?: Record<string, string> } | 'hang';

/**
 * A webhook receiver on 127.0.0.1, port 0. Answers each request with the next reply of the
 * script (the last one repeats; default 200). Hanging requests are cut when it closes.
 */
export class Receiver {
  readonly received: Received[] = [];
  #waiters: Array<() => void> = [];
  readonly #hanging = new Set<ServerResponse>();

  private constructor(
    private readonly server: ReturnType<typeof createServer>,
    private readonly script: Reply[],
  ) {}

  static async start(script: Reply[] = [200]): Promise<Receiver> {
    const server = createServer();
    const receiver = new Receiver(server, script);
    server.on('request', (req, res) => receiver.#handle(req, res));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return receiver;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** `http://127.0.0.1:<port><path>` */
  url(path = '/hook'): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** Resolves once `n` requests arrived; rejects after `timeout` ms. */
  async waitFor(n: number, timeout = 5000): Promise<Received[]> {
    return waitForArrivals(this.received, this.#waiters, n, timeout, 'receiver');
  }

  /** Answers every hanging request with `status`. */
  release(status = 200): void {
    for (const res of this.#hanging) res.writeHead(status).end();
    this.#hanging.clear();
  }

  async close(): Promise<void> {
    for (const res of this.#hanging) res.destroy();
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, 'close');
  }

  #handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const reply = this.script[Math.min(this.received.length, this.script.length - 1)] ?? 200;
      this.received.push({ method: req.method ?? '', url: req.url ?? '', rawHeaders: req.rawHeaders, headers: req.headers, body: Buffer.concat(chunks) });
      for (const wake of this.#waiters.splice(0)) wake();
      if (reply === 'hang') {
        this.#hanging.add(res);
        return;
      }
      const { status, body, headers } = typeof reply === 'number' ? { status: reply, body: undefined, headers: {} } : reply;
      res.writeHead(status, headers);
      res.end(body);
    });
  }
}
