import type { Response } from 'express';

const toBuffer = (chunk: unknown, encoding?: unknown) =>
  Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk), typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');

/**
 * Wraps `res.write` and `res.end` to keep a copy of the body as it is handed to the wrappers
 * installed before this one; `onEnd` gets it when the answer ends. Wrappers installed later see
 * the body first, so install a capture after anything that should not show in it.
 */
export function captureResponse(res: Response, onEnd: (body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  const write = res.write.bind(res);
  const end = res.end.bind(res);
  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    if (chunk !== undefined && chunk !== null) chunks.push(toBuffer(chunk, rest[0]));
    return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
  }) as Response['write'];
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    if (chunk !== undefined && chunk !== null && typeof chunk !== 'function') chunks.push(toBuffer(chunk, rest[0]));
    onEnd(Buffer.concat(chunks));
    return (end as (...a: unknown[]) => Response)(chunk, ...rest);
  }) as Response['end'];
}
