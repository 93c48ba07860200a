import { once } from 'node:events';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { waitForArrivals } from './arrivals.js';

/** One request as it arrived on the wire. */
export interface RawRequest {
  /** The request line and headers, up to and including the blank line. */
  head: Buffer;
  body: Buffer;
  /** The request target of the request line. */
  path: string;
}

/** What to answer: status, headers (in order) and body; or 'hang' to keep the connection silent. */
export type RawAnswer = { status: number; reason?: string; headers?: Array<[string, string]>; body?: string | Buffer } | 'hang';

const MAX_HEAD = 64 * 1024;

/**
 * A webhook receiver on 127.0.0.1 written on node:net, so a test sees the exact bytes and header
 * order of each request. Reads the head and `Content-Length` body bytes, answers with
 * `Connection: close` and closes. Silent connections are destroyed on close.
 */
export class RawReceiver {
  readonly received: RawRequest[] = [];
  readonly #sockets = new Set<Socket>();
  #waiters: Array<() => void> = [];

  private constructor(private readonly server: Server, private readonly answer: (req: RawRequest) => RawAnswer) {}

  static async start(answer: (req: RawRequest) => RawAnswer): Promise<RawReceiver> {
    const server = createServer();
    const receiver = new RawReceiver(server, answer);
    server.on('connection', (socket) => receiver.#serve(socket));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return receiver;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Resolves once `n` requests arrived; rejects after `timeout` ms. */
  async waitFor(n: number, timeout = 10_000): Promise<RawRequest[]> {
    return waitForArrivals(this.received, this.#waiters, n, timeout, 'raw receiver');
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    this.server.close();
    await once(this.server, 'close');
  }

  #serve(socket: Socket): void {
    this.#sockets.add(socket);
    socket.on('close', () => this.#sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let buffer = Buffer.alloc(0);
    let done = false;
    socket.on('data', (chunk: Buffer) => {
      if (done) return;
      buffer = Buffer.concat([buffer, chunk]);
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) {
        if (buffer.length > MAX_HEAD) socket.destroy();
        return;
      }
      const head = buffer.subarray(0, end + 4);
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head.toString('latin1'))?.[1] ?? 0);
      if (buffer.length < end + 4 + length) return;
      done = true;
      const request = { head, body: buffer.subarray(end + 4, end + 4 + length), path: head.toString('latin1').split(' ')[1] ?? '' };
      this.received.push(request);
      for (const wake of this.#waiters.splice(0)) wake();
      const answer = this.answer(request);
      if (answer === 'hang') return;
      const body = typeof answer.body === 'string' ? Buffer.from(answer.body) : (answer.body ?? Buffer.alloc(0));
      const headers = [...(answer.headers ?? []), ['Content-Length', String(body.length)], ['Connection', 'close']];
      const lines = [`HTTP/1.1 ${answer.status} ${answer.reason ?? 'Whatever'}`, ...headers.map(([k, v]) => `${k}: ${v}`)];
      socket.end(Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), body]));
    });
  }
}
