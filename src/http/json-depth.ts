/**
 * ujson, pretix's JSON parser, refuses documents nested deeper than 1,024 arrays or objects with
 * `Reached object decoding depth limit`. The mock refuses them too: JSON.parse accepts far deeper
 * documents, which JSON.stringify and structuredClone then cannot handle (a journal query or a
 * fault rule holding one would fail).
 */
export const MAX_JSON_DEPTH = 1024;

export const JSON_DEPTH_ERROR = 'Reached object decoding depth limit';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPENERS = new Set([0x5b, 0x7b]);
const CLOSERS = new Set([0x5d, 0x7d]);

/** Whether JSON text (or UTF-8 bytes) nests deeper than `limit`, strings not counted. */
export function exceedsJsonDepth(json: Buffer | string, limit = MAX_JSON_DEPTH): boolean {
  const bytes = typeof json === 'string' ? Buffer.from(json) : json;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (inString) {
      if (b === BACKSLASH) i++;
      else if (b === QUOTE) inString = false;
    } else if (b === QUOTE) {
      inString = true;
    } else if (OPENERS.has(b)) {
      if (++depth > limit) return true;
    } else if (CLOSERS.has(b)) {
      depth--;
    }
  }
  return false;
}
