import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { createGunzip, createInflate } from 'node:zlib';

/** pretix keeps `resp.text[:1024 * 1024]`: at most this many characters (code points). */
export const RESPONSE_BODY_CHARS = 1024 * 1024;
// Four bytes per character at most; the rest of a larger body is never read.
const MAX_BYTES = 4 * RESPONSE_BODY_CHARS;

/** The first `n` code points of `text`, as Python's `text[:n]`. */
export function truncateCodePoints(text: string, n: number): string {
  if (text.length <= n) return text;
  let i = 0;
  for (let count = 0; count < n && i < text.length; count++) {
    const c = text.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < text.length ? 2 : 1;
  }
  return text.slice(0, i);
}

/** requests' `resp.text` decoding: the charset parameter, else ISO-8859-1 for `text/*`, else UTF-8. */
function decode(bytes: Buffer, contentType: string | undefined): string {
  const type = (contentType ?? '').toLowerCase();
  const charset = /;\s*charset="?([^";\s]+)/.exec(type)?.[1] ?? (type.startsWith('text/') ? 'iso-8859-1' : 'utf-8');
  if (charset === 'iso-8859-1' || charset === 'latin1' || charset === 'latin-1') return bytes.toString('latin1');
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

/**
 * Reads a webhook response as pretix stores it: decompressed (requests sends
 * `Accept-Encoding: gzip, deflate`), decoded, cut to 1 MiB characters. Stops reading early
 * once enough bytes are in, so an endless or huge body costs a bounded amount of memory.
 */
export async function readResponseText(res: IncomingMessage): Promise<string> {
  const encoding = (res.headers['content-encoding'] ?? '').trim().toLowerCase();
  let stream: Readable = res;
  if (encoding === 'gzip' || encoding === 'x-gzip') stream = res.pipe(createGunzip());
  else if (encoding === 'deflate') stream = res.pipe(createInflate());
  if (stream !== res) res.on('error', (err) => stream.destroy(err));
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream) {
      chunks.push(chunk as Buffer);
      total += (chunk as Buffer).length;
      if (total >= MAX_BYTES) break;
    }
  } finally {
    if (total >= MAX_BYTES) res.destroy();
  }
  return truncateCodePoints(decode(Buffer.concat(chunks), res.headers['content-type']), RESPONSE_BODY_CHARS);
}
