import type { Response } from 'express';

export type OutputFault = 'drop' | 'truncate' | 'malformed';

const bodyOf = (chunk: unknown, encoding: unknown): Buffer => {
  if (chunk === undefined || chunk === null || typeof chunk === 'function') return Buffer.alloc(0);
  if (Buffer.isBuffer(chunk)) return chunk;
  return Buffer.from(String(chunk), typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
};

/**
 * Lets a fault damage the answer after the request took effect. Installed as the FIRST wrapper of
 * `res.end`, so it is the last to see the body: the journal and the idempotency store (installed
 * later) keep the real answer, as a real server would while the network loses it.
 * `drop` closes the connection without an answer; `truncate` sends the headers (with the full
 * Content-Length) and half the body, then closes (a bodiless answer is dropped); `malformed`
 * sends the first half of the body as a complete answer, which is not valid JSON.
 */
export function installOutputFaults(res: Response, fault: () => OutputFault | undefined): void {
  const end = res.end.bind(res) as (...args: unknown[]) => Response;
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    const f = fault();
    if (f === undefined) return end(chunk, ...rest);
    const body = bodyOf(chunk, rest[0]);
    const half = body.subarray(0, Math.floor(body.length / 2));
    if (f === 'drop' || (f === 'truncate' && body.length === 0)) {
      res.destroy();
    } else if (f === 'truncate') {
      write(half, () => res.destroy());
    } else {
      if (!res.headersSent) res.setHeader('Content-Length', half.length);
      return end(half);
    }
    return res;
  }) as Response['end'];
}
