import busboy from 'busboy';
import { Errors, type PretixError } from './errors.js';
import { parseQuery } from './python.js';

/**
 * DRF's FormParser and MultiPartParser: the body becomes a Django QueryDict, every key with the
 * list of its values in order. Files of a multipart body are not fields (DRF puts them in
 * `request.FILES`); pretix's webhook fields never take one.
 */
export type QueryDict = Map<string, string[]>;

function append(dict: QueryDict, name: string, value: string): void {
  const values = dict.get(name);
  if (values) values.push(value);
  else dict.set(name, [value]);
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** `application/x-www-form-urlencoded`, as QueryDict parses it (blank values kept). */
export function parseUrlEncoded(raw: Buffer): QueryDict {
  const dict: QueryDict = new Map();
  let text: string;
  try {
    text = strictUtf8.decode(raw);
  } catch {
    text = raw.toString('latin1'); // Django: "some user agents are misbehaving"
  }
  for (const [name, value] of parseQuery(text)) append(dict, name, value);
  return dict;
}

/** `multipart/form-data`; a missing or broken boundary is DRF's `Multipart form parse error`. */
export function parseMultipart(raw: Buffer, contentType: string): Promise<{ body: QueryDict } | { error: PretixError }> {
  const dict: QueryDict = new Map();
  if (!/;\s*boundary=/i.test(contentType)) {
    return Promise.resolve({ error: Errors.parseError('Multipart form parse error - Invalid boundary in multipart: None') });
  }
  return new Promise((resolve) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: { 'content-type': contentType }, defParamCharset: 'utf8' });
    } catch (err) {
      resolve({ error: Errors.parseError(`Multipart form parse error - ${(err as Error).message}`) });
      return;
    }
    parser.on('field', (name, value) => append(dict, name, value));
    parser.on('file', (_name, stream) => stream.resume());
    parser.on('error', (err: Error) => resolve({ error: Errors.parseError(`Multipart form parse error - ${err.message}`) }));
    parser.on('close', () => resolve({ body: dict }));
    parser.end(raw);
  });
}
