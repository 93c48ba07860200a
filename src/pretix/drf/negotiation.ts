import { Errors } from './errors.js';
import { lastQueryValue, parseQuery } from './python.js';

/**
 * DRF's DefaultContentNegotiation with pretix's only renderer (JSON). Runs before authentication:
 * a format suffix or `?format=` other than `json` gives 404, an `Accept` header without a range that matches
 * `application/json` gives 406. Parameters other than the media range are ignored, as in DRF.
 */
export function negotiate(accept: string | undefined, query: string, suffix?: string): void {
  // DRF: the format suffix, else `?format=`; a format names a renderer or the answer is 404.
  const format = suffix ?? (query.includes('format=') ? lastQueryValue(parseQuery(query), 'format') : undefined);
  if (format && format !== 'json') throw Errors.notFound();
  if (accept === undefined) return;
  const acceptable = accept.split(',').some((range) => {
    const [type = '', subtype = ''] = range.split(';', 1)[0]!.trim().toLowerCase().split('/');
    return (type === '*' || type === 'application') && (subtype === '*' || subtype === 'json');
  });
  if (!acceptable) throw Errors.notAcceptable();
}
