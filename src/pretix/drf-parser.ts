import { Errors, type PretixError } from './errors.js';
import { utf8DecodeError } from './python.js';
import { exceedsJsonDepth, JSON_DEPTH_ERROR } from '../http/json-depth.js';

/**
 * DRF's request parsing with pretix's JSON parser. An empty body is `{}` whatever its type;
 * a non-empty body must have a media type the JSON parser accepts (`application/json`, and, as in
 * DRF, the wildcards `application/*` and `*\/*`), else 415; it is decoded with the charset
 * parameter (UTF-8 when missing or unknown) and parsed, else 400 `JSON parse error - ...`.
 * pretix's form parsers are not emulated: form bodies get 415.
 */
export function parseDrfBody(raw: Buffer | undefined, contentType: string | undefined): { body: unknown } | { error: PretixError } {
  if (!raw || raw.length === 0) return { body: {} };
  const header = contentType ?? '';
  const [mediaType = '', ...params] = header.split(';');
  const [main = '', sub = ''] = mediaType.trim().toLowerCase().split('/');
  if (!((main === 'application' || main === '*') && (sub === 'json' || sub === '*'))) {
    return { error: Errors.unsupportedMediaType(header) };
  }
  const charsetParam = params.map((p) => p.trim().split('=')).find(([k]) => k?.trim().toLowerCase() === 'charset')?.[1];
  const charset = charsetParam?.trim().replace(/^"|"$/g, '').toLowerCase() ?? 'utf-8';
  let text: string;
  try {
    text = new TextDecoder(charset, { fatal: true, ignoreBOM: true }).decode(raw);
  } catch (err) {
    if (err instanceof RangeError) return parseDrfBody(raw, 'application/json'); // unknown charset: Django falls back to UTF-8
    return { error: Errors.jsonParseError(charset === 'utf-8' || charset === 'utf8' ? (utf8DecodeError(raw) ?? 'invalid UTF-8') : `'${charset}' codec can't decode the body`) };
  }
  if (exceedsJsonDepth(text)) return { error: Errors.jsonParseError(JSON_DEPTH_ERROR) };
  try {
    return { body: JSON.parse(text) };
  } catch (err) {
    return { error: Errors.jsonParseError((err as Error).message) };
  }
}
