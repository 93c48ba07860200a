import { Errors, type PretixError } from './errors.js';
import { parseMultipart, parseUrlEncoded } from './form-parser.js';
import { utf8DecodeError } from './python.js';
import { UjsonError, ujsonLoads } from './ujson.js';
import { exceedsJsonDepth, JSON_DEPTH_ERROR } from '../../http/json-depth.js';

/** DRF's `media_type_matches` between a parser's media type and the request's (wildcards either side). */
function matches(parserType: string, main: string, sub: string): boolean {
  const [pMain, pSub] = parserType.split('/');
  return (main === '*' || main === pMain) && (sub === '*' || sub === pSub);
}

/**
 * DRF's request parsing with pretix's parsers in their order: JSON (ujson), form, multipart. An
 * empty body is `{}` (an empty QueryDict for the form types); a non-empty body must have a media type one of them
 * accepts, else 415. JSON is decoded with the charset parameter (UTF-8 when missing or unknown)
 * and parsed as ujson parses it, else 400 `JSON parse error - <ujson's message>`; forms become a QueryDict.
 */
export async function parseDrfBody(raw: Buffer | undefined, contentType: string | undefined): Promise<{ body: unknown } | { error: PretixError }> {
  const header = contentType ?? '';
  const [mediaType = '', ...params] = header.split(';');
  const [main = '', sub = ''] = mediaType.trim().toLowerCase().split('/');
  if (!raw || raw.length === 0) {
    // DRF: no body is an empty QueryDict for the two form types (so HTML-input rules apply), else {}.
    const form = main === 'multipart' ? sub === 'form-data' : main === 'application' && sub === 'x-www-form-urlencoded';
    return { body: form ? new Map() : {} };
  }
  if (!matches('application/json', main, sub)) {
    if (matches('application/x-www-form-urlencoded', main, sub)) return { body: parseUrlEncoded(raw) };
    if (matches('multipart/form-data', main, sub)) return parseMultipart(raw, header);
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
    return { body: ujsonLoads(text) };
  } catch (err) {
    if (err instanceof UjsonError) return { error: Errors.jsonParseError(err.message) };
    throw err;
  }
}
